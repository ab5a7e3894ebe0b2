"""The labs: the same code in both languages, executed by the build, with plots described in the page's language;
heading anchors shared by both languages; check cells that assert the numbers the prose states; folded solutions."""

import ast
import math
import re
import urllib.parse

import nbformat
import pytest
import yaml
from mkdocs_jupyter.convert import nb2html
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.snippets import ROOT

LABS = sorted(path.stem for path in (ROOT / 'docs' / 'en' / 'labs').glob('*.ipynb'))
LANGUAGES = {'en': '', 'zh': 'zh/'}
CJK = re.compile(r'[\u4e00-\u9fff]')
IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/png[^>]*>')


def lab(language: str, name: str):
    return nbformat.read(ROOT / 'docs' / language / 'labs' / f'{name}.ipynb', as_version=4)


def test_the_labs_exist():
    assert set(LABS) >= {'ndarray', 'preprocessing', 'linear-algebra', 'calculus', 'autograd', 'gradient-descent',
                         'probability', 'classifier'}
    assert set(LABS) == {path.stem for path in (ROOT / 'docs' / 'zh' / 'labs').glob('*.ipynb')}


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


def test_a_labs_cached_run_belongs_to_the_python_and_packages_that_made_it(monkeypatch):
    """The build reuses a lab's executed cells only while the notebook, Python and the examples'
    packages are the ones that ran it: an upgrade of torch runs every lab again."""
    from importlib import metadata

    from hooks import labs

    folder = labs.cache_folder('en')
    assert folder.parent.parent == labs.CACHE and folder.name == 'en'
    real = metadata.version
    monkeypatch.setattr(metadata, 'version', lambda name: '0.0.1' if name == 'torch' else real(name))
    assert labs.cache_folder('en') != folder
    monkeypatch.setattr(metadata, 'version', real)
    monkeypatch.setattr(labs.sys, 'version', labs.sys.version + ' (another build)')
    assert labs.cache_folder('en') != folder


