"""The front matter must have every required key, each with a value.

The required keys are listed under "Front matter" below (another repository's can be
configured, see "Configuration"); `ms.assetid` has a rule of its own, `assetid`. A key
that is present but empty (`ms.date: ''`) counts as missing. When a misspelled key stands
for the missing one, only `unknown-key` reports it.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem
from kb.rules.unknown_key import misspelled
from kb.schema import is_empty

ID = "required-key"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    if not article.readable:
        return
    index = article.front.index
    required = [name for name in schema.required if name != "ms.assetid"]
    if not index.keys() >= set(required):
        covered = misspelled(article, schema)
        for name in required:
            if name not in index and name not in covered:
                yield problem(ID, article.path, 1, 1, N_("Required key '{key}' is missing."),
                              key=name)
    for name in required:
        entry = index.get(name)
        if entry is not None and not (type(entry.value) is str and entry.value.strip()) \
                and is_empty(entry.value):
            yield problem(ID, article.path, entry.line, entry.column,
                          N_("Required key '{key}' is empty."), key=name)
