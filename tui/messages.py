"""Messages the backend's workers post back to the UI thread.

Every call to the engine runs in a thread worker (see :mod:`tui.backend`); its result
arrives as one of these messages at the widget or screen that asked for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class Ready(Message):
    """The database is open (and the demo account exists); ``admins`` can sign in."""

    admins: list[Any]
    now: Any


@dataclass
class SignedIn(Message):
    """``admin`` signed in; ``session`` (the engine's) runs their actions from now on."""

    admin: Any
    session: Any


@dataclass
class SignInRefused(Message):
    """Signing in failed: ``code`` is the engine's (``sign-in-failed``,
    ``account-locked``, ``passphrase-required``), ``error`` is worded for the reader."""

    admin: Any
    code: str
    error: str


@dataclass
class Loaded(Message):
    """The result of one read model of :mod:`engine.queries`, named by ``key``."""

    key: str
    data: Any


@dataclass
class PageLoaded(Message):
    """Rows of the invoice table from ``offset`` on (and the total row count)."""

    offset: int
    rows: list[Any]
    total: int
    search: str | None = None


@dataclass
class ActionDone(Message):
    """An action ran (or was previewed): the engine's ActionResult."""

    action_id: str
    result: Any
    preview: bool


@dataclass
class Permissions(Message):
    """For each action link of an article: None when the admin may run it, else the
    engine's refusal message."""

    refusals: dict[str, str | None]


@dataclass
class ClockAdvanced(Message):
    report: Any
    before: Any
    now: Any
    attempts: list[Any]
    notices: list[Any]


@dataclass
class Progress(Message):
    done: int
    total: int


@dataclass
class Failed(Message):
    """A worker failed; ``error`` is already worded for the reader."""

    key: str
    error: str


@dataclass
class DataChanged(Message):
    """Something changed the account (an action ran, the clock moved): reload."""
