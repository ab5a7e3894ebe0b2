"""What every built page carries besides its content, in both languages."""

import re
import xml.etree.ElementTree as ElementTree

import pytest

from hooks.footer import torch_version
from tests.snippets import ROOT, site_config

LANGUAGES = {'en': '', 'zh': 'zh/'}
CJK = re.compile(r'[\u4e00-\u9fff]')
PAGES = sorted(page.stem for page in (ROOT / 'docs' / 'en').glob('*.md'))


def built(site, language: str, page: str) -> str:
    folder = site / LANGUAGES[language] / ('' if page == 'index' else page)
    return (folder / 'index.html').read_text(encoding='utf-8')


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('page', PAGES)
def test_page_has_date_edit_link_footer_and_alternates(site, language, page):
    html = built(site, language, page)
    assert re.search(r'md-source-file__fact">.*?\d{4}-\d{2}-\d{2}', html, re.DOTALL), 'no last-updated date'
    edit = f'{site_config().repo_url}/edit/main/docs/{language}/{page}.md'
    assert f'href="{edit}"' in html
    assert f'PyTorch {torch_version()}' in html.split('md-copyright', 1)[1]
    path = '' if page == 'index' else f'{page}/'
    for other, folder in LANGUAGES.items():
        assert f'href="{site_config().site_url}{folder}{path}" hreflang="{other}"' in html


@pytest.mark.parametrize('language', LANGUAGES)
def test_each_language_has_its_description_and_404_page(site, language):
    home = built(site, language, 'index')
    description = re.search(r'<meta name="description" content="([^"]+)"', home)[1]
    assert bool(CJK.search(description)) == (language == 'zh')
    not_found = (site / LANGUAGES[language] / '404.html').read_text(encoding='utf-8')
    heading = re.search(r'<h1>(.*?)</h1>', not_found)[1]
    assert '404' in heading and bool(CJK.search(heading)) == (language == 'zh')


def test_sitemap_lists_both_languages_with_alternates(site):
    namespaces = {'s': 'http://www.sitemaps.org/schemas/sitemap/0.9', 'x': 'http://www.w3.org/1999/xhtml'}
    for sitemap in (site / 'sitemap.xml', site / 'zh' / 'sitemap.xml'):
        urls = ElementTree.parse(sitemap).getroot().findall('s:url', namespaces)
        locations = {url.find('s:loc', namespaces).text for url in urls}
        for page in PAGES:
            path = '' if page == 'index' else f'{page}/'
            assert {f'{site_config().site_url}{path}', f'{site_config().site_url}zh/{path}'} <= locations
        assert all(len(url.findall('x:link', namespaces)) == 2 for url in urls)


def test_every_image_has_alt_text_in_its_pages_language(site):
    missing = []
    for page in site.rglob('*.html'):
        chinese = page.relative_to(site).parts[0] == 'zh'
        for image in re.findall(r'<img\b[^>]*>', page.read_text(encoding='utf-8')):
            alt = re.search(r'\balt="([^"]*)"', image)
            if not alt or not alt[1].strip() or bool(CJK.search(alt[1])) != chinese:
                missing.append(f'{page.relative_to(site)}: {image[:120]}')
    assert missing == []
