"""The glossary: complete entries that link to where they are taught, the Chinese pages use its
terms, aliases named where a term is taught, and the glossary page and tooltips in the built site."""

import html
import re
from html.parser import HTMLParser

import pytest
import yaml

from tests.snippets import ROOT

ENTRIES = yaml.safe_load((ROOT / 'glossary.yml').read_text(encoding='utf-8'))
ZH_PAGES = sorted((ROOT / 'docs' / 'zh').glob('*.md'))
LANGUAGES = {'en': '', 'zh': 'zh'}
# 中文（English）: a Chinese word glossed with the English term in full-width brackets
GLOSSED = re.compile(r'(?P<zh>[\u4e00-\u9fff]+)（(?P<en>[A-Za-z][A-Za-z \'-]*)）')
SENTENCE_END = re.compile(r'[。！？\n]')
SLUG = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')


def page_and_anchor(entry: dict) -> tuple[str, str]:
    page, anchor = entry['taught_in'].split('#')
    return page, anchor


def section(language: str, page: str, anchor: str) -> str:
    """The Markdown of one section of a page: its heading and everything up to the next heading
    of the same or a higher level."""
    lines = (ROOT / 'docs' / language / f'{page}.md').read_text(encoding='utf-8').splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('#') and f'{{ #{anchor} }}' in line)
    level = len(lines[start]) - len(lines[start].lstrip('#'))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith('#') and len(lines[i]) - len(lines[i].lstrip('#')) <= level), len(lines))
    return '\n'.join(lines[start:end])


def chinese_term_problems(text: str, page: str | None = None) -> list[str]:
    """What a Chinese text (a page or a lab's Markdown) gets wrong about the glossary's terms:
    a `zh_avoid` variant; a term glossed with the English of another entry (中文（English）);
    an alias used away from the page that teaches the term without the preferred term in the
    same sentence. `page` is the text's page name (`autograd`), None for a text of no page."""
    problems = [f'{variant}: write {entry["zh"]}' for entry in ENTRIES for variant in entry.get('zh_avoid', [])
                if variant in text]
    english = {form.lower(): entry['zh'] for entry in ENTRIES for form in [entry['en'], *entry.get('en_forms', [])]}
    problems += [f'{match[0]}: the glossary says {english[match["en"].lower()]}' for match in GLOSSED.finditer(text)
                 if match['en'].lower() in english and not match['zh'].endswith(english[match['en'].lower()])]
    sentences = SENTENCE_END.split(text)
    for entry in ENTRIES:
        if page_and_anchor(entry)[0] == page:
            continue
        problems += [f'{alias}: write {entry["zh"]} (an alias only beside it)' for alias in entry.get('zh_aliases', [])
                     for sentence in sentences if alias in sentence and entry['zh'] not in sentence.replace(alias, '')]
    return problems


def test_entries_are_complete_and_unique():
    assert len(ENTRIES) >= 90
    for entry in ENTRIES:
        assert {'id', 'en', 'zh', 'en_def', 'zh_def', 'taught_in'} <= entry.keys(), entry
        assert SLUG.match(entry['id']), entry['id']
        assert set(entry) <= {'id', 'en', 'en_forms', 'en_aliases', 'zh', 'zh_aliases', 'zh_avoid',
                              'taught_in', 'en_def', 'zh_def'}, entry['id']
        names = [entry['zh'], *entry.get('zh_aliases', [])]
        assert not any(variant in name for variant in entry.get('zh_avoid', []) for name in names), entry['id']
        for text in (entry['en_def'], entry['zh_def']):
            assert not set(text) & set('"$<>`'), (entry['id'], 'plain text only')
    for key in ('id', 'en', 'zh'):
        values = [entry[key] for entry in ENTRIES]
        assert len(set(values)) == len(values), f'two entries share a {key}'


@pytest.mark.parametrize('entry', ENTRIES, ids=lambda entry: entry['id'])
def test_taught_in_section_exists_in_both_languages_and_names_the_term(entry):
    page, anchor = page_and_anchor(entry)
    for language in ('en', 'zh'):
        assert (ROOT / 'docs' / language / f'{page}.md').is_file(), f'{language}/{page}.md'
        text = section(language, page, anchor)  # raises StopIteration if the anchor is missing
        flat = ' '.join(text.split()).lower()
        if language == 'en':
            assert any(form.lower() in flat for form in [entry['en'], *entry.get('en_forms', [])]), \
                f'en/{page}.md#{anchor} never names {entry["en"]}'
        # the Chinese section may name the term in English (`loss`) or in a form the glossary lists


@pytest.mark.parametrize('entry', [e for e in ENTRIES if e.get('zh_aliases') or e.get('en_aliases')],
                         ids=lambda entry: entry['id'])
def test_aliases_are_named_once_where_the_term_is_taught(entry):
    page, anchor = page_and_anchor(entry)
    for language in ('en', 'zh'):
        text = section(language, page, anchor)
        for alias in entry.get(f'{language}_aliases', []):
            assert alias in text, f'{language}/{page}.md#{anchor}: mention {alias} (也叫… / also called …)'


@pytest.mark.parametrize('page', ZH_PAGES, ids=lambda page: page.name)
def test_chinese_page_uses_the_glossarys_terms(page):
    assert chinese_term_problems(page.read_text(encoding='utf-8'), page.stem) == []


