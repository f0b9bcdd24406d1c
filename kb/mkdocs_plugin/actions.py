"""The commands the site shows for an engine action, made from the action's declaration.

A troubleshooting row links to an action (``[Gjør opp saldo](action:balance.settle)``); a
web page cannot run it, so the site shows the commands that do the same from a shell::

    betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION --preview
    betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION

What a command holds comes from :mod:`engine.actions` (``REGISTRY``): ``--as ADMIN``,
every required parameter (a placeholder in capitals, a choice's first value), the
parameters the link gives, and the optional ones the site's configuration asks for
(``command_params`` in mkdocs.yml, for actions whose declarations cannot say that one of
several parameters is needed). An action that changes the account is shown with
``--preview`` first. A secret parameter (card number, security code) is never a
``--param``: Betal asks for it without echo, or reads it from standard input, so the site
says so and shows the ``printf ... |`` form for scripts.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

ADMIN = "ADMIN"
_PLACEHOLDER_BY_TYPE = {"expiry": "MM/YY"}


class Command(NamedTuple):
    """What the site shows for one action link."""

    action_id: str
    mutates: bool | None  # None: an action the engine does not declare
    preview: str | None  # the command with --preview, for an action that changes the account
    run: str
    script: str | None  # the run command fed its secrets on standard input
    secrets: tuple[str, ...]  # names read from standard input, in the order Betal reads them
    choices: tuple[tuple[str, tuple[str, ...]], ...]  # (name, allowed values) shown


def placeholder(param) -> str:
    """What stands for a parameter's value until the reader puts theirs in."""
    if param.choices:
        return param.choices[0]
    return _PLACEHOLDER_BY_TYPE.get(param.type, param.name.upper())


def _join(words: Iterable[str]) -> str:
    return " ".join(word if word == ADMIN else shlex.quote(word) for word in words)


def build(action_id: str, given: Sequence[tuple[str, str]] = (),
          extra: Iterable[str] = ()) -> Command:
    """The command for ``action_id`` with the link's parameters ``given`` and the optional
    parameter names ``extra`` shown as placeholders."""
    from engine.actions.registry import REGISTRY

    action = REGISTRY.get(action_id)
    words = ["betal", "run", action_id, "--as", ADMIN]
    values = dict(given)
    if action is None:  # the checks report it; show what the link says
        for name, value in given:
            words += ["--param", f"{name}={value}"]
        line = _join(words)
        return Command(action_id, None, None, line, None, (), ())
    wanted = set(extra)
    stdin: list[str] = []
    secrets: list[str] = []
    choices = []
    for param in action.params:
        shown = param.required or param.name in values or param.name in wanted
        if param.secret:
            if param.name in wanted and not param.required:
                stdin.append(param.name)
            if param.required or param.name in wanted:
                secrets.append(param.name)
            continue
        if not shown:
            continue
        value = values.get(param.name, placeholder(param))
        words += ["--param", f"{param.name}={value}"]
        if param.choices and param.name not in values:
            choices.append((param.name, tuple(param.choices)))
    for name, value in given:  # parameters the declaration does not know: as given
        if action.param(name) is None:
            words += ["--param", f"{name}={value}"]
    for name in stdin:
        words += ["--stdin", name]
    # Betal reads the --stdin names first, then the required secrets (engine.cli)
    ordered = tuple([*stdin, *(name for name in secrets if name not in stdin)])
    run = _join(words)
    script = None
    if ordered:
        script = "printf '%s\\n' " + " ".join(n.upper() for n in ordered) + f" | {run}"
    return Command(action_id, action.mutates, f"{run} --preview" if action.mutates else None,
                   run, script, ordered, tuple(choices))


def labels(action_id: str, names: Iterable[str], locale: str) -> list[str]:
    """The localized labels of parameters ``names`` of an action."""
    from engine.actions.registry import REGISTRY
    from engine.i18n import Message

    action = REGISTRY[action_id]
    return [Message(action.param(name).label).render(locale) for name in names]


def described(action_id: str, locale: str) -> Mapping | None:
    """The action's title, summary and parameters in ``locale`` (``Action.to_dict``)."""
    from engine.actions.registry import REGISTRY

    action = REGISTRY.get(action_id)
    return action.to_dict(locale) if action is not None else None
