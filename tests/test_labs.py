"""The labs: the same code in both languages, executed by the build, with plots described in the page's language."""

import re

import nbformat
import pytest
import yaml
from mkdocs_jupyter.convert import nb2html
from nbclient.exceptions import CellExecutionError

from tests.snippets import ROOT

LABS = sorted(path.stem for path in (ROOT / 'docs' / 'en' / 'labs').glob('*.ipynb'))
LANGUAGES = {'en': '', 'zh': 'zh/'}
CJK = re.compile(r'[\u4e00-\u9fff]')
IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/png[^>]*>')


def lab(language: str, name: str):
    return nbformat.read(ROOT / 'docs' / language / 'labs' / f'{name}.ipynb', as_version=4)


def test_the_four_labs_exist():
    assert set(LABS) >= {'calculus', 'linear-algebra', 'gradient-descent', 'probability'}


@pytest.mark.parametrize('name', LABS)
def test_both_languages_have_identical_code_cells(name):
    english, chinese = lab('en', name), lab('zh', name)
    code = [[cell.source for cell in notebook.cells if cell.cell_type == 'code'] for notebook in (english, chinese)]
    assert code[0] == code[1]


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_lab_is_stored_without_outputs(language, name):
    for cell in lab(language, name).cells:
        if cell.cell_type == 'code':
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_built_lab_shows_plots_described_in_its_language(site, language, name):
    html = (site / LANGUAGES[language] / 'labs' / name / 'index.html').read_text(encoding='utf-8')
    images = IMAGE.findall(html)
    assert images, 'the build did not execute the lab: no plot'
    for image in images:
        alt = re.search(r'\balt="([^"]+)"', image)[1]
        assert 'No description' not in alt
        assert bool(CJK.search(alt)) == (language == 'zh'), alt
    assert 'cdnjs' not in html and 'mathjax' not in html.lower()
    assert (site / LANGUAGES[language] / 'labs' / name / f'{name}.ipynb').is_file()
    assert f'href="{name}.ipynb" download' in html


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_lab_and_chapter_link_to_each_other(site, language, name):
    chapter = (site / LANGUAGES[language] / name / 'index.html').read_text(encoding='utf-8')
    lab_page = (site / LANGUAGES[language] / 'labs' / name / 'index.html').read_text(encoding='utf-8')
    assert f'href="../labs/{name}/' in chapter
    assert f'href="../../{name}/' in lab_page


def test_the_build_executes_labs_and_stops_on_an_error(tmp_path):
    plugins = yaml.load((ROOT / 'mkdocs.yml').read_text(encoding='utf-8'), Loader=yaml.BaseLoader)['plugins']
    options = next(p['mkdocs-jupyter'] for p in plugins if isinstance(p, dict) and 'mkdocs-jupyter' in p)
    assert (options['execute'], options['allow_errors']) == ('true', 'false')

    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1 / 0')])
    nbformat.write(broken, tmp_path / 'broken.ipynb')
    with pytest.raises(CellExecutionError, match='ZeroDivisionError'):
        nb2html(str(tmp_path / 'broken.ipynb'), execute=True, kernel_name='python3', allow_errors=False)
