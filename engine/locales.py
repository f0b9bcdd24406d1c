"""The languages Betal speaks, and how a locale tag names one of them.

One reader of locale tags for the engine, the knowledge base and the terminal UI. It
imports nothing, so the TUI can use it before its first frame.
"""

from __future__ import annotations

LOCALES = ("nb-NO", "nl-NL", "en")
DEFAULT_LOCALE = "en"
_ALIASES = {"nb": "nb-NO", "no": "nb-NO", "nn": "nb-NO", "nl": "nl-NL", "en": "en"}


def normalize(locale: str | None) -> str:
    """``nb_NO``, ``nb``, ``no`` and ``NB-no`` all become ``nb-NO``; unknown becomes ``en``."""
    if not locale:
        return DEFAULT_LOCALE
    tag = locale.replace("_", "-").split(".")[0].lower()
    for known in LOCALES:
        if tag == known.lower():
            return known
    return _ALIASES.get(tag.split("-")[0], DEFAULT_LOCALE)


def is_supported(locale: str) -> bool:
    """Whether ``locale`` names one of :data:`LOCALES` exactly (any case, ``-`` or ``_``)."""
    return locale.replace("_", "-").lower() in {known.lower() for known in LOCALES}


def catalog_code(locale: str | None) -> str:
    """The gettext catalog folder of a locale: ``nb_NO``, ``nl_NL`` or ``en``."""
    return normalize(locale).replace("-", "_")
