"""Quick rebuilds for `python3 tasks.py serve`, which runs `mkdocs serve --dirty`.

- A dirty build renders only the pages whose Markdown is newer than their HTML;
  here a page also counts as changed when a snippet file it includes is newer,
  so saving a snippet rebuilds the two pages (one per language) that show it.
- The theme's templates are compiled once and kept in `.cache/jinja/`, instead of
  on every build.
"""

import os
import sys
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority
from snippet_files import snippet_files

TEMPLATE_CACHE = Path(__file__).resolve().parent.parent / '.cache' / 'jinja'


@event_priority(-120)  # on the files mkdocs-static-i18n made
def on_files(files, config):
    if '--dirty' not in sys.argv:
        return files
    for file in files.documentation_pages():
        if not file.abs_src_path.endswith('.md') or not os.path.isfile(file.abs_dest_path):
            continue
        built = os.path.getmtime(file.abs_dest_path)
        snippets = snippet_files(Path(file.abs_src_path).read_text(encoding='utf-8'), config)
        if any(snippet.stat().st_mtime > built for snippet in snippets):
            file.is_modified = lambda: True
    return files


def on_env(env, config, files):
    TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(TEMPLATE_CACHE))
    return env
