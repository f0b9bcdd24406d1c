"""Every action by id, and the checks of a set of parameters against an action.

This module is what the knowledge base uses to validate ``action:`` links.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from engine.actions import diagnostics, payment_methods, subscriptions
from engine.actions.base import Action
from engine.errors import N_, InputError, RuleRefusal

REGISTRY: dict[str, Action] = {
    action.id: action
    for module in (payment_methods, subscriptions, diagnostics)
    for action in module.ACTIONS
}


def all_actions() -> list[Action]:
    return sorted(REGISTRY.values(), key=lambda action: action.id)


def nearest(name: str, candidates) -> str | None:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def get(action_id: str) -> Action:
    action = REGISTRY.get(action_id)
    if action is not None:
        return action
    suggestion = nearest(action_id, REGISTRY)
    if suggestion:
        raise InputError("unknown-action",
                         N_("There is no action '{action}'. Did you mean '{suggestion}'?"),
                         action=action_id, suggestion=suggestion)
    raise InputError("unknown-action",
                     N_("There is no action '{action}'. 'betal actions' lists them all."),
                     action=action_id)


def check_names(action: Action, names) -> None:
    """Refuse a parameter name the action does not declare, suggesting the nearest."""
    declared = [p.name for p in action.params]
    for name in names:
        if name in declared:
            continue
        if name in action.refused:
            rule, message = action.refused[name]
            raise RuleRefusal(rule, message)
        suggestion = nearest(name, declared)
        if suggestion:
            raise InputError(
                "unknown-parameter",
                N_("Action '{action}' has no parameter '{name}'. Did you mean '{suggestion}'?"),
                action=action.id, name=name, suggestion=suggestion)
        raise InputError(
            "unknown-parameter",
            N_("Action '{action}' has no parameter '{name}'. Its parameters are: {names}."),
            action=action.id, name=name, names=declared or ["-"])


def validate(action: Action, raw: Mapping[str, str], *, complete: bool = True) -> dict[str, str]:
    """Checked values for ``raw``; with ``complete``, every required parameter must be there."""
    check_names(action, raw)
    values = {name: action.param(name).parse(value) for name, value in raw.items()}
    if complete:
        missing = [p.name for p in action.params if p.required and p.name not in values]
        if missing:
            raise InputError(
                "missing-parameter",
                N_("Action '{action}' needs {names}: add --param NAME=VALUE for each."),
                action=action.id, names=missing)
    return values
