"""The glossary: complete entries, the Chinese pages use its terms, tooltips and table in the built site."""

import html
import re

import pytest
import yaml

from tests.snippets import ROOT

ENTRIES = yaml.safe_load((ROOT / 'glossary.yml').read_text(encoding='utf-8'))
ZH_PAGES = sorted((ROOT / 'docs' / 'zh').glob('*.md'))
# 中文（English）: a Chinese word glossed with the English term in full-width brackets
GLOSSED = re.compile(r'(?P<zh>[\u4e00-\u9fff]+)（(?P<en>[A-Za-z][A-Za-z \'-]*)）')


def test_every_entry_is_complete_and_points_at_a_section():
    for entry in ENTRIES:
        assert {'en', 'zh', 'en_def', 'zh_def', 'taught_in'} <= entry.keys(), entry
        page, anchor = entry['taught_in'].split('#')
        for language in ('en', 'zh'):
            assert f'{{ #{anchor} }}' in (ROOT / 'docs' / language / f'{page}.md').read_text(encoding='utf-8'), entry
    assert len({entry['en'] for entry in ENTRIES}) == len({entry['zh'] for entry in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize('page', ZH_PAGES, ids=lambda page: page.name)
def test_chinese_page_uses_the_glossarys_terms(page):
    text = page.read_text(encoding='utf-8')
    avoided = [(variant, entry['zh']) for entry in ENTRIES for variant in entry.get('zh_avoid', []) if variant in text]
    assert avoided == [], 'write the glossary term instead: (found, glossary)'

    english = {form.lower(): entry['zh'] for entry in ENTRIES for form in [entry['en'], *entry.get('en_forms', [])]}
    mismatched = [match[0] for match in GLOSSED.finditer(text)
                  if match['en'].lower() in english and not match['zh'].endswith(english[match['en'].lower()])]
    assert mismatched == []


@pytest.mark.parametrize(('language', 'page', 'term'), [('zh', 'ndarray', '广播'), ('en', 'ndarray', 'broadcasting'),
                                                        ('zh', 'calculus', '梯度'), ('en', 'calculus', 'Jacobian')])
def test_a_term_has_a_tooltip_with_its_definition(site, language, page, term):
    built = (site / ('zh' if language == 'zh' else '') / page / 'index.html').read_text(encoding='utf-8')
    entry = next(e for e in ENTRIES if term in (e['en'], e['zh']))
    assert f'<abbr title="{html.escape(entry[f"{language}_def"], quote=True)}">{term}</abbr>' in built
    assert built.count(f'>{term}</abbr>') == 1, 'a term is marked at its first use only'


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_glossary_page_lists_every_term(site, language):
    built = (site / ('zh' if language == 'zh' else '') / 'glossary' / 'index.html').read_text(encoding='utf-8')
    for entry in ENTRIES:
        assert html.escape(entry[f'{language}_def'], quote=False) in built
        assert f'<strong>{entry[language]}</strong>' in built
