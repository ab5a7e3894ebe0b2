"""The built site in headless Chromium, served on localhost: every page in both languages and both schemes.

Each page is loaded once per language: the English page at 1280 px in the light scheme,
the Chinese one, opened by the English page's language link, at a phone's 390 px in the
dark scheme, as a reader's phone loads it. Everything about a load is checked before the
next one. At 1280 px: the console, the requests, the maths, the images' alt text, the
code colours, axe-core and a screenshot; then the reader's system switches to the other
scheme while the page stays open, and the same checks run again in it (so each page is
also seen to follow a change of scheme). At 390 px: what sticks out sideways, and a
second screenshot. The English page is narrowed to 390 px when its checks at 1280 px are
done, and the Chinese one is widened to 1280 px when its checks at 390 px are done, so
each page is also seen to follow a change of width both ways. In the dark scheme axe runs
only its colour rules: the page's elements are the same in both schemes, only their
colours change, so every other rule would give the same answer twice. The pages are
shared between two browser sessions that run at once (axe is most of the time, and each
keeps one core busy), in the background from this module's first test on, beside the rest
of the run; their tests come last and wait for them. Screenshots go to
`artifacts/screenshots/` (or `$ARTIFACTS_DIR/screenshots/`), which CI keeps.
"""

import doctest
import itertools
import os
import queue
from concurrent.futures import Future, ThreadPoolExecutor
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from tests.browser import AXE, chromium, drain, find_browser, require_browser, serve
from tests.snippets import ROOT

LANGUAGES = {'en': '', 'zh': 'zh/'}
OTHER = {'en': 'zh', 'zh': 'en'}
SCHEMES = {'light': 'default', 'dark': 'slate'}
PAGES = sorted(
    ['' if page.stem == 'index' else f'{page.stem}/' for page in (ROOT / 'docs' / 'en').glob('*.md')]
    + [f'labs/{lab.stem}/' for lab in (ROOT / 'docs' / 'en' / 'labs').glob('*.ipynb')]
)
MATHS_PAGES = ('calculus', 'linear', 'autograd', 'gradient', 'probability', 'labs')
PHONE = {'width': 390, 'height': 844, 'deviceScaleFactor': 1, 'mobile': True}
ARTIFACTS = Path(os.environ.get('ARTIFACTS_DIR', ROOT / 'artifacts')) / 'screenshots'
SEARCH_INDEX = '/search/search_index.json'  # fetched when the reader reaches for search (search-on-demand.js)
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
if (!code) return null
const background = getComputedStyle(code).backgroundColor
const colours = new Set([getComputedStyle(code).color, ...[...code.querySelectorAll('span')].map(s => getComputedStyle(s).color)])
return Math.min(...[...colours].map(c => ratio(c, background)))
"""
# What a reader sees of one load: everything is read in one script, after the page settled.
STATE = """
const maths = [...document.querySelectorAll('.arithmatex')]
return {
  scheme: document.body.dataset.mdColorScheme,
  rendered: document.querySelectorAll('.katex').length,
  unrendered: maths.filter(m => !m.querySelector('.katex')).map(m => m.textContent.slice(0, 60)),
  errors: [...document.querySelectorAll('.katex-error')].map(e => e.textContent.slice(0, 60)),
  unlabelled: [...document.images].filter(i => !i.alt.trim()).map(i => i.src),
  poking: [...document.querySelectorAll('article table')].filter(table => {
    const box = (table.closest('.md-typeset__scrollwrap') ?? table).getBoundingClientRect()
    return box.width && box.right > table.closest('article').getBoundingClientRect().right + 1
  }).map(table => table.textContent.trim().slice(0, 40)),
  titleLines: (title => title ? Math.round(title.getBoundingClientRect().height
    / parseFloat(getComputedStyle(title).lineHeight)) : 0)(document.querySelector('article h1')),
  figures: [...document.querySelectorAll('img[src*="/figures/"]')]
    .filter(i => i.offsetParent !== null).map(i => i.getAttribute('src')),
}
"""
# Elements that stick out of the viewport, left or right, where no ancestor lets the reader scroll
# to them: the page itself must not scroll sideways, and a box that cuts its content off (overflow
# hidden or clip) hides it for good. Exercise answers are opened first. Elements that are not shown
# (display, visibility, or inside a closed drawer, which material moves off the screen) and the
# shapes inside an icon do not count.
OVERFLOW = """
document.querySelectorAll('details').forEach(d => d.open = true)
const width = document.documentElement.clientWidth
const offscreen = el => el.closest('.md-sidebar, .md-search, .md-skip, .md-tooltip, .md-tooltip2, .katex-mathml')
const out = new Map()
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect()
  // text spills out of a box that does not scroll: the text's right edge, not the box's
  const extra = el.scrollWidth - el.clientWidth
  const spills = extra > 1 && getComputedStyle(el).overflowX === 'visible' ? extra : 0
  if (!box.width || !box.height || (box.right + spills <= width + 1 && box.left >= -1)) continue
  if (el.parentElement.closest('svg') || offscreen(el) || !el.checkVisibility({visibilityProperty: true})) continue
  let scrolls = false
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    const x = getComputedStyle(up).overflowX
    if (x === 'auto' || x === 'scroll') { scrolls = true; break }
    if (x === 'hidden' || x === 'clip') break
  }
  if (!scrolls) out.set(el, `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(box.left)}..${Math.round(box.right + spills)} px: ${el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)}`)
}
const lines = [...out].filter(([el]) => ![...out.keys()].some(other => other !== el && el.contains(other))).map(([, line]) => line)
const page = document.scrollingElement.scrollWidth
if (page > width + 1) lines.push(`the page is ${page} px wide`)
return lines.slice(0, 12)
"""
# Long pages lay out only the blocks (a lab: the cells) near the screen (`content-visibility: auto` in extra.css):
# a block far down is laid out when the reader scrolls to it. The checks must see every block as
# it is on the screen, so they lay out all of them first, and wait two frames, in which the
# page's own observers (keyboard-scrolling.js) see the new sizes.
LAY_OUT_EVERYTHING = """
const done = arguments[arguments.length - 1]
for (const el of document.querySelectorAll('.md-content__inner > *, .jp-Notebook > *'))
  if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible'
