"""Draw the figures of `figures/*.py` into the site, in a light and a dark version.

Each script defines `draw() -> matplotlib.figure.Figure` and takes its colours
from the style in force (`C0`…`C5`, `rcParams["text.color"]`), so one drawing
serves both colour schemes. A page shows both files, marked `#only-light` and
`#only-dark`. A figure is drawn again only when its script or a style changes. The
drawing starts in a thread when the build starts, so that on a cold build it happens
while hooks/lab_runs.py waits for the labs (10 s here, for the 28 files); the files
are added when the build lists its files, and a script's error stops the build there.
"""

import hashlib
import json
import runpy
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / 'figures'
CACHE = ROOT / '.cache' / 'figures'

_COMMON = {
    'svg.fonttype': 'none',          # text stays text: small files, the reader's own fonts
    'svg.hashsalt': 'figures',       # the same drawing gives the same file
    'font.family': 'sans-serif',
    'font.size': 11,
    'figure.figsize': (6.4, 3.6),
    'axes.spines.top': False,
    'axes.spines.right': False,
}
STYLES = {
    'light': {**_COMMON, 'text.color': '#1f1f1f', 'axes.labelcolor': '#1f1f1f', 'axes.edgecolor': '#5f5f5f',
              'xtick.color': '#5f5f5f', 'ytick.color': '#5f5f5f', 'grid.color': '#d0d0d0',
              'axes.prop_cycle': "cycler('color', ['#1565c0', '#d84315', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f'])"},
    'dark': {**_COMMON, 'text.color': '#e6e6e6', 'axes.labelcolor': '#e6e6e6', 'axes.edgecolor': '#a0a0a0',
             'xtick.color': '#a0a0a0', 'ytick.color': '#a0a0a0', 'grid.color': '#4a4a4a',
             'axes.prop_cycle': "cycler('color', ['#64b5f6', '#ff8a65', '#81c784', '#ce93d8', '#ffb74d', '#4dd0e1'])"},
}


def render(script: Path, theme: str) -> Path:
    """The SVG of one figure in one theme, drawn now or taken from the cache."""
    import matplotlib

    key = hashlib.sha256(script.read_bytes() + json.dumps(STYLES[theme]).encode()
                         + matplotlib.__version__.encode()).hexdigest()[:16]
    svg = CACHE / f'{script.stem}-{theme}-{key}.svg'
    if not svg.exists():
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt

        with plt.style.context(STYLES[theme]):
            figure = runpy.run_path(str(script))['draw']()
            CACHE.mkdir(parents=True, exist_ok=True)
            figure.savefig(svg, format='svg', transparent=True, bbox_inches='tight', metadata={'Date': None})
            plt.close(figure)
    return svg


drawing: Future | None = None


def draw_all() -> None:
    for script in sorted(FIGURES.glob('*.py')):
        for theme in STYLES:
            render(script, theme)


def on_pre_build(config):
    global drawing
    pool = ThreadPoolExecutor(1, thread_name_prefix='figures')
    drawing = pool.submit(draw_all)
    pool.shutdown(wait=False)  # its thread ends with the drawing


@event_priority(-110)  # after mkdocs-static-i18n rebuilt the file list for this language
def on_files(files, config):
    if drawing is not None:
        drawing.result()  # done, or its error raised here
    i18n = config.plugins['i18n']
    language = i18n.current_language
    folder = '' if language == i18n.default_language else f'{language}/'
    for script in sorted(FIGURES.glob('*.py')):
        for theme in STYLES:
            name = f'figures/{script.stem}-{theme}.svg'
            file = File.generated(config, f'{language}/{name}', abs_src_path=str(render(script, theme)))
            file.dest_uri = folder + name
            files.append(file)
    return files
