"""Expand a page's `--8<--` includes with the site's own pymdownx.snippets settings.

What the tests run is what the site shows: the same preprocessor, configured from
mkdocs.yml. Each expanded line also remembers where it came from (page or snippet
file, and line), so a failing example can point at the line to edit.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import markdown
import yaml
from pymdownx.snippets import SnippetMissingError

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"(?P<file>[^":]+)(?::(?P<section>[-_0-9a-z]+))?"\s*$')
SECTION_START = '--8<-- [start:{}]'


@dataclass(frozen=True)
class Origin:
    """Where a line of an expanded page was written: the page line, and the snippet line if included."""

    page: Path
    page_line: int
    snippet: Path | None = None
    snippet_line: int | None = None

    @property
    def file(self) -> Path:
        return self.snippet or self.page

    @property
    def line(self) -> int:
        return self.snippet_line or self.page_line

    def __str__(self) -> str:
        where = f'{shown(self.page)}:{self.page_line}'
        if self.snippet:
            where += f' ({shown(self.snippet)}:{self.snippet_line})'
        return where


def shown(path: Path) -> Path:
    """A path as a contributor reads it: relative to the repository when inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


@dataclass(frozen=True)
class Include:
    file: str
    section: str | None

    def __str__(self) -> str:
        return f'{self.file}:{self.section}' if self.section else self.file


class SiteConfig(SimpleNamespace):
    """The parts of mkdocs.yml the tests use. Read as plain YAML: loading it the
    MkDocs way would import every plugin and hook, a second per test run."""


@cache
def site_config() -> SiteConfig:
    settings = yaml.safe_load((ROOT / 'mkdocs.yml').read_text(encoding='utf-8'))
    extensions, configs = [], {}
    for entry in settings['markdown_extensions']:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if options:
            configs[name] = options
    return SiteConfig(site_url=settings['site_url'], repo_url=settings['repo_url'],
                      markdown_extensions=extensions, mdx_configs=configs)


@cache
def snippet_options() -> dict:
    options = dict(site_config().mdx_configs['pymdownx.snippets'])
    options['base_path'] = [str(ROOT / base) for base in options['base_path']]
    return options


def markdown_renderer() -> markdown.Markdown:
    """A Markdown converter with every extension and setting of the site."""
    config = site_config()
    configs = dict(config.mdx_configs, **{'pymdownx.snippets': snippet_options()})
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)


def preprocessor():
    md = markdown.Markdown(
        extensions=['pymdownx.snippets'],
        extension_configs={'pymdownx.snippets': snippet_options()},
    )
    return md.preprocessors['snippet']


def snippet_path(name: str) -> Path:
    for base in snippet_options()['base_path']:
        candidate = Path(base) / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"snippet file {name!r} not found under {snippet_options()['base_path']}")


def includes(page: Path) -> list[Include]:
    """The snippet includes of a page, in order."""
    found = []
    for line in page.read_text(encoding='utf-8').splitlines():
        match = INCLUDE.match(line)
        if match:
            found.append(Include(match['file'], match['section']))
    return found


def sections(snippet: Path) -> list[str]:
    """The section names a snippet file defines, in order."""
    return re.findall(r'--8<-- \[start:([-_0-9a-z]+)\]', snippet.read_text(encoding='utf-8'))


def origins_of(include: Include, expanded: list[str], page: Path, page_line: int) -> list[Origin]:
    """Find each expanded line in the snippet file, walking forward from the section start."""
    path = snippet_path(include.file)
    source = path.read_text(encoding='utf-8').splitlines()
    start = 0
    if include.section:
        marker = SECTION_START.format(include.section)
        start = next(i for i, line in enumerate(source) if marker in line) + 1
    found, cursor = [], start
    for line in expanded:
        at = cursor
        while at < len(source) and source[at].strip() != line.strip():
            at += 1
        if at < len(source):
            cursor = at + 1
        found.append(Origin(page, page_line, path, min(at, len(source) - 1) + 1))
    return found


def expand(page: Path) -> tuple[str, list[Origin]]:
    """The page's Markdown with every include expanded, and each line's origin."""
    page = page.resolve()
    return _expand(page, page.stat().st_mtime_ns)


@cache  # each page is read once per device pass; expand it once
def _expand(page: Path, modified: int) -> tuple[str, list[Origin]]:
    snippets = preprocessor()
    lines, origins = [], []
    page = page.resolve()
    for number, line in enumerate(page.read_text(encoding='utf-8').splitlines(), start=1):
        match = INCLUDE.match(line)
        if match is None:
            lines.append(line)
            origins.append(Origin(page, number))
            continue
        try:
            expanded = snippets.run([line])
        except SnippetMissingError as error:
            raise SnippetMissingError(f'{page.relative_to(ROOT)}:{number}: {line.strip()}: {error}') from None
        lines.extend(expanded)
        origins.extend(origins_of(Include(match['file'], match['section']), expanded, page, number))
    return '\n'.join(lines) + '\n', origins
