"""Each page shows when it last changed: its own file or a snippet file it includes.

material shows `page.meta.revision_date` under the page. The date is the
newest commit touching the page or its snippets (git-revision-date-localized
only looks at the page file, and most changes here are to the code); without
git history, the page shows no date.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r'^\s*-+8<-+\s+"(?P<file>[^":]+)', re.MULTILINE)


def on_page_markdown(markdown, page, config, files):
    sources = [page.file.abs_src_path]
    for base in config.mdx_configs['pymdownx.snippets']['base_path']:
        sources += [str(ROOT / base / name) for name in set(INCLUDE.findall(markdown))
                    if (ROOT / base / name).is_file()]
    date = last_commit_date(sources)
    if date:
        page.meta['revision_date'] = date
    return markdown


def last_commit_date(paths: list[str]) -> str | None:
    log = subprocess.run(['git', 'log', '-1', '--format=%cs', '--', *paths],
                         cwd=ROOT, capture_output=True, text=True)
    return log.stdout.strip() or None
