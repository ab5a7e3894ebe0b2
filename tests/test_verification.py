"""The verification record and the line each page shows from it."""

import re

import pytest

from hooks.verification import describe
from tests import record
from tests.pages import parse, setup, teardown
from tests.record import code_hash, entry_for, write_entry
from tests.snippets import ROOT, expand

PAGE = '''# A page

Some prose.

```pycon
>>> 1 + 1
2
```

<!-- skip: next if(device_pass == "cpu", reason="CUDA only: needs a GPU") -->

```pycon
>>> torch.ones(1).cuda().device.type
'cuda'
```

```pycon
>>> 2 + 2
5
```
'''
CPU_ENTRY = {'hash': 'h', 'examples': 40, 'passed': 38, 'skipped': ['CUDA only: a', 'CUDA only: b'], 'failed': 0,
             'torch': '2.13.0+cpu', 'cuda': None, 'device_name': 'AMD EPYC', 'python': '3.11.7', 'date': '2026-12-01'}
CUDA_ENTRY = dict(CPU_ENTRY, passed=40, skipped=[], torch='2.11.0+cu130', cuda='13.0', device_name='NVIDIA H200')


def test_a_run_records_each_page_with_its_counts_torch_device_and_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(record, 'DOCS', tmp_path / 'docs')
    monkeypatch.setattr(record, 'RUN_RECORDS', tmp_path / 'records')
    (tmp_path / 'docs' / 'en').mkdir(parents=True)
    page = tmp_path / 'docs' / 'en' / 'page.md'
    page.write_text(PAGE, encoding='utf-8')
    document = parse(page)
    setup('cpu', document.namespace)
    for example in document:
        try:
            example.evaluate()
        except (AssertionError, pytest.skip.Exception):
            pass
    teardown(document.namespace)
    entry = record.read(tmp_path / 'records' / 'cpu.json')['en/page.md']
    assert {key: entry[key] for key in ('examples', 'passed', 'skipped', 'failed')} == {
        'examples': 3, 'passed': 1, 'skipped': ['CUDA only: needs a GPU'], 'failed': 1}
    assert entry['hash'] == code_hash(expand(page)[0])
    assert entry['torch'].startswith('2.') and entry['device_name'] and re.fullmatch(r'\d{4}-\d\d-\d\d', entry['date'])


def test_the_hash_covers_code_output_and_skips_but_not_prose():
    base = code_hash(PAGE)
    assert code_hash(PAGE.replace('Some prose.', 'Other words.')) == base
    assert code_hash(PAGE.replace('>>> 1 + 1', '>>> 1 + 2')) != base
    assert code_hash(PAGE.replace('2\n```', '3\n```', 1)) != base
    assert code_hash(PAGE.replace('reason="CUDA only: needs a GPU"', 'reason="other"')) != base


def test_an_entry_speaks_only_for_the_code_it_verified(tmp_path):
    write_entry('cuda', 'en/page.md', dict(CUDA_ENTRY, hash='abc'), folder=tmp_path)
    assert entry_for('cuda', 'en/page.md', 'abc', folders=[tmp_path])['device_name'] == 'NVIDIA H200'
    assert entry_for('cuda', 'en/page.md', 'changed', folders=[tmp_path]) is None
    assert entry_for('cuda', 'en/other.md', 'abc', folders=[tmp_path]) is None


@pytest.mark.parametrize(('language', 'cpu', 'cuda', 'expected'), [
    ('en', None, None, 'This version of the page has not been verified: no test run recorded its code '
                       '(`python3 tasks.py test` makes the record). CUDA has not been run for this version of the page.'),
    ('en', CPU_ENTRY, None, '38 examples passed on CPU and 2 run on CUDA only (PyTorch 2.13.0+cpu, 2026-12-01). '
                            'CUDA has not been run for this version of the page.'),
    ('en', dict(CPU_ENTRY, failed=1), None, '1 of 40 examples failed on CPU in the last run'),
    ('en', dict(CPU_ENTRY, skipped=[], passed=40), CUDA_ENTRY,
     'All 40 examples passed on CPU (PyTorch 2.13.0+cpu, 2026-12-01). All 40 examples passed on CUDA '
     '(NVIDIA H200, PyTorch 2.11.0+cu130, CUDA 13.0, 2026-12-01).'),
    ('zh', None, None, '本页当前版本尚未验证'),
    ('zh', CPU_ENTRY, None, '38 个示例在 CPU 上通过，另有 2 个只在 CUDA 上运行（PyTorch 2.13.0+cpu，2026-12-01）。'
                            '本页当前版本还没有在 CUDA 上运行过。'),
])
def test_the_line_says_what_the_record_holds_and_nothing_more(language, cpu, cuda, expected):
    assert expected in describe(language, cpu, cuda)


def built_pages(site):
    for language, folder in (('en', site), ('zh', site / 'zh')):
        for source in sorted((ROOT / 'docs' / language).glob('*.md')):
            page = folder / ('' if source.stem == 'index' else source.stem) / 'index.html'
            yield language, source, page.read_text(encoding='utf-8')


def test_every_page_with_examples_shows_the_line_its_record_gives(site):
    from hooks.verification import as_html

    checked = 0
    for language, source, html in built_pages(site):
        expanded = expand(source)[0]
        has_code = any(kind != 'skip' for kind, _ in record.executed_blocks(expanded))
        line = re.search(r'<p class="verification"[^>]*>(.*?)</p>', html)
        assert bool(line) == has_code, f'{source.relative_to(ROOT)}: verification line missing or unexpected'
        if line:
            key, digest = f'{language}/{source.name}', code_hash(expanded)
            expected = describe(language, entry_for('cpu', key, digest), entry_for('cuda', key, digest))
            assert as_html(expected) in line[1], source.relative_to(ROOT)
            assert html.index('</h1>') < html.index('class="verification"'), 'the line stands under the title'
            checked += 1
    assert checked >= 18


CLAIMS = re.compile(
    r'(?:tested|verified|checked) (?:on|with) (?:a |the )?(?:CPU|GPU|CUDA|PyTorch \d)'
    r'|(?:CPU|GPU|CUDA)[^。\n]{0,12}(?:测试|验证)过|(?:经|已|均)[^。\n]{0,30}(?:CPU|GPU|CUDA)[^。\n]{0,6}(?:测试|验证)',
    re.IGNORECASE,
)


@pytest.mark.parametrize('page', [*sorted((ROOT / 'docs').rglob('*.md')), ROOT / 'mkdocs.yml'],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_claims_a_verification_in_its_prose(page):
    assert CLAIMS.findall(page.read_text(encoding='utf-8')) == []


@pytest.mark.parametrize('text', ['Every block on this page is tested with PyTorch 2.13.0, on a CPU and on a GPU',
                                  '本页每个代码块都用 PyTorch 2.13.0 在 CPU 和 GPU 上测试过',
                                  'Every output on these pages was verified with PyTorch 2.13.0 on CPU and CUDA.',
                                  '本站所有输出均经 PyTorch 2.13.0 在 CPU 与 CUDA 上验证。',
                                  'PyTorch examples that are tested on CPU and CUDA.',
                                  '配有在 CPU 和 CUDA 上都测试过的 PyTorch 示例。'])
def test_the_claims_the_pages_used_to_make_are_caught(text):
    assert CLAIMS.search(text)
