import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.snippets import ROOT


@pytest.fixture(scope='session')
def site(tmp_path_factory) -> Path:
    """The site, built once per test run with `mkdocs build --strict` (or `$SITE_DIR`, built already)."""
    if os.environ.get('SITE_DIR'):
        return Path(os.environ['SITE_DIR'])
    out = tmp_path_factory.mktemp('site')
    build = subprocess.run(
        [sys.executable, '-m', 'mkdocs', 'build', '--strict', '--site-dir', str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, 'NO_MKDOCS_2_WARNING': '1'},
    )
    assert build.returncode == 0, build.stderr[-4000:]
    return out
