"""Render the maths at build time with the bundled KaTeX, so that the browser runs no maths script.

KaTeX's auto-render used to do this in the browser on every page load: about 1.5 s of
script on a long chapter page under Lighthouse's mobile settings. This hook does the same
work once, on each built page: it finds the same delimiters (`$$ $ \\( \\[`) in the same
places (text in the body, outside `pre`, `code`, `script` and the other tags auto-render
skips), the way auto-render's `splitAtDelimiters` does, and puts what `katex.renderToString`
makes in their place, inside the `<span>` auto-render would have made. That covers the maths
pymdownx.arithmatex marks on the chapter pages and the `$…$` of the labs' Markdown cells.

KaTeX runs in V8 from PyPI's `mini-racer` wheel, on `overrides/assets/katex/katex.min.js`,
the same file whose CSS and fonts the pages use, so no Node.js is needed at build time. No
maintained plugin does that: mkdocs-katex-ssr starts Node.js or Bun, and markdown-katex brings
its own older KaTeX and Markdown syntax. It runs after the search plugin has read the page,
so the search index keeps the TeX rather than KaTeX's markup. A formula KaTeX cannot parse is
a warning (an error under `--strict`) and stays as TeX on the page. Rendered formulas are kept
by their TeX in `.cache/katex/`, so a build renders only the formulas that changed.
"""

import html
import json
import logging
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / 'overrides' / 'assets' / 'katex' / 'katex.min.js'
CACHE = ROOT / '.cache' / 'katex'
# the delimiters the site's auto-render set-up used, in its order: `$$` must be tried before `$`
DELIMITERS = [('$$', '$$', True), ('$', '$', False), ('\\(', '\\)', False), ('\\[', '\\]', True)]
LEFT = re.compile('|'.join(re.escape(left) for left, _, _ in DELIMITERS))
SKIPPED = ('pre', 'code', 'textarea', 'option', 'noscript')  # auto-render's ignoredTags (with the raw-text ones below)
MARKUP = re.compile(
    r'(?P<raw><(?P<rawtag>script|style)\b.*?</(?P=rawtag)\s*>)'
    r'|(?P<comment><!--.*?-->)'
    r'|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:[^>"\']|"[^"]*"|\'[^\']*\')*>)',
    re.S | re.I,
)
log = logging.getLogger('mkdocs.hooks.maths')


class Katex:
    """KaTeX in V8, started on first use, with its results kept by formula."""

    def __init__(self):
        self.engine = None
        self.version = re.search(rb'version:"([0-9.]+)"', KATEX.read_bytes())[1].decode()
        self.file = CACHE / f'katex-{self.version}.json'
        self.rendered = json.loads(self.file.read_text(encoding='utf-8')) if self.file.exists() else {}
        self.changed = False

    def render(self, tex: str, display: bool) -> str:
        key = ('D' if display else 'I') + tex
        if key not in self.rendered:
            if self.engine is None:
                from py_mini_racer import MiniRacer

                self.engine = MiniRacer()
                self.engine.eval(KATEX.read_text(encoding='utf-8'))
            self.rendered[key] = self.engine.call('katex.renderToString', tex,
                                                  {'displayMode': display, 'throwOnError': True})
            self.changed = True
        return self.rendered[key]

    def save(self) -> None:
        if self.changed:
            CACHE.mkdir(parents=True, exist_ok=True)
            self.file.write_text(json.dumps(self.rendered, ensure_ascii=False, sort_keys=True), encoding='utf-8')
            self.changed = False


katex = None


def on_post_page(output: str, page, config) -> str:
    global katex
    start = output.find('<body')
    if start < 0 or not LEFT.search(output, start):
        return output
    katex = katex or Katex()
    return output[:start] + render_body(output[start:], page.file.src_uri)


def on_post_build(config) -> None:
    if katex:
        katex.save()


def render_body(body: str, where: str) -> str:
    """Each run of text outside skipped elements, with its maths rendered."""
    pieces, skipped, position = [], 0, 0
    for markup in MARKUP.finditer(body):
        text = body[position:markup.start()]
        pieces.append(text if skipped or not LEFT.search(text) else render_text(text, where))
        pieces.append(markup[0])
        position = markup.end()
        name = (markup['name'] or '').lower()
        if name in SKIPPED and not markup[0].endswith('/>'):
            skipped += -1 if markup[0].startswith('</') else 1
    pieces.append(body[position:])
    return ''.join(pieces)


def render_text(text: str, where: str) -> str:
    parts = split_at_delimiters(html.unescape(text))
    if all(kind == 'text' for kind, *_ in parts):
        return text
    out = []
    for kind, content, raw, display in parts:
        if kind == 'text':
            out.append(html.escape(content, quote=False))
            continue
        try:
            out.append(f'<span>{katex.render(content, display)}</span>')
        except Exception as error:  # KaTeX's ParseError, raised in V8 (its message quotes the whole script)
            reason = re.search(r'KaTeX parse error: [^\n]*', str(error))
            log.warning(f'{where}: KaTeX cannot render {raw!r}: {reason[0] if reason else str(error)[:300]}')
            out.append(html.escape(raw, quote=False))
    return ''.join(out)


def split_at_delimiters(text: str) -> list[tuple[str, str, str, bool]]:
    """auto-render's splitAtDelimiters: (kind, content, raw text, display) for each text or maths part."""
    parts = []
    while (found := LEFT.search(text)) is not None:
        if found.start() > 0:
            parts.append(('text', text[:found.start()], text[:found.start()], False))
            text = text[found.start():]
        left, right, display = next(d for d in DELIMITERS if text.startswith(d[0]))
        end = end_of_maths(right, text, len(left))
        if end < 0:
            break
        raw = text[:end + len(right)]
        parts.append(('maths', text[len(left):end], raw, display))
        text = text[end + len(right):]
    if text:
        parts.append(('text', text, text, False))
    return parts


def end_of_maths(delimiter: str, text: str, index: int) -> int:
    """auto-render's findEndOfMath: the closing delimiter outside braces, skipping escaped characters."""
    braces = 0
    while index < len(text):
        if braces <= 0 and text.startswith(delimiter, index):
            return index
        if text[index] == '\\':
            index += 1
        elif text[index] == '{':
            braces += 1
        elif text[index] == '}':
            braces -= 1
        index += 1
    return -1
