"""The verification record: what a test run verified, page by page and device by device.

Every test run writes `.cache/records/<device>.json` (not committed). A CUDA
record from a GPU run can be committed as `records/cuda.json`. Each page's entry
carries a hash of the page's executed code and expected output, so an entry
speaks only for exactly the code it verified: the build (hooks/verification.py)
shows a page's entry only while the hash still matches.
"""

import datetime
import hashlib
import json
import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / 'docs'
RUN_RECORDS = ROOT / '.cache' / 'records'
COMMITTED_RECORDS = ROOT / 'records'

EXECUTED_FENCE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<language>pycon|python)\b[^\n]*\n'
    r'(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$',
    re.MULTILINE | re.DOTALL,
)
SKIP_DIRECTIVE = re.compile(r'<!--\s*skip:(?P<arguments>.*?)-->', re.DOTALL)


def executed_blocks(expanded: str) -> list[tuple[str, str]]:
    """The page's executed blocks and skip directives, in order: (kind, text without indentation)."""
    found = []
    for match in EXECUTED_FENCE.finditer(expanded):
        indent = len(match['indent'])
        body = ''.join(line[indent:] for line in match['body'].splitlines(keepends=True))
        found.append((match.start(), match['language'], body))
    for match in SKIP_DIRECTIVE.finditer(expanded):
        found.append((match.start(), 'skip', ' '.join(match['arguments'].split())))
    return [(kind, text) for _, kind, text in sorted(found)]


def code_hash(expanded: str) -> str:
    """A hash of everything the tests run on a page: its code, expected output and skips."""
    digest = hashlib.sha256()
    for kind, text in executed_blocks(expanded):
        digest.update(f'{kind}\0{text}\0'.encode())
    return digest.hexdigest()[:16]


def page_key(path: Path) -> str | None:
    """'en/ndarray.md' for docs/en/ndarray.md; None for a page outside the site."""
    path = path.resolve()
    return path.relative_to(DOCS).as_posix() if path.is_relative_to(DOCS) else None


def device_name(device: str) -> str:
    import torch

    if device == 'cuda':
        return torch.cuda.get_device_name()
    cpuinfo = Path('/proc/cpuinfo')
    if cpuinfo.exists():
        model = re.search(r'^model name\s*:\s*(.+)$', cpuinfo.read_text(), re.MULTILINE)
        if model:
            return model[1].strip()
    return platform.processor() or platform.machine()


def environment(device: str) -> dict:
    import torch

    return {
        'torch': torch.__version__,
        'cuda': torch.version.cuda if device == 'cuda' else None,
        'device_name': device_name(device),
        'python': platform.python_version(),
        'date': datetime.date.today().isoformat(),
    }


def read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding='utf-8'))['pages']
    except (FileNotFoundError, KeyError, ValueError):
        return {}


def write_entry(device: str, key: str, entry: dict, folder: Path | None = None) -> None:
    """Add or replace one page's entry in this device's run record."""
    folder = folder or RUN_RECORDS
    path = folder / f'{device}.json'
    pages = read(path)
    pages[key] = entry
    folder.mkdir(parents=True, exist_ok=True)
    record = {'device': device, 'pages': dict(sorted(pages.items()))}
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')


def entry_for(device: str, key: str, digest: str, folders=None) -> dict | None:
    """This page's entry for this device, from this machine's last run or else the committed
    record, as long as its hash is the page's hash now."""
    for folder in folders or (RUN_RECORDS, COMMITTED_RECORDS):
        entry = read(folder / f'{device}.json').get(key)
        if entry and entry['hash'] == digest:
            return entry
    return None
