"""The snippet files a page includes (`--8<-- "name.pycon:section"`), for the hooks
that need to know when a page's code changed. Not a hook itself."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r'^\s*-+8<-+\s+"(?P<file>[^":]+)', re.MULTILINE)


def snippet_files(markdown: str, config) -> list[Path]:
    names = set(INCLUDE.findall(markdown))
    bases = [ROOT / base for base in config.mdx_configs['pymdownx.snippets']['base_path']]
    return [base / name for base in bases for name in names if (base / name).is_file()]
