"""The footer names the PyTorch version the examples are written for: the pin in
pyproject.toml, the one the tests install. What was verified, and with which
torch, is on each page, from the test record (hooks/verification.py).
"""

import re
import tomllib
from pathlib import Path

from mkdocs.plugins import event_priority

PYPROJECT = Path(__file__).resolve().parent.parent / 'pyproject.toml'
TEXT = {
    'en': 'The examples on these pages are written for PyTorch {torch}.',
    'zh': '本站示例基于 PyTorch {torch} 编写。',
}


def torch_version() -> str:
    examples = tomllib.loads(PYPROJECT.read_text(encoding='utf-8'))['dependency-groups']['examples']
    return next(re.fullmatch(r'torch==(\S+)', pin)[1] for pin in examples if pin.startswith('torch=='))


@event_priority(-110)  # after mkdocs-static-i18n chose the language of this build
def on_config(config):
    config.copyright = TEXT[config.plugins['i18n'].current_language].format(torch=torch_version())
