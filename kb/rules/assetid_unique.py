"""Within one language, no two articles share an `ms.assetid`.

The TUI, the site and the engine's rule citations find an article by its `ms.assetid`;
two articles with the same one make that ambiguous (a copied article whose id was not
renewed). Each article of the group is reported, naming another one. GUIDs are compared
without regard to case.
"""

from __future__ import annotations

from collections import defaultdict

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "assetid-unique"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    groups = defaultdict(list)
    for facts in context.facts:
        if facts.assetid:
            groups[(facts.root, facts.locale, facts.assetid.lower())].append(facts)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda facts: facts.path)
        for index, facts in enumerate(group):
            other = group[1] if index == 0 else group[0]
            yield problem(ID, facts.path, facts.assetid_line, 1,
                          N_("ms.assetid {assetid} is also used by {other} ({count} articles "
                             "share it)."), assetid=facts.assetid, other=other.path,
                          count=len(group))
