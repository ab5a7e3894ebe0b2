"""A search index per language, without the code blocks.

mkdocs-static-i18n merges both languages into one index at the site root, and
material loads the whole index on every page: a reader of one language would
download the other's too. Here the merged index is split: the default language's
entries stay at `search/search_index.json`, the others' go to
`<language>/search/search_index.json`, and the pages of a language point
material (its `base`) at their own language root, where it also finds that
language's sitemap. Code blocks are marked `data-search-exclude`: they were
half of the index, and material downloads the index on every page; the prose
names the functions it teaches, and that stays searchable.

Result previews read as text: maths becomes plain text (hooks/plain_maths.py;
the index held raw LaTeX such as `\\(\\mathbf{u} = g(\\mathbf{x})\\)`), and a
page's tags stay on the page's own entry: material shows an entry's tags under
it, and every section of a page repeated the page's whole row. The tags still
rank the page (README, "Chinese search"). The same plain-text maths names the
table-of-contents links whose heading is only a formula (the `plain_maths`
filter and `only_maths` test, used by overrides/partials/toc-item.html).

Under `mkdocs serve --dirty` only the changed pages are indexed again; their
entries replace theirs in the indexes the previous build wrote, read before
this build overwrites them.
"""

import json
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

from plain_maths import maths_as_text, only_maths

_previous: dict[str, list[dict]] = {}   # language -> the entries the last build wrote
_rebuilt: set[str] = set()              # pages indexed in this build, as 'zh/ndarray/'

CODE_BLOCK = re.compile(r'<div class="language-[\w-]+ highlight"')
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{"annotate": [^,]*, "base": ")([^"]*)(")')


def on_pre_build(config):
    i18n = config.plugins['i18n']
    if i18n.building:  # a later language's build, inside the first one
        return
    # Both plugins outlive a rebuild of `mkdocs serve`: i18n keeps adding to its
    # entries, and material merges the previous index into the next, which with
    # two languages grows the index threefold on every dirty rebuild.
    i18n.search_entries.clear()
    config.plugins['material/search'].search_index_prev = None
    _rebuilt.clear()
    for language in i18n.build_languages:
        path = index_path(config, language, i18n)
        dirty = '--dirty' in sys.argv and path.is_file()
        _previous[language] = json.loads(path.read_text(encoding='utf-8'))['docs'] if dirty else []


def on_env(env, config, files):
    env.filters['plain_maths'] = maths_as_text
    env.tests['only_maths'] = only_maths
    return env


def on_page_content(html, page, config, files):
    _rebuilt.add(page.url)
    return CODE_BLOCK.sub(lambda match: match[0] + ' data-search-exclude', html)


def index_path(config, language: str, i18n) -> Path:
    folder = '' if language == i18n.default_language else language
    return Path(config.site_dir) / folder / 'search' / 'search_index.json'


def on_post_page(output, page, config):
    i18n = config.plugins['i18n']
    if i18n.current_language == i18n.default_language:
        return output
    return CONFIG_BASE.sub(lambda m: f'{m[1]}{m[2]}/{i18n.current_language}/{m[3]}', output, count=1)


@event_priority(-200)  # after mkdocs-static-i18n wrote the merged index
def on_post_build(config):
    i18n = config.plugins['i18n']
    if i18n.building:  # a later language's build, inside the first one
        return
    merged = json.loads(index_path(config, i18n.default_language, i18n).read_text(encoding='utf-8'))
    folders = {language: '' if language == i18n.default_language else f'{language}/' for language in i18n.build_languages}
    others = tuple(folder for folder in folders.values() if folder)
    for language, folder in folders.items():
        mine = (lambda location: location.startswith(folder)) if folder else (lambda location: not location.startswith(others))
        docs = unique([readable({**doc, 'location': doc['location'].removeprefix(folder)})
                       for doc in merged['docs'] if mine(doc['location'])])
        if '--dirty' in sys.argv:
            rebuilt = {url.removeprefix(folder) for url in _rebuilt if mine(url)}
            docs = [doc for doc in _previous[language] if page_of(doc) not in rebuilt] + [
                doc for doc in docs if page_of(doc) in rebuilt]
        path = index_path(config, language, i18n)
        path.parent.mkdir(parents=True, exist_ok=True)
        index = {'config': merged['config'], 'docs': docs}
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(',', ':')), encoding='utf-8')


def readable(doc: dict) -> dict:
    """An entry whose preview reads as text: maths as plain text, tags only on the page's own entry."""
    doc = {**doc, 'title': maths_as_text(doc['title']), 'text': maths_as_text(doc['text'])}
    if '#' in doc['location']:
        doc.pop('tags', None)
    return doc


def page_of(doc: dict) -> str:
    return doc['location'].split('#')[0]


def unique(docs: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for doc in docs:
        if (doc['location'], doc['title']) not in seen:
            seen.add((doc['location'], doc['title']))
            kept.append(doc)
    return kept
