"""Headless Chromium (Debian's `chromium` and `chromium-driver`) and a local server for the built site.

Without the browser the browser tests are skipped, saying so; `REQUIRE_BROWSER=1`
turns that skip into a failure (`.ci/run` installs the browser and sets it).
"""

import contextlib
import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.snippets import site_config

FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-quic', '--window-size=1280,1000']
SITE_PATH = urlparse(site_config().site_url).path  # the site lives under /site/, as when published
# axe-core from npm, kept with the tests (tests/vendor/axe-core/README.md), never shipped on the site
AXE = (Path(__file__).parent / 'vendor' / 'axe-core' / 'axe.min.js').read_text(encoding='utf-8')


def find_browser() -> tuple[str, str] | None:
    browser = next(filter(None, map(shutil.which, ('chromium', 'chromium-browser', 'google-chrome'))), None)
    driver = shutil.which('chromedriver')
    return (browser, driver) if browser and driver else None


def require_browser() -> tuple[str, str]:
    found = find_browser()
    if found:
        return found
    reason = 'needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver)'
    if os.environ.get('REQUIRE_BROWSER') == '1':
        pytest.fail(f'REQUIRE_BROWSER=1, but this machine lacks them: {reason}')
    pytest.skip(reason)


@contextlib.contextmanager
def chromium(*extra_flags: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    profile = tempfile.mkdtemp(prefix='chromium-profile-')
    for flag in [*FLAGS, f'--user-data-dir={profile}', *extra_flags]:
        options.add_argument(flag)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        session.get('about:blank')
        drain(session)
        yield session
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)


def drain(session) -> tuple[list[dict], list[str]]:
    """Console messages and requested URLs since the last call."""
    console = session.get_log('browser')
    requests = []
    for entry in session.get_log('performance'):
        message = json.loads(entry['message'])['message']
        if message['method'] == 'Network.requestWillBeSent':
            requests.append(message['params']['request']['url'])
    return console, requests


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        path = path.split('?', 1)[0].split('#', 1)[0]
        if path.startswith(SITE_PATH):
            path = '/' + path[len(SITE_PATH):]
        return super().translate_path(path)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site on localhost; yields its address, e.g. http://127.0.0.1:8765/site/."""
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f'http://127.0.0.1:{server.server_address[1]}{SITE_PATH}'
    finally:
        server.shutdown()
        server.server_close()
