"""Material's palette stylesheet without its one rule that restyles every element.

While material applies a palette (as every page starts, and at each toggle) it sets
`data-md-color-switching` on the body, and removes it a moment later. Its rule for
that attribute, `[data-md-color-switching] *` (and `:before`, `:after`) with no
transitions, makes the browser restyle every element of the page both times (on a
phone, about a third of a long page's style work as it loads; CONTRIBUTING.md,
"Measurements"). The build serves the stylesheet without that rule; extra.css stops
the fades only on the elements whose colours material fades, so a toggle still
switches at once (test_palette_toggle_changes_colours_at_once).
"""

import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PALETTE = re.compile(r'assets/stylesheets/palette\.[0-9a-f]+\.min\.css')
RULE = ('[data-md-color-switching] *,[data-md-color-switching] :after,'
        '[data-md-color-switching] :before{transition-duration:0s!important}')


@event_priority(-110)  # on the files mkdocs-static-i18n made for this language
def on_files(files, config):
    for file in files:
        if PALETTE.fullmatch(file.src_uri):
            css = file.content_string
            if css.count(RULE) != 1:
                raise PluginError(f'{file.src_uri}: material no longer has the rule {RULE}; '
                                  'see hooks/palette_switch.py, which removes it')
            file.content_string = css.replace(RULE, '')
    return files
