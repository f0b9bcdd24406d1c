"""Messages the backend's workers post back to the UI thread.

Every call to the engine runs in a thread worker (see :mod:`tui.backend`); its result
arrives as one of these messages at the widget or screen that asked for it. They are
written out rather than made dataclasses, which would cost the first frame 4 ms to build.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


class Ready(Message):
    """The database is open (and the demo account exists); ``admins`` can sign in."""

    def __init__(self, admins: list[Any], now: Any) -> None:
        super().__init__()
        self.admins, self.now = admins, now


class SignedIn(Message):
    """``admin`` signed in; ``session`` (the engine's) runs their actions from now on."""

    def __init__(self, admin: Any, session: Any) -> None:
        super().__init__()
        self.admin, self.session = admin, session


class SignInRefused(Message):
    """Signing in failed: ``code`` is the engine's (``sign-in-failed``,
    ``account-locked``, ``passphrase-required``), ``error`` is worded for the reader."""

    def __init__(self, admin: Any, code: str, error: str) -> None:
        super().__init__()
        self.admin, self.code, self.error = admin, code, error


class Loaded(Message):
    """The result of one read model of :mod:`engine.queries`, named by ``key``."""

    def __init__(self, key: str, data: Any) -> None:
        super().__init__()
        self.key, self.data = key, data


class PageLoaded(Message):
    """Rows of the invoice table from ``offset`` on (and the total row count)."""

    def __init__(self, offset: int, rows: list[Any], total: int,
                 search: str | None = None) -> None:
        super().__init__()
        self.offset, self.rows, self.total, self.search = offset, rows, total, search


class ActionDone(Message):
    """Actions ran (or the first was previewed): the engine's ActionResults, in order (a
    real run stops at the first that did not succeed), and the titles and headings of the
    articles their rules cite, by (asset id, anchor)."""

    def __init__(self, results: list[Any], preview: bool,
                 citations: dict[tuple[str, str], tuple[str, str | None]]) -> None:
        super().__init__()
        self.results, self.preview, self.citations = results, preview, citations

    @property
    def result(self) -> Any:
        return self.results[-1]


class ParamRefused(Message):
    """The engine refused one parameter's value before running anything: ``name`` is the
    parameter, ``problem`` what is wrong with it, worded for the reader."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__()
        self.name, self.problem = name, problem


class Permissions(Message):
    """For each action link of an article: None when the admin may run it, else the
    engine's refusal message."""

    def __init__(self, refusals: dict[str, str | None]) -> None:
        super().__init__()
        self.refusals = refusals


class ClockAdvanced(Message):
    """The clock moved: ``report`` (engine.queries.ClockReport) is what happened in the
    signed-in admin's tenant meanwhile."""

    def __init__(self, report: Any) -> None:
        super().__init__()
        self.report = report


class Progress(Message):
    """``done`` of ``total`` steps of a long piece of work."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class Failed(Message):
    """A worker failed; ``error`` is already worded for the reader."""

    def __init__(self, key: str, error: str) -> None:
        super().__init__()
        self.key, self.error = key, error


class DataChanged(Message):
    """Something changed the account (an action ran, the clock moved): reload."""
