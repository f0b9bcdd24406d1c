"""A key may appear only once in the front matter.

YAML readers disagree about a repeated key: some keep the first value, most the last, and
ruamel.yaml refuses the file. Keep one.

```yaml
ms.date: 04/21/2020
ms.date: 05/06/2020   # duplicate-key
```
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "duplicate-key"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    if len(article.front.index) == len(article.front.entries):
        return
    first: dict = {}
    for entry in article.front.entries:
        if entry.key in first:
            yield problem(ID, article.path, entry.line, entry.column,
                          N_("Key '{key}' is repeated (first on line {first}); keep one."),
                          key=entry.key, first=first[entry.key])
        else:
            first[entry.key] = entry.line
