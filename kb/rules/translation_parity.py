"""The two translations of an article have the same action links, steps and notes.

A translation says the same thing in another language, so its structure matches:

- the same action links, in the same order (the TUI offers the same fixes in both
  languages);
- the same number of numbered steps;
- the same alerts (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, ...) in the same order.

Each difference is reported on both files.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "translation-parity"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    for facts in context.facts:
        other = context.translation(facts)
        if other is None:
            continue
        mine = [target for target, _, _ in facts.actions]
        theirs = [target for target, _, _ in other.actions]
        if mine != theirs:
            line = _first_difference(facts.actions, theirs)
            yield problem(ID, facts.path, line, 1,
                          N_("The action links differ from the translation's ({other}): "
                             "here {mine}, there {theirs}."), other=other.path,
                          mine=mine or ["-"], theirs=theirs or ["-"])
        if facts.steps != other.steps:
            yield problem(ID, facts.path, 1, 1,
                          N_("Numbered steps: {count} here, {other_count} in the translation "
                             "({other})."), count=facts.steps, other_count=other.steps,
                          other=other.path)
        if list(facts.alerts) != list(other.alerts):
            yield problem(ID, facts.path, 1, 1,
                          N_("The notes differ from the translation's ({other}): here {mine}, "
                             "there {theirs}."), other=other.path,
                          mine=list(facts.alerts) or ["-"], theirs=list(other.alerts) or ["-"])


def _first_difference(actions, theirs) -> int:
    for index, (target, line, _) in enumerate(actions):
        if index >= len(theirs) or theirs[index] != target:
            return line
    return actions[-1][1] if actions else 1
