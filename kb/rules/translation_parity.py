"""The two translations of an article have the same action links, steps and notes.

A translation says the same thing in another language, so its structure matches:

- the same action links, in the same order (the TUI offers the same fixes in both
  languages);
- the same number of numbered steps;
- the same alerts (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, ...) in the same order.

Each difference is reported once, naming only what differs: on the file asked about when
only one of the two was, else on the translation that is behind (the older `ms.date`, or
the nl-NL one when the dates are the same). A link to an action that does not exist is
`action-link`'s finding on the file that has it, not a difference.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "translation-parity"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    seen = set()
    for facts in context.facts:
        other = context.translation(facts)
        if other is None or other.key in seen:
            continue
        seen.add(facts.key)
        if (facts.steps == other.steps and facts.alerts == other.alerts
                and [a[0] for a in facts.actions] == [a[0] for a in other.actions]):
            continue
        here = context.blamed(facts, other)
        there = other if here is facts else facts
        yield from _actions(here, there)
        if here.steps != there.steps:
            yield problem(ID, here.path, 1, 1,
                          N_("Numbered steps: {count} here, {other_count} in the translation "
                             "({other})."), count=here.steps, other_count=there.steps,
                          other=there.path)
        for mine, theirs in _differences(list(here.alerts), list(there.alerts)):
            yield problem(ID, here.path, 1, 1,
                          N_("The notes differ from the translation's ({other}): here {mine}, "
                             "there {theirs}."), other=there.path, mine=mine or ["-"],
                          theirs=theirs or ["-"])


def _actions(here, there):
    mine = [target for target, _, _ in here.actions]
    theirs = [target for target, _, _ in there.actions]
    for (start, end), (other_start, other_end) in _spans(mine, theirs):
        differing = mine[start:end] + theirs[other_start:other_end]
        if not all(map(_known, differing)):
            continue  # a misspelled action: action-link reports it where it is
        line = here.actions[min(start, len(mine) - 1)][1] if mine else 1
        at = (ID, here.path, line, 1)
        if start == end:
            yield problem(*at, N_("The translation ({other}) has the action link {theirs}, "
                                  "which is missing here."), other=there.path,
                          theirs=theirs[other_start:other_end])
        elif other_start == other_end:
            yield problem(*at, N_("The action link {mine} is not in the translation "
                                  "({other})."), mine=mine[start:end], other=there.path)
        else:
            yield problem(*at, N_("The action link {mine} here is {theirs} in the translation "
                                  "({other})."), mine=mine[start:end],
                          theirs=theirs[other_start:other_end], other=there.path)


def _spans(mine: list, theirs: list):
    """((start, end) in ``mine``, (start, end) in ``theirs``) of each part that differs."""
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    for tag, start, end, other_start, other_end in matcher.get_opcodes():
        if tag != "equal":
            yield (start, end), (other_start, other_end)


def _differences(mine: list, theirs: list):
    for (start, end), (other_start, other_end) in _spans(mine, theirs):
        yield mine[start:end], theirs[other_start:other_end]


def _known(target: str) -> bool:
    from engine.actions.registry import REGISTRY
    from kb.links import parse_action

    return parse_action(target).action in REGISTRY
