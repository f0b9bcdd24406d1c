"""The front matter must have every required key, each with a value.

Required: `title`, `ms.author`, `author`, `manager`, `ms.date`, `ms.audience`,
`ms.topic`, `ROBOTS`, `localization_priority`, `ms.collection`, `ms.custom`,
`ms.contentlocale` and `ms.translationtype` (`ms.assetid` has a rule of its own,
`assetid`). A key that is present but empty (`ms.date: ''`) counts as missing. When a
misspelled key stands for the missing one, only `unknown-key` reports it.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem
from kb.rules.unknown_key import misspelled
from kb.schema import REQUIRED, is_empty

ID = "required-key"
_ORDER = tuple(name for name in REQUIRED if name != "ms.assetid")
_REQUIRED = frozenset(_ORDER)
SEVERITY = ERROR
FIXABLE = False


def check(article):
    if not article.readable:
        return
    index = article.front.index
    if not index.keys() >= _REQUIRED:
        covered = misspelled(article)
        for name in _ORDER:
            if name not in index and name not in covered:
                yield problem(ID, article.path, 1, 1, N_("Required key '{key}' is missing."),
                              key=name)
    for name in _ORDER:
        entry = index.get(name)
        if entry is not None and not (type(entry.value) is str and entry.value.strip()) \
                and is_empty(entry.value):
            yield problem(ID, article.path, entry.line, entry.column,
                          N_("Required key '{key}' is empty."), key=name)
