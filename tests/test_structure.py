"""Guards on the shape of the site: both languages, every block runs, code lives once."""

import re
from functools import cache
from pathlib import Path

import pytest

from tests.pages import EXECUTED, CodeBlockParser, parse
from tests.snippets import ROOT, expand, includes, markdown_renderer, sections

DOCS = ROOT / 'docs'
LANGUAGES = ('en', 'zh')
ALLOWED_LANGUAGES = {
    'pycon': 'a doctest transcript, run on every device',
    'python': 'a script, run on every device',
    'console': 'shell commands, shown and not run',
    'text': 'plain text such as file contents, shown and not run',
}
RENDERED_BLOCK = re.compile(r'<div class="(?:language-(?P<language>\S+) )?highlight">')
ANCHORED_HEADING = re.compile(r'^#{2,6} .*\{[^}]*#(?P<anchor>[-\w]+)[^}]*\}\s*$', re.MULTILINE)
HEADING = re.compile(r'^#{2,6} ', re.MULTILINE)


def pages(language: str) -> list[Path]:
    return sorted((DOCS / language).rglob('*.md'))


def names(language: str) -> set[str]:
    return {str(page.relative_to(DOCS / language)) for page in pages(language)}


ALL_PAGES = [page for language in LANGUAGES for page in pages(language)]
PAGE_IDS = [str(page.relative_to(DOCS)) for page in ALL_PAGES]
SHARED = sorted(names('en') & names('zh'))


@cache
def rendered(page: Path) -> str:
    """The page's HTML body as the site's Markdown settings render it."""
    return markdown_renderer().convert(expand(page)[0])


def test_every_page_exists_in_both_languages():
    assert names('en') - names('zh') == set(), 'pages with no Chinese version'
    assert names('zh') - names('en') == set(), 'pages with no English version'


@pytest.mark.parametrize('name', SHARED)
def test_both_languages_include_the_same_snippet_sections_in_the_same_order(name):
    english = [str(i) for i in includes(DOCS / 'en' / name)]
    chinese = [str(i) for i in includes(DOCS / 'zh' / name)]
    assert english == chinese


@pytest.mark.parametrize('name', SHARED)
def test_both_languages_have_the_same_heading_anchors(name):
    english, chinese = ((DOCS / lang / name).read_text(encoding='utf-8') for lang in LANGUAGES)
    assert ANCHORED_HEADING.findall(english) == ANCHORED_HEADING.findall(chinese)
    for language, text in zip(LANGUAGES, (english, chinese)):
        assert len(HEADING.findall(text)) == len(ANCHORED_HEADING.findall(text)), (
            f'{language}/{name}: every heading below the title needs an explicit {{ #anchor }}'
        )


@pytest.mark.parametrize('snippet', sorted((ROOT / 'snippets').glob('*')), ids=lambda p: p.name)
@pytest.mark.parametrize('language', LANGUAGES)
def test_every_snippet_section_is_shown(snippet, language):
    shown = {i.section for page in pages(language) for i in includes(page) if i.file == snippet.name}
    missing = [section for section in sections(snippet) if section not in shown]
    assert missing == [], f'{snippet.name}: sections no {language} page includes (so no test runs them)'


@pytest.mark.parametrize('page', ALL_PAGES, ids=PAGE_IDS)
def test_code_blocks_use_allowed_languages(page):
    languages = [m['language'] or '(none)' for m in RENDERED_BLOCK.finditer(rendered(page))]
    assert [lang for lang in languages if lang not in ALLOWED_LANGUAGES] == []


@pytest.mark.parametrize('page', ALL_PAGES, ids=PAGE_IDS)
def test_every_python_block_is_executed(page):
    """Count the blocks the site renders as Python and the blocks the harness runs: they must agree."""
    shown = [m['language'] for m in RENDERED_BLOCK.finditer(rendered(page)) if m['language'] in EXECUTED]
    run = [example for example in parse(page) if example.region.evaluator in CodeBlockParser.evaluators.values()]
    assert len(run) == len(shown), f'{len(shown)} Python blocks shown, {len(run)} run by the tests'