@pytest.fixture(scope='module')
def lab_runs():
    """hooks/lab_runs.py, loaded as MkDocs loads it (its workers must not need it by name)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / 'mkdocs.yml')).plugins['hooks/lab_runs.py']


def write_labs(folder, labs: dict) -> dict:
    """{(language, name): cells} as notebooks under folder/docs; {(language, name): path}."""
    paths = {key: folder / 'docs' / key[0] / 'labs' / f'{key[1]}.ipynb' for key in labs}
    for key, cells in labs.items():
        paths[key].parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(cells=cells), paths[key])
    return paths


def test_a_lab_shares_one_run_between_languages_only_when_its_code_cells_are_the_same(lab_runs, tmp_path):
    code, markdown = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    paths = write_labs(tmp_path, {
        ('en', 'same'): [markdown('# Lab'), code('x = 1'), markdown('Then:'), code('x + 1')],
        ('zh', 'same'): [markdown('# 实验'), code('x = 1'), code('x + 1'), markdown('于是。')],
        ('en', 'other'): [code('print(1)')],
        ('zh', 'other'): [code('print(2)')],
    })
    groups = lab_runs.same_code(sorted(paths.values()))
    assert sorted(groups) == sorted([[paths['en', 'same'], paths['zh', 'same']], [paths['en', 'other']], [paths['zh', 'other']]])


def test_labs_missing_from_the_cache_run_side_by_side_once_for_both_languages_and_are_kept_as_mkdocs_jupyter_keeps_them(
        lab_runs, tmp_path, monkeypatch):
    """hooks/lab_runs.py: before a build renders the labs, the ones it has not run yet run at once;
    a lab whose code cells are the same in both languages runs once, and both languages get its
    outputs. Each cache entry is what mkdocs-jupyter writes when it runs the lab itself, and a lab
    that fails gets none (the build then runs it and stops on its error, as above). The Chinese lab,
    whose outputs came from the English run, is then rendered by mkdocs-jupyter's own page path into
    a second cache: the two entries must be the same bytes (an option the hook did not pass on, such
    as `no_prompt` here, or anything of the run it did not hand over, would differ)."""
    from types import SimpleNamespace

    from mkdocs_jupyter.plugin import Plugin

    monkeypatch.setattr(lab_runs, 'cache_folder', lambda language: tmp_path / 'cache' / language)
    jupyter = Plugin()
    jupyter.load_config({'execute': True, 'allow_errors': False, 'kernel_name': 'python3', 'no_prompt': True})
    config = type('Config', (dict,), {'plugins': {'mkdocs-jupyter': jupyter}})(docs_dir=str(tmp_path / 'docs'))
    runs = tmp_path / 'runs.txt'  # each run of the shared code adds a line
    code = f'open({str(runs)!r}, "a").write("ran\\n")\nprint(6 * 7)'
    paths = write_labs(tmp_path, {
        ('en', 'good'): [nbformat.v4.new_markdown_cell('# A Lab: *one* cell'), nbformat.v4.new_code_cell(code)],
        ('zh', 'good'): [nbformat.v4.new_markdown_cell('# 实验：*一个*单元'), nbformat.v4.new_code_cell(code)],
        ('zh', 'broken'): [nbformat.v4.new_code_cell('1 / 0')],
    })
    entries = lab_runs.missing(config)
    assert set(entries) == set(paths.values())

    lab_runs.on_pre_build(config)

    assert set(lab_runs.missing(config)) == {paths['zh', 'broken']}
    assert runs.read_text() == 'ran\n', 'the code the two languages share did not run exactly once'
    zh = paths['zh', 'good']
    jupyter.config['cache_dir'] = str(tmp_path / 'mkdocs-jupyter')
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(zh), src_path='zh/labs/good.ipynb'), abs_url='/zh/labs/good/')
    jupyter.on_pre_build(config)
    jupyter.on_pre_page(page, config, files=None)
    page.render(config, None)
    (by_mkdocs_jupyter,) = (tmp_path / 'mkdocs-jupyter').glob('*.json')
    assert by_mkdocs_jupyter.name == entries[zh].name
    assert entries[zh].read_bytes() == by_mkdocs_jupyter.read_bytes()
    assert '42' in page.content and '实验' in page.content and '42' in entries[paths['en', 'good']].read_text()


# Headings: the same explicit anchors in both languages (issue #14)

HEADING = re.compile(r'^(#{1,6})\s', re.MULTILINE)
BUILT_HEADING = re.compile(r'<h[1-6]\b[^>]*\bid="([^"]*)"')
ANY_HEADING = re.compile(r'<h[1-6]\b(?![^>]*\bid=")[^>]*>')
SAME_PAGE_LINK = re.compile(r'href="#([^"]*)"')
IDS = re.compile(r'\bid="([^"]+)"')


def built(site, language: str, name: str) -> str:
    return (site / LANGUAGES[language] / 'labs' / name / 'index.html').read_text(encoding='utf-8')


@pytest.mark.parametrize('name', LABS)
def test_every_heading_cell_names_its_anchor_the_same_in_both_languages(name):
    anchors = {}
    for language in LANGUAGES:
        anchors[language] = []
        for cell in lab(language, name).cells:
            if cell.cell_type != 'markdown':
                continue
            headings = HEADING.findall(cell.source)
            assert len(headings) <= 1, f'one heading per cell, at its top: {cell.id}'
            assert bool(headings) == ('anchor' in cell.metadata), f'{language} {cell.id}: a heading needs an anchor'
            if headings:
                assert cell.source.startswith('#'), cell.id
                assert re.fullmatch(r'[a-z0-9]+(-[a-z0-9]+)*', cell.metadata.anchor), cell.metadata.anchor
                anchors[language].append(cell.metadata.anchor)
        assert len(set(anchors[language])) == len(anchors[language])
    assert anchors['en'] == anchors['zh']


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_built_lab_headings_have_ids_and_every_same_page_link_resolves(site, language, name):
    page = built(site, language, name)
    headings = BUILT_HEADING.findall(page)
    assert headings and '' not in headings, 'a heading with an empty id'
    assert ANY_HEADING.findall(page) == [], 'a heading without an id'
    ids = set(IDS.findall(page))
    assert sorted(set(SAME_PAGE_LINK.findall(page)) - ids) == []


@pytest.mark.parametrize('name', LABS)
def test_built_lab_has_the_same_heading_ids_and_contents_in_both_languages(site, name):
    english, chinese = (built(site, language, name) for language in LANGUAGES)
    assert BUILT_HEADING.findall(english) == BUILT_HEADING.findall(chinese)
    toc = re.compile(r'<a href="#([^"]+)" class="md-nav__link">')
    assert toc.findall(english) == toc.findall(chinese) != []
    if name == 'linear-algebra':  # issue #14: a heading's code stays in its table-of-contents entry
        assert re.search(r'md-nav__link">\s*<span class="md-ellipsis">\s*对称矩阵：用 eigh\s*</span>', chinese)


# Markdown cells: links, anchors and the glossary's Chinese terms, as on the chapter pages

LINK = re.compile(r'\]\(([^)\s]+)\)|href="([^"]+)"')


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_links_in_a_lab_lead_to_existing_pages_and_anchors(site, language, name):
    base = f'https://site.invalid/{LANGUAGES[language]}labs/{name}/'
    for cell in lab(language, name).cells:
        if cell.cell_type != 'markdown':
            continue
        for target in (a or b for a, b in LINK.findall(cell.source)):
            url = urllib.parse.urlsplit(urllib.parse.urljoin(base, target))
            assert url.netloc == 'site.invalid', f'{cell.id}: {target} leaves the site'
            path = site / url.path.lstrip('/')
            path = path / 'index.html' if url.path.endswith('/') else path
            assert path.is_file(), f'{cell.id}: {target} leads nowhere'
            if url.fragment:
                assert f'id="{url.fragment}"' in path.read_text(encoding='utf-8'), f'{cell.id}: {target}: no such anchor'


@pytest.mark.parametrize('name', LABS)
def test_chinese_lab_uses_the_glossarys_terms(name):
    from tests.test_glossary import chinese_term_problems

    text = '\n\n'.join(cell.source for cell in lab('zh', name).cells if cell.cell_type == 'markdown')
    assert chinese_term_problems(text) == []


# Checks: the numbers the prose states are asserted by check cells, and the build runs them (issue #12)

NUMBER = re.compile(r'(?P<mantissa>\d+(?:\.\d+)?)\s*\\times\s*10\^\{?(?P<exp1>-?\d+)\}?'
                    r'|(?<![\d.])10\^\{?(?P<exp2>-?\d+)\}?'
                    r'|(?P<percent>\d+(?:\.\d+)?)\s*%'
                    r'|(?P<plain>\d+(?:\.\d+)?(?:e-?\d+)?)')


def cells(name: str, tag: str, language: str = 'en'):
    return [cell for cell in lab(language, name).cells if tag in cell.metadata.get('tags', [])]


def stated_numbers(text: str) -> list[float]:
    """Every number written in a lab's prose: 0.198, 99.8 % (also as 0.998), $10^{-5}$, $1.2 \\times 10^{-7}$."""
    numbers = []
    for match in NUMBER.finditer(text):
        if match['mantissa']:
            numbers.append(float(match['mantissa']) * 10.0 ** int(match['exp1']))
        elif match['exp2']:
            numbers.append(10.0 ** int(match['exp2']))
        elif match['percent']:
            numbers += [float(match['percent']), float(match['percent']) / 100]
        else:
            numbers.append(float(match['plain']))
    return numbers


