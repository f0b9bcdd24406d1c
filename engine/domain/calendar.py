"""Billing dates in the tenant's time zone.

A subscription is billed on the same day of every month, the day of its first invoice
(its billing day), at the same local time. In a month without that day it is billed on
the month's last day, and it returns to its own day when the next month has it: Jan 31,
Feb 28 (29 in a leap year), Mar 31, never drifting to the 28th.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


def local(moment: datetime, zone: str) -> datetime:
    """A naive UTC moment as the naive wall-clock time in ``zone``."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def local_day(moment: datetime, zone: str) -> date:
    """The tenant's calendar day at a naive UTC moment: day-based rules are judged on it."""
    return _local_day_of_quarter(_quarter(moment), zone)


def _quarter(moment: datetime) -> datetime:
    """The start of ``moment``'s quarter hour. Time zones change offset, and so date, only
    at quarter-hour boundaries, so what holds for a quarter hour's start holds for all of
    it: the billing cycle's thousands of moments cost one time-zone conversion each."""
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


@lru_cache(maxsize=65536)
def _local_day_of_quarter(quarter: datetime, zone: str) -> date:
    return local(quarter, zone).date()


def to_utc(wall: datetime, zone: str) -> datetime:
    """A naive wall-clock time in ``zone`` as a naive UTC moment."""
    return wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)


def month_on_day(wall: datetime, months: int, day: int) -> datetime:
    """``wall`` moved ``months`` months on, on day ``day`` of that month or its last day."""
    index = wall.month - 1 + months
    year, month = wall.year + index // 12, index % 12 + 1
    return wall.replace(year=year, month=month,
                        day=min(day, calendar.monthrange(year, month)[1]))


def next_billing(previous: datetime, billing_day: int, zone: str) -> datetime:
    """The invoice date a month after ``previous`` (naive UTC), on the billing day."""
    quarter = _quarter(previous)
    return previous + _month_from_quarter(quarter, billing_day, zone)


@lru_cache(maxsize=65536)
def _month_from_quarter(quarter: datetime, billing_day: int, zone: str) -> timedelta:
    """How far the next billing date is from any moment of this quarter hour: a month on
    the tenant's calendar, less any change of its offset from UTC (see :func:`_quarter`)."""
    return to_utc(month_on_day(local(quarter, zone), 1, billing_day), zone) - quarter


def billing_day_of(first_invoice: datetime, zone: str) -> int:
    """The billing day a subscription keeps: the local day of its first invoice."""
    return local(first_invoice, zone).day


def next_billing_after(previous: datetime, billing_day: int, zone: str,
                       now: datetime) -> datetime:
    """The first invoice date on the billing day that is later than ``now``."""
    moment = previous
    while moment <= now:
        moment = next_billing(moment, billing_day, zone)
    return moment
