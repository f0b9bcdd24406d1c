"""What a page says about itself in its head and footer: robots directive, last update,
language, and the address of its translation."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import NamedTuple

from engine.locales import normalize
from kb.mkdocs_plugin.strings import UPDATED, text

_LEARN_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_BABEL = {"nb-NO": "nb_NO", "nl-NL": "nl_NL", "en": "en_GB"}
_ROBOTS = re.compile(r"^[A-Za-z, -]+$")


class Updated(NamedTuple):
    label: str  # "Sist oppdatert"
    iso: str  # 2026-11-23, for <time datetime>
    text: str  # 23. november 2026


def parse_date(value) -> dt.date | None:
    """``ms.date`` as a date: Learn writes MM/DD/YYYY; YAML may have made a date of an
    ISO date already."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _LEARN_DATE.match(value)
        if match:
            month, day, year = (int(part) for part in match.groups())
        else:
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                return None
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


@cache
def format_date(date: dt.date, locale: str) -> str:
    from babel.dates import format_date as babel_format

    return babel_format(date, format="long", locale=_BABEL[normalize(locale)])


def updated(meta: dict, locale: str) -> Updated | None:
    date = parse_date(meta.get("ms.date"))
    if date is None:
        return None
    return Updated(text(UPDATED, locale), date.isoformat(), format_date(date, locale))


def robots(meta: dict) -> str | None:
    """The ``ROBOTS`` directive for a robots meta tag (``NOINDEX, NOFOLLOW``)."""
    value = meta.get("ROBOTS")
    if not isinstance(value, str) or not _ROBOTS.match(value.strip()):
        return None
    return ", ".join(part.strip() for part in value.split(",") if part.strip())


def url(locale: str, slug: str, default_locale: str | None, directory_urls: bool) -> str:
    """A page's address relative to the site root, as the i18n plugin lays pages out: the
    default language at the root, any other in its own folder."""
    prefix = "" if locale == default_locale else f"{locale}/"
    if slug == "index" or slug.endswith("/index"):
        folder = slug[: -len("index")]
        return prefix + folder if directory_urls else f"{prefix}{folder}index.html"
    return f"{prefix}{slug}/" if directory_urls else f"{prefix}{slug}.html"
