"""The languages Betal speaks, and how a locale tag names one of them.

One reader of locale tags for the engine, the knowledge base and the terminal UI, and of
the language a user asks for. It imports nothing heavy, so the TUI can use it before its
first frame.
"""

from __future__ import annotations

import os

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


def environment_locale() -> str | None:
    """The language the environment asks for ($BETAL_LOCALE, $LC_ALL, $LANG), if Betal
    speaks it and it is not English (a plain ``C`` or English environment asks nothing)."""
    for variable in ("BETAL_LOCALE", "LC_ALL", "LANG"):
        value = os.environ.get(variable)
        if value and normalize(value) != DEFAULT_LOCALE:
            return normalize(value)
    return None


def requested_locale(argv: list[str]) -> str:
    """The ``--locale`` on a command line, else :func:`environment_locale`, else English."""
    for index, arg in enumerate(argv):
        if arg == "--locale" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--locale="):
            return normalize(arg.split("=", 1)[1])
    return environment_locale() or DEFAULT_LOCALE
