"""The harness itself: device directives, the scratch folder, and what a failure says."""

from unittest import SkipTest

import pytest
import torch

from tests import devices
from tests.pages import parse, setup, teardown
from tests.snippets import ROOT

PAGE = '''# A page

```pycon
>>> (tmp_dir / "numbers.csv").write_text("1,2\\n")
4
>>> sorted(p.name for p in tmp_dir.iterdir())
['numbers.csv']
```

<!-- skip: next if(device_pass == "cpu", reason="CUDA only: needs a second device") -->

```pycon
>>> torch.ones(1).cuda().device.type
'cuda'
```

```pycon
>>> torch.ones(2).sum()
tensor(3.)
```
'''


def run(page_text: str, tmp_path, device='cpu'):
    """Run each example of a page; return what each did: 'passed', 'skipped: …' or 'failed: …'."""
    path = tmp_path / 'page.md'
    path.write_text(page_text, encoding='utf-8')
    document = parse(path, device)
    setup(device, document.namespace)
    document.namespace['torch'] = torch
    outcomes = []
    try:
        for example in document:
            try:
                example.evaluate()
                outcomes.append('passed')
            except (SkipTest, pytest.skip.Exception) as skip:
                outcomes.append(f'skipped: {skip}')
            except AssertionError as failure:
                outcomes.append(f'failed: {failure}')
    finally:
        scratch = document.namespace['tmp_dir']
        teardown(document.namespace)
    return outcomes, scratch


def test_a_cuda_only_block_is_skipped_on_cpu_with_its_reason(tmp_path):
    outcomes, _ = run(PAGE, tmp_path)
    assert outcomes[0] == 'passed'
    assert outcomes[1] == 'passed'  # the directive itself
    assert outcomes[2] == 'skipped: CUDA only: needs a second device'


def test_examples_write_into_a_scratch_folder_that_is_removed_after(tmp_path):
    outcomes, scratch = run(PAGE, tmp_path)
    assert outcomes[0] == 'passed'
    assert not scratch.exists()
    assert not (ROOT / 'numbers.csv').exists()


def test_a_failure_names_page_line_device_and_shows_expected_and_got(tmp_path):
    failure = run(PAGE, tmp_path)[0][3]
    assert 'page.md:18, cpu pass' in failure  # the line of `>>> torch.ones(2).sum()`
    assert 'cpu pass' in failure
    assert 'Expected:\n    tensor(3.)\nGot:\n    tensor(2.)' in failure


def test_a_failure_in_a_snippet_names_the_snippet_file_and_line(tmp_path):
    page = '# A page\n\n```pycon\n--8<-- "index.pycon:version"\n```\n'
    outcomes, _ = run(page, tmp_path)
    assert outcomes == ['passed']
    origin = parse(tmp_path / 'page.md').origins[4]  # second line of the included section
    assert str(origin).endswith('page.md:4 (snippets/index.pycon:3)')


def test_a_block_without_examples_fails(tmp_path):
    outcomes, _ = run('# A page\n\n```pycon\nprint("no prompt")\n```\n', tmp_path)
    assert outcomes[0].startswith('failed:') and 'no ">>>" example' in outcomes[0]


def test_a_python_block_runs_as_a_script(tmp_path):
    outcomes, _ = run('# A page\n\n```python\nx = 1\nassert x == 2, "x is not 2"\n```\n', tmp_path)
    assert outcomes[0].startswith('failed:') and 'AssertionError: x is not 2' in outcomes[0]


def test_missing_cuda_skips_or_with_require_cuda_fails(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    monkeypatch.delenv('REQUIRE_CUDA', raising=False)
    with pytest.raises(pytest.skip.Exception, match='no CUDA device'):
        devices.require_device('cuda')
    monkeypatch.setenv('REQUIRE_CUDA', '1')
    with pytest.raises(pytest.fail.Exception, match='REQUIRE_CUDA=1'):
        devices.require_device('cuda')
    devices.require_device('cpu')


def test_the_default_device_is_restored_after_a_block():
    before = torch.get_default_device()
    with devices.default_device('meta'):
        assert torch.ones(1).device.type == 'meta'
    assert torch.get_default_device() == before


TWIN = '''# A page

```pycon
>>> marks.append("ran")
>>> 1 + 1
3
```
'''


@pytest.mark.parametrize(('chinese', 'expected'), [
    (TWIN, ['failed (twin)', 0]),                          # the same blocks: the English result, not run again
    (TWIN.replace('3\n```', '2\n```'), ['passed', 1]),    # other blocks: run as usual
])
def test_a_chinese_page_takes_its_english_twins_results(tmp_path, monkeypatch, chinese, expected):
    from tests import pages

    monkeypatch.setattr(pages, 'ROOT', tmp_path)
    monkeypatch.setattr(pages, 'ENGLISH_RUNS', {})
    for language, text in (('en', TWIN), ('zh', chinese)):
        (tmp_path / 'docs' / language).mkdir(parents=True)
        (tmp_path / 'docs' / language / 'page.md').write_text(text, encoding='utf-8')
    runs = {}
    for language in ('en', 'zh'):
        document = parse(tmp_path / 'docs' / language / 'page.md')
        document.namespace['marks'] = runs[language] = []
        outcome = 'passed'
        for example in document:
            try:
                example.evaluate()
            except AssertionError as failure:
                outcome = 'failed (twin)' if 'the same block failed on the English page' in str(failure) else 'failed'
    assert runs['en'] == ['ran']
    assert [outcome, len(runs['zh'])] == expected
