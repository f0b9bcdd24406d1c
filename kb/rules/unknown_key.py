"""Every front-matter key must be one the knowledge base knows.

A misspelled key (`ms,.custom`, `ms.reviwer`, `audience` for `ms.audience`) is
silently ignored by the site, so the value it should carry is lost. The problem names the
nearest known key. The known keys are listed under "Front matter" below (another
repository's can be configured, see "Configuration").

Fix: when the nearest key is clearly the one meant and the file does not have it yet,
`--fix` renames the key and leaves its value and everything else as it was.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, Fix, problem
from kb.schema import nearest

ID = "unknown-key"
SEVERITY = ERROR
FIXABLE = True


def check(article, schema):
    known = schema.keys
    unknown = [entry for entry in article.front.entries if entry.key not in known]
    present = article.front.index
    for entry in unknown:
        if not isinstance(entry.key, str):
            yield problem(ID, article.path, entry.line, entry.column,
                          N_("Key {key} is not text."), key=repr(entry.key))
            continue
        suggestion = nearest(entry.key, known)
        if suggestion is None:
            yield problem(ID, article.path, entry.line, entry.column,
                          N_("Unknown key '{key}'."), key=entry.key)
            continue
        fix = None
        if suggestion.unambiguous and suggestion.name not in present:
            fix = Fix("rename-key", (entry.key, suggestion.name, entry.line))
        yield problem(ID, article.path, entry.line, entry.column,
                      N_("Unknown key '{key}': did you mean '{suggestion}'?"),
                      key=entry.key, suggestion=suggestion.name, fix=fix)


def misspelled(article, schema) -> set[str]:
    """Known keys that an unknown key of the article most likely stands for."""
    found = set()
    for entry in article.front.entries:
        if entry.key not in schema.keys and isinstance(entry.key, str):
            suggestion = nearest(entry.key, schema.keys)
            if suggestion is not None:
                found.add(suggestion.name)
    return found
