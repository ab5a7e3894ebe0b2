"""The built site: zero warnings, nothing from another host, Chinese words searchable."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.snippets import ROOT

LOADS = re.compile(
    r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="(?P<src>[^"]+)"'
    r'|<link\b[^>]*\bhref="(?P<href>[^"]+)"[^>]*>'
    r'|url\((?P<url>[^)]+)\)|@import\s+["\'](?P<import>[^"\']+)'
)
OTHER_HOST = re.compile(r'^\s*["\']?(?:https?:)?//', re.IGNORECASE)


@pytest.fixture(scope='module')
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp('site')
    build = subprocess.run(
        [sys.executable, '-m', 'mkdocs', 'build', '--strict', '--site-dir', str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, 'NO_MKDOCS_2_WARNING': '1'},
    )
    assert build.returncode == 0, build.stderr[-4000:]
    return out


def test_strict_build_makes_both_languages(site):
    assert (site / 'index.html').is_file()
    assert (site / 'zh' / 'index.html').is_file()


def test_nothing_loads_from_another_host(site):
    """Scripts, stylesheets, fonts and images all come from the site itself (links may point out)."""
    foreign = []
    for path in site.rglob('*'):
        if path.suffix not in ('.html', '.css'):
            continue
        for match in LOADS.finditer(path.read_text(encoding='utf-8', errors='replace')):
            address = next(group for group in match.groups() if group)
            is_link = match['href'] is not None and 'stylesheet' not in match[0] and 'preload' not in match[0]
            if OTHER_HOST.match(address) and not is_link:
                foreign.append(f'{path.relative_to(site)}: {address}')
    assert foreign == []


def search_tokens(site: Path, location: str) -> set[str]:
    """The words material's search sees on one page, split as its `separator` splits them."""
    index = json.loads((site / 'search' / 'search_index.json').read_text(encoding='utf-8'))
    assert 'zh' in index['config']['lang']
    separator = re.compile(index['config']['separator'])
    text = ' '.join(doc['title'] + ' ' + doc['text'] for doc in index['docs']
                    if doc['location'].split('#')[0] == location)
    return {token for token in separator.split(text) if token}


@pytest.mark.parametrize(('word', 'page'), [('张量', 'zh/'), ('广播', 'zh/ndarray/'), ('tensor', '')])
def test_search_finds_chinese_words_on_their_page(site, word, page):
    assert word in search_tokens(site, page)
