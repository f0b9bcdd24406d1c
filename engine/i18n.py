"""Translate and format the engine's messages for nb-NO, nl-NL and English.

Message ids are the English text with ``{name}`` placeholders. Catalogs are gettext files in
``engine/locale/<ll_CC>/LC_MESSAGES/engine.po`` (compiled to ``.mo`` by ``make messages``).
Money, dates and lists in the placeholders are formatted by Babel for the locale. Moments
are naive UTC values; they are shown in the time zone the caller names (the tenant's, see
:attr:`engine.domain.model.Tenant.zone`), else in the locale's usual zone.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from engine.domain.money import Money
from engine.locales import catalog_code, normalize

LOCALE_DIR = Path(__file__).with_name("locale")
TIMEZONES = {"nb-NO": "Europe/Oslo", "nl-NL": "Europe/Amsterdam", "en": "UTC"}


def babel_locale(locale: str) -> str:
    return {"nb-NO": "nb_NO", "nl-NL": "nl_NL", "en": "en_GB"}[normalize(locale)]


@cache
def translations(locale: str, domain: str = "engine", directory: str = str(LOCALE_DIR)):
    code = catalog_code(locale)
    return gettext.translation(domain, directory, languages=[code], fallback=True)


def gettext_for(locale: str):
    return translations(normalize(locale)).gettext


def format_money(money: Money, locale: str) -> str:
    from babel.numbers import format_currency, get_currency_precision

    digits = get_currency_precision(money.currency)
    # Decimal, never float: an amount of many digits is formatted exactly.
    return format_currency(
        Decimal(money.minor).scaleb(-digits), money.currency, locale=babel_locale(locale)
    )


def _zone(locale: str, zone: str | None) -> ZoneInfo:
    return ZoneInfo(zone or TIMEZONES[normalize(locale)])


def local_time(moment: datetime, zone: str) -> datetime:
    """A naive UTC moment as the wall-clock time in ``zone``."""
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(zone))


def format_datetime(moment: datetime, locale: str, zone: str | None = None) -> str:
    from babel.dates import format_datetime as babel_format

    return babel_format(
        moment.replace(tzinfo=ZoneInfo("UTC")),
        "medium",
        tzinfo=_zone(locale, zone),
        locale=babel_locale(locale),
    )


def format_date(day: date, locale: str, zone: str | None = None,
                form: str = "long") -> str:
    """A day; a moment (``datetime``) is first taken to its day in ``zone``."""
    from babel.dates import format_date as babel_format

    if isinstance(day, datetime):
        day = local_time(day, _zone(locale, zone).key).date()
    return babel_format(day, form, locale=babel_locale(locale))


def format_duration(span: timedelta, locale: str) -> str:
    from babel.dates import format_timedelta

    # An infinite threshold keeps the granularity's unit: "48 hours", never "2 days".
    granularity = "hour" if span % timedelta(hours=1) == timedelta(0) else "minute"
    return format_timedelta(span, granularity=granularity, threshold=float("inf"),
                            locale=babel_locale(locale))


def format_number(number: int | float, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(number, locale=babel_locale(locale))


def format_list(items: list[str], locale: str) -> str:
    from babel.lists import format_list as babel_format

    return babel_format(items, locale=babel_locale(locale)) if items else ""


def format_value(value: Any, locale: str, zone: str | None = None) -> str:
    """One placeholder value as text in ``locale``, moments in time zone ``zone``."""
    if isinstance(value, Money):
        return format_money(value, locale)
    if isinstance(value, datetime):
        return format_datetime(value, locale, zone)
    if isinstance(value, date):
        return format_date(value, locale)
    if isinstance(value, timedelta):
        return format_duration(value, locale)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, locale)
    if isinstance(value, list | tuple):
        return format_list([format_value(item, locale, zone) for item in value], locale)
    if isinstance(value, Message):
        return value.render(locale, zone)
    return str(value)


class Message:
    """A message id with its values, rendered late in whichever locale is asked for."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params

    def render(self, locale: str, zone: str | None = None) -> str:
        return render(self.msgid, self.params, locale, zone)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Message)
            and other.msgid == self.msgid
            and other.params == self.params
        )

    def __hash__(self) -> int:
        return hash(self.msgid)


def render(msgid: str, params: Mapping[str, Any], locale: str, zone: str | None = None) -> str:
    text = gettext_for(locale)(msgid)
    return text.format_map({k: format_value(v, locale, zone) for k, v in params.items()})