requestAnimationFrame(() => requestAnimationFrame(() => done()))
"""
# Shown on the page, yet still skipped by `content-visibility` after LAY_OUT_EVERYTHING: blocks
# the checks would not see (a new rule in extra.css that LAY_OUT_EVERYTHING does not know).
STILL_SKIPPED = """
return [...document.querySelectorAll('.md-content__inner *')]
  .filter(el => el.checkVisibility() && !el.checkVisibility({contentVisibilityAuto: true}))
  .slice(0, 3).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.textContent.trim().slice(0, 40)}`)
"""
# The theme fades colours in 125 ms when the scheme changes, and Chromium leaves a fade far off
# the screen at its first colour until the reader scrolls there: the checks see the colours as
# the fades end.
NO_FADES = """
const style = document.createElement('style')
style.textContent = '*, *::before, *::after { transition: none !important }'
document.head.append(style)
"""
COLOUR_RULES = ['color-contrast', 'link-in-text-block']  # axe's rules whose answer depends on colours
WORKERS = max(1, min(2, os.cpu_count() or 1))  # a renderer keeps one core busy
AXE_RUN = """
const done = arguments[arguments.length - 1]
axe.run(document, {resultTypes: ['violations'], ...arguments[0]}).then(
  result => done(result.violations.map(v => `${v.id} (${v.help}): ` + v.nodes.slice(0, 4).map(
    n => n.target.join(' ') + (n.any[0] ? ` [${n.any[0].message}]` : '')).join('; '))),
  error => done([`axe failed: ${error}`]))
"""


@pytest.fixture(scope='module')
def browser(site):
    with serve(site) as address, chromium() as session:
        session.address = address
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        yield session


def wait_for(browser, script: str, what: str, *args, timeout: float = 10, asynchronous: bool = False):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    run = browser.execute_async_script if asynchronous else browser.execute_script
    try:
        return WebDriverWait(browser, timeout, poll_frequency=0.02).until(lambda b: run(script, *args))
    except TimeoutException:
        raise AssertionError(f'{browser.current_url}: {what}') from None


SETTLED = ("return document.readyState === 'complete' && !window.__left && typeof document$ !== 'undefined'"
           " && [...document.querySelectorAll('.arithmatex')].every(m => m.querySelector('.katex, .katex-error'))")


def load(browser, path: str):
    browser.get(browser.address + path)
    wait_for(browser, SETTLED, 'the page or its maths did not finish loading')


def emulate(browser, scheme: str):
    """The reader's system colour scheme; the palette's first toggle follows it."""
    browser.execute_cdp_cmd('Emulation.setEmulatedMedia', {
        'features': [{'name': 'prefers-color-scheme', 'value': scheme}]})


def local(url: str, address: str) -> bool:
    parts, site = urlparse(url), urlparse(address)
    if parts.scheme in ('data', 'blob', 'about'):
        return True
    return parts.scheme in ('http', 'https', 'ws', 'wss') and parts.netloc == site.netloc


def check_load(browser, language: str, page: str, schemes: tuple[str, str]) -> list[str]:
    """Everything wrong with the page just loaded, one line each. Loaded at a phone's width, it is
    checked there first, then widened; loaded wide, it is checked in the scheme it was loaded in,
    then in the other, which the reader's system switches to while the page is open, and then
    narrowed to a phone's width and checked there."""
    where = LANGUAGES[language] + page or '/'
    problems = logged(browser, 'while loading', expect_requests=True)
    browser.execute_async_script(LAY_OUT_EVERYTHING)
    problems += [f'still skipped by content-visibility, so not checked: {element}'
                 for element in browser.execute_script(STILL_SKIPPED)]
    browser.execute_script(AXE)
    browser.execute_script(NO_FADES)
    loaded_narrow = browser.narrow
    if loaded_narrow:
        problems += on_a_phone(browser, language, page, schemes[0])
        widen(browser)
    for scheme in schemes:
        emulate(browser, scheme)
        problems += [f'({scheme}) {problem}' for problem in check_scheme(browser, language, page, scheme)]
    if not loaded_narrow:
        narrow(browser)
        problems += on_a_phone(browser, language, page, schemes[-1])
    problems += logged(browser, 'after switching schemes and widths')
    return [f'{where}: {problem}' for problem in problems]


def logged(browser, when: str, expect_requests: bool = False) -> list[str]:
    """Console errors and requests to other hosts since the last look."""
    console, requests = drain(browser)
    problems = [f'console, {when}: {entry["message"]}' for entry in console if entry['level'] == 'SEVERE']
    if expect_requests and not requests:
        problems.append('no requests were logged')
    problems += [f'the search index was fetched, {when}, though nobody reached for search: {url}'
                 for url in requests if is_search_index(url)]
    return problems + [f'request to another host, {when}: {url}' for url in requests if not local(url, browser.address)]


def is_search_index(url: str) -> bool:
    return urlparse(url).path.endswith(SEARCH_INDEX)


def check_scheme(browser, language: str, page: str, scheme: str) -> list[str]:
    problems = []
    try:
        wait_for(browser, f'return document.body.dataset.mdColorScheme === "{SCHEMES[scheme]}"',
                 f'the colour scheme did not follow the system to {scheme}')
    except AssertionError as error:
        return [str(error)]
    state = browser.execute_script(STATE)
    problems += [f'maths left unrendered: {text}' for text in state['unrendered']]
    problems += [f'KaTeX could not render: {text}' for text in state['errors']]
    if page != 'glossary/' and page.startswith(MATHS_PAGES) and not state['rendered']:
        problems.append('a page about maths shows no maths')
    problems += [f'image without alt text: {src}' for src in state['unlabelled']]
    problems += [f'a table (or the box it scrolls in) sticks out of the text column: {text}' for text in state['poking']]
    if page == '' and state['titleLines'] != 1:
        problems.append(f'the title takes {state["titleLines"]} lines at 1280 px')
    wanted = '#only-dark' if scheme == 'dark' else '#only-light'
    problems += [f'figure for the other scheme: {src}' for src in state['figures'] if not src.endswith(wanted)]
    contrast = browser.execute_script(CONTRAST)
    if contrast is not None and contrast < 4.5:
        problems.append(f'code text contrast {contrast:.2f}')

    rules = {} if scheme == 'light' else {'runOnly': {'type': 'rule', 'values': COLOUR_RULES}}
    problems += [f'axe: {violation}' for violation in browser.execute_async_script(AXE_RUN, rules)]

    browser.save_screenshot(str(ARTIFACTS / f'{screenshot_name(language, page, scheme)}.png'))
    return problems


def screenshot_name(language: str, page: str, scheme: str) -> str:
    return f"{language}-{page.strip('/').replace('/', '-') or 'index'}-{scheme}"


def narrow(browser):
    """The viewport of a phone (the next page loads in it too, until `widen`)."""
    browser.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', PHONE)
    browser.narrow = True
    # the screen's width: the page's (innerWidth) grows with whatever sticks out of it
    wait_for(browser, f'return screen.width === {PHONE["width"]}', 'the viewport did not narrow')


def widen(browser):
    """The browser window's own viewport again (1280 px)."""
    browser.execute_cdp_cmd('Emulation.clearDeviceMetricsOverride', {})
    browser.narrow = False
    wait_for(browser, f'return screen.width !== {PHONE["width"]}', 'the viewport did not widen')


def on_a_phone(browser, language: str, page: str, scheme: str) -> list[str]:
    """What overflows at a phone's width (the viewport is one), and a screenshot there."""
    browser.execute_async_script(LAY_OUT_EVERYTHING)
    problems = [f'at {PHONE["width"]} px: {line}' for line in browser.execute_script(OVERFLOW)]
    browser.save_screenshot(str(ARTIFACTS / f'{screenshot_name(language, page, scheme)}-phone.png'))
    return problems


def follow_language_link(browser, language: str, page: str):
    """Click the link to the other language: it must open the same page there."""
    browser.execute_script('window.__left = true')
    link = browser.find_element('css selector', f'.md-select__link[hreflang="{OTHER[language]}"]')
    browser.execute_script('arguments[0].click()', link)
    wait_for(browser, SETTLED, f'the {OTHER[language]} link did not load a page')
    expected = browser.address + LANGUAGES[OTHER[language]] + page
    assert browser.current_url.split('#')[0] == expected, f'the {OTHER[language]} link of {language}/{page} opened {browser.current_url}'


def check_page(browser, page: str) -> list[str]:
    """The English page loaded wide in the light scheme, then the Chinese one (by its language
    link) loaded at a phone's width in the dark scheme; each is checked in both schemes and both widths."""
    problems = []
    try:
        emulate(browser, 'light')
        load(browser, page)
        problems += check_load(browser, 'en', page, ('light', 'dark'))
        follow_language_link(browser, 'en', page)
        problems += check_load(browser, 'zh', page, ('dark', 'light'))
    except AssertionError as error:
        problems.append(str(error))
    finally:
        emulate(browser, 'light')
        if browser.narrow:
            widen(browser)
    return problems


@pytest.fixture(scope='session', autouse=True)
def page_problems(site, request):
    """The checks of the selected pages, started in the background as this module's first test
    starts: their tests come last (`after_the_rest`, tests/conftest.py), so the rest of the run
    goes on meanwhile. WORKERS browser sessions check pages at once, each taking the next page
    when it is done, the largest pages first. {page: Future of its problems}; {} without a browser."""
    selected = [item.callspec.params['page'] for item in request.session.items
                if getattr(item, 'originalname', None) == 'test_page_in_both_languages_and_schemes']
    if not selected or not find_browser():
        yield {}
        return
    results = {page: Future() for page in selected}
    waiting = queue.SimpleQueue()
    for page in sorted(selected, key=lambda page: -(site / page / 'index.html').stat().st_size):
        waiting.put(page)

    def give_up(error: BaseException):
        """No more pages from this session: the ones still waiting fail with its error."""
        while True:
            try:
                results[waiting.get_nowait()].set_exception(error)
            except queue.Empty:
                return

    def check_pages():
        try:
            with chromium() as session:
                session.address, session.narrow = address, False
                while True:
                    try:
                        page = waiting.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        results[page].set_result(check_page(session, page))
                    except BaseException as error:
                        results[page].set_exception(error)
                        raise
        except BaseException as error:
            give_up(error)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for page, language, scheme, width in itertools.product(selected, LANGUAGES, SCHEMES, ('', '-phone')):
        (ARTIFACTS / f'{screenshot_name(language, page, scheme)}{width}.png').unlink(missing_ok=True)  # from earlier runs
    with serve(site) as address, ThreadPoolExecutor(WORKERS) as pool:
        for _ in range(WORKERS):
            pool.submit(check_pages)
        yield results
        give_up(RuntimeError('the test run ended before this page was checked'))  # e.g. after -x


@pytest.mark.after_the_rest
@pytest.mark.parametrize('page', PAGES)
def test_page_in_both_languages_and_schemes(page_problems, page):
    if page not in page_problems:
        require_browser()
    problems = page_problems[page].result()
    assert not problems, '\n'.join(problems)


def search(browser, language: str, query: str) -> list[str]:
    """The addresses of the results material lists for a query, best first."""
    load(browser, LANGUAGES[language])
    box = browser.find_element('css selector', 'input.md-search__input')
    browser.execute_script('arguments[0].focus()', box)
    box.send_keys(query)
    results = wait_for(browser, "const links = [...document.querySelectorAll('.md-search-result__item a')];"
                       " return links.length && links.map(a => a.href)", f'no result for {query}')
    drain(browser)
    return results


@pytest.mark.parametrize('reach', ['pointer', 'key'])
def test_the_search_index_waits_until_the_reader_reaches_for_search(browser, reach):
    from selenium.webdriver.common.action_chains import ActionChains

    load(browser, 'calculus/')
    assert not any(map(is_search_index, drain(browser)[1])), 'the page asked for the search index as it loaded'
    if reach == 'pointer':
        ActionChains(browser).move_to_element(browser.find_element('css selector', '.md-search__form')).perform()
    else:
        ActionChains(browser).send_keys('/').perform()  # one of material's keys for the search box
        wait_for(browser, 'return document.activeElement.matches("input.md-search__input")', 'the / key did not focus the search box')
    assert wait_for(browser, "return performance.getEntriesByType('resource').some(e => e.name.includes(arguments[0]))",
                    f'reaching for search ({reach}) did not fetch the index', SEARCH_INDEX)
    drain(browser)


@pytest.mark.parametrize(('language', 'query', 'page'), SEARCHES)
def test_search_lists_the_teaching_page_first(browser, language, query, page):
    first = search(browser, language, query)[0]
    assert urlparse(first).path == urlparse(browser.address + LANGUAGES[language] + page).path


@pytest.mark.parametrize(('query', 'page'), [('链式法则', 'calculus/'), ('张量', 'ndarray/')])
def test_a_chinese_search_highlights_the_whole_term_on_the_page_it_opens(browser, query, page):
    search(browser, 'zh', query)
    browser.execute_script('window.__left = true')
    browser.execute_script("document.querySelector('.md-search-result__item a').click()")
    wait_for(browser, SETTLED + " && document.querySelectorAll('mark[data-md-highlight]').length",
             f'{query}: the page opened from the search marks nothing')
    assert urlparse(browser.current_url).path.endswith('/zh/' + page)
    assert parse_qs(urlparse(browser.current_url).query)['h'] == [query]
    marked = browser.execute_script("return [...document.querySelectorAll('mark[data-md-highlight]')].map(m => m.textContent)")
    drain(browser)
    assert set(marked) == {query}


@pytest.mark.parametrize(('language', 'query'), [('en', 'chain rule'), ('zh', '链式法则'), ('en', 'Jacobian')])
def test_search_previews_read_as_text(browser, language, query):
    search(browser, language, query)
    previews = browser.execute_script("""
return [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll('article')].map(article => [article.textContent, article.querySelectorAll('.md-tag').length]))
""")
    drain(browser)
    for item in previews:
        for text, _ in item:
            assert not re.search(r'\\[(\[]|\\(frac|mathbf|partial)\b', text), text
        assert all(tags == 0 for _, tags in item[1:]), f'a section repeats its page\'s tags: {item}'


# What each copy button would copy, by material's own rule (the `data-copy` of the block's code,
# else its text), for every block in one script; `clicked` checks that rule with real clicks.
WOULD_COPY = """
return [...document.querySelectorAll(arguments[0])].map(block => {
  const button = block.querySelector('button[data-md-type="copy"]')
  const target = document.querySelector(button.dataset.clipboardTarget)
  const holder = target.closest('[data-copy]')
  return [block.querySelector('code').textContent, (holder ? holder.dataset.copy : target.innerText).trimEnd()]
})
"""


# The theme mounts a block's copy button when the block first nears the screen (`content.lazy`):
# each block is brought to the screen (its tab selected first) until its button is there; then
# the tabs the page had selected are selected again.
MOUNT_COPY_BUTTONS = """
const done = arguments[arguments.length - 1]
const frame = () => new Promise(resolve => requestAnimationFrame(resolve))
;(async () => {
  const selected = [...document.querySelectorAll('.tabbed-set > input:checked')]
  for (const block of document.querySelectorAll(arguments[0])) {
    const tab = block.closest('.tabbed-block')  // a block in a tab that is not selected: select it
    if (tab) tab.closest('.tabbed-set').querySelectorAll(':scope > input')[[...tab.parentElement.children].indexOf(tab)].click()
    block.scrollIntoView({block: 'center', behavior: 'instant'})
    for (let tries = 0; tries < 60 && !block.querySelector('button[data-md-type="copy"]'); tries++) await frame()
  }
  selected.forEach(input => input.click())
  window.scrollTo(0, 0)
})().then(done)
"""


def clicked(browser, block) -> str:
    """What a real click on the block's copy button puts on the clipboard."""
    from selenium.webdriver.common.action_chains import ActionChains

    button = block.find_element('css selector', 'button[data-md-type="copy"]')
    browser.execute_script('arguments[0].scrollIntoView({block: "center", behavior: "instant"})', button)
    browser.execute_async_script('navigator.clipboard.writeText("(nothing copied)").then(arguments[0])')
    ActionChains(browser).move_to_element(button).click().perform()
    return wait_for(browser, """const done = arguments[arguments.length - 1]
navigator.clipboard.readText().then(text => done(text !== '(nothing copied)' && text), () => done(false))""",
                    'the copy button put nothing on the clipboard', asynchronous=True)


def copied_by_buttons(browser, selector: str) -> list[tuple[str, str]]:
    """(shown text, what its copy button copies) for each block matching the selector."""
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    browser.execute_async_script(LAY_OUT_EVERYTHING)  # so a block does not move under the pointer while it clicks
    browser.execute_cdp_cmd('Browser.grantPermissions', {
        'origin': browser.address.rsplit('/site/', 1)[0], 'permissions': ['clipboardReadWrite', 'clipboardSanitizedWrite']})
    browser.execute_async_script(MOUNT_COPY_BUTTONS, selector)
    copies = browser.execute_script(WOULD_COPY, selector)
    blocks = browser.find_elements('css selector', selector)
    for index in {0, len(blocks) - 1}:
        assert clicked(browser, blocks[index]) == copies[index][1], copies[index][0]
    return copies


def test_copy_button_copies_code_that_runs(browser, tmp_path):
    load(browser, 'ndarray/')
    copies = copied_by_buttons(browser, '.language-pycon')
    assert isinstance(copies, list) and len(copies) > 20, copies
    pasted, raised = [], []
    for shown, copied in copies:
        examples = doctest.DocTestParser().get_examples(shown)
        sources = [example.source for example in examples]
        raised += [error_type(example.want) for example in examples if example.exc_msg is not None]
        assert [line for line in copied.splitlines() if line] == [
            line for source in sources for line in source.splitlines() if line], shown
        assert not any(line.startswith(('>>>', '...')) for line in copied.splitlines())
        pasted.append(copied)
    drain(browser)

    # Pasted into the Python prompt, the code raises exactly the errors the page shows, in order.
    session = subprocess.run([sys.executable, '-i', '-q'], input='\n'.join(pasted) + '\n',
                             capture_output=True, text=True, cwd=tmp_path, timeout=120)
    tracebacks = session.stderr.split('Traceback (most recent call last):')[1:]
    assert [error_type(traceback) for traceback in tracebacks] == raised, session.stderr[-3000:]
    assert raised and 'SyntaxError' not in session.stderr


PROMPT = re.compile(r'^[$>] ')


@pytest.mark.parametrize('language', LANGUAGES)
def test_copy_button_of_a_terminal_block_copies_only_the_commands(browser, language):
    load(browser, LANGUAGES[language] + 'setup/')
    copies = copied_by_buttons(browser, '.language-console')
    drain(browser)
    assert isinstance(copies, list) and len(copies) > 5, copies
    for shown, copied in copies:
        commands = [PROMPT.sub('', line) for line in shown.splitlines() if PROMPT.match(line)]
        assert commands and copied.splitlines() == commands, shown


def error_type(traceback: str) -> str:
    """`RuntimeError` from a traceback: the first unindented line after its header."""
    line = next(line for line in traceback.splitlines()[1:] if line and not line.startswith(' '))
    return line.split(':', 1)[0].rsplit('.', 1)[-1]


@pytest.mark.parametrize('language', LANGUAGES)
def test_palette_toggle_switches_code_and_figures(browser, language):
    load(browser, LANGUAGES[language] + 'linear-algebra/')
    seen = {}
    try:
        for _ in range(3):
            scheme = browser.execute_script('return document.body.dataset.mdColorScheme')
            seen[scheme] = browser.execute_script(STATE)['figures']
            toggle = next(label for label in browser.find_elements(
                'css selector', 'form[data-md-component="palette"] label') if label.is_displayed())
            toggle.click()
            wait_for(browser, 'return arguments[0].offsetParent === null', 'the toggle did not change', toggle)
    finally:
        browser.execute_script('localStorage.clear()')
    drain(browser)
    assert {'default', 'slate'} <= set(seen)
    for scheme, figures in seen.items():
        wanted = '#only-dark' if scheme == 'slate' else '#only-light'
        assert figures and all(src.endswith(wanted) for src in figures), (scheme, figures)


# Toggle the palette to each next scheme and list the colour fades that started: material switches
# colours at once (no fade), and the page must keep that whatever serves its palette stylesheet.
FADES_AFTER_TOGGLE = """
const done = arguments[arguments.length - 1]
const toggle = [...document.querySelectorAll('form[data-md-component="palette"] label')].find(label => label.offsetParent)
document.getAnimations().forEach(animation => animation.finish())
toggle.click()
requestAnimationFrame(() => requestAnimationFrame(() => done(document.getAnimations()
  .filter(animation => animation.transitionProperty && /color|shadow|fill/.test(animation.transitionProperty))
  .filter(animation => animation.effect.target.checkVisibility({contentVisibilityAuto: true}))
  .slice(0, 5).map(animation => `${animation.transitionProperty} of ${animation.effect.target.tagName.toLowerCase()}.${[...animation.effect.target.classList].join('.')}`))))
"""


@pytest.mark.parametrize('page', ['linear-algebra/', 'labs/calculus/'])
def test_palette_toggle_changes_colours_at_once(browser, page):
    load(browser, page)
    try:
        fades = [browser.execute_async_script(FADES_AFTER_TOGGLE) for _ in range(3)]
    finally:
        browser.execute_script('localStorage.clear()')
    drain(browser)
    assert fades == [[], [], []]
