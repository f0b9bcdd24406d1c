"""The front matter an article carries: its keys, which are required, their values.

:data:`BETAL` is the schema of Betal's own knowledge base; ``[tool.betal.kb]`` can give
another repository's conventions (:mod:`kb.config`, :meth:`Schema.configured`).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Any, NamedTuple

TEXT, TEXT_OR_LIST, ANY = "text", "text-or-list", "any"
SHAPES = (TEXT, TEXT_OR_LIST, ANY)


class Schema(NamedTuple):
    """What front matter holds: the keys known, each with the shape of its value, the
    required ones, closed vocabularies (any other value is wrong) and open ones (other
    values are fine, one that nearly matches a known value is a typo: ``Adm_O364``)."""

    keys: dict[str, str]
    required: tuple[str, ...]
    values: dict[str, tuple[str, ...]]
    near_values: dict[str, tuple[str, ...]]

    def configured(self, keys: dict[str, str] | None = None,
                   required: list[str] | None = None,
                   values: dict[str, list[str]] | None = None) -> Schema:
        """This schema with more known ``keys`` (or other shapes for known ones), the
        ``required`` keys instead of its own, and the vocabularies of ``values`` instead
        of its own for those keys (an empty list leaves a key's values open)."""
        known = {**self.keys, **(keys or {})}
        vocabularies = {**self.values, **{key: tuple(allowed)
                                          for key, allowed in (values or {}).items()}}
        return Schema(known, self.required if required is None else tuple(required),
                      {key: allowed for key, allowed in vocabularies.items() if allowed},
                      {key: near for key, near in self.near_values.items()
                       if key not in (values or {})})


# The Microsoft Learn vocabulary of the seed articles, narrowed to what Betal's knowledge
# base needs. Keys the localization pipeline adds (ms.openlocfilehash, ms.sourcegitcommit,
# ms.lasthandoff, ms.locfileid) are known but optional.
BETAL = Schema(
    keys={
        "title": TEXT,
        "description": TEXT,
        "ms.author": TEXT,
        "author": TEXT,
        "manager": TEXT,
        "ms.reviewer": TEXT_OR_LIST,
        "ms.date": TEXT,
        "ms.audience": TEXT,
        "ms.topic": TEXT,
        "ms.service": TEXT,
        "ms.subservice": TEXT,
        "ms.prod": TEXT,
        "ROBOTS": TEXT,
        "localization_priority": TEXT,
        "ms.collection": TEXT_OR_LIST,
        "ms.custom": TEXT_OR_LIST,
        "search.appverid": TEXT_OR_LIST,
        "f1.keywords": TEXT_OR_LIST,
        "ms.assetid": ANY,
        "ms.contentlocale": TEXT,
        "ms.translationtype": TEXT,
        "ms.openlocfilehash": ANY,
        "ms.sourcegitcommit": ANY,
        "ms.lasthandoff": ANY,
        "ms.locfileid": ANY,
    },
    required=("title", "ms.author", "author", "ms.date", "ms.audience", "ms.topic",
              "localization_priority", "ms.collection", "ms.custom", "ms.assetid",
              "ms.contentlocale", "ms.translationtype"),
    values={
        "ms.translationtype": ("MT", "HT"),
        "ms.topic": ("article", "conceptual", "faq", "get-started-article", "how-to",
                     "overview", "quickstart", "reference", "troubleshooting", "tutorial"),
        "ROBOTS": ("NOINDEX, NOFOLLOW", "NOINDEX", "NOFOLLOW", "INDEX, FOLLOW",
                   "INDEX, NOFOLLOW", "NOINDEX, FOLLOW"),
        "localization_priority": ("Normal", "Priority", "Critical"),
        "ms.audience": ("Admin", "ITPro", "Developer", "End User"),
    },
    near_values={
        "ms.collection": ("Adm_O365",),
        "ms.service": ("o365-administration",),
    },
)

GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})$")
_PLACEHOLDER = re.compile(
    r"""^\s*(?:\(.*\)|<[^<>]*>|\{\{.*\}\}|\[[^\[\]]*\])\s*$
      |^\s*(?:TODO|TBD|FIXME|PLACEHOLDER)\b|^\s*X{3,}\s*$
      |^(?:0{8}-0{4}-0{4}-0{4}-0{12}|[xX]{8}-[xX]{4}-[xX]{4}-[xX]{4}-[xX]{12})$""",
    re.VERBOSE,
)


def parse_date(value: Any) -> datetime.date | None:
    """The day an ``ms.date`` value (MM/DD/YYYY) names, or None when it names none."""
    match = DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def is_placeholder(value: Any) -> bool:
    """A template's stand-in: ``(guid of old soc version if any)``, ``<title>``, ``TBD``,
    ``{{ date }}``, an all-zero GUID."""
    return isinstance(value, str) and _PLACEHOLDER.match(value) is not None  # anchored


def may_hold_placeholder(text: str, end: int) -> bool:
    """False when no value in ``text[:end]`` can be a placeholder (a cheap test first)."""
    head = text[:end]  # ``in`` on one slice: a fraction of a regex search or of find()
    return ("(" in head or "<" in head or "{" in head or "[" in head or "TODO" in head
            or "TBD" in head or "FIXME" in head or "XXX" in head or "PLACEHOLDER" in head
            or "00000000" in head or "xxxxxxxx" in head)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return not value.strip()
    return isinstance(value, (list, dict)) and not value  # a tuple: `list | dict` is built per call


class Suggestion(NamedTuple):
    name: str
    unambiguous: bool


def nearest(name: str, candidates) -> Suggestion | None:
    """The candidate ``name`` most likely misspells; unambiguous when it is clearly the best
    and close, so that renaming to it is safe."""
    return _nearest(name, tuple(candidates))


@lru_cache(maxsize=4096)
def _nearest(name: str, candidates: tuple[str, ...]) -> Suggestion | None:
    import difflib

    for candidate in candidates:
        if candidate.lower() == name.lower():
            return Suggestion(candidate, True)
    scored = sorted(((difflib.SequenceMatcher(None, name.lower(), c.lower()).ratio(), c)
                     for c in candidates), reverse=True)
    if not scored or scored[0][0] < 0.6:
        return None
    best, runner_up = scored[0][0], scored[1][0] if len(scored) > 1 else 0.0
    return Suggestion(scored[0][1], best >= 0.75 and best - runner_up >= 0.1)
