"""A JSON object: the number of files, counts by severity, and every problem."""

from __future__ import annotations

import json

from kb.i18n import gettext_for


def render(report, locale: str | None) -> str:
    t = gettext_for(locale)
    return json.dumps({
        "files": report.files,
        "errors": report.count("error"),
        "warnings": report.count("warning"),
        "infos": report.count("info"),
        "problems": [{
            "path": problem.path, "line": problem.line, "column": problem.column,
            "severity": problem.severity, "rule": problem.rule,
            "message": problem.message_with(t, locale), "fixable": problem.fixable,
        } for problem in report.problems],
    }, ensure_ascii=False, indent=2) + "\n"
