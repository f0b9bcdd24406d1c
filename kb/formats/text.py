"""``path:line:col: severity rule-id message``, one problem a line, then a summary."""

from __future__ import annotations

from kb.i18n import N_, gettext_for
from kb.i18n import render as translate


def render(report, locale: str | None) -> str:
    t = gettext_for(locale)
    names = {"error": t(N_("error")), "warning": t(N_("warning")), "info": t(N_("info"))}
    lines = [f"{p.path}:{p.line}:{p.column}: {names.get(p.severity, p.severity)} {p.rule} "
             f"{p.message_with(t, locale)}" for p in report.problems]
    lines.append(summary(report, locale))
    return "\n".join(lines) + "\n"


def summary(report, locale: str | None) -> str:
    if not report.problems:
        return translate(N_("No problems found (files checked: {files})."),
                         {"files": report.files}, locale)
    fixable = sum(1 for problem in report.problems if problem.fixable)
    text = translate(N_("Errors: {errors}, warnings: {warnings}, notes: {infos} (files "
                        "checked: {files})."), {"errors": report.count("error"),
                                    "warnings": report.count("warning"),
                                    "infos": report.count("info"), "files": report.files},
                     locale)
    if fixable:
        text += " " + translate(N_("Fixable with --fix: {fixable}."),
                                {"fixable": fixable}, locale)
    return text
