"""The built site: zero warnings, nothing from another host, Chinese words searchable."""

import json
import re
from pathlib import Path

import pytest
import yaml

from hooks.plain_maths import latex_to_text
from tests.snippets import ROOT

LOADS = re.compile(
    r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="(?P<src>[^"]+)"'
    r'|<link\b[^>]*\bhref="(?P<href>[^"]+)"[^>]*>'
    r'|url\((?P<url>[^)]+)\)|@import\s+["\'](?P<import>[^"\']+)'
)
OTHER_HOST = re.compile(r'^\s*["\']?(?:https?:)?//', re.IGNORECASE)


def test_strict_build_makes_both_languages(site):
    assert (site / 'index.html').is_file()
    assert (site / 'zh' / 'index.html').is_file()


def test_nothing_loads_from_another_host(site):
    """Scripts, stylesheets, fonts and images all come from the site itself (links may point out)."""
    foreign = []
    for path in site.rglob('*'):
        if path.suffix not in ('.html', '.css'):
            continue
        for match in LOADS.finditer(path.read_text(encoding='utf-8', errors='replace')):
            address = next(group for group in match.groups() if group)
            is_link = match['href'] is not None and 'stylesheet' not in match[0] and 'preload' not in match[0]
            if OTHER_HOST.match(address) and not is_link:
                foreign.append(f'{path.relative_to(site)}: {address}')
    assert foreign == []


def search_index(site: Path, language: str) -> dict:
    folder = site / ('' if language == 'en' else language)
    return json.loads((folder / 'search' / 'search_index.json').read_text(encoding='utf-8'))


def search_tokens(site: Path, language: str, location: str) -> set[str]:
    """The words material's search sees on one page, split as its `separator` splits them."""
    index = search_index(site, language)
    assert 'zh' in index['config']['lang']
    separator = re.compile(index['config']['separator'])
    text = ' '.join(doc['title'] + ' ' + doc['text'] for doc in index['docs']
                    if doc['location'].split('#')[0] == location)
    return {token for token in separator.split(text) if token}


@pytest.mark.parametrize(('word', 'language', 'page'),
                         [('张量', 'zh', ''), ('广播', 'zh', 'ndarray/'), ('雅可比矩阵', 'zh', 'calculus/'),
                          ('tensor', 'en', '')])
def test_search_finds_chinese_words_on_their_page(site, word, language, page):
    assert word in search_tokens(site, language, page)


def test_each_language_has_its_own_search_index_without_code_blocks(site):
    english, chinese = search_index(site, 'en'), search_index(site, 'zh')
    assert {doc['location'].split('/')[0] for doc in english['docs']}.isdisjoint({'zh'})
    assert any(doc['location'] == 'ndarray/' for doc in chinese['docs'])
    assert all('数据' not in doc['title'] for doc in english['docs'])
    ndarray = ' '.join(doc['text'] for doc in english['docs'] if doc['location'].startswith('ndarray/'))
    assert '<code>reshape</code>' in ndarray or 'reshape' in ndarray  # the prose that names it
    assert 'X = x.reshape(3, 4)' not in ndarray and 'tensor([[ 0,  1,  2,  3]' not in ndarray  # not the code blocks


