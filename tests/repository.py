"""A test run must leave the repository as it found it (ignored build output aside)."""

import hashlib
import subprocess
from pathlib import Path


def state(root: Path) -> dict[str, str]:
    """Each changed or untracked file that git does not ignore, with a hash of its content."""
    listing = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=all', '-z'],
                             cwd=root, capture_output=True, text=True, check=True).stdout
    files = {}
    for entry in filter(None, listing.split('\0')):
        path = root / entry[3:]
        files[entry[3:]] = hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else entry[:2]
    return files


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
