"""The bilingual glossary (`glossary.yml`): the glossary page, the tooltips, and search words.

The glossary page lists one block per term, grouped by the chapter that
teaches it (`taught_in`), each with a stable anchor, the entry's English `id`,
the same in both languages (`/glossary/#tensor`, `/zh/glossary/#tensor`). It is
a Markdown definition list, so the links to the teaching sections are checked
by `mkdocs build --strict` like any other link.

The tooltips are Python-Markdown abbreviations, preloaded with the terms and
definitions of the language being built; material shows an `abbr`'s title as
a tooltip on hover and whenever focus is inside it. Inside each `abbr` is a
link to the term's glossary entry, so the tooltip can be reached with the
keyboard and leads to the entry. The `abbr` extension only finds terms between
word boundaries, and there are none between Chinese characters, so here a term
must only not start or end inside a Latin word. Each term is marked once per
page, at its first use outside headings, links, code and the summaries of folded
blocks (a link inside a `<summary>` is a control inside a control), so that a page is not
underlined all over.

Search: a page that teaches a term carries the term and its aliases (other
names readers meet elsewhere) as search tags, which material's search weighs
above titles and text, so a search for the term lists that page first; the
Chinese terms and aliases are jieba's user dictionary, so that the Chinese
text is cut into those words. No plugin does these three things from one list.
"""

import functools
import re
from pathlib import Path, PurePosixPath

