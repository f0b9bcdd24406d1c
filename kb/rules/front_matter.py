"""An article starts with YAML front matter between two `---` lines, holding keys.

The first line of the file must be `---`, followed by `key: value` lines and a closing
`---` (or `...`). Without it the site and the TUI have no title, date or `ms.assetid`
for the article. Front matter that is a list or a single value instead of keys is refused
too.

```markdown
---
title: Avvist kredittkort
ms.date: 04/21/2020
...
---
# Avvist kredittkort {#declined-credit-card}
```
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "front-matter"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    front = article.front
    if not front.present:
        yield problem(ID, article.path, 1, 1, N_(
            "The article has no front matter: start the file with a '---' line, the keys, "
            "and another '---' line."))
    elif not front.closed:
        yield problem(ID, article.path, 1, 1, N_(
            "The front matter that starts here is never closed by a '---' line."))
    elif not front.is_mapping:
        yield problem(ID, article.path, 2, 1, N_(
            "The front matter must be keys with values ('key: value'), not a list or a "
            "single value."))
