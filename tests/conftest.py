import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hermetic, repository
from tests.snippets import ROOT

BEFORE = {}


def pytest_report_header(config):
    return f'pages seeded with PAGE_SEED={hermetic.SEED} (set it to rerun with the same seed)'


def pytest_configure(config):
    config.addinivalue_line('markers', 'after_the_rest: runs after every other test, waiting for work done meanwhile')


def pytest_collection_modifyitems(items):
    """Tests marked `after_the_rest` go last: they wait for work that runs in the background
    meanwhile (the browser checks of every page, tests/test_browser.py)."""
    items.sort(key=lambda item: item.get_closest_marker('after_the_rest') is not None)


def pytest_sessionstart(session):
    BEFORE.update(repository.state(ROOT))


def pytest_sessionfinish(session, exitstatus):
    changed = repository.changes(BEFORE, repository.state(ROOT))
    if changed:
        session.config.get_terminal_writer().line()
        session.config.get_terminal_writer().line(
            'The test run changed files in the repository (tests must write only to temporary '
            'folders or ignored build output): ' + ', '.join(changed), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope='session')
def site(tmp_path_factory) -> Path:
    """The site, built once per test run with `mkdocs build --strict`, after every page has run.

    `$SITE_DIR` names a site built already. `tasks.py test` sets `$BUILD_SITE` to the
    site folder and `$TEST_RUN`: this build is then the run's one strict build.
    """
    if os.environ.get('SITE_DIR'):
        return Path(os.environ['SITE_DIR'])
    out = Path(os.environ['BUILD_SITE']) if os.environ.get('BUILD_SITE') else tmp_path_factory.mktemp('site')
    build = subprocess.run(
        [sys.executable, '-m', 'mkdocs', 'build', '--strict', '--site-dir', str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, 'NO_MKDOCS_2_WARNING': '1'},
    )
    assert build.returncode == 0, build.stderr[-4000:]
    if os.environ.get('TEST_RUN'):
        (ROOT / '.cache' / 'site-build.json').write_text(json.dumps({'run': os.environ['TEST_RUN']}))
    return out
