"""The site builds with zero warnings."""

import os
import subprocess
import sys

from tests.snippets import ROOT


def test_strict_build(tmp_path):
    build = subprocess.run(
        [sys.executable, '-m', 'mkdocs', 'build', '--strict', '--site-dir', str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, 'NO_MKDOCS_2_WARNING': '1'},
    )
    assert build.returncode == 0, build.stderr[-4000:]
    assert (tmp_path / 'index.html').is_file() and (tmp_path / 'zh' / 'index.html').is_file()
