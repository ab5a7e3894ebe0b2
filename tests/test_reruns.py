"""Every English page run a second time in the same process, on the CPU.

A GPU machine runs each page's CUDA pass right after its CPU pass, in one process, and a
reader may run a notebook's cells twice. Either way, whatever torch does only once per
process (a warning it gives once, say) has been done already, so an example must not
print it. The pages ran once already in this run (`docs/` comes first); each runs again
here. The Chinese pages show the same code (test_structure.py). A rerun is not a pass:
it leaves the verification record alone.
"""

from pathlib import Path

import pytest

from tests import pages, record
from tests.snippets import ROOT

ENGLISH = sorted((ROOT / 'docs' / 'en').glob('*.md'))


def run_page(path: Path) -> dict[int, tuple]:
    """Each block's outcome, by its index: ('passed',), ('skipped', reason) or ('failed', report)."""
    document = pages.parse(path, 'cpu')
    pages.setup('cpu', document.namespace)
    try:
        for example in document:
            try:
                example.evaluate()
            except (AssertionError, pytest.skip.Exception):
                pass  # the page keeps each block's outcome
    finally:
        pages.teardown(document.namespace)
    return document.outcomes


@pytest.mark.parametrize('path', ENGLISH, ids=lambda path: path.name)
def test_a_page_gives_the_same_results_when_it_runs_again_in_the_same_process(path, monkeypatch):
    first = pages.ENGLISH_RUNS.get(('cpu', path.name))
    monkeypatch.setattr(record, 'write_entry', lambda *args, **kwargs: None)
    monkeypatch.setattr(pages, 'ENGLISH_RUNS', dict(pages.ENGLISH_RUNS))
    first = first[1] if first else run_page(path)  # run alone, this test makes the first run too
    again = run_page(path)
    changed = [f'block {index + 1}: {first[index][0]} the first time, {outcome[0]} again'
               + (f'\n{outcome[1]}' if outcome[0] == 'failed' else '')
               for index, outcome in sorted(again.items()) if outcome[0] != first[index][0]]
    assert not changed, '\n'.join(changed)
