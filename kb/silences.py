"""Inline silences: a comment that turns one rule off for one finding, or for a file.

In Markdown, ``<!-- betal-kb: disable=rule-id -->`` on the line of a finding or on the
line before it; in front matter, the YAML comment ``# betal-kb: disable=rule-id``. Several
ids are separated by commas; ``disable-file=rule-id`` silences the rule for the whole file.
"""

from __future__ import annotations

import re

_DIRECTIVE = re.compile(
    r"(?:<!--|#)[ \t]*betal-kb:[ \t]*(disable|disable-file)[ \t]*=[ \t]*"
    r"([A-Za-z0-9_\-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_\-]+)*)"
)


def directives(text: str) -> tuple[tuple[tuple[int, tuple[str, ...]], ...], tuple[str, ...]]:
    """((line, rule ids) silenced on that line and the next, rule ids silenced in the file)."""
    if "betal-kb" not in text:
        return (), ()
    lines: list[tuple[int, tuple[str, ...]]] = []
    whole: list[str] = []
    for match in _DIRECTIVE.finditer(text):
        ids = tuple(part.strip() for part in match.group(2).split(","))
        if match.group(1) == "disable-file":
            whole.extend(ids)
        else:
            lines.append((text.count("\n", 0, match.start()) + 1, ids))
    return tuple(lines), tuple(whole)


def is_silenced(rule: str, line: int, lines, whole) -> bool:
    if rule in whole:
        return True
    return any(at in (line, line - 1) and rule in ids for at, ids in lines)
