"""A search for a glossary term or one of its aliases finds the page that teaches it.

Material's search splits the indexed text with the index's `separator` (and the Chinese text has
been cut into words by jieba at build time, with the glossary as jieba's user dictionary), and it
weighs a page's tags above its title and text. So a name is found on its page when it is one of
the page's text tokens, and that page comes first when it is also one of the page's tags."""

import json
import re

import pytest
import yaml

from tests.snippets import ROOT

ENTRIES = yaml.safe_load((ROOT / 'glossary.yml').read_text(encoding='utf-8'))
HAN = re.compile(r'^[\u4e00-\u9fff]+$')
ALIASES = [(language, entry['taught_in'].split('#')[0], alias) for entry in ENTRIES
           for language in ('en', 'zh') for alias in entry.get(f'{language}_aliases', [])]


def index(site, language: str) -> dict:
    folder = site / ('' if language == 'en' else language)
    return json.loads((folder / 'search' / 'search_index.json').read_text(encoding='utf-8'))


def page_tokens(site, language: str, page: str) -> tuple[set[str], set[str]]:
    """A page's words as material's search sees them: the tokens of its title and text, and its tags."""
    data = index(site, language)
    separator = re.compile(data['config']['separator'])
    docs = [doc for doc in data['docs'] if doc['location'].split('#')[0] == f'{page}/']
    assert docs, f'{language}: {page} is not in the search index'
    text = ' '.join(doc['title'] + ' ' + re.sub(r'<[^>]+>', ' ', doc['text']) for doc in docs)
    tags = {tag for doc in docs for tag in doc.get('tags', [])}
    return {token for token in separator.split(text) if token}, tags


@pytest.mark.parametrize(('language', 'page', 'alias'), ALIASES, ids=lambda value: str(value))
def test_an_alias_is_a_search_word_of_the_page_that_teaches_its_term(site, language, page, alias):
    tokens, tags = page_tokens(site, language, page)
    words = re.split(index(site, language)['config']['separator'], alias)  # a search splits the query so too
    assert set(words) <= tokens, f'{alias} is not a word of {language}/{page} (the 也叫… mention, jieba)'
    assert alias in tags, f'{alias} is not a search tag of {language}/{page}'


@pytest.mark.parametrize('entry', [entry for entry in ENTRIES if HAN.match(entry['zh'])], ids=lambda e: e['id'])
def test_a_chinese_term_is_one_word_of_the_page_that_teaches_it(site, entry):
    tokens, _ = page_tokens(site, 'zh', entry['taught_in'].split('#')[0])
    assert entry['zh'] in tokens, f'jieba cut {entry["zh"]} apart (or the page never writes it)'
