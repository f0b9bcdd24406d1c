"""Keys with a fixed vocabulary must use one of its values, spelled exactly.

- `ms.translationtype`: `MT`, `HT`
- `ms.topic`: `article`, `conceptual`, `faq`, `get-started-article`, `how-to`,
  `overview`, `quickstart`, `reference`, `troubleshooting`, `tutorial`
- `ROBOTS`: `NOINDEX, NOFOLLOW`, `NOINDEX`, `NOFOLLOW`, `INDEX, FOLLOW`,
  `INDEX, NOFOLLOW`, `NOINDEX, FOLLOW`
- `localization_priority`: `Normal`, `Priority`, `Critical`
- `ms.audience`: `Admin`, `ITPro`, `Developer`, `End User`

`ms.collection` and `ms.service` are open lists, but a value that nearly matches a known
one (`Adm_O364`, `Admin_O365` for `Adm_O365`) is reported as a misspelling. Values of
another type are left to `value-type`, empty ones to `required-key`. These are Betal's
vocabularies; another repository's can be configured (see "Configuration").
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem
from kb.schema import nearest

ID = "allowed-value"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    if not article.readable:
        return
    index = article.front.index
    for key in (*schema.values, *schema.near_values):
        entry = index.get(key)
        if entry is None:
            continue
        if entry.key in schema.values:
            allowed = schema.values[entry.key]
            if isinstance(entry.value, str) and entry.value and entry.value not in allowed:
                suggestion = nearest(entry.value, allowed)
                if suggestion:
                    yield problem(ID, article.path, entry.value_line, entry.value_column,
                                  N_("'{value}' is not a valid {key}: did you mean "
                                     "'{suggestion}'?"), value=entry.value, key=entry.key,
                                  suggestion=suggestion.name)
                else:
                    yield problem(ID, article.path, entry.value_line, entry.value_column,
                                  N_("'{value}' is not a valid {key}: use one of {values}."),
                                  value=entry.value, key=entry.key, values=list(allowed))
        else:
            known = schema.near_values[entry.key]
            items = entry.items or ((entry,) if isinstance(entry.value, str) else ())
            for item in items:
                value = item.value
                if not isinstance(value, str) or not value or value in known:
                    continue
                import difflib

                close = difflib.get_close_matches(value, known, n=1, cutoff=0.8)
                if close or value.lower() in {k.lower() for k in known}:
                    suggestion = close[0] if close else next(
                        k for k in known if k.lower() == value.lower())
                    line, column = ((item.line, item.column) if item is not entry
                                    else (entry.value_line, entry.value_column))
                    yield problem(ID, article.path, line, column,
                                  N_("'{value}' looks like a misspelling of '{suggestion}' "
                                     "({key})."), value=value, suggestion=suggestion,
                                  key=entry.key)
