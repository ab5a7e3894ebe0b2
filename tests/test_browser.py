"""The built site in headless Chromium, served on localhost: every page in both languages.

Screenshots go to `artifacts/screenshots/` (or `$ARTIFACTS_DIR/screenshots/`),
which CI keeps.
"""

import doctest
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import chromium, drain, serve
from tests.snippets import ROOT

LANGUAGES = {'en': '', 'zh': 'zh/'}
OTHER = {'en': 'zh', 'zh': 'en'}
PAGES = sorted(
    ['' if page.stem == 'index' else f'{page.stem}/' for page in (ROOT / 'docs' / 'en').glob('*.md')]
    + [f'labs/{lab.stem}/' for lab in (ROOT / 'docs' / 'en' / 'labs').glob('*.ipynb')]
)
ARTIFACTS = Path(os.environ.get('ARTIFACTS_DIR', ROOT / 'artifacts')) / 'screenshots'
SEARCHES = [  # (language, query, the page that teaches it)
    ('zh', '张量', 'ndarray/'),
    ('zh', '广播', 'ndarray/'),
    ('zh', '梯度', 'calculus/'),
    ('zh', '雅可比', 'calculus/'),
    ('en', 'broadcasting', 'ndarray/'),
    ('en', 'Jacobian', 'calculus/'),
]
CONTRAST = """
const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number)
const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * b }
const blend = (c, b) => { const [r, g, bl, a = 1] = c.match(/[\\d.]+/g).map(Number); return `rgb(${[r, g, bl].map((v, i) => a * v + (1 - a) * rgb(b)[i]).join(',')})` }
const ratio = (a, b) => { const [x, y] = [lum(blend(a, b)), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
const code = document.querySelector('.highlight code')
const background = getComputedStyle(code).backgroundColor
const colours = new Set([getComputedStyle(code).color, ...[...code.querySelectorAll('span')].map(s => getComputedStyle(s).color)])
return Math.min(...[...colours].map(c => ratio(c, background)))
"""


@pytest.fixture(scope='module')
def browser(site):
    with serve(site) as address, chromium() as session:
        session.address = address
        yield session


def load(browser, path: str):
    browser.get(browser.address + path)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if browser.execute_script(
            "return document.readyState === 'complete'"
            " && [...document.querySelectorAll('.arithmatex')].every(m => m.querySelector('.katex'))"
        ):
            return
        time.sleep(0.05)
    raise AssertionError(f'{path}: the page or its maths did not finish loading')