@pytest.mark.parametrize(('latex', 'text'), [  # as the labs and pages write them
    (r'\mathrm{diag}\bigl(1 - \tanh^2(\mathbf{A}\mathbf{x})\bigr)\,\mathbf{A}', 'diag(1 - tanh^2(Ax)) A'),
    (r'\lVert \mathbf{x}_{10} \rVert = \sqrt{\bigl(4(1 - 2\eta)^{10}\bigr)^2 + \bigl(2(1 - 4\eta)^{10}\bigr)^2}',
     '‖ x_10 ‖ = √((4(1 - 2η)^10)^2 + (2(1 - 4η)^10)^2)'),
    (r'\frac{\partial L}{\partial \mathbf{w}} = \mathbf{X}^\top (\mathbf{X}\mathbf{w} - \mathbf{y})', '(∂ L)/(∂ w) = Xᵀ (Xw - y)'),
    (r'\left( x \right) \leftarrow \Bigl[ a_{ij} \Bigr]', '( x ) ← [ a_ij ]'),
    (r'J = \begin{bmatrix} x_1 & x_0 & 1 \\ 2x_0 & 0 & -1 \end{bmatrix}', 'J = [x_1, x_0, 1; 2x_0, 0, -1]'),
    (r'V \operatorname{diag}(\boldsymbol\lambda) V^{-1}', 'V diag(λ) V^(-1)'),
    (r'\begin{aligned} a &= b \\ &= c \end{aligned}', 'a = b; = c'),
    (r'5 \cdot \tfrac16 - 1 \cdot \tfrac56 = 0', '5 · 1/6 - 1 · 5/6 = 0'),
])
def test_maths_as_text_reads_as_the_formula(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_search_previews_show_no_sizing_commands_of_the_maths(site, language):
    """`\\bigl(` in a formula is a larger bracket: in a preview it is `(`, not `bigl(`."""
    left = {(doc['location'], match[0]) for doc in search_index(site, language)['docs']
            for match in re.finditer(r'(?<![A-Za-z])[bB]igg?[lrm](?![A-Za-z])', doc['text'])}
    assert not left, sorted(left)[:5]


def test_chinese_palette_differs_from_the_english_one_only_in_its_names():
    config = yaml.load((ROOT / 'mkdocs.yml').read_text(encoding='utf-8'), Loader=yaml.BaseLoader)
    i18n = next(plugin['i18n'] for plugin in config['plugins'] if isinstance(plugin, dict) and 'i18n' in plugin)
    chinese = next(language for language in i18n['languages'] if language['locale'] == 'zh')['theme']['palette']
    english = config['theme']['palette']

    def without_names(palette):
        return [{**scheme, 'toggle': {**scheme['toggle'], 'name': None}} for scheme in palette]

    assert without_names(chinese) == without_names(english)
    assert all(re.search(r'[\u4e00-\u9fff]', scheme['toggle']['name']) for scheme in chinese)


def test_code_blocks_add_no_elements_per_line(site):
    """No page links to a line of code, so a line is no element of its own: pymdownx.highlight's
    `line_spans` and `anchor_linenums` put a span and an anchor on every line, 1,300 of
    `ndarray/`'s 8,100 elements, and each element costs a phone time to lay out."""
    per_line = re.compile(r'<span id="__span-|<a id="__codelineno-')
    pages = [path.relative_to(site).as_posix() for path in site.rglob('*.html')
             if per_line.search(path.read_text(encoding='utf-8'))]
    assert pages == []


def test_figures_are_drawn_while_the_build_goes_on_and_a_broken_one_stops_it(tmp_path, monkeypatch):
    """hooks/figures.py starts drawing when the build starts and does not wait for it (on a cold
    build the labs run meanwhile); the files are added when the build lists its files, where a
    script's error is raised."""
    from mkdocs.config import load_config

    figures = load_config(str(ROOT / 'mkdocs.yml')).plugins['hooks/figures.py']
    go = tmp_path / 'go'
    monkeypatch.setattr(figures, 'FIGURES', tmp_path / 'figures')
    monkeypatch.setattr(figures, 'CACHE', tmp_path / 'cache')
    figures.FIGURES.mkdir()
    (figures.FIGURES / 'broken.py').write_text(
        'import pathlib, time\n\n\ndef draw():\n'
        '    for _ in range(500):  # 5 s at most: a build that waited for the drawing would stop here\n'
        f'        if pathlib.Path({str(go)!r}).exists():\n'
        '            raise RuntimeError("this figure cannot be drawn")\n'
        '        time.sleep(0.01)\n'
        '    raise RuntimeError("the build waited for the drawing")\n', encoding='utf-8')

    figures.on_pre_build(None)  # returns while the script waits

    assert not figures.drawing.done()
    go.touch()
    with pytest.raises(RuntimeError, match='this figure cannot be drawn'):
        figures.on_files([], None)
