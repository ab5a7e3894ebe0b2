"""Under each page's title, one line that says what the test record says about its code.

The tests write the record (tests/record.py): per page and device, how many
examples passed, were skipped or failed, with which torch and when, and a hash of
the code they ran. This hook hashes the page's code the same way and shows an
entry only while its hash matches; otherwise the line says the page was not
verified, so no page claims more than the record holds. No plugin reads a
test record, hence a hook.
"""

import html
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.record import code_hash, entry_for, executed_blocks, page_key  # noqa: E402
from tests.snippets import expand  # noqa: E402

TEXT = {
    'en': {
        'label': 'Verification record: ',
        'all': 'all {examples} examples passed on {device}',
        'some': '{passed} examples passed on {device} and {skipped} run on {other} only',
        'failed': '{failed} of {examples} examples failed on {device} in the last run',
        'cpu': ' (PyTorch {torch}, {date})',
        'cuda': ' ({device_name}, PyTorch {torch}, CUDA {cuda}, {date})',
        'no cpu': 'this version of the page has not been verified: no test run recorded its code '
                  '(`python3 tasks.py test` makes the record)',
        'no cuda': 'CUDA has not been run for this version of the page',
        'how': 'how the examples are checked',
        'end': '.',
        'join': '. ',
    },
    'zh': {
        'label': '验证记录：',
        'all': '{examples} 个示例全部在 {device} 上通过',
        'some': '{passed} 个示例在 {device} 上通过，另有 {skipped} 个只在 {other} 上运行',
        'failed': '上次运行时，{examples} 个示例中有 {failed} 个在 {device} 上失败',
        'cpu': '（PyTorch {torch}，{date}）',
        'cuda': '（{device_name}，PyTorch {torch}，CUDA {cuda}，{date}）',
        'no cpu': '本页当前版本尚未验证，还没有哪次测试记录过这些代码（运行 `python3 tasks.py test` 即可生成记录）',
        'no cuda': '本页当前版本还没有在 CUDA 上运行过',
        'how': '示例是怎样检查的',
        'end': '。',
        'join': '。',
    },
}
NAMES = {'cpu': 'CPU', 'cuda': 'CUDA'}


def summary(language: str, device: str, entry: dict) -> str:
    text = TEXT[language]
    other = NAMES['cuda' if device == 'cpu' else 'cpu']
    counts = dict(entry, device=NAMES[device], other=other, skipped=len(entry['skipped']))
    kind = 'failed' if entry['failed'] else ('some' if entry['skipped'] else 'all')
    return text[kind].format(**counts) + text[device].format(**entry)


def describe(language: str, cpu: dict | None, cuda: dict | None) -> str:
    """The line's text (without the label) for a page's CPU and CUDA entries, either possibly missing."""
    text = TEXT[language]
    parts = [summary(language, 'cpu', cpu) if cpu else text['no cpu'],
             summary(language, 'cuda', cuda) if cuda else text['no cuda']]
    return text['join'].join(part[0].upper() + part[1:] for part in parts) + text['end']


def as_html(text: str) -> str:
    return re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(text))


def state(entry: dict | None) -> str:
    return 'none' if entry is None else ('failed' if entry['failed'] else 'passed')


@event_priority(50)
def on_page_content(content, page, config, files):
    source = Path(page.file.abs_src_path or '')
    key = page_key(source) if source.suffix == '.md' else None
    if key is None:
        return content
    expanded = expand(source)[0]
    if not any(kind != 'skip' for kind, _ in executed_blocks(expanded)):
        return content
    language = key.split('/')[0]
    digest = code_hash(expanded)
    cpu, cuda = entry_for('cpu', key, digest), entry_for('cuda', key, digest)
    text = TEXT[language]
    line = (
        f'<p class="verification" data-cpu="{state(cpu)}" data-cuda="{state(cuda)}">'
        f'<strong>{text["label"]}</strong>{as_html(describe(language, cpu, cuda))} '
        f'<a href="{home(page)}#tested-examples">{text["how"]}</a></p>'
    )
    head, title_end, rest = content.partition('</h1>')
    return head + title_end + line + rest if title_end else line + content


def home(page) -> str:
    """The relative link from this page to its language's home page."""
    depth = page.url.count('/') - (1 if page.url.startswith('zh/') else 0)
    return '../' * depth or './'
