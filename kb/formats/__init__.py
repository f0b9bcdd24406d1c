"""Report formats for ``betal kb check --format``: one module each, with ``render``.

``render(report, locale)`` returns the whole report as text. ``text`` is for people,
``json`` for scripts, ``github`` for GitHub Actions workflow annotations and ``sarif`` for
code-scanning tools (SARIF 2.1.0).
"""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "github", "sarif")


def render(name: str, report, locale: str | None) -> str:
    return import_module(f"kb.formats.{name}").render(report, locale)
