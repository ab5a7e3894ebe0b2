"""The harness itself: device directives, the scratch folder, the guards, and what a failure says."""

import socket
import subprocess
import sys
from pathlib import Path
from unittest import SkipTest

import pytest
import torch

from tests import devices, hermetic
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
    document.namespace.update(torch=torch, socket=socket, Path=Path)
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
    assert outcomes[2] == 'skipped: cpu pass: CUDA only: needs a second device'


@pytest.mark.parametrize('directive', [
    '<!-- skip: next -->',                                           # bare
    '<!-- skip: next if(True, reason="always") -->',                 # not device-conditional
    '<!-- skip: next if(device_pass == "cpu") -->',                  # no reason
    '<!-- skip: start if(device_pass == "cpu", reason="x") -->',     # a range, not one block
])
def test_a_skip_must_be_device_conditional_with_a_reason(tmp_path, directive):
    page = f'# A page\n\n{directive}\n\n```pycon\n>>> 1 + 1\n3\n```\n'
    outcomes, _ = run(page, tmp_path)
    assert outcomes[0].startswith('failed:') and 'page.md:3: <!-- skip:' in outcomes[0]
    assert 'must be device-conditional with a reason' in outcomes[0]
    assert outcomes[1].startswith('failed:')  # the block is not skipped: it runs, and fails


def test_a_skip_directive_must_stand_above_a_code_block(tmp_path):
    page = '# A page\n\n<!-- skip: next if(device_pass == "cpu", reason="x") -->\n\nSome prose.\n'
    outcomes, _ = run(page, tmp_path)
    assert outcomes == ['failed: ' + outcomes[0][8:]] and 'must stand just above a code block' in outcomes[0]


def test_a_skipped_block_is_reported_with_its_page_line_and_reason():
    result = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-rs', 'docs/en/setup.md', '-k', 'cpu'],
                            cwd=ROOT, capture_output=True, text=True)
    skipped = [line for line in result.stdout.splitlines() if line.startswith('SKIPPED')]
    assert skipped and all(line.startswith('SKIPPED [1] docs/en/setup.md:') for line in skipped), skipped
    assert all('cpu pass: CUDA only: ' in line and '(snippets/setup.pycon:' in line for line in skipped)


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


def test_the_cpu_pass_puts_no_device_mode_in_front_of_torch_calls():
    """Setting 'cpu' as the default device installs a mode that every torch call passes through
    (about twice the time of a small operation), though CPU is torch's default anyway."""
    from torch.overrides import _get_current_function_mode_stack

    assert not _get_current_function_mode_stack()
    with devices.default_device('cpu'):
        assert torch.ones(1).device.type == 'cpu'
        assert not _get_current_function_mode_stack()
    assert not _get_current_function_mode_stack() and torch.get_default_device().type == 'cpu'


def test_the_tests_run_torch_on_one_thread_in_this_process_and_the_ones_it_starts():
    """The examples are small: a second thread saves nothing, and when another program keeps the
    other core busy, torch's threads wait on each other (the classifier's training went from 7 s
    to 71 s); the build, the labs' kernels and the notebook runs inherit the setting."""
    assert torch.get_num_threads() == 1
    child = subprocess.run([sys.executable, '-c', 'import torch; print(torch.get_num_threads())'],
                           capture_output=True, text=True, check=True)
    assert child.stdout.strip() == '1'


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
        setup('cpu', document.namespace)
        document.namespace['marks'] = runs[language] = []
        outcome = 'passed'
        for example in document:
            try:
                example.evaluate()
            except AssertionError as failure:
                outcome = 'failed (twin)' if 'the same block failed on the English page' in str(failure) else 'failed'
        teardown(document.namespace)
    assert runs['en'] == ['ran']
    assert [outcome, len(runs['zh'])] == expected


UNSEEDED = '''# A page

```pycon
>>> torch.randint(0, 10**9, (1,)).item() == expected
True
```
'''


