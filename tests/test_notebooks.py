"""Every page with code as a notebook: valid, complete, and giving the page's outputs when run."""

import copy
import doctest
import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
import torch

from tests.devices import CHECKERS
from tests.notebook_runs import run_in_fresh_shells
from tests.pages import parse, run_doctest, run_script
from tests.snippets import ROOT

from hooks.notebooks import LABELS

LANGUAGES = {'en': '', 'zh': 'zh/'}
PAGES_WITH_CODE = sorted(
    page.stem for page in (ROOT / 'docs' / 'en').glob('*.md')
    if re.search(r'^\s*```(pycon|python)\b', page.read_text(encoding='utf-8'), re.MULTILINE)
)
NO_GPU = {language: labels['no_gpu'] for language, labels in LABELS.items()}
CJK = re.compile(r'[\u4e00-\u9fff]')
# IPython shows a class by its name where the Python prompt shows its repr:
# `numpy.ndarray` for `<class 'numpy.ndarray'>`.
CLASS_REPR = re.compile(r"<class '([\w.]+)'>")
# and IPython's pretty printer breaks a tuple or list longer than a line where the prompt's repr
# keeps one line: white space may differ, nothing else.
LAYOUT = doctest.NORMALIZE_WHITESPACE


def notebook_of(site: Path, language: str, page: str) -> Path:
    folder = site / LANGUAGES[language] / ('' if page == 'index' else page)
    return folder / f'{page}.ipynb'


def code_of_page(language: str, page: str) -> list[str]:
    """The code the tests run for a page, statement by statement."""
    statements = []
    for example in parse(ROOT / 'docs' / language / f'{page}.md').examples():
        evaluator = example.region.evaluator
        if evaluator is run_doctest:
            statements += [e.source.strip() for e in doctest.DocTestParser().get_examples(str(example.parsed))]
        elif evaluator is run_script:
            statements.append(str(example.parsed).strip())
    return statements


def unguarded(cell) -> str:
    """A cell's code; for a CUDA-only cell, the page's code inside its `if torch.cuda.is_available():`."""
    if 'cuda-only' not in cell.metadata.get('tags', []):
        return cell.source
    lines = cell.source.splitlines()
    assert lines[0] == 'if torch.cuda.is_available():' and lines[-2] == 'else:', cell.source
    return textwrap.dedent('\n'.join(lines[1:-2]))


def test_every_notebook_in_the_site_validates(site):
    notebooks = sorted(site.rglob('*.ipynb'))
    assert len(notebooks) >= 2 * len(PAGES_WITH_CODE)
    for path in notebooks:
        nbformat.validate(nbformat.read(path, as_version=4))


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('page', PAGES_WITH_CODE)
def test_page_offers_its_notebook_with_all_its_code(site, language, page):
    path = notebook_of(site, language, page)
    html = (path.parent / 'index.html').read_text(encoding='utf-8')
    assert f'href="{path.name}" download' in html
    colab = f'https://colab.research.google.com/github/dl-preliminaries/site/blob/gh-pages/{LANGUAGES[language]}'
    assert f'href="{colab}{path.relative_to(site / LANGUAGES[language]).as_posix()}"' in html

    notebook = nbformat.read(path, as_version=4)
    code = '\n'.join(unguarded(cell) for cell in notebook.cells if cell.cell_type == 'code')
    position = 0
    for statement in code_of_page(language, page):
        found = code.find(statement, position)
        assert found >= 0, f'{statement!r} is missing from {path.name} (or out of order)'
        position = found + len(statement)
    assert '>>>' not in code
    prose = ' '.join(cell.source for cell in notebook.cells if cell.cell_type == 'markdown')
    assert bool(CJK.search(prose)) == (language == 'zh')


def shown(outputs) -> str:
    text = []
    for output in outputs:
        if output.output_type == 'stream':
            text.append(output.text)
        elif output.output_type in ('execute_result', 'display_data'):
            text.append(output.data['text/plain'] + '\n')
        elif output.output_type == 'error':
            text.append(f'{output.ename}: {output.evalue}\n')
    return CLASS_REPR.sub(r'\1', ''.join(text))


def notebooks_of(site: Path) -> list[tuple[str, str, Path]]:
    """(language, name, path) of every notebook the site offers: each page's and each lab's."""
    found = []
    for language, folder in LANGUAGES.items():
        root = site / folder if folder else site
        for path in sorted(root.rglob('*.ipynb')):
            relative = path.relative_to(site).as_posix()
            if relative.startswith('zh/') == (language == 'zh'):
                name = path.relative_to(root).parent.as_posix()
                found.append((language, 'index' if name == '.' else name, path))
    return found


# The labs' notebooks are run by the build itself (mkdocs-jupyter, `allow_errors: false`; see
# test_labs.py), afresh whenever a lab, Python or a package changes (hooks/labs.py).
NOTEBOOKS = [(language, name) for language in LANGUAGES
             for name in ['index' if page == 'index' else page for page in PAGES_WITH_CODE]]


