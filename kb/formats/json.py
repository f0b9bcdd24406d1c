"""A JSON object: the number of files, counts by severity, and every problem."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from kb.i18n import gettext_for


def render(report, locale: str | None) -> str:
    t = gettext_for(locale)
    head = json.dumps({"files": report.files, "errors": report.count("error"),
                       "warnings": report.count("warning"), "infos": report.count("info")},
                      ensure_ascii=False)
    # One problem a line: readable, diffable, and fast to write for ten thousand problems
    # (json.dumps with indent= uses the slow pure-Python encoder).
    text = encode_basestring
    problems = ",\n".join(
        f'{{"path": {text(p.path)}, "line": {p.line}, "column": {p.column}, '
        f'"severity": "{p.severity}", "rule": "{p.rule}", '
        f'"message": {text(p.message_with(t, locale))}, '
        f'"fixable": {"true" if p.fix is not None else "false"}}}'
        for p in report.problems)
    listed = f"[\n{problems}\n]" if problems else "[]"
    return f'{head[:-1]}, "problems": {listed}}}\n'
