"""The bilingual glossary (`glossary.yml`): a table on the glossary page, a tooltip on the terms.

Each term names the section that teaches it (`taught_in`): the table links
there, and that page carries the term as a search tag, which material's search
weighs above titles and text, so a search for the term lists that page first.

The tooltips are Python-Markdown abbreviations, preloaded with the terms and
definitions of the language being built; material shows their titles as
tooltips. The `abbr` extension only finds terms between word boundaries, and
there are none between Chinese characters, so here a term must only not start
or end inside a Latin word. Each term is marked once per page, at its first use
outside headings, links and code, so that a page is not underlined all over.
"""

import functools
import re
from pathlib import Path, PurePosixPath

import yaml
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from mkdocs.plugins import event_priority

GLOSSARY = Path(__file__).resolve().parent.parent / 'glossary.yml'
CACHE = GLOSSARY.parent / '.cache'
PLACEHOLDER = '<!-- glossary -->'
NOT_MARKED = {'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'abbr'}
HEADERS = {'en': ('English', '中文', 'Meaning'), 'zh': ('中文', 'English', '释义')}


def entries() -> list[dict]:
    return _entries(GLOSSARY.stat().st_mtime_ns)


@functools.cache
def _entries(modified: int) -> list[dict]:  # read again when the file changes (mkdocs serve)
    return yaml.safe_load(GLOSSARY.read_text(encoding='utf-8'))


def jieba_dictionary() -> Path:
    """The Chinese terms as words for jieba, which splits Chinese text for the search index
    (without it, 雅可比矩阵 becomes 雅 / 可比 / 矩阵)."""
    path = CACHE / 'jieba-glossary.txt'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{entry["zh"]} 100000 n\n' for entry in entries()), encoding='utf-8')
    return path


def search_tags(page: str, language: str) -> list[str]:
    """The terms a page teaches, less those that begin with a term taught elsewhere:
    the search matches the start of a word, so the tag 梯度下降 (or `gradient descent`)
    would pull a search for 梯度 (`gradient`) to the gradient-descent page."""
    elsewhere = [spelling for entry in entries() if not entry['taught_in'].startswith(f'{page}#')
                 for spelling in spellings(entry, language)]
    return [spelling for entry in entries() if entry['taught_in'].startswith(f'{page}#')
            for spelling in spellings(entry, language)
            if not any(spelling != other and spelling.startswith(other) for other in elsewhere)]


def spellings(entry: dict, language: str) -> list[str]:
    return [entry['en'], *entry.get('en_forms', [])] if language == 'en' else [entry['zh']]


def terms(language: str) -> dict[str, str]:
    """Every spelling of every term in one language, with its definition in that language."""
    return {spelling: entry[f'{language}_def'] for entry in entries() for spelling in spellings(entry, language)}


class FirstUseTreeprocessor(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        alternatives = '|'.join(re.escape(term) for term in sorted(self.abbrs, key=len, reverse=True))
        self.RE = re.compile(f'(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])')
        self.iter_element(root)
        self.keep_first_uses(root)

    def iter_element(self, el, parent=None):
        if el.tag in NOT_MARKED or 'glossary' in el.get('class', ''):
            return
        super().iter_element(el, parent)

    def keep_first_uses(self, root):
        parents = {child: parent for parent in root.iter() for child in parent}
        seen = set()
        for abbr in [element for element in root.iter('abbr') if element.get('title') is not None]:
            if abbr.text in seen:
                unwrap(parents[abbr], abbr)
            seen.add(abbr.text)


def unwrap(parent, element):
    """Replace an element by its text, keeping the text that follows it."""
    index = list(parent).index(element)
    text = (element.text or '') + (element.tail or '')
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or '') + text
    else:
        parent.text = (parent.text or '') + text
    parent.remove(element)


class GlossaryExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(FirstUseTreeprocessor(md, self.abbrs), 'abbr', 7)


@event_priority(100)  # before the search plugin reads its jieba dictionary
def on_config(config):
    i18n = config.plugins['i18n']
    language = i18n.current_language or i18n.default_language  # i18n sets it before each later build
    config.plugins['material/search'].config['jieba_dict_user'] = str(jieba_dictionary())
    extensions = [e for e in config.markdown_extensions if e != 'abbr' and not isinstance(e, GlossaryExtension)]
    config.markdown_extensions = [*extensions, GlossaryExtension(glossary=terms(language))]


def on_page_markdown(markdown, page, config, files):
    language = config.plugins['i18n'].current_language
    name = PurePosixPath(page.file.src_uri).with_suffix('').as_posix().split('/', 1)[-1]
    tags = search_tags(name, language)
    if tags:
        page.meta['tags'] = tags
    if PLACEHOLDER not in markdown:
        return markdown
    rows = [f'| {" | ".join(HEADERS[language])} |', '| --- | --- | --- |']
    for entry in entries():
        first, second = (entry['en'], entry['zh']) if language == 'en' else (entry['zh'], entry['en'])
        page_name, anchor = entry['taught_in'].split('#')
        rows.append(f'| [**{first}**]({page_name}.md#{anchor}) | {second} | {entry[f"{language}_def"]} |')
    table = '\n'.join(['<div class="glossary" markdown>', '', *rows, '', '</div>'])
    return markdown.replace(PLACEHOLDER, table)
