"""SARIF 2.1.0, the format code-scanning services read (GitHub code scanning and others).

One run, whose tool lists every rule with its documentation from the rule's docstring and
its default level; each problem is a result with its file and region.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from kb.i18n import gettext_for

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"))


def render(report, locale: str | None) -> str:
    t = gettext_for(locale)
    from kb.rules import RULES, documentation, summary

    rules = RULES
    index = {rule_id: position for position, rule_id in enumerate(rules)}
    descriptors = []
    for rule_id, module in rules.items():
        doc = documentation(module)
        descriptors.append({
            "id": rule_id,
            "name": "".join(part.capitalize() for part in rule_id.split("-")),
            "shortDescription": {"text": summary(module)},
            "fullDescription": {"text": doc or summary(module)},
            "help": {"text": doc or summary(module), "markdown": doc or summary(module)},
            "defaultConfiguration": {"level": LEVELS[module.SEVERITY]},
            "properties": {"fixable": bool(module.FIXABLE)},
        })
    results = []
    for problem in report.problems:
        result = {
            "ruleId": problem.rule,
            "level": LEVELS.get(problem.severity, "error"),
            "message": {"text": problem.message_with(t, locale)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(problem.path)},
                "region": {"startLine": problem.line, "startColumn": problem.column},
            }}],
        }
        if problem.rule in index:
            result["ruleIndex"] = index[problem.rule]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "betal kb check",
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