def test_every_page_starts_from_the_run_seed_so_an_unseeded_draw_fails(tmp_path, monkeypatch):
    torch.manual_seed(1234)
    drawn_after_1234 = torch.randint(0, 10**9, (1,)).item()
    page = UNSEEDED.replace('expected', str(drawn_after_1234))
    monkeypatch.setattr(hermetic, 'SEED', 1234)
    assert run(page, tmp_path)[0] == ['passed']
    torch.manual_seed(1234)  # the state an earlier page might leave behind does not matter
    monkeypatch.setattr(hermetic, 'SEED', 99)
    failure = run(page, tmp_path)[0][0]
    assert failure.startswith('failed:') and 'page.md:4, cpu pass, seed 99' in failure


LEAKS = '''# A page

```pycon
>>> torch.set_default_dtype(torch.float64)
>>> torch.set_printoptions(precision=2)
```

```pycon
>>> torch.ones(1).dtype
torch.float64
```
'''


def test_a_page_that_leaves_a_global_setting_changed_is_reported_and_it_is_restored(tmp_path):
    outcomes, _ = run(LEAKS, tmp_path)
    assert outcomes[0] == 'passed'
    assert outcomes[1].startswith('failed:')
    assert 'page.md:4, cpu pass' in outcomes[1]  # the block that changed them
    assert 'torch print options, torch default dtype' in outcomes[1]
    assert torch.get_default_dtype() == torch.float32
    assert torch.ones(1, dtype=torch.float64).__repr__() == 'tensor([1.], dtype=torch.float64)'


def test_a_block_that_changes_a_setting_and_sets_it_back_passes(tmp_path):
    page = LEAKS.replace('>>> torch.ones(1).dtype\ntorch.float64', '>>> torch.set_default_dtype(torch.float32)\n'
                         '>>> torch.set_printoptions(precision=4)')
    assert run(page, tmp_path)[0] == ['passed', 'passed']


def test_examples_run_in_the_pages_scratch_folder(tmp_path):
    page = '# A page\n\n```pycon\n>>> Path.cwd() == tmp_dir.resolve()\nTrue\n```\n'
    before = Path.cwd()
    assert run(page, tmp_path)[0] == ['passed']
    assert Path.cwd() == before  # and back again after the block


def test_examples_cannot_open_network_connections(tmp_path):
    page = '# A page\n\nText.\n\n```pycon\n>>> socket.create_connection(("127.0.0.1", 9))\n```\n'
    failure = run(page, tmp_path)[0][0]
    assert 'NetworkRefused: ' in failure
    assert "page.md:6, cpu pass, seed" in failure and "examples may not open network connections (tried ('127.0.0.1', 9))" in failure
    originals = (socket.socket.connect, socket.create_connection, socket.getaddrinfo)
    run(page, tmp_path)
    assert (socket.socket.connect, socket.create_connection, socket.getaddrinfo) == originals  # put back after


def test_the_cuda_pass_turns_off_tf32_and_turns_on_deterministic_algorithms():
    matmul = torch.backends.cuda.matmul
    before = (matmul.fp32_precision, torch.are_deterministic_algorithms_enabled())
    with devices.pass_settings('cuda'):
        assert matmul.fp32_precision == 'ieee' and torch.backends.cudnn.conv.fp32_precision == 'ieee'
        assert torch.are_deterministic_algorithms_enabled()
    assert (matmul.fp32_precision, torch.are_deterministic_algorithms_enabled()) == before
    with devices.pass_settings('cpu'):
        assert not torch.are_deterministic_algorithms_enabled()


def test_a_file_written_into_the_repository_is_found(tmp_path):
    from tests import repository

    subprocess.run(['git', 'init', '-q', str(tmp_path)], check=True)
    (tmp_path / '.gitignore').write_text('build/\n')
    (tmp_path / 'kept.txt').write_text('mine, before the run\n')
    before = repository.state(tmp_path)
    (tmp_path / 'build').mkdir()
    (tmp_path / 'build' / 'out.html').write_text('ignored output')
    assert repository.changes(before, repository.state(tmp_path)) == []
    (tmp_path / 'leak.csv').write_text('1,2\n')
    (tmp_path / 'kept.txt').write_text('changed by the run\n')
    assert repository.changes(before, repository.state(tmp_path)) == ['kept.txt', 'leak.csv']
