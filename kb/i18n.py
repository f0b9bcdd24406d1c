"""The knowledge-base pipeline's own messages in nb-NO, nl-NL and English.

Message ids are English text with ``{name}`` placeholders, extracted into the ``kb`` gettext
domain under ``kb/locale/<ll_CC>/LC_MESSAGES/kb.po`` (``make messages`` compiles them). The
engine has its own catalogs; the pipeline keeps separate ones so that it depends on nothing
in the engine beyond the action registry, the rules it checks against and the shared
reading of locale tags (:mod:`engine.locales`).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from typing import Any

from engine.locales import DEFAULT_LOCALE, catalog_code, normalize

LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    return gettext.translation("kb", LOCALE_DIR, languages=[catalog_code(locale)],
                               fallback=True)


def gettext_for(locale: str | None):
    return _translations(normalize(locale)).gettext


def format_value(value: Any, locale: str | None = None) -> str:
    """A placeholder value as text; a ``{locale: text}`` mapping is text already translated."""
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item, locale) for item in value)
    if isinstance(value, dict):
        return str(value.get(normalize(locale), value.get(DEFAULT_LOCALE, "")))
    return str(value)


def render(msgid: str, params: Mapping[str, Any], locale: str | None) -> str:
    text = gettext_for(locale)(msgid)
    return text.format_map({name: format_value(value, locale) for name, value in params.items()})
