"""One error family for every refused operation.

A :class:`BetalError` carries a stable ``code`` (a rule id from :mod:`engine.rules` when a
billing rule refuses, otherwise an input code such as ``invalid-card-number``), an English
message template that is also the gettext message id, and the values to put into it.
:func:`engine.i18n.render` turns it into text in nb-NO, nl-NL or English.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction into the catalogs without translating it yet."""
    return message


class BetalError(Exception):
    """An operation the engine refuses. ``exit_code`` is what the command line returns."""

    exit_code = 2

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message.format_map(_Plain(params)))
        self.code = code
        self.message = message
        self.params = params

    def render(self, locale: str, zone: str | None = None) -> str:
        from engine.i18n import render

        return render(self.message, self.params, locale, zone)

    def to_dict(self, locale: str, zone: str | None = None) -> dict[str, Any]:
        return {"code": self.code, "message": self.render(locale, zone)}


class InputError(BetalError):
    """Bad input: an unknown name, a malformed value, a missing parameter (exit 2)."""

    exit_code = 2


class NotFound(InputError):
    """A named entity does not exist in this tenant (exit 2)."""


class RuleRefusal(BetalError):
    """A billing rule refuses the operation; ``code`` is the rule id (exit 1)."""

    exit_code = 1

    @property
    def rule(self) -> str:
        return self.code


class _Plain(dict):
    """Formats values plainly for the English exception text used in logs and tracebacks."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class StaleRead(Exception):
    """What a service read before taking its locks changed in the meantime: the unit of
    work is rolled back and the operation runs again (like a deadlock)."""