def test_a_banned_variant_or_a_stray_alias_is_refused():
    """The check above finds what it is meant to find (planted defects in a made-up text)."""
    banned = next(entry for entry in ENTRIES if entry.get('zh_avoid'))
    aliased = next(entry for entry in ENTRIES if entry.get('zh_aliases'))
    variant, alias = banned['zh_avoid'][0], aliased['zh_aliases'][0]
    assert chinese_term_problems(f'这里写了{variant}。') == [f'{variant}: write {banned["zh"]}']
    assert chinese_term_problems(f'这里只写{alias}。') == [f'{alias}: write {aliased["zh"]} (an alias only beside it)']
    assert chinese_term_problems(f'这里写{aliased["zh"]}（也叫{alias}）。') == []
    assert chinese_term_problems(f'这里只写{alias}。', page_and_anchor(aliased)[0]) == []
    jacobian = next(entry for entry in ENTRIES if entry['en'] == 'Jacobian')
    assert chinese_term_problems('海森（Jacobian）') == [f'海森（Jacobian）: the glossary says {jacobian["zh"]}']


# --- the built site ----------------------------------------------------------

class Elements(HTMLParser):
    """Every element's tag and attributes, and the text of each `abbr` with a title."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.abbrs: list[dict] = []  # {'title', 'links': [href], 'text'}
        self._open: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == 'abbr' and attrs.get('title'):
            self._open.append({'title': attrs['title'], 'links': [], 'text': ''})
        elif tag == 'a' and self._open and 'href' in attrs:
            self._open[-1]['links'].append(attrs['href'])

    def handle_endtag(self, tag):
        if tag == 'abbr' and self._open:
            self.abbrs.append(self._open.pop())

    def handle_data(self, data):
        if self._open:
            self._open[-1]['text'] += data


def built(site, language: str, page: str) -> str:
    return (site / LANGUAGES[language] / page / 'index.html').read_text(encoding='utf-8')


def chapter_pages(site, language: str):
    folder = site / LANGUAGES[language]
    return sorted(path.parent.name for path in folder.glob('*/index.html')
                  if path.parent.name not in ('glossary', 'zh', 'search', 'assets'))


def glossary_ids(site, language: str) -> list[str]:
    return [attrs['id'] for tag, attrs in Elements(built(site, language, 'glossary')).elements
            if tag == 'dt' and 'id' in attrs]


def test_glossary_entries_have_the_same_anchors_in_both_languages(site):
    assert glossary_ids(site, 'en') == glossary_ids(site, 'zh')
    assert sorted(glossary_ids(site, 'en')) == sorted(entry['id'] for entry in ENTRIES)
    ids = [attrs['id'] for _, attrs in Elements(built(site, 'en', 'glossary')).elements if 'id' in attrs]
    assert len(ids) == len(set(ids)), 'an entry anchor clashes with another id on the page'


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_glossary_page_shows_every_entry_with_its_aliases_and_source(site, language):
    page = built(site, language, 'glossary')
    other = 'zh' if language == 'en' else 'en'
    for entry in ENTRIES:
        block = page.split(f'<dt id="{entry["id"]}">', 1)[1].split('</dd>', 1)[0]
        assert block.startswith(entry[language]), entry['id']
        if entry[other] != entry[language]:
            assert f'<span lang="{other}">{html.escape(entry[other], quote=False)}</span>' in block
        assert html.escape(entry[f'{language}_def'], quote=False) in block
        for alias in entry.get(f'{language}_aliases', []):
            assert alias in block.split('class="glossary-aliases"', 1)[1], (entry['id'], alias)
        target = entry['taught_in'].replace('#', '/#')
        assert re.search(rf'class="glossary-source">[^<]*<a href="\.\./(?:\.\./)?{re.escape(target)}"', block), entry['id']


@pytest.mark.parametrize(('language', 'page', 'term'), [('zh', 'ndarray', '广播'), ('en', 'ndarray', 'broadcasting'),
                                                        ('zh', 'calculus', '梯度'), ('en', 'calculus', 'Jacobian')])
def test_a_term_has_a_tooltip_with_its_definition_and_a_link_to_its_entry(site, language, page, term):
    entry = next(e for e in ENTRIES if term in (e['en'], e['zh']))
    abbrs = [abbr for abbr in Elements(built(site, language, page)).abbrs if abbr['title'] == entry[f'{language}_def']]
    spellings = [entry['en'], *entry.get('en_forms', [])] if language == 'en' else [entry['zh']]
    assert len(abbrs) == 1, 'a term is marked at its first use only, whichever of its spellings that is'
    assert abbrs[0]['text'] in spellings
    assert abbrs[0]['links'] == [f'../glossary/#{entry["id"]}']


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_every_tooltip_is_focusable_and_links_to_an_existing_entry(site, language):
    """Material shows an abbr's tooltip while focus is inside it: each glossary abbr holds a link
    (focusable with Tab) to the term's entry, and that entry exists on the glossary page."""
    ids = set(glossary_ids(site, language))
    definitions = {entry[f'{language}_def'] for entry in ENTRIES}
    seen = 0
    for page in chapter_pages(site, language):
        for abbr in Elements(built(site, language, page)).abbrs:
            if abbr['title'] not in definitions:
                continue
            seen += 1
            assert len(abbr['links']) == 1, (page, abbr['text'])
            assert abbr['links'][0].startswith('../glossary/#'), (page, abbr['links'])
            assert abbr['links'][0].split('#')[1] in ids, (page, abbr['links'])
    assert seen > 50
