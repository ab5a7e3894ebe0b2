"""A search index per language, without the printed outputs of the examples.

mkdocs-static-i18n merges both languages into one index at the site root, and
material loads the whole index on every page: a reader of one language would
download the other's too. Here the merged index is split: the default language's
entries stay at `search/search_index.json`, the others' go to
`<language>/search/search_index.json`, and the pages of a language point
material (its `base`) at their own language root, where it also finds that
language's sitemap. The outputs shown in `pycon` blocks (`<span class="go">`) are
marked `data-search-exclude`: the code stays searchable, the numbers do not.
"""

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

OUTPUT = re.compile(r'<span class="go">')
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{"annotate": [^,]*, "base": ")([^"]*)(")')


def on_page_content(html, page, config, files):
    return OUTPUT.sub('<span class="go" data-search-exclude>', html)


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
    merged_path = Path(config.site_dir) / 'search' / 'search_index.json'
    merged = json.loads(merged_path.read_text(encoding='utf-8'))
    others = [language for language in i18n.build_languages if language != i18n.default_language]
    for language in [i18n.default_language, *others]:
        if language == i18n.default_language:
            docs = [doc for doc in merged['docs'] if not doc['location'].startswith(tuple(f'{o}/' for o in others))]
            path = merged_path
        else:
            docs = [{**doc, 'location': doc['location'].removeprefix(f'{language}/')}
                    for doc in merged['docs'] if doc['location'].startswith(f'{language}/')]
            path = Path(config.site_dir) / language / 'search' / 'search_index.json'
        path.parent.mkdir(parents=True, exist_ok=True)
        index = {'config': merged['config'], 'docs': docs}
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(',', ':')), encoding='utf-8')
