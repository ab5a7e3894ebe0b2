#!/usr/bin/env python3
"""Set up and run the site with nothing but Python installed.

    python3 tasks.py serve    # install the site's tools, then `mkdocs serve`
    python3 tasks.py test     # install everything, run the tests, then the strict build
    python3 tasks.py bench    # (contributors) time the tests, the build, serve and the pages

Both create `.venv/` on first use and reinstall only when pyproject.toml changes.
Extra arguments go to pytest (`test`) or to mkdocs (`serve`).
"""

import hashlib
import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / '.venv'
BIN = VENV / ('Scripts' if os.name == 'nt' else 'bin')
PYTHON = BIN / ('python.exe' if os.name == 'nt' else 'python')
PYTEST_RAN_NO_TESTS = 5


def run(*command, check: bool = True, **variables: str) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING='1', **variables)
    return subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=check).returncode


def install(*groups: str) -> None:
    """Install the dependency groups of pyproject.toml into .venv, once per change of that file."""
    if not PYTHON.exists():
        print('Creating .venv/ ...', flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / 'pyproject.toml').read_bytes()).hexdigest()
    stamp = VENV / f".installed-{'-'.join(groups)}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {', '.join(groups)} dependencies into .venv/ ...", flush=True)
    run(PYTHON, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', 'pip>=25.1')
    group_args = [arg for group in groups for arg in ('--group', group)]
    run(PYTHON, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-compile', *group_args)
    # pip compiles the bytecode on one core, compileall on all of them (61 s → 42 s for the whole
    # install here). torch ships a file that only newer Pythons parse; pip skips it, and so does this.
    run(PYTHON, '-m', 'compileall', '-qq', '-j', '0', VENV, check=False)
    stamp.write_text(digest)


def serve(args: list[str]) -> int:
    install('site')
    # --dirty: a save rebuilds only the pages it touches (hooks/fast_rebuilds.py); MkDocs
    # warns on every dirty build, so strict mode stays with `test` and the CI build.
    return run(PYTHON, '-m', 'mkdocs', 'serve', '--dirty', '--no-strict', *args, check=False)


def test(args: list[str]) -> int:
    """The tests, then the strict build; the build the tests made of `site/` counts as that
    build, so a full run builds once. The pages run first and write the verification
    record, which the build shows on every page."""
    install('test')
    run_id = str(time.time_ns())
    code = run(PYTHON, '-m', 'pytest', *args, check=False, BUILD_SITE=str(ROOT / 'site'), TEST_RUN=run_id)
    if code == PYTEST_RAN_NO_TESTS:
        print('pytest collected no tests: that is a failure here.', file=sys.stderr)
        return 1
    if code:
        return code
    if built_by_this_run(run_id):
        print('The strict build ran inside the tests (site/).')
        return 0
    return run(PYTHON, '-m', 'mkdocs', 'build', '--strict', check=False)


def built_by_this_run(run_id: str) -> bool:
    stamp = ROOT / '.cache' / 'site-build.json'
    return stamp.exists() and json.loads(stamp.read_text())['run'] == run_id


def bench(args: list[str]) -> int:
    install('test')
    return run(PYTHON, 'benchmark.py', *args, check=False)


if __name__ == '__main__':
    tasks = {'serve': serve, 'test': test, 'bench': bench}
    if len(sys.argv) < 2 or sys.argv[1] not in tasks:
        sys.exit(__doc__)
    sys.exit(tasks[sys.argv[1]](sys.argv[2:]))
