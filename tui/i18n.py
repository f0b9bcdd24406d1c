"""The terminal UI's own strings (gettext domain ``tui``) and the current language.

Message ids are English. ``_`` translates into the language chosen now, so a screen that
composes itself again after :func:`set_locale` shows every string in the new language.
Money and dates are formatted by Babel through :mod:`engine.i18n`, which imports Babel only
when it is first needed (never before the first frame).
"""

from __future__ import annotations

import gettext
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from engine.locales import LOCALES, normalize

LOCALE_DIR = Path(__file__).with_name("locale")

_current = "en"
_zone: str | None = None  # the signed-in tenant's time zone; None: the language's usual one


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@cache
def _catalog(locale: str) -> gettext.NullTranslations:
    code = locale.replace("-", "_")
    return gettext.translation("tui", str(LOCALE_DIR), languages=[code], fallback=True)


def set_locale(locale: str) -> str:
    global _current
    _current = normalize(locale)
    return _current


def get_locale() -> str:
    return _current


def set_zone(zone: str | None) -> None:
    """Show moments in ``zone`` (an IANA name): the signed-in tenant's, in every language."""
    global _zone
    _zone = zone


def get_zone() -> str | None:
    return _zone


def _(message: str, **params: Any) -> str:
    text = _catalog(_current).gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, count: int, **params: Any) -> str:
    text = _catalog(_current).ngettext(singular, plural, count)
    return text.format(count=count, **params)


def render(message) -> str:
    """An engine :class:`~engine.i18n.Message` (or plain text) in the current language, its
    moments in the tenant's time zone."""
    if message is None:
        return ""
    if isinstance(message, str):
        return message
    return message.render(_current, _zone)


def money(amount) -> str:
    from engine.i18n import format_money

    return format_money(amount, _current) if amount is not None else ""


def when(moment: datetime | None) -> str:
    """A date and time in the tenant's time zone, Babel's medium format."""
    from engine.i18n import format_datetime

    return format_datetime(moment, _current, _zone) if moment else ""


def moment(value: datetime | None) -> str:
    """A date and time in the tenant's time zone, short (02.03.2026, 01:00): for lists."""
    if value is None:
        return ""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    from engine.i18n import TIMEZONES, babel_locale

    zone = ZoneInfo(_zone or TIMEZONES[_current])
    return format_datetime(value.replace(tzinfo=ZoneInfo("UTC")), "short", tzinfo=zone,
                           locale=babel_locale(_current))


def day(moment: datetime | None) -> str:
    """The day of a moment in the tenant's time zone, short form (13.11.2026 / 13-11-2026)."""
    if moment is None:
        return ""
    from engine.i18n import format_date

    return format_date(moment, _current, _zone, "short")


def number(value: int) -> str:
    from engine.i18n import format_number

    return format_number(value, _current)


def warm_up() -> None:
    """Import Babel and load its data for every language (in a worker, off the UI thread)."""
    from engine.domain.money import Money
    from engine.i18n import format_date, format_datetime, format_money

    moment = datetime(2026, 1, 1)
    for locale in LOCALES:
        format_money(Money(100, "NOK"), locale)
        format_datetime(moment, locale, _zone)
        format_date(moment, locale, _zone, "short")
