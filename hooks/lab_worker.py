"""What a worker process of hooks/lab_runs.py does: convert labs whose code cells are the same.

A module of its own, so that the workers can import it by name (the hook's folder is put
on their path); MkDocs loads the hooks themselves under names no other process can import.
Importing `mkdocs_jupyter.convert` is also what gives mkdocs-jupyter its lower-case heading ids.
"""

import copy
from pathlib import Path

from mkdocs_jupyter.convert import nb2html
from nbconvert.preprocessors import ExecutePreprocessor


def convert_with_one_run(labs: list[Path], options: dict) -> list[str]:
    """Each lab's `nb2html`; only the first one's code runs, the others take its outputs.
    (It replaces nbconvert's execute step in this process.)"""
    execute, ran = ExecutePreprocessor.preprocess, []

    def run_once(self, nb, resources=None, km=None):
        if not ran:
            nb, resources = execute(self, nb, resources, km)
            ran.append(copy.deepcopy(nb))  # as it left the run, before the conversion goes on with it
            return nb, resources
        cells = [cell for cell in ran[0].cells if cell.cell_type == 'code']
        for cell, done in zip((cell for cell in nb.cells if cell.cell_type == 'code'), cells, strict=True):
            cell.outputs, cell.execution_count = copy.deepcopy(done.outputs), done.execution_count
        return nb, resources

    ExecutePreprocessor.preprocess = run_once
    try:
        return [nb2html(str(lab), **options) for lab in labs]
    finally:
        ExecutePreprocessor.preprocess = execute
