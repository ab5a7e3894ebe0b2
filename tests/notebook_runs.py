"""Run notebooks top to bottom, as "Run all" does, each in a fresh IPython shell.

A Jupyter kernel is this same shell (`InteractiveShell`) behind a message queue; starting
one per notebook and importing torch in each took most of the notebook tests' time. Here
one process imports the examples' packages once, then forks a child per notebook (two at
a time): each child has a fresh shell and namespace, runs the cells in order in the
notebook's folder, and writes the notebook with its outputs. As with nbclient, a cell
that raises stops the run unless the cell is tagged `raises-exception`.

From the tests: `run_in_fresh_shells([(notebook, folder, result), ...])`.
"""

import json
import os
import sys
import time
from pathlib import Path

TIMEOUT = 300  # seconds per notebook
AT_ONCE = max(2, os.cpu_count() or 2)


def preload() -> None:
    """What the notebooks import, imported before the fork (no torch operation runs here)."""
    os.environ.setdefault('MPLBACKEND', 'Agg')
    import matplotlib  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import sklearn  # noqa: F401
    import torch  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401


def run_notebook(source: Path, folder: Path, result: Path) -> None:
    """Execute one notebook in a fresh shell; write it, with its outputs, to `result`."""
    import nbformat
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from nbformat.v4 import new_output
    from traitlets.config import Config

    outputs: list = []

    class Stream:
        def __init__(self, name: str):
            self.name, self.encoding = name, 'utf-8'

        def write(self, text: str) -> int:
            if outputs and outputs[-1].output_type == 'stream' and outputs[-1].name == self.name:
                outputs[-1].text += text
            elif text:
                outputs.append(new_output('stream', name=self.name, text=text))
            return len(text)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    class Results(DisplayHook):  # the value of a cell's last expression, as a kernel sends it
        def start_displayhook(self): pass
        def write_output_prompt(self): pass
        def finish_displayhook(self): pass

        def write_format_data(self, format_dict, md_dict=None):
            outputs.append(new_output('execute_result', data=format_dict, execution_count=self.prompt_count))

    class Displays(DisplayPublisher):  # display(...)
        def publish(self, data, metadata=None, *args, **kwargs):
            outputs.append(new_output('display_data', data=data, metadata=metadata or {}))

    class Shell(InteractiveShell):
        def _showtraceback(self, etype, evalue, stb):
            outputs.append(new_output('error', ename=etype.__name__, evalue=str(evalue), traceback=stb))

    notebook = nbformat.read(source, as_version=4)
    folder.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    sys.stdout, sys.stderr = Stream('stdout'), Stream('stderr')
    history = Config()
    history.HistoryManager.hist_file = ':memory:'  # as a kernel keeps it: no file shared by the children
    shell = Shell.instance(config=history, displayhook_class=Results, display_pub_class=Displays)
    error = None
    for cell in notebook.cells:
        if cell.cell_type != 'code':
            continue
        outputs.clear()
        run = shell.run_cell(cell.source, store_history=True)
        cell.outputs = list(outputs)
        failure = run.error_before_exec or run.error_in_exec
        if failure is not None and 'raises-exception' not in cell.metadata.get('tags', []):
            error = f'{type(failure).__name__}: {failure} (in the cell {cell.source[:200]!r})'
            break
    nbformat.write(notebook, result)
    result.with_suffix('.error').write_text(error or '', encoding='utf-8')


def run_in_fresh_shells(jobs: list[tuple[Path, Path, Path]]) -> list[tuple[object, str | None]]:
    """Run each (notebook, folder, result) job in a child Python started for them all: each
    notebook as it ran (without outputs where the run itself failed), and the error it stopped at."""
    import subprocess

    import nbformat

    subprocess.run([sys.executable, '-m', 'tests.notebook_runs'], input=json.dumps([[str(part) for part in job] for job in jobs]),
                   text=True, cwd=Path(__file__).resolve().parent.parent, check=True)
    return [(nbformat.read(result, as_version=4) if result.exists() else nbformat.v4.new_notebook(),
             result.with_suffix('.error').read_text(encoding='utf-8') or None) for _, _, result in jobs]


def main(jobs: list[list[str]]) -> None:
    preload()
    pending, running = [tuple(map(Path, job)) for job in jobs], {}
    while pending or running:
        while pending and len(running) < AT_ONCE:
            job = pending.pop(0)
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    run_notebook(*job)
                except BaseException as problem:  # noqa: BLE001 - reported through the .error file
                    job[2].with_suffix('.error').write_text(f'the run itself failed: {problem!r}', encoding='utf-8')
                    code = 1
                os._exit(code)
            running[pid] = (job, time.monotonic())
        pid, _ = os.waitpid(-1, os.WNOHANG)
        if pid:
            running.pop(pid, None)
            continue
        time.sleep(0.02)
        for child, (job, started) in list(running.items()):
            if started and time.monotonic() - started > TIMEOUT:
                os.kill(child, 9)
                job[2].with_suffix('.error').write_text(f'still running after {TIMEOUT} s', encoding='utf-8')
                running[child] = (job, None)  # killed: waitpid collects it next


if __name__ == '__main__':
    main(json.load(sys.stdin))
