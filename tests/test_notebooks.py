"""Every page with code as a notebook: valid, complete, and giving the page's outputs when run."""

import doctest
import re
from pathlib import Path

import nbclient
import nbformat
import pytest

from tests.devices import CHECKERS
from tests.pages import parse, run_doctest, run_script
from tests.snippets import ROOT

LANGUAGES = {'en': '', 'zh': 'zh/'}
PAGES_WITH_CODE = sorted(
    page.stem for page in (ROOT / 'docs' / 'en').glob('*.md')
    if re.search(r'^\s*```(pycon|python)\b', page.read_text(encoding='utf-8'), re.MULTILINE)
)
CJK = re.compile(r'[\u4e00-\u9fff]')
# IPython shows a class by its name where the Python prompt shows its repr:
# `numpy.ndarray` for `<class 'numpy.ndarray'>`.
CLASS_REPR = re.compile(r"<class '([\w.]+)'>")


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
    code = '\n'.join(cell.source for cell in notebook.cells if cell.cell_type == 'code')
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
        elif output.output_type == 'execute_result':
            text.append(output.data['text/plain'] + '\n')
        elif output.output_type == 'error':
            text.append(f'{output.ename}: {output.evalue}\n')
    return CLASS_REPR.sub(r'\1', ''.join(text))


@pytest.mark.parametrize(('language', 'page'), [('en', 'ndarray'), ('zh', 'preprocessing')])
def test_notebook_runs_top_to_bottom_with_the_pages_outputs(site, tmp_path, language, page):
    written = nbformat.read(notebook_of(site, language, page), as_version=4)
    run = nbformat.read(notebook_of(site, language, page), as_version=4)
    assert not any('cuda-only' in cell.metadata.get('tags', []) for cell in run.cells)
    for cell in run.cells:
        if cell.cell_type == 'code':
            cell.outputs = []
    nbclient.NotebookClient(run, kernel_name='python3', timeout=120,
                            resources={'metadata': {'path': str(tmp_path)}}).execute()

    checker, compared = CHECKERS['cpu'], 0
    for expected, got in zip(written.cells, run.cells):
        if expected.cell_type != 'code' or not expected.outputs:
            continue
        want, have = shown(expected.outputs), shown(got.outputs)
        if expected.outputs[0].output_type == 'error':
            assert have.splitlines()[-1:] == want.splitlines()[-1:], expected.source
        else:
            assert checker.check_output(want, have, 0), f'{expected.source}\nwant: {want}\ngot:  {have}'
        compared += 1
    assert compared > 20
