"""Let mkdocs-jupyter render the labs of both languages (`docs/*/labs/*.ipynb`).

mkdocs-static-i18n rebuilds the file list after the other plugins have seen it,
which turns mkdocs-jupyter's notebook pages back into plain files; and it builds
the second language inside the first one's build, so a shared cache folder
would lose the other language's entries on every build. Both are put right here.
The rendered labs also get their images' alt text from the cells' `alt`
metadata, and are dressed like the other pages: nbconvert's MathJax and Mermaid
loaders go (KaTeX renders the maths; they would load from a CDN), and so do its
inline styles and copy buttons (about 600 KB per lab); the code blocks take the
site's own code style, dark scheme and copy button, and extra.css lays out the cells.
The plots are stored with a palette of 128 colours, a third of the bytes for
the same picture (they are line plots on white).
"""

import base64
import io
import re
import sys
from pathlib import Path

import nbformat
from mkdocs.plugins import event_priority
from mkdocs_jupyter.plugin import NotebookFile

CACHE = Path(__file__).resolve().parent.parent / '.cache' / 'mkdocs-jupyter'
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


@event_priority(-110)  # after i18n chose the language of this build
def on_config(config):
    language = config.plugins['i18n'].current_language
    config.plugins['mkdocs-jupyter'].config['cache_dir'] = str(CACHE / language)


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
    for cell in nbformat.read(page.file.abs_src_path, as_version=4).cells:
        if 'alt' not in cell.metadata:
            continue
        start = html.index(f'id="cell-id={cell.id}"')
        end = html.find('id="cell-id=', start + 1) % (len(html) + 1)
        section = html[start:end]
        for alt in [cell.metadata.alt] if isinstance(cell.metadata.alt, str) else cell.metadata.alt:
            section = section.replace(NO_ALT, f'alt="{escape(alt)}"', 1)
        html = html[:start] + section + html[end:]
    return html


def escape(text: str) -> str:
    return text.replace('&', '&amp;').replace('"', '&quot;').replace('<', '&lt;')


def smaller_png(encoded: str) -> str:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(encoded))).convert('RGB')
    palette = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, 'PNG', optimize=True)
    return base64.b64encode(out.getvalue()).decode()
