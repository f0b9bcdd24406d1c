"""Actions: named, parameterised operations of the engine.

The same action runs from the command line (``betal run``), from the TUI and from a
knowledge-base row. It declares its parameters (typed, with localized labels), the
permission it needs and whether it changes anything. Declarations are plain data: the
knowledge base reads them without loading the services or the store. The service function
that does the work is bound to the action's id in :mod:`engine.actions.handlers`, and
:mod:`engine.actions.runner` runs it inside a unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.domain.permissions import Permission
from engine.errors import N_, InputError
from engine.i18n import Message
from engine.safe_text import codepoint, first_control

ENTITY_TYPES = ("subscription", "payment_method", "billing_profile", "invoice")
_ENTITY_PREFIX = {"subscription": "sub", "payment_method": "pm", "billing_profile": "bp",
                  "invoice": "inv"}
_ID = re.compile(r"^[a-z]+_[0-9a-z]{4,32}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{4,20}$")
_POSTAL = re.compile(r"^[0-9A-Za-z \-]{2,10}$")
_EXPIRY = re.compile(r"^\s*\d{1,2}\s*/\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True)
class Param:
    """One parameter of an action.

    ``type`` is one of: ``string``, ``choice``, ``count`` (a whole number of licences),
    ``card-number``, ``account-number``, ``expiry``, ``security-code``, ``country``,
    ``phone``, ``postal-code``, or an entity type (``subscription``, ``payment_method``,
    ``billing_profile``, ``invoice``).
    ``secret`` values are never stored, logged or echoed back. No parameter takes control
    characters (see :mod:`engine.safe_text`): every value is one line of plain text.
    """

    name: str
    type: str
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    secret: bool = False
    help: str = ""

    @property
    def is_entity(self) -> bool:
        return self.type in ENTITY_TYPES

    def parse(self, raw: str) -> str:
        """The checked value of ``raw``, or an :class:`InputError` naming this parameter."""
        value = raw.strip() if isinstance(raw, str) else raw
        if not isinstance(value, str):
            raise self.invalid(N_("a text value is expected"))
        if value == "":
            raise self.invalid(N_("it is empty"))
        if len(value) > 200:
            raise self.invalid(N_("it is longer than 200 characters"))
        control = first_control(value)
        if control is not None:
            raise self.invalid(N_("it contains a control character ({char}); type it as plain "
                                   "text on one line"), char=codepoint(control))
        check = _CHECKS.get(self.type)
        if check is not None:
            check(self, value)
        if self.type == "choice" and value not in self.choices:
            raise self.invalid(N_("choose one of {choices}"), choices=list(self.choices))
        if self.type == "country":
            value = value.upper()
        return value

    def invalid(self, problem: str, **params: Any) -> InputError:
        return InputError(
            "invalid-parameter",
            N_("Parameter '{name}' ({label}): {problem}."),
            name=self.name, label=Message(self.label), problem=Message(problem, **params),
        )

    def to_dict(self, locale: str) -> dict[str, Any]:
        described: dict[str, Any] = {
            "name": self.name, "type": self.type, "required": self.required,
            "label": Message(self.label).render(locale),
        }
        if self.choices:
            described["choices"] = list(self.choices)
        if self.secret:
            described["secret"] = True
        return described


def _check_entity(param: Param, value: str) -> None:
    prefix = _ENTITY_PREFIX[param.type]
    if not _ID.match(value) or not value.startswith(prefix + "_"):
        raise param.invalid(N_("'{value}' is not an identifier starting with {prefix}_"),
                             value=value, prefix=prefix)


def _check_card(param: Param, value: str) -> None:
    from engine.cards import parse_card_number

    parse_card_number(value)


def _check_expiry(param: Param, value: str) -> None:
    if not _EXPIRY.match(value):
        raise param.invalid(N_("use MM/YY or MM/YYYY"))


def _check_count(param: Param, value: str) -> None:
    from engine.domain.money import MAX_SEATS

    if not (value.isdigit() and 1 <= int(value) <= MAX_SEATS):
        raise param.invalid(N_("a whole number from 1 to {most} is expected"), most=MAX_SEATS)


def _check_security_code(param: Param, value: str) -> None:
    if not (value.isdigit() and len(value) in (3, 4)):
        raise param.invalid(N_("3 or 4 digits are expected"))


def _check_pattern(pattern: re.Pattern, problem: str) -> Callable[[Param, str], None]:
    def check(param: Param, value: str) -> None:
        if not pattern.match(value):
            raise param.invalid(problem, value=value)
    return check


_CHECKS: dict[str, Callable[[Param, str], None]] = {
    **dict.fromkeys(ENTITY_TYPES, _check_entity),
    "card-number": _check_card,
    "expiry": _check_expiry,
    "count": _check_count,
    "security-code": _check_security_code,
    "country": _check_pattern(_COUNTRY, N_("'{value}' is not a two-letter country code")),
    "phone": _check_pattern(_PHONE, N_("'{value}' is not a phone number")),
    "postal-code": _check_pattern(_POSTAL, N_("'{value}' is not a postal code")),
}


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    summary: str
    permission: Permission
    mutates: bool
    params: tuple[Param, ...] = ()
    rules: tuple[str, ...] = field(default=())
    # Parameter names the action refuses by rule, e.g. a card number on an update
    # (``number-immutable``): the name maps to the rule id and the message that explains it.
    refused: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self, locale: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": Message(self.title).render(locale),
            "summary": Message(self.summary).render(locale),
            "mutates": self.mutates,
            "permission": self.permission.value,
            "rules": list(self.rules),
            "params": [p.to_dict(locale) for p in self.params],
        }
