"""Offer every page with code as a Jupyter notebook, and every notebook in Colab.

The notebook is made from the page as the tests read it: the Markdown with its
snippet includes expanded by the site's own pymdownx.snippets settings. Prose
becomes Markdown cells in the page's language; each `pycon` block becomes code
cells without prompts, split so that each cell ends with the statement whose
output the page shows, and that output becomes the cell's output; a `python`
block becomes one code cell. A block the page marks CUDA only (its `skip`
directive) becomes cells guarded by `torch.cuda.is_available()`: without a GPU
each prints a note in the page's language instead of raising, so "Run all"
goes on to the end on a CPU-only machine such as Colab's default runtime; with
one, each runs the page's code and shows (`display`) the value the page shows.
The notebook is written next to the page
(`ndarray/ndarray.ipynb`), and two buttons under the page title link to it and
to Colab, which opens it from the published branch (README, "Publishing").
"""

import ast
import doctest
import posixpath
import re
import textwrap
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlparse

import markdown
import nbformat
from nbformat import NotebookNode
from mkdocs.plugins import event_priority
from mkdocs_jupyter.plugin import NotebookFile

PUBLISHED_BRANCH = 'gh-pages'
LABELS = {
    'en': {'download': 'Download this page as a notebook', 'colab': 'Open in Colab',
           'tmp_dir': 'The examples write their files into `tmp_dir`; here it is a folder next to the notebook.',
           'cuda_only': 'The next cells need a CUDA GPU. Without one, each prints a note instead of running,'
                        ' so *Run all* still goes on to the end.',
           'no_gpu': 'No CUDA GPU on this machine: this cell was skipped.'},
    'zh': {'download': '下载本页的 Notebook', 'colab': '在 Colab 中打开',
           'tmp_dir': '示例把文件写到 `tmp_dir` 里；在 Notebook 中，它是 Notebook 旁边的一个文件夹。',
           'cuda_only': '下面的单元格需要 CUDA GPU。没有 GPU 时，它们只打印一句说明，不会报错，'
                        '“全部运行”照样能跑到最后。',
           'no_gpu': '这台机器没有 CUDA GPU，已跳过这个单元格。'},
}
FENCE = re.compile(r'^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<lang>[\w-]*)[^\n]*$')
BLOCK_START = re.compile(r'^(?P<indent> *)(?:[!?]{3}\+?|===) *(?P<kind>[\w-]*)(?: +"(?P<title>[^"]*)")? *$')
HEADING_ANCHOR = re.compile(r'^(#{1,6} .*?) *\{ *#(?P<id>[\w-]+) *\} *$')
COMMENT = re.compile(r'<!--(?P<body>.*?)-->', re.DOTALL)
LINK = re.compile(r'(?P<head>!?\[[^\]]*\]\()(?P<target>[^)\s]+)(?P<tail>\))(?:\{[^}]*\})?')
CUDA_ONLY = re.compile(r'skip: next if\(device_pass == "cpu"')


def on_page_markdown(markdown_text, page, config, files):
    if isinstance(page.file, NotebookFile):
        return markdown_text
    language = config.plugins['i18n'].current_language
    expanded = expand(markdown_text, config)
    cells = to_cells(expanded.splitlines(), page, config, files, LABELS[language])
    if not any(cell.cell_type == 'code' for cell in cells):
        return markdown_text
    for number, cell in enumerate(cells):
        cell.id = f'cell-{number}'
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'},
        'language_info': {'name': 'python'},
    })
    nbformat.validate(notebook)
    name = f'{PurePosixPath(page.file.src_uri).stem}.ipynb'
    folder = PurePosixPath(page.file.dest_uri).parent
    target = PurePosixPath(config.site_dir) / folder / name
    page.notebook = name, folder / name
    _write(target, notebook)
    return markdown_text


@event_priority(-50)
def on_page_content(html_text, page, config, files):
    """Put the two buttons right under the page's title."""
    if isinstance(page.file, NotebookFile):
        name = PurePosixPath(page.file.abs_src_path).name
        page.notebook = name, PurePosixPath(page.file.dest_uri).parent / name
    if not getattr(page, 'notebook', None):
        return html_text
    labels = LABELS[config.plugins['i18n'].current_language]
    name, path = page.notebook
    repository = urlparse(config.repo_url).path.strip('/')
    colab = f'https://colab.research.google.com/github/{repository}/blob/{PUBLISHED_BRANCH}/{path}'
    buttons = (
        '<p class="notebook-links">'
        f'<a class="md-button" href="{name}" download>{labels["download"]}</a> '
        f'<a class="md-button" href="{colab}">{labels["colab"]}</a></p>'
    )
    end = html_text.find('</h1>')
    at = end + len('</h1>') if end >= 0 else 0
    return html_text[:at] + buttons + html_text[at:]


def expand(markdown_text: str, config) -> str:
    snippets = markdown.Markdown(
        extensions=['pymdownx.snippets'],
        extension_configs={'pymdownx.snippets': config.mdx_configs['pymdownx.snippets']},
    ).preprocessors['snippet']
    return '\n'.join(snippets.run(markdown_text.splitlines()))


def unwrap(lines: list[str]) -> list[str]:
    """Admonitions, details and tabs become a bold title over their dedented body."""
    out, i = [], 0
    while i < len(lines):
        match = BLOCK_START.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent = match['indent']
        title = match['title'] if match['title'] is not None else match['kind'].title()
        body, i = [], i + 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent + '    ')):
            body.append(indent + lines[i][len(indent) + 4:])
            i += 1
        out += ([f'{indent}**{title}**', ''] if title else []) + unwrap(body)
    return out


