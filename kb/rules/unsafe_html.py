"""The body must not contain HTML that runs code or pulls in other pages.

Reported: `<script>`, `<style>`, `<iframe>`, `<frame>`, `<object>`, `<embed>`,
`<applet>`, `<base>`, `<form>` and `<meta>` elements; event-handler attributes
(`onclick=`, `onerror=`, any `on...=`) on an HTML tag; and `javascript:`,
`vbscript:` or `data:text/html` link targets, in Markdown links and in `href`/`src`
attributes, however they are spelled (`JavaScript:`, `java&#115;cript:`). Code blocks
and inline code are not looked at.
"""

from __future__ import annotations

import re

from kb.i18n import N_
from kb.problems import ERROR, problem
from kb.text import Locator

ID = "unsafe-html"
SEVERITY = ERROR
FIXABLE = False

_ELEMENT = re.compile(r"<\s*(script|style|iframe|frame|object|embed|applet|base|form|meta)\b",
                      re.IGNORECASE)
# An event handler: r"<[A-Za-z][^>]*?\s(on[a-z]+)\s*=" (case ignored), written so that the
# tag is walked once without backtracking (possessive quantifiers; a third less time):
# every whitespace before the handler is one that no handler follows.
_HANDLER = re.compile(r"<[A-Za-z][^>\s]*+(?:\s(?!on[a-z]+\s*=)[^>\s]*+)*+\s(on[a-z]+)\s*=",
                      re.IGNORECASE)
_SCHEME = re.compile(r"(javascript|vbscript|data:text/html)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]")


def unsafe_target(target: str) -> str | None:
    """The dangerous scheme of a link target, or None."""
    if target.startswith(("https://", "http://")):
        return None
    lowered = target.lower()
    if "script" not in lowered and "data" not in lowered and "&" not in lowered:
        return None
    import html

    squeezed = _CONTROL.sub("", html.unescape(target))
    match = _SCHEME.match(squeezed)
    if match and (squeezed[match.end():match.end() + 1] == ":"
                  or match.group(1).lower().startswith("data")):
        return match.group(1).lower()
    return None


def check(article, schema):
    text = article.prose
    if "<" in text:
        where = Locator(text, article.body_line)
        for match in _ELEMENT.finditer(text):
            yield problem(ID, article.path, *where.position(match.start()),
                          N_("<{element}> is not allowed in an article."),
                          element=match.group(1).lower())
        for match in _HANDLER.finditer(text):
            yield problem(ID, article.path, *where.position(match.start(1)),
                          N_("Event-handler attribute '{attribute}' is not allowed in an "
                             "article."), attribute=match.group(1).lower())
    for link in article.outline.links:
        scheme = unsafe_target(link.target)
        if scheme:
            yield problem(ID, article.path, link.line, link.column,
                          N_("A '{scheme}' link target is not allowed in an article."),
                          scheme=scheme)
