"""Measure the author's loop and the reader's page; print a Markdown table of medians.

    python3 tasks.py bench            # (installs, then runs this with .venv's Python)

warm test    the README's test command, everything installed and the labs cached; its floor is
             the doctest floor plus one strict build plus each built page loaded once in Chromium;
             its work is the CPU time the machine spent meanwhile (Linux), which no number of
             parallel workers can fit into less wall time than work ÷ cores
verify-all   the test command's doctest part: every block, both languages, CPU pass
floor        one process that imports torch once and runs each example once
build        `mkdocs build --strict` with the labs' results cached; the labs' own
             share is a build with their cache emptied, minus that
serve        saving a change to a snippet until `mkdocs serve` serves the new page
page weight  bytes a browser with a cold cache transfers per page, gzip as GitHub
             Pages serves it, fonts excluded; requests to other hosts; and the search
             index, which a page fetches once the reader reaches for search
growth       verify-all and build with every chapter page twice over
lighthouse   (when npm is there) Lighthouse's mobile performance and accessibility
             scores of every page, median of three runs, against Debian's Chromium
             (about 30 s a run on 2 cores; `--no-lighthouse` leaves it out)

    python3 benchmark.py --lighthouse [--runs N] [--site BUILT_SITE] [PAGE ...]
                                      # only that step, e.g. calculus/ zh/calculus/
"""

import contextlib
import doctest
import gzip
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PYTHON = sys.executable
RUNS = 3
RATIO_RUNS = 7  # verify-all and the floor: their ratio is the noisiest number here
# one torch thread, as the tests run (conftest.py), so that the floor is measured the same way
ENV = {**os.environ, 'NO_MKDOCS_2_WARNING': '1', 'OMP_NUM_THREADS': '1'}
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
LIGHTHOUSE = '12.8.2'
LIGHTHOUSE_DIR = ROOT / '.cache' / 'lighthouse'  # ignored by git, like the rest of .cache/


