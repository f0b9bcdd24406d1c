"""What a page says about itself: robots directive, description, last update."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import NamedTuple

from engine.locales import normalize
from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.strings import UPDATED

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
    """The ``ROBOTS`` directive for a robots meta tag (``NOINDEX, NOFOLLOW``); None when it
    restricts nothing (``INDEX, FOLLOW`` is what search engines do anyway)."""
    value = meta.get("ROBOTS")
    if not isinstance(value, str) or not _ROBOTS.match(value.strip()):
        return None
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not any(part.upper() in ("NOINDEX", "NOFOLLOW") for part in parts):
        return None
    return ", ".join(parts)


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
SOURCE_PEOPLE = ("author", "ms.author", "manager", "ms.reviewer")


def description(meta: dict, html: str, limit: int = 160) -> str | None:
    """The page's description for search engines: its front matter's ``description``, else
    the start of its first paragraph of text (whole words, at most ``limit`` characters)."""
    given = meta.get("description")
    if isinstance(given, str) and given.strip():
        return given.strip()
    for match in _PARAGRAPH.finditer(html):
        words = " ".join(html_unescape(_TAG.sub("", match.group(1))).split())
        if len(words) < 40:
            continue  # a label, a count, not a description
        if len(words) <= limit:
            return words
        return words[: limit - 1].rsplit(" ", 1)[0] + "…"
    return None


def html_unescape(value: str) -> str:
    import html

    return html.unescape(value)