def local(url: str, address: str) -> bool:
    parts, site = urlparse(url), urlparse(address)
    if parts.scheme in ('data', 'blob', 'about'):
        return True
    return parts.scheme in ('http', 'https', 'ws', 'wss') and parts.netloc == site.netloc


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('page', PAGES)
def test_page_in_the_browser(browser, language, page):
    path = LANGUAGES[language] + page
    load(browser, path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{language}-{page.strip('/').replace('/', '-') or 'index'}.png"))
    console, requests = drain(browser)

    assert [entry['message'] for entry in console if entry['level'] == 'SEVERE'] == []
    assert requests and [url for url in requests if not local(url, browser.address)] == []
    maths = browser.execute_script(
        "return [document.querySelectorAll('.arithmatex').length, document.querySelectorAll('.katex').length,"
        " document.querySelectorAll('.katex-error').length]")
    assert maths[0] == 0 or maths[1] >= maths[0], 'maths left unrendered'
    assert maths[2] == 0, 'KaTeX could not render some maths'
    if page != 'glossary/' and page.startswith(('calculus', 'linear', 'autograd', 'gradient', 'probability', 'labs')):
        assert maths[1] > 0, 'a page about maths shows no rendered maths'
    unlabelled = browser.execute_script("return [...document.images].filter(i => !i.alt.trim()).map(i => i.src)")
    assert unlabelled == []

    link = browser.find_element('css selector', f'.md-select__link[hreflang="{OTHER[language]}"]')
    browser.execute_script('arguments[0].click()', link)
    expected = browser.address + LANGUAGES[OTHER[language]] + page
    deadline = time.monotonic() + 10
    while browser.current_url.split('#')[0] != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert browser.current_url.split('#')[0] == expected
    drain(browser)


@pytest.mark.parametrize(('language', 'query', 'page'), SEARCHES)
def test_search_lists_the_teaching_page_first(browser, language, query, page):
    load(browser, LANGUAGES[language])
    box = browser.find_element('css selector', 'input.md-search__input')
    browser.execute_script('arguments[0].focus()', box)
    box.send_keys(query)
    deadline = time.monotonic() + 10
    first = None
    while time.monotonic() < deadline and not first:
        first = browser.execute_script(
            "const a = document.querySelector('.md-search-result__item a'); return a && a.href")
        time.sleep(0.1)
    drain(browser)
    assert first, f'no result for {query}'
    assert urlparse(first).path == urlparse(browser.address + LANGUAGES[language] + page).path


def test_copy_button_copies_code_that_runs(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    load(browser, 'ndarray/')
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    browser.execute_cdp_cmd('Browser.grantPermissions', {
        'origin': browser.address.rsplit('/site/', 1)[0], 'permissions': ['clipboardReadWrite', 'clipboardSanitizedWrite']})
    blocks = browser.find_elements('css selector', '.language-pycon')
    assert len(blocks) > 20
    pasted, raised = [], []
    for block in blocks:
        shown = block.find_element('css selector', 'code').get_attribute('textContent')
        button = block.find_element('css selector', 'button[data-md-type="copy"]')
        browser.execute_script('arguments[0].scrollIntoView({block: "center"})', button)
        ActionChains(browser).move_to_element(button).click().perform()
        copied = browser.execute_async_script(
            'const done = arguments[0]; navigator.clipboard.readText().then(done, error => done(String(error)))')
        examples = doctest.DocTestParser().get_examples(shown)
        sources = [example.source for example in examples]
        raised += [error_type(example.want) for example in examples if example.exc_msg is not None]
        assert [line for line in copied.splitlines() if line] == [
            line for source in sources for line in source.splitlines() if line]
        assert not any(line.startswith(('>>>', '...')) for line in copied.splitlines())
        pasted.append(copied)
    drain(browser)

    # Pasted into the Python prompt, the code raises exactly the errors the page shows, in order.
    session = subprocess.run([sys.executable, '-i', '-q'], input='\n'.join(pasted) + '\n',
                             capture_output=True, text=True, cwd=tmp_path, timeout=120)
    tracebacks = session.stderr.split('Traceback (most recent call last):')[1:]
    assert [error_type(traceback) for traceback in tracebacks] == raised, session.stderr[-3000:]
    assert raised and 'SyntaxError' not in session.stderr


def error_type(traceback: str) -> str:
    """`RuntimeError` from a traceback: the first unindented line after its header."""
    line = next(line for line in traceback.splitlines()[1:] if line and not line.startswith(' '))
    return line.split(':', 1)[0].rsplit('.', 1)[-1]


@pytest.mark.parametrize('language', LANGUAGES)
def test_dark_mode_keeps_code_and_figures_legible(browser, language):
    load(browser, LANGUAGES[language] + 'linear-algebra/')
    seen = {}
    for _ in range(4):
        scheme = browser.execute_script('return document.body.dataset.mdColorScheme')
        figures = browser.execute_script(
            "return [...document.querySelectorAll('img[src*=\"/figures/\"]')]"
            ".filter(i => i.offsetParent !== null).map(i => i.getAttribute('src'))")
        seen[scheme] = (browser.execute_script(CONTRAST), figures)
        browser.save_screenshot(str(ARTIFACTS / f'{language}-linear-algebra-{scheme}.png'))
        toggle = next(label for label in browser.find_elements('css selector', 'form[data-md-component="palette"] label')
                      if label.is_displayed())
        toggle.click()
        time.sleep(0.2)
    drain(browser)
    assert {'default', 'slate'} <= set(seen)
    for scheme, (contrast, figures) in seen.items():
        assert contrast >= 4.5, f'code text contrast {contrast:.2f} in the {scheme} scheme'
        wanted = '#only-dark' if scheme == 'slate' else '#only-light'
        assert figures and all(src.endswith(wanted) for src in figures), (scheme, figures)