def to_cells(lines: list[str], page, config, files, labels: dict) -> list:
    lines = unwrap(lines)
    cells, prose, i, cuda_only = [], [], 0, False
    if any('tmp_dir' in line for line in lines):
        cells += [markdown_cell(labels['tmp_dir']),
                  code_cell('from pathlib import Path\n\ntmp_dir = Path("data")\ntmp_dir.mkdir(exist_ok=True)')]

    def flush():
        text = textwrap.dedent('\n'.join(prose)).strip()
        if text:
            cells.append(markdown_cell(text))
        prose.clear()

    while i < len(lines):
        fence = FENCE.match(lines[i])
        if fence and fence['lang'] in ('pycon', 'python'):
            indent, close = len(fence['indent']), fence['fence']
            block, i = [], i + 1
            while i < len(lines) and not lines[i].strip().startswith(close):
                block.append(lines[i][indent:])
                i += 1
            i += 1
            flush()
            code = code_cells('\n'.join(block) + '\n') if fence['lang'] == 'pycon' else [
                code_cell('\n'.join(block).strip())]
            if cuda_only:
                cells.append(markdown_cell(labels['cuda_only']))
                for cell in code:
                    guard(cell, labels['no_gpu'])
            cells += code
            cuda_only = False
            continue
        line = lines[i]
        if '<!--' in line:
            cuda_only = cuda_only or bool(CUDA_ONLY.search(line))
        prose.append(prose_line(line, page, config, files))
        i += 1
    flush()
    return cells


def prose_line(line: str, page, config, files) -> str:
    line = COMMENT.sub('', line)
    if re.match(r'^\s*</?figure\b', line) or '#only-dark' in line:
        return ''
    line = re.sub(r'<figcaption>(.*?)</figcaption>', r'*\1*', line)
    heading = HEADING_ANCHOR.match(line)
    if heading:
        line = f'{heading[1]} <a id="{heading["id"]}"></a>'
    return LINK.sub(lambda m: m['head'] + absolute(m['target'], page, config, files) + m['tail'], line)


def absolute(target: str, page, config, files) -> str:
    """A link of the page as an address on the published site (a notebook has no site around it)."""
    if re.match(r'^[a-z]+:|^#', target):
        return target
    path, _, anchor = target.partition('#')
    file = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path)))
    url = file.url if file else path
    return urljoin(config.site_url, url) + (f'#{anchor}' if anchor else '')


def code_cells(block: str) -> list:
    """One cell per shown output: the statements up to it, and the output."""
    cells, sources = [], []
    for example in doctest.DocTestParser().get_examples(block):
        sources.append(strip_directives(example.source))
        if not example.want and example.exc_msg is None:
            continue
        cells.append(cell_with_output(''.join(sources), example))
        sources = []
    if sources:
        cells.append(code_cell(''.join(sources).rstrip('\n')))
    return cells


def guard(cell, note: str) -> None:
    """A CUDA-only cell: the page's code under `if torch.cuda.is_available():`, else a printed note."""
    lines = cell.source.splitlines()
    if cell.outputs and cell.outputs[0].output_type == 'execute_result':
        # Jupyter shows only a top-level last expression; inside the `if` it is shown with display()
        last = ast.parse(cell.source).body[-1]
        expression = '\n'.join(lines[last.lineno - 1:last.end_lineno])
        lines[last.lineno - 1:last.end_lineno] = f'display({expression})'.splitlines()
        cell.outputs = [NotebookNode(output_type='display_data', metadata={}, data=cell.outputs[0].data)]
    body = textwrap.indent('\n'.join(lines), '    ')
    cell.source = f'if torch.cuda.is_available():\n{body}\nelse:\n    print({note!r})'
    cell.metadata['tags'] = [*cell.metadata.get('tags', []), 'cuda-only']


def strip_directives(source: str) -> str:
    return re.sub(r'\s*# doctest:.*$', '', source, flags=re.MULTILINE)


def cell_with_output(source: str, example: doctest.Example):
    cell = code_cell(source.rstrip('\n'))
    want = example.want.replace('<BLANKLINE>', '')
    if example.exc_msg is not None:
        name, _, value = want.strip().splitlines()[-1].partition(':')
        cell.outputs = [NotebookNode(output_type='error', ename=name.split('.')[-1], evalue=value.strip(),
                                     traceback=want.strip().splitlines())]
        cell.metadata['tags'] = ['raises-exception']
    elif shows_value(source):
        cell.outputs = [NotebookNode(output_type='execute_result', execution_count=None, metadata={},
                                     data={'text/plain': want.rstrip('\n')})]
    else:
        cell.outputs = [NotebookNode(output_type='stream', name='stdout', text=want)]
    return cell


def shows_value(source: str) -> bool:
    """Whether the last statement is an expression whose value Jupyter displays."""
    last = ast.parse(source).body[-1]
    return isinstance(last, ast.Expr) and not (
        isinstance(last.value, ast.Call) and getattr(last.value.func, 'id', None) == 'print')


def markdown_cell(source: str) -> NotebookNode:
    return NotebookNode(cell_type='markdown', id='', metadata={}, source=source)


def code_cell(source: str) -> NotebookNode:
    return NotebookNode(cell_type='code', id='', metadata={}, source=source, outputs=[], execution_count=None)


def _write(target: PurePosixPath, notebook) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(target))