def asserted_numbers(source: str) -> list[float]:
    asserts = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assert)]
    return [abs(node.value) for statement in asserts for node in ast.walk(statement.test)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float)]


def test_stated_numbers_reads_the_ways_labs_write_numbers():
    assert stated_numbers(r'at 0.198, within $10^{-5}$; $1.2 \times 10^{-7}$ and 99.8 % of 3000, 1e-4') == [
        0.198, 1e-5, 1.2e-7, 99.8, 0.998, 3000, 1e-4]
    assert sorted(asserted_numbers('assert abs(x - 0.198) < 5e-4 and y == -1\nprint(7)')) == [5e-4, 0.198, 1]


@pytest.mark.parametrize('name', LABS)
def test_every_lab_has_check_cells_that_assert_something(name):
    checks = cells(name, 'check')
    assert checks, 'a lab checks its results: a code cell tagged "check"'
    for cell in checks:
        assert cell.cell_type == 'code'
        asserts = [node for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Assert)]
        assert asserts, f'{cell.id} asserts nothing'
        assert all(not isinstance(node.test, ast.Constant) for node in asserts), f'{cell.id}: assert on a constant'


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_every_number_a_check_asserts_is_stated_in_the_prose(language, name):
    prose = '\n'.join(cell.source for cell in lab(language, name).cells if cell.cell_type == 'markdown')
    stated = stated_numbers(prose)
    for cell in cells(name, 'check', language):
        unstated = [number for number in asserted_numbers(cell.source)
                    if not any(math.isclose(number, value, rel_tol=1e-9) for value in stated)]
        assert unstated == [], f'{cell.id}: the prose never states these numbers'


