"""Let mkdocs-jupyter render the labs of both languages (`docs/*/labs/*.ipynb`).

mkdocs-static-i18n rebuilds the file list after the other plugins have seen it,
which turns mkdocs-jupyter's notebook pages back into plain files; and it builds
the second language inside the first one's build, so a shared cache folder
would lose the other language's entries on every build. Both are put right here, and the
cache folder is named after Python and the examples' packages, so a lab runs again when one changes.
The rendered labs also get their images' alt text from the cells' `alt`
metadata, and are dressed like the other pages: nbconvert's MathJax and Mermaid
loaders go (KaTeX renders the maths; they would load from a CDN), and so do its
inline styles and copy buttons (about 600 KB per lab); the code blocks take the
site's own code style, dark scheme and copy button, and extra.css lays out the cells.
The plots are stored with a palette of 128 colours, a third of the bytes for
the same picture (they are line plots on white).

Headings: nbconvert makes a heading's id from its ASCII letters only, so Chinese
headings get `id=""`, and mkdocs-jupyter takes the table of contents from a
second Markdown rendering whose ids and titles differ from the page's (code in
a heading is dropped). No option of either changes that, so each heading cell
names its id in its `anchor` metadata (the same English anchor in both
languages, as the chapters' `{ #anchor }`), the hook sets it on the heading and
builds the table of contents from the headings on the page.
Cells tagged `check` (asserts on the numbers the prose states) are shown as a
check, cells tagged `solution` are folded away under "Solution", in the lab's
language; the build runs both like every other cell.
"""

import base64
import hashlib
import io
import re
import shutil
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.toc import get_toc
from mkdocs_jupyter.plugin import NotebookFile

