"""Each row of a troubleshooting table ends with one action link.

A troubleshooting table is a table whose last column is headed "Handling", "Actie" or
"Action", or one where any row's last cell holds an action link. Each of its rows must
hold exactly one action link in that last column, so that the TUI can offer the fix for
that problem:

```markdown
| Problem | Slik løser du det | Handling |
|:--|:--|:--|
| Kortet ble avvist. | Kontroller kortopplysningene ... | [Gjør opp saldo](action:balance.settle) |
```
"""

from __future__ import annotations

import re

from kb.i18n import N_
from kb.problems import WARNING, problem

ID = "table-action"
SEVERITY = WARNING
FIXABLE = False

ACTION_HEADERS = {"handling", "handlinger", "actie", "acties", "action", "actions"}
_ACTION = re.compile(r"\]\(\s*<?action:")


def check(article, schema):
    for table in article.outline.tables:
        header = table.header[-1].strip("*_ ").lower() if table.header else ""
        rows = table.rows
        if header not in ACTION_HEADERS and not any(
                row.cells and len(row.cells) >= len(table.header)
                and _ACTION.search(row.cells[-1]) for row in rows):
            continue
        width = len(table.header)
        for row in rows:
            cell = row.cells[width - 1] if len(row.cells) >= width else ""
            count = len(_ACTION.findall(cell))
            column = row.columns[width - 1] if len(row.columns) >= width else 1
            if count == 0:
                yield problem(ID, article.path, row.line, column, N_(
                    "This troubleshooting row has no action link in its last column."))
            elif count > 1:
                yield problem(ID, article.path, row.line, column, N_(
                    "This troubleshooting row has {count} action links in its last column; "
                    "give it one."), count=count)