def test_a_planted_change_that_alters_a_result_fails_its_check():
    """Run the probability lab's rolls as stored (its check passes), then with another seed (its check must fail)."""
    notebook = lab('en', 'probability')
    by_id = {cell.id: cell for cell in notebook.cells}
    rolls = by_id['rolls']
    planted = nbformat.v4.new_code_cell(rolls.source.replace('torch.manual_seed(0)', 'torch.manual_seed(1)'))
    assert planted.source != rolls.source and 'rolls-check' in by_id
    imports = nbformat.v4.new_code_cell('import torch')  # all the rolls need of the setup cell (no Matplotlib: faster)
    notebook.cells = [imports, rolls, by_id['rolls-check'], planted, by_id['rolls-check']]
    client = NotebookClient(notebook, kernel_name='python3', timeout=60)
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells[:4]):
            client.execute_cell(cell, index)
        with pytest.raises(CellExecutionError, match='AssertionError'):
            client.execute_cell(notebook.cells[4], 4)


# "Try this": every exercise has its solution, folded away and run by the build

EXERCISE = re.compile(r'^\d+\. ', re.MULTILINE)
SOLUTION = {'en': 'Solution', 'zh': '参考答案'}
CHECK = {'en': 'Check', 'zh': '检查'}


def exercises(notebook) -> list[list]:
    """The "Try this" section as groups of cells, each an exercise followed by the cells after it."""
    start = next(i for i, cell in enumerate(notebook.cells) if cell.metadata.get('anchor') == 'try-this')
    groups = []
    for cell in notebook.cells[start:]:
        if cell.cell_type == 'markdown' and 'solution' not in cell.metadata.get('tags', []) and EXERCISE.search(cell.source):
            assert len(EXERCISE.findall(cell.source)) == 1, f'one exercise per cell: {cell.id}'
            groups.append([cell])
        elif groups:
            groups[-1].append(cell)
    return groups


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_every_exercise_has_its_solution_cell(language, name):
    groups = exercises(lab(language, name))
    assert groups, 'a lab ends with exercises ("Try this")'
    for exercise, *after in groups:
        solution = [cell for cell in after if 'solution' in cell.metadata.get('tags', [])]
        assert any(cell.cell_type == 'code' for cell in solution), f'{exercise.id} has no solution code'


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('name', LABS)
def test_built_lab_folds_solutions_away_and_shows_checks_in_its_language(site, language, name):
    page = built(site, language, name)
    folded = re.findall(r'<details class="success lab-solution"><summary>([^<]*)</summary>', page)
    assert folded == [SOLUTION[language]] * len(exercises(lab(language, name)))
    shown = re.findall(r'<div class="admonition success lab-check"><p class="admonition-title">([^<]*)</p>', page)
    assert shown == [CHECK[language]] * len(cells(name, 'check'))
    assert 'class="cell-tag"' not in page, 'the cell tags are not shown as English words'
    for details in re.findall(r'<details class="success lab-solution">.*?</details>', page, re.DOTALL):
        assert 'jp-CodeCell' in details
