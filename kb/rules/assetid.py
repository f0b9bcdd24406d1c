"""`ms.assetid` identifies the article in every language: one GUID, shared by both
translations.

```yaml
ms.assetid: 4e6d34b3-e3e5-4fcd-a52e-34b54746feeb
```

Reported: a missing or empty `ms.assetid` (missing only where it is required, as it is
in Betal's knowledge base), a list of values, or a value that is not a GUID. When a
misspelled key stands for `ms.assetid`, only `unknown-key` reports it. A template
stand-in such as `(guid of old soc version if any)` is left to `placeholder`. Uniqueness
and agreement between the translations are checked by `assetid-unique` and
`assetid-match`.

Fix: `--fix` gives an article without `ms.assetid` the one its translation has, or a
new GUID shared by both translations when neither has one.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, Fix, problem, short
from kb.rules.unknown_key import misspelled
from kb.schema import GUID, is_empty, is_placeholder

ID = "assetid"
SEVERITY = ERROR
FIXABLE = True


def check(article, schema):
    if not article.readable:
        return
    entry = article.front.get("ms.assetid")
    if entry is None:
        if "ms.assetid" not in schema.required or "ms.assetid" in misspelled(article, schema):
            return  # not required here, or unknown-key reports the misspelled key
        yield problem(ID, article.path, 1, 1, N_(
            "ms.assetid is missing: the article needs a GUID, the same in both languages."),
            fix=Fix("assign-assetid"))
        return
    value = entry.value
    at = (ID, article.path, entry.value_line, entry.value_column)
    if is_empty(value):
        fix = Fix("assign-assetid") if entry.style != "map" else None
        yield problem(*at, N_("ms.assetid is empty: the article needs a GUID, the same in "
                              "both languages."), fix=fix)
    elif isinstance(value, list):
        yield problem(*at, N_("ms.assetid is a list; it must be a single GUID."))
    elif is_placeholder(value):
        return
    elif not isinstance(value, str) or not GUID.match(value.strip()):
        yield problem(*at, N_("ms.assetid '{value}' is not a GUID."), value=short(value))
