"""Guards on the shape of the site: both languages, every block runs, code lives once, nothing hides."""

import html
import re
from functools import cache
from pathlib import Path

import pytest

from tests.pages import EXECUTED, CodeBlockParser, parse, signature
from tests.snippets import ROOT, expand, includes, markdown_renderer, sections, shown

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
PRE_BLOCK = re.compile(r'(?:<div class="(?:language-(?P<language>\S+) )?highlight">)?<pre\b[^>]*>(?P<body>.*?)</pre>', re.DOTALL)
COMMENT = re.compile(r'<!--(?P<body>.*?)-->', re.DOTALL)
FENCE = re.compile(r'^[ \t]*(?:`{3,}|~{3,})', re.MULTILINE)
SECTION_MARK = re.compile(r'--8<-- \[(?P<kind>start|end):(?P<name>[-_0-9a-z]+)\]')


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


def line_of(page: Path, text: str, start: int = 0) -> str:
    """'docs/en/x.md:12 (snippets/x.pycon:40)' for the first expanded line (from `start`) holding `text`."""
    expanded, origins = expand(page)
    lines = expanded.splitlines()
    number = next((i for i in range(start, len(lines)) if text in lines[i]), start)
    return str(origins[number])


def prompts_that_never_run(page: Path) -> list[str]:
    """Every `>>>` shown in a block that the harness does not run: text, console, no language, indented."""
    found = []
    for block in PRE_BLOCK.finditer(rendered(page)):
        if block['language'] in EXECUTED:
            continue
        text = html.unescape(re.sub(r'<[^>]+>', '', block['body']))
        prompt = next((line for line in text.splitlines() if line.lstrip().startswith('>>>')), None)
        if prompt is not None:
            found.append(f'{line_of(page, prompt.strip())}: a ">>>" prompt in a {block["language"] or "plain"} '
                         'block, which is shown but never run; make it a pycon block')
    return found


def fences_in_comments(page: Path) -> list[str]:
    """A code block inside an HTML comment is hidden from readers, yet the harness would count it."""
    expanded = expand(page)[0]
    return [f'{line_of(page, "<!--", expanded.count(chr(10), 0, comment.start()))}: a code block inside an '
            'HTML comment (hidden from readers); show it or delete it'
            for comment in COMMENT.finditer(expanded) if FENCE.search(comment['body'])]


def lines_outside_sections(snippet: Path) -> list[str]:
    """Snippet lines outside every named section are never shown and never run."""
    found, inside = [], []
    for number, line in enumerate(snippet.read_text(encoding='utf-8').splitlines(), start=1):
        mark = SECTION_MARK.search(line)
        if mark:
            inside = inside + [mark['name']] if mark['kind'] == 'start' else [n for n in inside if n != mark['name']]
        elif line.strip() and not inside:
            found.append(f'{shown(snippet)}:{number}: outside every named section (never shown, never run)')
    return found


def executed_block_differences(english: Path, chinese: Path) -> list[str]:
    """Both languages run the same blocks in the same order: included or written inline, code or skip."""
    ours, theirs = parse(english), parse(chinese)
    mine, other = [signature(e) for e in ours], [signature(e) for e in theirs]
    for index, (a, b) in enumerate(zip(mine, other)):
        if a != b:
            return [f'{ours.origins[list(ours)[index].line - 1]} and {theirs.origins[list(theirs)[index].line - 1]}: '
                    'the executed blocks differ between the languages']
    if len(mine) != len(other):
        longer, page = (ours, english) if len(mine) > len(other) else (theirs, chinese)
        extra = list(longer)[min(len(mine), len(other))]
        return [f'{longer.origins[extra.line - 1]}: an executed block only on {shown(page)}']
    return []


@pytest.mark.parametrize('page', ALL_PAGES, ids=PAGE_IDS)
def test_no_prompt_hides_in_a_block_that_never_runs(page):
    assert prompts_that_never_run(page) == []


@pytest.mark.parametrize('page', ALL_PAGES, ids=PAGE_IDS)
def test_no_code_block_hides_in_an_html_comment(page):
    assert fences_in_comments(page) == []


@pytest.mark.parametrize('snippet', sorted((ROOT / 'snippets').glob('*')), ids=lambda p: p.name)
def test_every_snippet_line_is_in_a_named_section(snippet):
    assert lines_outside_sections(snippet) == []


@pytest.mark.parametrize('name', SHARED)
def test_both_languages_run_the_same_blocks_in_the_same_order(name):
    assert executed_block_differences(DOCS / 'en' / name, DOCS / 'zh' / name) == []


PLANTED = {
    'text block': '```text\n>>> 1 + 1\n2\n```\n',
    'console block': '```console\n$ python\n>>> 1 + 1\n```\n',
    'plain block': '```\n>>> 1 + 1\n2\n```\n',
    'indented block': 'Text.\n\n    >>> 1 + 1\n    2\n',
}


@pytest.mark.parametrize('block', PLANTED.values(), ids=PLANTED.keys())
def test_a_prompt_in_a_block_that_never_runs_is_found(tmp_path, block):
    page = tmp_path / 'page.md'
    page.write_text(f'# A page\n\n```pycon\n>>> 2 + 2\n4\n```\n\n{block}', encoding='utf-8')
    found = prompts_that_never_run(page)
    assert len(found) == 1 and 'page.md:' in found[0] and 'never run' in found[0]


def test_a_code_block_in_a_comment_is_found(tmp_path):
    page = tmp_path / 'page.md'
    page.write_text('# A page\n\nText.\n\n<!--\n```pycon\n>>> 1\n1\n```\n-->\n', encoding='utf-8')
    assert fences_in_comments(page) == [f'{page}:5: a code block inside an HTML comment (hidden from readers); '
                                        'show it or delete it']


def test_a_snippet_line_outside_sections_is_found(tmp_path):
    snippet = tmp_path / 'x.pycon'
    snippet.write_text('# --8<-- [start:a]\n>>> 1\n1\n# --8<-- [end:a]\n>>> lost = 2\n', encoding='utf-8')
    assert lines_outside_sections(snippet) == [f'{snippet}:5: outside every named section (never shown, never run)']


@pytest.mark.parametrize(('chinese', 'message'), [
    ('```pycon\n>>> 1 + 1\n2\n```\n\n```pycon\n>>> 3\n3\n```\n', 'an executed block only on'),
    ('```pycon\n>>> 1 + 2\n3\n```\n', 'the executed blocks differ'),
    ('<!-- skip: next if(device_pass == "cpu", reason="x") -->\n```pycon\n>>> 1 + 1\n2\n```\n', 'differ'),
])
def test_an_inline_block_in_one_language_only_is_found(tmp_path, chinese, message):
    english, other = tmp_path / 'en.md', tmp_path / 'zh.md'
    english.write_text('# Page\n\n```pycon\n>>> 1 + 1\n2\n```\n', encoding='utf-8')
    other.write_text('# 页面\n\n' + chinese, encoding='utf-8')
    found = executed_block_differences(english, other)
    assert len(found) == 1 and message in found[0] and ('zh.md:' in found[0] or 'en.md:' in found[0])
