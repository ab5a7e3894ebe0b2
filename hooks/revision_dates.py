"""Each page shows when it last changed: its own file or a snippet file it includes.

material shows `page.meta.revision_date` under the page. The date is the
newest commit touching the page or its snippets (git-revision-date-localized
only looks at the page file, and most changes here are to the code); without
git history, the page shows no date.
"""

import subprocess

from snippet_files import ROOT, snippet_files


def on_page_markdown(markdown, page, config, files):
    date = last_commit_date([page.file.abs_src_path, *map(str, snippet_files(markdown, config))])
    if date:
        page.meta['revision_date'] = date
    return markdown


def last_commit_date(paths: list[str]) -> str | None:
    log = subprocess.run(['git', 'log', '-1', '--format=%cs', '--', *paths],
                         cwd=ROOT, capture_output=True, text=True)
    return log.stdout.strip() or None
