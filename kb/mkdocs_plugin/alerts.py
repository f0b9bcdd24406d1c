"""Learn alerts (``> [!NOTE]``) as Material admonitions with a title in the page's language.

Microsoft Learn writes a callout as a blockquote whose first line names its kind::

    > [!NOTE]
    > Du kan bare legge til et kort som er utstedt i landet ditt.

Python-Markdown's admonition extension writes the same thing as::

    !!! note "Obs!"
        Du kan bare legge til et kort som er utstedt i landet ditt.

The conversion works on lines, keeps the alert's indentation (alerts inside list items
stay inside them), leaves fenced code alone and leaves any other blockquote as it is.
"""

from __future__ import annotations

import re

from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.strings import ALERTS

# Learn's alert kinds, as the admonition classes that style them: Material's own type
# first (its colour and icon), then the Learn name so that CSS can tell them apart.
KINDS = {
    "NOTE": "note",
    "TIP": "tip",
    "IMPORTANT": "info important",
    "WARNING": "warning",
    "CAUTION": "danger caution",
}

_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)>[ \t]?\[!(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def _quoted(line: str, indent: str) -> str | None:
    """The content of a blockquote line at ``indent``, or None when the quote has ended."""
    if not line.startswith(indent):
        return None
    rest = line[len(indent):]
    if not rest.startswith(">"):
        return None
    rest = rest[1:]
    return rest[1:] if rest.startswith((" ", "\t")) else rest


def convert(markdown: str, locale: str | None) -> str:
    """``markdown`` with every Learn alert written as an admonition titled in ``locale``."""
    if "[!" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(
                    fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        match = _MARKER.match(line) if "[!" in line else None
        if match is None:
            out.append(line)
            continue
        indent = match.group("indent")
        kind = match.group("kind").upper()
        title = text(ALERTS[kind], locale).replace('"', "&quot;")
        out.append(f'{indent}!!! {KINDS[kind]} "{title}"')
        body = [match.group("rest")] if match.group("rest").strip() else []
        while index < len(lines):
            content = _quoted(lines[index], indent)
            if content is None:
                break
            body.append(content)
            index += 1
        while body and not body[-1].strip():
            body.pop()
        out.extend(f"{indent}    {part}" if part.strip() else "" for part in body)
        if index < len(lines) and lines[index].strip():
            out.append("")  # the admonition ends here, whatever follows
    return "\n".join(out)
