"""What the cross-file rules need to know about one article, in plain values.

Facts are what the checker caches between runs, so they hold only tuples, strings and
numbers; rules that compare articles (uniqueness, translations, links, citations) read
facts, never the files again.
"""

from __future__ import annotations

from typing import NamedTuple


class Facts(NamedTuple):
    path: str  # as shown to the writer
    key: str  # the absolute path
    root: str | None  # the folder that holds the locale folders
    locale: str | None
    slug: str
    readable: bool  # front matter present, closed, a mapping, no YAML errors
    assetid: str | None  # a single GUID, as written
    assetid_line: int
    title: str | None
    date: str | None
    anchors: tuple[str, ...]
    links: tuple[tuple[str, int, int], ...]  # relative or #anchor targets: (target, line, col)
    actions: tuple[tuple[str, int, int], ...]
    steps: int
    alerts: tuple[str, ...]
    silences: tuple[tuple[int, tuple[str, ...]], ...]
    file_silences: tuple[str, ...]


_URLS = ("https://", "http://", "mailto:")
_parts: tuple | None = None


def _facts_parts() -> tuple:
    """What :func:`facts_of` needs, imported once, on first use."""
    global _parts
    from kb.links import is_action
    from kb.paths import is_relative
    from kb.schema import GUID
    from kb.silences import directives

    _parts = (is_action, is_relative, GUID, directives)
    return _parts


def facts_of(article, key: str, root: str | None) -> Facts:
    is_action, is_relative, GUID, directives = _parts or _facts_parts()
    readable = article.readable
    entry = article.front.get("ms.assetid") if readable else None
    assetid = None
    if entry is not None and isinstance(entry.value, str) and GUID.match(entry.value.strip()):
        assetid = entry.value.strip()
    date = article.front.get("ms.date") if readable else None
    date = date.value if date is not None else None
    outline = article.outline
    links, actions = [], []
    for _, target, line, column, kind in outline.links:  # kb.links.Link
        if target.startswith(_URLS):
            continue
        if is_action(target):
            actions.append((target, line, column))
        elif kind != "html" and (target.startswith("#") or is_relative(target)):
            links.append((target, line, column))
    silences, file_silences = directives(article.text)
    return Facts(article.path, key, root, article.locale, article.slug, readable, assetid,
                 entry.line if entry is not None else 1, article.title,
                 date if isinstance(date, str) else None, tuple(sorted(outline.anchors)),
                 tuple(links), tuple(actions), outline.steps, outline.alerts, silences,
                 file_silences)
