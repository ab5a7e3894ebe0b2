"""In-page links of the built site: every `href="#..."` names an id on its own page, and no heading has an empty id."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

HEADINGS = {'h1', 'h2', 'h3', 'h4', 'h5', 'h6'}


class Anchors(HTMLParser):
    """The ids, the in-page link targets and the headings with an empty id of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.targets, self.empty_headings = set(), [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if 'id' in attributes:
            if attributes['id']:
                self.ids.add(attributes['id'])
            elif tag in HEADINGS:
                self.empty_headings.append(self.getpos()[0])
        if tag == 'a' and 'name' in attributes:  # the old way of naming a place, still honoured by browsers
            self.ids.add(attributes['name'])
        href = attributes.get('href') or ''
        if href.startswith('#') and len(href) > 1:  # `#` alone is the top of the page
            self.targets.append(unquote(href[1:]))


def parse(page: Path) -> Anchors:
    anchors = Anchors()
    anchors.feed(page.read_text(encoding='utf-8'))
    anchors.close()
    return anchors


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob('*.html'))


def test_the_site_has_pages(site):
    assert len(pages(site)) > 20


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_every_in_page_link_lands_on_an_id_of_its_page(site, language):
    broken = {}
    for page in pages(site):
        relative = page.relative_to(site).as_posix()
        if relative.startswith('zh/') != (language == 'zh'):
            continue
        anchors = parse(page)
        missing = sorted({target for target in anchors.targets if target not in anchors.ids})
        if missing:
            broken[relative] = missing
    assert not broken, '\n'.join(f'{page}: no id for #{", #".join(targets)}' for page, targets in broken.items())


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_no_heading_has_an_empty_id(site, language):
    empty = {}
    for page in pages(site):
        relative = page.relative_to(site).as_posix()
        if relative.startswith('zh/') != (language == 'zh'):
            continue
        lines = parse(page).empty_headings
        if lines:
            empty[relative] = lines
    assert not empty, '\n'.join(f'{page}: a heading with id="" on line {lines}' for page, lines in empty.items())
