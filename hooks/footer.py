"""The footer names the PyTorch version the outputs on the pages were verified with.

The version is the pin in pyproject.toml, the one the tests run against.
"""

import re
import tomllib
from pathlib import Path

from mkdocs.plugins import event_priority

PYPROJECT = Path(__file__).resolve().parent.parent / 'pyproject.toml'
TEXT = {
    'en': 'Every output on these pages was verified with PyTorch {torch} on CPU and CUDA.',
    'zh': '本站所有输出均经 PyTorch {torch} 在 CPU 与 CUDA 上验证。',
}


def torch_version() -> str:
    examples = tomllib.loads(PYPROJECT.read_text(encoding='utf-8'))['dependency-groups']['examples']
    return next(re.fullmatch(r'torch==(\S+)', pin)[1] for pin in examples if pin.startswith('torch=='))


@event_priority(-110)  # after mkdocs-static-i18n chose the language of this build
def on_config(config):
    config.copyright = TEXT[config.plugins['i18n'].current_language].format(torch=torch_version())
