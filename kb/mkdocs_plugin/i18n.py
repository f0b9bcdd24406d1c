"""The help site's own words in nb-NO, nl-NL and English: the ``site`` gettext domain.

Readers see these (admonition titles, the command block, the command-line page, the 404
page); writers see the checker's messages, which are another audience and live in the
``kb`` domain. Message ids are English with ``{name}`` placeholders, extracted into
``kb/mkdocs_plugin/locale/site.pot`` and translated in
``kb/mkdocs_plugin/locale/<ll_CC>/LC_MESSAGES/site.po`` (``make messages``).
"""

from __future__ import annotations

import gettext
import os
from functools import cache

from engine.locales import catalog_code, normalize

LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
DOMAIN = "site"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalog_code(locale)],
                               fallback=True)


def text(message: str, locale: str | None, **values: object) -> str:
    """``message`` in ``locale``'s language (English when the catalog has none)."""
    translated = _translations(normalize(locale)).gettext(message)
    return translated.format(**values) if values else translated
