"""Simulated time, like a payment provider's test clock.

The current moment is stored with the account (see :class:`engine.store.uow.UnitOfWork`)
and only moves when someone advances it, so retries, notices and past-due states happen
when a test, the TUI or ``betal clock advance`` says so.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta

from engine.errors import N_, InputError

_DURATION = re.compile(r"(\d+)\s*(w|d|h|m)", re.IGNORECASE)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_duration(text: str) -> timedelta:
    """``7d``, ``2w``, ``36h``, ``1d12h``, ``90m`` into a timedelta; anything else is refused."""
    compact = (text or "").strip().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not compact or "".join(n + u for n, u in parts).lower() != compact.lower():
        raise InputError(
            "invalid-duration",
            N_("'{value}' is not a duration. Write a number and a unit: 7d, 2w, 36h or 90m."),
            value=text,
        )
    span = timedelta()
    for number, unit in parts:
        span += timedelta(**{_UNITS[unit.lower()]: int(number)})
    if span <= timedelta(0) or span > timedelta(days=3660):
        raise InputError(
            "invalid-duration",
            N_("The duration '{value}' must be more than zero and at most ten years."),
            value=text,
        )
    return span


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later, clamped to the month's last day (Jan 31 -> Feb 28)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    if moment.day <= 28:
        return moment.replace(year=year, month=month)
    return moment.replace(year=year, month=month,
                          day=min(moment.day, calendar.monthrange(year, month)[1]))


def start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