def code_cells(notebook) -> tuple:
    """What a run of the notebook depends on: its code cells and their tags, in order."""
    return tuple((cell.source, tuple(cell.metadata.get('tags', []))) for cell in notebook.cells if cell.cell_type == 'code')


@pytest.fixture(scope='module')
def runs(site, tmp_path_factory):
    """Every page's notebook run top to bottom in a fresh IPython shell (notebook_runs.py):
    {(language, name): (as written, as run, the error it stopped at or None)}. A page's notebooks
    in the two languages have the same code cells (the setup page's do not: their GPU notes are
    in each language), and notebooks with the same code cells run once, as the labs do: each
    notebook as run is then itself with that run's outputs in its code cells."""
    work = tmp_path_factory.mktemp('notebooks')
    paths = {(language, name): path for language, name, path in notebooks_of(site) if not name.startswith('labs/')}
    written = {key: nbformat.read(path, as_version=4) for key, path in paths.items()}
    groups = {}
    for key, notebook in written.items():
        groups.setdefault(code_cells(notebook), []).append(key)
    jobs = [(paths[language, name], work / language / name, work / f'{language}-{name}.ipynb')
            for language, name in (keys[0] for keys in groups.values())]
    found = {}
    for keys, (run, error) in zip(groups.values(), run_in_fresh_shells(jobs)):
        outputs = [cell.outputs for cell in run.cells if cell.cell_type == 'code']
        for key in keys:
            as_run = copy.deepcopy(written[key])
            cells = [cell for cell in as_run.cells if cell.cell_type == 'code']
            for cell in cells:
                cell.outputs = []
            for cell, cell_outputs in zip(cells, outputs):
                cell.outputs = cell_outputs
            found[key] = (written[key], as_run, error)
    return found


def test_the_runner_shows_what_a_jupyter_kernel_shows_and_stops_where_it_stops(tmp_path):
    import nbclient

    cells = [nbformat.v4.new_code_cell(source) for source in (
        'import torch\nprint("printed")\ntorch.ones(2)',
        'from IPython.display import display\ndisplay(torch.zeros(1))\nprint("after")',
        'import sys\nprint("careful", file=sys.stderr)',
        'int("x")',
        'import pathlib\npathlib.Path.cwd().name',
        '1 / 0',
        'print("never")',
    )]
    cells[3].metadata['tags'] = ['raises-exception']
    notebook = nbformat.v4.new_notebook(cells=cells)
    nbformat.write(notebook, tmp_path / 'in.ipynb')
    [(ours, error)] = run_in_fresh_shells([(tmp_path / 'in.ipynb', tmp_path / 'work', tmp_path / 'out.ipynb')])
    (tmp_path / 'work').mkdir(exist_ok=True)
    kernel = nbformat.from_dict(json.loads(json.dumps(notebook)))
    with pytest.raises(nbclient.exceptions.CellExecutionError, match='ZeroDivisionError'):
        nbclient.NotebookClient(kernel, kernel_name='python3', timeout=60,
                                resources={'metadata': {'path': str(tmp_path / 'work')}}).execute()
    assert error and error.startswith('ZeroDivisionError')
    assert [shown(cell.outputs) for cell in ours.cells] == [shown(cell.outputs) for cell in kernel.cells]
    assert [shown(cell.outputs) for cell in ours.cells][:2] == ['printed\ntensor([1., 1.])\n', 'tensor([0.])\nafter\n']


def test_every_page_notebook_is_run(site, runs):
    assert sorted(runs) == sorted(NOTEBOOKS)


@pytest.mark.parametrize(('language', 'name'), NOTEBOOKS)
def test_page_notebook_runs_top_to_bottom_without_a_gpu_with_the_pages_outputs(runs, language, name):
    written, run, error = runs[(language, name)]
    assert error is None, f'{language}/{name}.ipynb stopped: {error}'
    has_gpu = torch.cuda.is_available()
    note = NO_GPU[language] + '\n'
    checker, compared, guarded = CHECKERS['cpu'], 0, 0
    for expected, got in zip(written.cells, run.cells):
        if expected.cell_type != 'code' or not expected.outputs:
            continue
        want, have = shown(expected.outputs), shown(got.outputs)
        if 'cuda-only' in expected.metadata.get('tags', []):
            guarded += 1
            if not has_gpu:
                assert have == note, f'{expected.source}\ngot: {have}'
                continue
            checker = CHECKERS['cuda']
        if expected.outputs[0].output_type == 'error':
            assert have.splitlines()[-1:] == want.splitlines()[-1:], expected.source
        else:
            assert checker.check_output(want, have, LAYOUT), f'{expected.source}\nwant: {want}\ngot:  {have}'
        checker = CHECKERS['cpu']
        compared += 1
    assert compared + guarded > 3, 'too few outputs to compare'
    if name == 'setup':
        assert guarded > 5, 'the setup page\'s CUDA-only blocks are not marked in its notebook'
