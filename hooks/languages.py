"""Each page names its translation, and each language has its own 404 page and sitemap.

- Each page gets `page.alternates`, the addresses of the same page in every
  language, which overrides/main.html writes as `<link rel="alternate" hreflang>`.
  (material writes `extra.alternate`, the language roots, which its language
  menu and instant navigation need as they are.)
- mkdocs-static-i18n builds the second language into the same site folder, so
  its `404.html` and `sitemap.xml` overwrite the first language's at the root.
  The second language's copies move under its folder (`zh/404.html`; material's
  instant navigation reads `zh/sitemap.xml`), and the root gets the default
  language's 404 page back. The sitemap lists both languages with `xhtml:link`
  alternates, in both places.
"""

import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse

from mkdocs.plugins import event_priority

_saved_404: bytes | None = None


def on_page_context(context, page, config, nav):
    i18n = config.plugins['i18n']
    own = '' if i18n.current_language == i18n.default_language else f'{i18n.current_language}/'
    path = page.url.removeprefix(own)
    page.alternates = [
        (alternate['lang'], urljoin(config.site_url, folder(alternate['lang'], i18n) + path))
        for alternate in config.extra['alternate']
    ]
    return context


def folder(language: str, i18n) -> str:
    return '' if language == i18n.default_language else f'{language}/'


@event_priority(100)  # before mkdocs-static-i18n starts the next language's build
def on_post_build(config):
    global _saved_404
    i18n = config.plugins['i18n']
    site = Path(config.site_dir)
    if i18n.current_language == i18n.default_language:
        _saved_404 = (site / '404.html').read_bytes()
        return
    own = site / i18n.current_language
    page_404 = (site / '404.html').read_text(encoding='utf-8')
    root = urlparse(config.site_url).path
    (own / '404.html').write_text(page_404.replace(f'"base": "{root}"', f'"base": "{root}{i18n.current_language}/"', 1),
                                  encoding='utf-8')
    (site / '404.html').write_bytes(_saved_404)
    for sitemap in ('sitemap.xml', 'sitemap.xml.gz'):
        shutil.copyfile(site / sitemap, own / sitemap)