import yaml
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / 'glossary.yml'
CACHE = ROOT / '.cache'
PLACEHOLDER = '<!-- glossary -->'
NOT_MARKED = {'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'abbr', 'summary'}
HAN = re.compile(r'^[\u4e00-\u9fff]+$')
HEADING = re.compile(r'^(#+)\s+(?P<text>.*?)\s*\{\s*#(?P<anchor>[\w-]+)\s*\}\s*$')
LABELS = {'en': {'aliases': 'Also called: ', 'taught_in': 'Taught in: ', 'separator': ' › '},
          'zh': {'aliases': '也叫：', 'taught_in': '讲解：', 'separator': ' › '}}

_current = {'glossary': 'glossary.md', 'anchors': {}}  # for the page being converted


def entries() -> list[dict]:
    return _entries(GLOSSARY.stat().st_mtime_ns)


@functools.cache
def _entries(modified: int) -> list[dict]:  # read again when the file changes (mkdocs serve)
    return yaml.safe_load(GLOSSARY.read_text(encoding='utf-8'))


def jieba_dictionary() -> Path:
    """The Chinese terms and aliases as words for jieba, which splits Chinese text for the
    search index (without it, 雅可比矩阵 becomes 雅 / 可比 / 矩阵). jieba only makes words of
    Chinese characters, so terms with Latin letters or spaces (L2 范数) are left out."""
    words = [word for entry in entries() for word in [entry['zh'], *entry.get('zh_aliases', [])] if HAN.match(word)]
    path = CACHE / 'jieba-glossary.txt'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{word} 100000 n\n' for word in words), encoding='utf-8')
    return path


def search_tags(page: str, language: str) -> list[str]:
    """The terms a page teaches and their aliases, less those that begin with a term taught
    elsewhere: the search matches the start of a word, so the tag 梯度下降 (or `gradient
    descent`) would pull a search for 梯度 (`gradient`) to the gradient-descent page."""
    def taught_here(entry):
        return entry['taught_in'].split('#')[0] == page
    elsewhere = [word for entry in entries() if not taught_here(entry) for word in search_words(entry, language)]
    return [word for entry in entries() if taught_here(entry) for word in search_words(entry, language)
            if not any(word != other and word.startswith(other) for other in elsewhere)]


def spellings(entry: dict, language: str) -> list[str]:
    """The spellings that get a tooltip."""
    return [entry['en'], *entry.get('en_forms', [])] if language == 'en' else [entry['zh']]


def aliases(entry: dict, language: str) -> list[str]:
    return entry.get(f'{language}_aliases', [])


def search_words(entry: dict, language: str) -> list[str]:
    return [*spellings(entry, language), *aliases(entry, language)]


def terms(language: str) -> dict[str, str]:
    """Every spelling of every term in one language, with its definition in that language."""
    return {spelling: entry[f'{language}_def'] for entry in entries() for spelling in spellings(entry, language)}


def anchors(language: str) -> dict[str, str]:
    """Every spelling of every term in one language, with its entry's anchor on the glossary page."""
    return {spelling: entry['id'] for entry in entries() for spelling in spellings(entry, language)}


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
        """Unwrap every use but the first; put a link to its glossary entry inside the first."""
        parents = {child: parent for parent in root.iter() for child in parent}
        seen = set()
        for abbr in [element for element in root.iter('abbr') if element.get('title') is not None]:
            anchor = _current['anchors'].get(str(abbr.text), abbr.text)  # one mark per entry, any spelling
            if anchor in seen:
                unwrap(parents[abbr], abbr)
                continue
            seen.add(anchor)
            if abbr.text in _current['anchors']:  # MkDocs turns the .md link into the page's URL and checks the anchor
                link = abbr.makeelement('a', {'href': f'{_current["glossary"]}#{anchor}', 'class': 'glossary-term'})
                link.text, abbr.text = AtomicString(abbr.text), None
                abbr.insert(0, link)


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
    _current['anchors'] = anchors(language)


def on_page_markdown(markdown, page, config, files):
    language = config.plugins['i18n'].current_language
    inside = PurePosixPath(page.file.src_uri).with_suffix('').as_posix().split('/', 1)[-1]  # ndarray, labs/x
    _current['glossary'] = '../' * inside.count('/') + 'glossary.md'
    tags = search_tags(inside, language)
    if tags:
        page.meta['tags'] = tags
    if PLACEHOLDER not in markdown:
        return markdown
    return markdown.replace(PLACEHOLDER, glossary_markdown(language, chapter_order(config['nav'])))


def chapter_order(nav) -> list[str]:
    """The pages in the order of the navigation, as `ndarray`, `labs/calculus`."""
    order = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            order += chapter_order(value)
        elif isinstance(value, str):
            order.append(PurePosixPath(value).with_suffix('').as_posix())
    return order


def headings(language: str, page: str) -> tuple[str, dict[str, str]]:
    """A page's title and its headings' text by anchor, read from its Markdown source."""
    lines = (ROOT / 'docs' / language / f'{page}.md').read_text(encoding='utf-8').splitlines()
    title = next(line[2:].strip() for line in lines if line.startswith('# '))
    return title, {match['anchor']: match['text'] for match in map(HEADING.match, lines) if match}


def glossary_markdown(language: str, order: list[str]) -> str:
    """One definition-list block per term, under a heading per chapter, chapters in nav order."""
    other = 'zh' if language == 'en' else 'en'
    labels = LABELS[language]
    pages = sorted({entry['taught_in'].split('#')[0] for entry in entries()},
                   key=lambda page: order.index(f'{page}') if page in order else len(order))
    lines = ['<div class="glossary" markdown>', '']
    for page in pages:
        title, sections = headings(language, page)
        lines += [f'## {title} {{ #chapter-{page} }}', '']
        for entry in (e for e in entries() if e['taught_in'].split('#')[0] == page):
            anchor = entry['taught_in'].split('#')[1]
            both = f' · <span lang="{other}">{entry[other]}</span>' if entry[other] != entry[language] else ''
            lines += [f'{entry[language]}{both} {{ #{entry["id"]} }}',
                      f':   {entry[f"{language}_def"]}', '']
            names = aliases(entry, language)
            if names:
                listed = '、'.join(names) if language == 'zh' else ', '.join(names)
                lines += [f'    {labels["aliases"]}{listed}', '    { .glossary-aliases }', '']
            link = f'[{title}{labels["separator"]}{sections[anchor]}]({page}.md#{anchor})'
            lines += [f'    {labels["taught_in"]}{link}', '    { .glossary-source }', '']
    return '\n'.join([*lines, '</div>'])
