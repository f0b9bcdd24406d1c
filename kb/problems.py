"""Problems: what a rule found, where, and how to fix it when a fix is safe.

A problem is a value, never an exception: rules yield them, the checker filters them by
configuration and inline silences, and the formats print them. Its message is an English
gettext id with placeholders, rendered in the reader's language only when printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from kb.i18n import format_value, render

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


class Fix(NamedTuple):
    """A safe change that resolves a problem; ``kb.fix`` knows how to apply each ``kind``.

    ``data`` holds plain values only (strings, numbers, tuples), so fixes can be cached.
    """

    kind: str
    data: tuple = ()


class Problem(NamedTuple):
    """What a rule found: where (``line`` and ``column`` from 1), which rule, the message
    id with its values, how severe it is, and a fix when one is safe."""

    path: str
    line: int
    column: int
    rule: str
    msgid: str
    params: Mapping[str, Any] = {}
    severity: str = ERROR
    fix: Fix | None = None

    def message(self, locale: str | None = None) -> str:
        return render(self.msgid, self.params, locale)

    def message_with(self, translate, locale: str | None) -> str:
        """The message, given the locale's gettext function (faster for many)."""
        text = translate(self.msgid)
        if not self.params:
            return text
        return text.format_map({name: format_value(value, locale)
                                for name, value in self.params.items()})

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.msgid)


def problem(rule: str, path: str, line: int, column: int, msgid: str, *,
            fix: Fix | None = None, **params: Any) -> Problem:
    """A problem found by ``rule``; the checker sets its configured severity."""
    return Problem(path, max(line, 1), max(column, 1), rule, msgid, params, ERROR, fix)


def short(value: Any, limit: int = 60) -> str:
    """``value`` as a bounded one-line text for a message, however large or nested it is."""
    import reprlib

    if isinstance(value, str):
        text = value
    else:
        shortener = reprlib.Repr()
        shortener.maxlevel, shortener.maxlist, shortener.maxdict = 3, 4, 4
        shortener.maxstring = shortener.maxother = limit
        text = shortener.repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
