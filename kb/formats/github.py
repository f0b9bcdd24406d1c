"""GitHub Actions workflow commands: each problem becomes an annotation on its line.

``::error file=kb/nb-NO/x.md,line=4,col=1,title=date::ms.date ...``; warnings become
``::warning`` and infos ``::notice``.
"""

from __future__ import annotations

from kb.i18n import gettext_for

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report, locale: str | None) -> str:
    t = gettext_for(locale)
    lines = []
    for problem in report.problems:
        level = LEVELS.get(problem.severity, "error")
        lines.append(f"::{level} file={_property(problem.path)},line={problem.line},"
                     f"col={problem.column},title={_property(problem.rule)}::"
                     f"{_data(problem.message_with(t, locale))}")
    return "\n".join(lines) + ("\n" if lines else "")
