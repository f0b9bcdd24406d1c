"""The automatic attempts after an invoice date, and what an admin can expect next.

Rule ``retry-window`` (seed 001): "Microsoft will attempt to charge your card multiple
times in the 3-4 weeks after the invoice date." The schedule is configuration
(``billing.attempt_days``: offsets in days from the invoice date, the first being the
charge on the invoice date itself), checked by :mod:`engine.config` to stay within the
seed's window.

Rule ``retries-remaining`` (seed 001): "If you have received only one or two decline
notices for this billing period, Microsoft will automatically attempt to charge your
payment instrument again." :func:`outlook` says whether an attempt is still coming, and
when, looking at every open invoice of the subscription.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


def planned(issued_at: datetime, schedule: Sequence[int]) -> list[datetime]:
    """Every automatic attempt of an invoice issued at ``issued_at``."""
    return [issued_at + timedelta(days=days) for days in schedule]


def next_attempt(issued_at: datetime, attempts_made: int,
                 schedule: Sequence[int]) -> datetime | None:
    """When the next automatic attempt comes after ``attempts_made`` declined ones, or
    None when the schedule is used up (the retry window has closed)."""
    if attempts_made >= len(schedule):
        return None
    return issued_at + timedelta(days=schedule[attempts_made])


def exhausted(attempts_made: int, schedule: Sequence[int]) -> bool:
    """Whether a declined attempt was the last one the schedule allows."""
    return attempts_made >= len(schedule)


@dataclass(frozen=True)
class Outlook:
    """What an admin can expect for one subscription: the decline notices of this billing
    period and the next automatic attempt on any of its open invoices."""

    decline_notices: int
    next_attempt_at: datetime | None

    @property
    def attempt_coming(self) -> bool:
        return self.next_attempt_at is not None


def outlook(period_start: datetime | None, decline_notices_sent: Iterable[datetime],
            open_invoice_attempts: Iterable[datetime | None]) -> Outlook:
    """The outlook from the sending times of the subscription's decline notices (automatic
    and Settle balance alike), the start of its current billing period (the latest
    invoice's date) and the next attempt of each open invoice."""
    notices = sum(1 for sent in decline_notices_sent
                  if period_start is None or sent >= period_start)
    upcoming = [moment for moment in open_invoice_attempts if moment is not None]
    return Outlook(notices, min(upcoming) if upcoming else None)