log = get_plugin_logger(__name__)

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / '.cache' / 'mkdocs-jupyter'
NO_ALT = 'alt="No description has been provided for this image"'
NBCONVERT_EXTRAS = re.compile(
    r'<style[^>]*>.*?</style>'
    r'|<script\b[^>]*>.*?</script>'
    r'|<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>'
    r'|<!--.*?-->',
    re.DOTALL,
)
PNG = re.compile(r'data:image/png;base64,([A-Za-z0-9+/=]+)')
CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(.*?)</pre></div>', re.DOTALL)
HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.DOTALL)
OUTER_CODE_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell[^"]*">\s*')
TAG_TOOLBAR = re.compile(r'<div class="celltoolbar">\s*(?:<div class="button_container[^"]*">.*?</div>\s*)*</div>', re.DOTALL)
LABELS = {'en': {'check': 'Check', 'solution': 'Solution'}, 'zh': {'check': '检查', 'solution': '参考答案'}}


def cache_folder(language: str) -> Path:
    """mkdocs-jupyter keys its cache by the notebook and its own options only; the folder adds
    Python and the versions of the examples' packages, so that an upgrade runs the labs again."""
    pyproject = tomllib.loads((ROOT / 'pyproject.toml').read_text(encoding='utf-8'))
    names = [re.split(r'[=<>!~ ]', requirement)[0] for requirement in pyproject['dependency-groups']['examples']]
    installed = '\n'.join([sys.version] + [f'{name}=={metadata.version(name)}' for name in names])
    return CACHE / hashlib.sha256(installed.encode()).hexdigest()[:12] / language


@event_priority(-110)  # after i18n chose the language of this build
def on_config(config):
    folder = cache_folder(config.plugins['i18n'].current_language)
    for other in CACHE.glob('*/'):  # the runs of other environments (and of the older layout)
        if other != folder.parent:
            shutil.rmtree(other, ignore_errors=True)
    config.plugins['mkdocs-jupyter'].config['cache_dir'] = str(folder)


@event_priority(10)  # before mkdocs-jupyter evicts the cache entries this build did not use
def on_post_build(config):
    if '--dirty' in sys.argv:  # the labs a dirty rebuild left alone still need theirs
        jupyter = config.plugins['mkdocs-jupyter']
        jupyter._used_cache_paths.update(Path(jupyter.config['cache_dir']).glob('*.json'))


@event_priority(-110)  # after i18n rebuilt the file list
def on_files(files, config):
    for file in [f for f in files if f.src_uri.endswith('.ipynb') and not isinstance(f, NotebookFile)]:
        notebook = NotebookFile(file, **config)
        notebook.dest_path, notebook.abs_dest_path, notebook.url = file.dest_path, file.abs_dest_path, file.url
        files.remove(file)
        files.append(notebook)
    return files


def on_page_content(html, page, config, files):
    if not isinstance(page.file, NotebookFile):
        return html
    html = NBCONVERT_EXTRAS.sub('', html)
    html = CODE.sub(r'<div class="language-python highlight"><pre><code>\1</code></pre></div>', html)
    html = PNG.sub(lambda match: 'data:image/png;base64,' + smaller_png(match[1]), html)
    labels = LABELS[config.plugins['i18n'].current_language]
    for cell in nbformat.read(page.file.abs_src_path, as_version=4).cells:
        start, end = cell_span(html, cell)
        section = html[start:end]
        if 'alt' in cell.metadata:
            for alt in [cell.metadata.alt] if isinstance(cell.metadata.alt, str) else cell.metadata.alt:
                section = section.replace(NO_ALT, f'alt="{escape(alt)}"', 1)
        if 'anchor' in cell.metadata:
            section = HEADING.sub(lambda m: heading(m, cell.metadata.anchor), section, count=1)
        tags = cell.metadata.get('tags', [])
        if 'check' in tags:
            section = (f'<div class="admonition success lab-check"><p class="admonition-title">{labels["check"]}</p>'
                       f'{TAG_TOOLBAR.sub("", section)}</div>\n')
        if 'solution' in tags:
            section = (f'<details class="success lab-solution"><summary>{labels["solution"]}</summary>'
                       f'{TAG_TOOLBAR.sub("", section)}</details>\n')
        html = html[:start] + section + html[end:]
    folded = f'<details class="success lab-solution"><summary>{labels["solution"]}</summary>'
    html = html.replace(f'</details>\n{folded}', '')  # a solution's code and its words fold away together
    page.toc = table_of_contents(html, page)
    return html


def cell_span(html: str, cell) -> tuple[int, int]:
    """Where a cell's HTML starts and ends: a code cell sits in an outer div of its own."""
    marker = html.index(f'id="cell-id={cell.id}"')
    start = html.rfind('<div', 0, marker)
    outer = html.rfind('<div class="jp-Cell ', 0, start)
    if cell.cell_type == 'code' and outer >= 0 and OUTER_CODE_CELL.fullmatch(html, outer, start):
        start = outer
    end = html.find('<div class="jp-Cell ', marker)
    return start, end if end >= 0 else html.rindex('</div>', 0, html.rindex('</div>'))


def heading(match: re.Match, anchor: str) -> str:
    level, _, text = match.groups()
    return f'<h{level} id="{anchor}">{text}<a class="anchor-link" href="#{anchor}">¶</a></h{level}>'


def table_of_contents(html: str, page):
    tokens = []
    for level, anchor, text in HEADING.findall(html):
        if not anchor or anchor in [token['id'] for token in tokens]:
            log.warning(f'{page.file.src_uri}: heading "{text}" needs an anchor of its own (cell metadata "anchor")')
        tokens.append({'level': int(level), 'id': anchor, 'name': re.sub(r'<[^>]+>', '', text).strip()})
    return get_toc(nest_toc_tokens(tokens))


def escape(text: str) -> str:
    return text.replace('&', '&amp;').replace('"', '&quot;').replace('<', '&lt;')


def smaller_png(encoded: str) -> str:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(encoded))).convert('RGB')
    palette = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, 'PNG', optimize=True)
    return base64.b64encode(out.getvalue()).decode()