def wall(command: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(measure, runs: int = RUNS) -> float:
    return statistics.median(measure() for _ in range(runs))


def verify_once(cwd: Path = ROOT) -> float:
    return wall([PYTHON, '-m', 'pytest', 'docs', '-q', '-p', 'no:cacheprovider', '-k', 'cpu'], cwd)


def verify_all(cwd: Path = ROOT) -> float:
    return median(lambda: verify_once(cwd), RATIO_RUNS)


def verify_and_floor() -> tuple[float, float, float]:
    """verify-all and the floor measured in turns, a pair per run, so that a change in the
    machine's load falls on both: their medians, and the median of the pairs' ratios."""
    pairs = [(verify_once(), wall([PYTHON, __file__, '--floor'])) for _ in range(RATIO_RUNS)]
    return (statistics.median(v for v, _ in pairs), statistics.median(f for _, f in pairs),
            statistics.median(v / f for v, f in pairs))


def run_examples_once() -> None:
    """The floor: every example of the English pages (the Chinese ones are the same), no framework."""
    import torch  # noqa: F401  (imported once, as the test run does)

    from tests.snippets import expand

    fence = re.compile(r'^(?P<indent> *)```(?P<lang>pycon|python)\n(?P<body>.*?)^(?P=indent)```', re.M | re.S)
    for page in sorted((ROOT / 'docs' / 'en').glob('*.md')):
        text, _ = expand(page)
        namespace = {'device_pass': 'cpu', 'tmp_dir': Path(tempfile.mkdtemp())}
        for block in fence.finditer(text):
            body = re.sub(rf'^{block["indent"]}', '', block['body'], flags=re.M)
            cuda_only = 'skip: next if(device_pass == "cpu"' in text[max(0, block.start() - 200):block.start()]
            if cuda_only:
                continue
            if block['lang'] == 'python':
                exec(compile(body, str(page), 'exec'), namespace)
                continue
            for example in doctest.DocTestParser().get_examples(body):
                with contextlib.redirect_stdout(io.StringIO()):
                    try:
                        exec(compile(example.source, str(page), 'single'), namespace)
                    except Exception:
                        if example.exc_msg is None:
                            raise
        shutil.rmtree(namespace['tmp_dir'])


def busy_core_seconds() -> float | None:
    """CPU time spent by every process on the machine since it started (Linux); None elsewhere."""
    try:
        with open('/proc/stat') as stat:
            ticks = [int(field) for field in stat.readline().split()[1:]]
    except OSError:
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf('SC_CLK_TCK')  # all but idle and iowait


def warm_test() -> tuple[float, float | None]:
    """The README's test command with everything installed and the labs cached, as a contributor
    runs it: its wall time and the work it gave the machine's cores (busy core-seconds), medians."""
    walls, works = [], []
    for _ in range(RUNS):
        before = busy_core_seconds()
        walls.append(wall([PYTHON, 'tasks.py', 'test']))
        after = busy_core_seconds()
        works.append(None if before is None else after - before)
    return statistics.median(walls), None if None in works else statistics.median(works)


def load_each_page_once() -> float:
    """The browser's share of the test command's floor: every built page loaded once, until settled."""
    from tests import browser
    from tests.test_browser import SETTLED, wait_for

    with served_site() as (origin, pages), browser.chromium() as session:
        start = time.perf_counter()
        for page in pages:
            session.get(page_url(origin, page))
            wait_for(session, SETTLED, 'the page did not finish loading')
        return time.perf_counter() - start


def build(cwd: Path = ROOT) -> float:
    site = Path(tempfile.mkdtemp())
    try:
        return median(lambda: wall([PYTHON, '-m', 'mkdocs', 'build', '--strict', '-d', str(site)], cwd))
    finally:
        shutil.rmtree(site)


def labs_share() -> float:
    """A build with the labs' cache emptied, less a build with it in place."""
    cache = ROOT / '.cache' / 'mkdocs-jupyter'
    aside = ROOT / '.cache' / 'mkdocs-jupyter.aside'
    site = Path(tempfile.mkdtemp())
    shutil.move(cache, aside)
    try:
        cold = wall([PYTHON, '-m', 'mkdocs', 'build', '--strict', '-d', str(site)])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.move(aside, cache)
        shutil.rmtree(site)
    return cold - build()


def serve(changes: int = 5) -> float:
    port = 8777
    address = f'http://127.0.0.1:{port}/site/ndarray/'
    server = subprocess.Popen([PYTHON, '-m', 'mkdocs', 'serve', '--dirty', '--no-strict', '-a', f'127.0.0.1:{port}'],
                              cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    snippet = ROOT / 'snippets' / 'ndarray.pycon'
    original = snippet.read_text(encoding='utf-8')

    def page() -> str:
        try:
            return LOCAL.open(address, timeout=5).read().decode()
        except OSError:
            return ''

    def wait(condition, limit: float = 120) -> None:
        deadline = time.monotonic() + limit
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError('mkdocs serve did not rebuild the page')
            time.sleep(0.05)

    times = []
    try:
        wait(lambda: 'md-content' in page())
        for number in range(changes):
            marker = f'benchmark-{number}-{time.time_ns()}'
            time.sleep(1)
            start = time.perf_counter()
            snippet.write_text(original.replace('>>> import torch\n', f'>>> import torch  # {marker}\n', 1), encoding='utf-8')
            wait(lambda: marker in page())
            times.append(time.perf_counter() - start)
            snippet.write_text(original, encoding='utf-8')
            wait(lambda: marker not in page())
    finally:
        snippet.write_text(original, encoding='utf-8')
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:  # still finishing a rebuild on a busy machine: the timings stand
            server.kill()
            server.wait()
    return statistics.median(times)


@contextlib.contextmanager
def served_site(built: Path | None = None):
    """Build the site into a temporary folder (or take one `built`) and serve it gzip-compressed, as GitHub
    Pages serves text.

    Yields the origin (http://127.0.0.1:PORT) and the pages, as paths under the site ('.', 'zh', 'calculus', ...).
    """
    import http.server
    import threading

    from tests import browser

    class Gzip(browser._Handler):
        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / 'index.html'
            if path.suffix not in ('.html', '.css', '.js', '.json', '.svg', '.xml') or not path.is_file():
                return super().send_head()
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header('Content-Type', self.guess_type(str(path)))
            self.send_header('Content-Encoding', 'gzip')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    class QuietServer(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            if not issubclass(sys.exc_info()[0], ConnectionError):  # the browser left for the next page
                super().handle_error(request, client_address)

    site = built or Path(tempfile.mkdtemp())
    server = None
    try:
        if not built:
            subprocess.run([PYTHON, '-m', 'mkdocs', 'build', '-q', '-d', str(site)], cwd=ROOT, env=ENV, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pages = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob('index.html'))
        server = QuietServer(('127.0.0.1', 0), lambda *a: Gzip(*a, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f'http://127.0.0.1:{server.server_address[1]}', pages
    finally:
        if server:
            server.shutdown()
            server.server_close()
        if not built:
            shutil.rmtree(site)


def page_url(origin: str, page: str) -> str:
    from tests.browser import SITE_PATH

    return f'{origin}{SITE_PATH}{"" if page == "." else page + "/"}'


def page_weights() -> tuple[dict[str, int], int, dict[str, int]]:
    """Transferred bytes per page (gzip, cold cache, no fonts), the requests to other hosts, and each
    language's search index's bytes, which a page fetches only when the reader reaches for search."""
    from tests import browser

    with served_site() as (origin, pages), browser.chromium() as session:
        return weigh(session, origin, pages)


def transfers(session) -> list[tuple[str, int]]:
    """(URL, bytes transferred) of each request since the last look, from the browser's performance log."""
    responses, sizes = {}, {}
    for entry in session.get_log('performance'):
        message = json.loads(entry['message'])['message']
        if message['method'] == 'Network.responseReceived':
            responses[message['params']['requestId']] = message['params']['response']['url']
        elif message['method'] == 'Network.loadingFinished':
            sizes[message['params']['requestId']] = message['params']['encodedDataLength']
        elif message['method'] == 'Network.requestWillBeSent':
            responses.setdefault(message['params']['requestId'], message['params']['request']['url'])
    return [(url, sizes.get(key, 0)) for key, url in responses.items()]


def weigh(session, origin: str, pages: list[str]) -> tuple[dict[str, int], int, dict[str, int]]:
    from selenium.webdriver.common.action_chains import ActionChains

    weights, foreign = {}, 0
    session.execute_cdp_cmd('Network.enable', {})
    session.execute_cdp_cmd('Network.setCacheDisabled', {'cacheDisabled': True})
    for page in pages:
        session.get(page_url(origin, page))
        time.sleep(1.5)  # for anything a page fetches after its load event
        sizes = transfers(session)
        foreign += sum(url.startswith('http') and not url.startswith(origin) for url, _ in sizes)
        weights[page] = sum(size for url, size in sizes if not url.endswith(('.woff2', '.woff', '.ttf')))
    indexes = {}
    for language, home in (('en', '.'), ('zh', 'zh')):
        session.get(page_url(origin, home))
        transfers(session)
        ActionChains(session).move_to_element(session.find_element('css selector', '.md-search__form')).perform()
        time.sleep(1.5)
        indexes[language] = sum(size for url, size in transfers(session) if url.endswith('/search/search_index.json'))
    return weights, foreign, indexes


def lighthouse_cli() -> Path | None:
    """Lighthouse from the npm registry, installed once into .cache/lighthouse/; None without npm."""
    cli = LIGHTHOUSE_DIR / 'node_modules' / '.bin' / 'lighthouse'
    if cli.exists() and (LIGHTHOUSE_DIR / 'node_modules' / 'lighthouse' / f'.v{LIGHTHOUSE}').exists():
        return cli
    if not shutil.which('npm') or not shutil.which('node'):
        return None
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(['npm', 'install', '--prefix', str(LIGHTHOUSE_DIR), '--no-audit', '--no-fund', '--silent',
                    f'lighthouse@{LIGHTHOUSE}'], check=True, stdout=subprocess.DEVNULL)
    (LIGHTHOUSE_DIR / 'node_modules' / 'lighthouse' / f'.v{LIGHTHOUSE}').touch()
    return cli


def lighthouse(cli: Path, only: list[str] | None = None, runs: int = RUNS,
               built: Path | None = None) -> dict[str, list[dict]]:
    """Lighthouse's default (mobile) audit of each page, `runs` times, the pages taken in turn within a run."""
    from tests.browser import find_browser

    found = find_browser()
    if not found:
        raise SystemExit('Lighthouse needs Chromium (Debian: apt-get install chromium)')
    # Lighthouse ends each Chromium before it removes its temporary folder: they go to one of ours.
    scratch = tempfile.mkdtemp(prefix='lighthouse-')
    env = {**ENV, 'CHROME_PATH': found[0], 'TMPDIR': scratch}
    flags = '--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking'
    results = {}
    with served_site(built) as (origin, pages), contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, scratch, ignore_errors=True)
        pages = [page.strip('/') or '.' for page in only] if only else pages
        for _ in range(runs):
            for page in pages:
                report = subprocess.run([str(cli), page_url(origin, page), '--quiet', '--output=json', '--output-path=stdout',
                                         '--only-categories=performance,accessibility', f'--chrome-flags={flags}'],
                                        env=env, check=True, capture_output=True, text=True).stdout
                report = json.loads(report)
                audits = report['audits']
                results.setdefault(page, []).append({
                    'performance': round(report['categories']['performance']['score'] * 100),
                    'accessibility': round(report['categories']['accessibility']['score'] * 100),
                    'blocking': audits['total-blocking-time']['numericValue'],
                    'largest paint': audits['largest-contentful-paint']['numericValue'],
                    'elements': audits['dom-size']['numericValue'],
                    'transfer': audits['total-byte-weight']['numericValue'],
                    'painted after load': painted_after_load(audits),
                })
    return results


def painted_after_load(audits: dict) -> bool:
    """Whether the run's browser first painted the page only after its load event. In such a run,
    traced here, Chromium's viz held back the page's frames meanwhile (CONTRIBUTING.md, "2026-12-02,
    early morning"; Lighthouse issue 17148 describes similar headless runs). Lighthouse's simulation
    counts everything before the observed first paint, so these runs score lower."""
    observed = audits['metrics']['details']['items'][0]
    return observed['observedFirstPaint'] > observed['observedLoad']


def print_lighthouse(results: dict[str, list[dict]]) -> None:
    runs = {len(scores) for scores in results.values()}
    print(f'\nLighthouse {LIGHTHOUSE}, default mobile settings, medians of {"/".join(map(str, sorted(runs)))} runs '
          f'(range); transfer includes fonts; "painted after load": the runs whose browser drew the page\'s '
          f'first frame only after its load event. Budget: performance ≥ 90, accessibility 100.\n')
    print('| page | performance | accessibility | largest paint | total blocking time | DOM elements | transfer '
          '| painted after load |\n| --- | --- | --- | --- | --- | --- | --- | --- |')
    for page, scores in sorted(results.items(), key=lambda item: statistics.median(s['performance'] for s in item[1])):
        def middle(key):
            return statistics.median(score[key] for score in scores)
        performance = [score['performance'] for score in scores]
        paints = [score['largest paint'] / 1000 for score in scores]
        print(f'| {page}/ | {middle("performance"):.0f} ({min(performance)}–{max(performance)}) '
              f'| {middle("accessibility"):.0f} | {middle("largest paint") / 1000:.1f} s ({min(paints):.1f}–{max(paints):.1f}) '
              f'| {middle("blocking"):.0f} ms | {middle("elements"):.0f} '
              f'| {middle("transfer") / 1024:.0f} KB '
              f'| {sum(score["painted after load"] for score in scores)} of {len(scores)} |')


def doubled_copy() -> Path:
    """A copy of the repository where every chapter page appears twice (a second file with the same text)."""
    copy = Path(tempfile.mkdtemp()) / 'site-x2'
    files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / '.cache', copy / '.cache', dirs_exist_ok=True)
    chapters = [p.stem for p in (ROOT / 'docs' / 'en').glob('*.md') if p.stem not in ('index', 'glossary')]
    for language in ('en', 'zh'):
        for stem in chapters:
            shutil.copy2(copy / 'docs' / language / f'{stem}.md', copy / 'docs' / language / f'{stem}-again.md')
    config = (copy / 'mkdocs.yml').read_text(encoding='utf-8')
    extra = ''.join(f'  - {stem} again: {stem}-again.md\n' for stem in chapters)
    (copy / 'mkdocs.yml').write_text(config.replace('  - Glossary: glossary.md\n', f'  - Glossary: glossary.md\n{extra}'),
                                     encoding='utf-8')
    subprocess.run(['git', 'init', '-q'], cwd=copy, check=True)
    return copy


def row(measure: str, value: str, budget: str = '') -> None:
    """One line of the table, printed as soon as it is measured: a late failure keeps the earlier rows."""
    print(f'| {measure} | {value} | {budget} |', flush=True)


def main(lighthouse_step: bool = True) -> None:
    pages = len(list((ROOT / 'docs' / 'en').glob('*.md')))
    print(f'Measured {date.today()} on {os.cpu_count()} cores; medians of {RATIO_RUNS} runs (verify-all, floor), '
          f'{RUNS} runs (builds, the warm test) and 5 changes (serve); {pages} pages per language.\n')
    print('| measure | value | budget |\n| --- | --- | --- |', flush=True)
    verify, base, ratio = verify_and_floor()
    row('verify-all (CPU pass, both languages)', f'{verify:.1f} s', '≤ 60 s, ≤ 1.5 × floor')
    row('floor (one process, each example once)', f'{base:.1f} s')
    row('verify-all ÷ floor (median of the pairs measured in turns)', f'{ratio:.2f}', '≤ 1.5')
    built = build()
    (warm, work), least = warm_test(), base + built + median(load_each_page_once)
    row('warm `python3 tasks.py test`, everything included', f'{warm:.0f} s', '≤ 60 s, ≤ 2 × its floor')
    if work is not None:
        cores = os.cpu_count() or 1
        row(f'its work: busy core-seconds, so at least work ÷ {cores} cores of wall time',
            f'{work:.0f} core-s (≥ {work / cores:.0f} s)', f'≤ {60 * cores} core-s for 60 s')
    row('its floor: doctest floor + one strict build + each page loaded once', f'{least:.0f} s')
    row('warm test ÷ its floor', f'{warm / least:.2f}', '≤ 2')
    row('build (`mkdocs build --strict`, labs cached)', f'{built:.1f} s', '≤ 15 s')
    row('labs executed afresh (added to a build)', f'{labs_share():.1f} s')
    row('serve: snippet saved → page rebuilt', f'{serve():.2f} s', '≤ 2 s')
    weights, foreign, indexes = page_weights()
    largest = max(weights, key=weights.get)
    row(f'page weight, largest ({largest}/)', f'{weights[largest] / 1024:.0f} KB', '≤ 300 KB')
    row('page weight, median', f'{statistics.median(weights.values()) / 1024:.0f} KB', '≤ 300 KB')
    row('search index, fetched once the reader reaches for search (en / zh)',
        ' / '.join(f'{size / 1024:.0f} KB' for size in indexes.values()))
    row('requests to other hosts, all pages', str(foreign), '0')
    copy = doubled_copy()
    try:
        verify2, built2 = verify_all(copy), build(copy)
    finally:
        shutil.rmtree(copy.parent)
    chapters = pages - 2
    row(f'growth: verify-all with {chapters} more pages per language',
        f'{verify2:.1f} s (+{(verify2 - verify) / chapters:.2f} s per page)')
    row(f'growth: build with {chapters} more pages per language',
        f'{built2:.1f} s (+{(built2 - built) / chapters:.2f} s per page)')
    print('\n| page | KB |\n| --- | --- |')
    for page, weight in sorted(weights.items(), key=lambda item: -item[1]):
        print(f'| {page}/ | {weight / 1024:.0f} |')
    cli = lighthouse_cli() if lighthouse_step else None
    if not lighthouse_step:
        print('\nLighthouse left out (--no-lighthouse).')
    elif cli is None:
        print('\nLighthouse skipped: it comes from the npm registry, and npm (with Node.js) is not installed.')
    else:
        print_lighthouse(lighthouse(cli))


def main_lighthouse(args: list[str]) -> None:
    """`--lighthouse [--runs N] [--site BUILT] [PAGE ...]`: only the Lighthouse step."""
    options = {'--runs': str(RUNS), '--site': ''}
    while args[:1] and args[0] in options:
        options[args[0]], args = args[1], args[2:]
    cli = lighthouse_cli()
    if cli is None:
        raise SystemExit('Lighthouse comes from the npm registry: install npm (and Node.js) first.')
    built = Path(options['--site']).resolve() if options['--site'] else None
    print_lighthouse(lighthouse(cli, args, int(options['--runs']), built))


if __name__ == '__main__':
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] == ['--floor']:
        run_examples_once()
    elif sys.argv[1:2] == ['--lighthouse']:
        main_lighthouse(sys.argv[2:])
    else:
        main(lighthouse_step='--no-lighthouse' not in sys.argv[1:])
