"""`ms.date` is the date the article was last reviewed: MM/DD/YYYY, zero-padded, a real
date, not in the future.

```yaml
ms.date: 04/21/2020     # right
ms.date: 4/21/2020      # date: not zero-padded (fixable)
ms.date: 21/04/2020     # date: there is no month 21 (day and month swapped?)
ms.date: 2020-04-21     # date: not MM/DD/YYYY
```

Fix: `--fix` zero-pads a real date (`4/21/2020` becomes `04/21/2020`) and changes
nothing else on the line. A missing or empty `ms.date` is reported by `required-key`.
"""

from __future__ import annotations

import datetime

from kb.i18n import N_
from kb.problems import ERROR, Fix, problem
from kb.schema import DATE, is_empty

ID = "date"
SEVERITY = ERROR
FIXABLE = True


def today() -> datetime.date:
    return datetime.date.today()


def check(article, schema):
    if not article.readable:
        return
    entry = article.front.get("ms.date")
    if entry is None or is_empty(entry.value) or not isinstance(entry.value, (str, int)):
        return
    value = str(entry.value).strip()
    at = (ID, article.path, entry.value_line, entry.value_column)
    match = DATE.match(value)
    if match is None:
        yield problem(*at, N_("ms.date '{value}' must be a date written MM/DD/YYYY."),
                      value=value)
        return
    month, day, year = (int(part) for part in match.groups())
    try:
        written = datetime.date(year, month, day)
    except ValueError:
        if month > 12 and day <= 12:
            yield problem(*at, N_("ms.date '{value}' is not a real date: there is no month "
                                  "{month}. Are day and month swapped?"),
                          value=value, month=month)
        else:
            yield problem(*at, N_("ms.date '{value}' is not a real date."), value=value)
        return
    padded = f"{month:02d}/{day:02d}/{year:04d}"
    if padded != value and isinstance(entry.value, str) and entry.style in ("plain", "double",
                                                                           "single"):
        yield problem(*at, N_("ms.date '{value}' must be zero-padded: '{padded}'."),
                      value=value, padded=padded, fix=Fix("pad-date", (entry.value, padded)))
    if written > today():
        yield problem(*at, N_("ms.date '{value}' is in the future."), value=value)
