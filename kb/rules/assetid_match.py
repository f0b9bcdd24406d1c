"""The two translations of an article carry the same `ms.assetid`.

`ms.assetid` is what ties an article to its translation for the site's language switch
and the engine's citations, so the file of the same name in the other locale folder, when
no article there carries this article's id, must carry the same one (compared without
regard to case).
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "assetid-match"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    for facts in context.facts:
        other = context.translation(facts)
        if other is None or not facts.assetid or not other.assetid:
            continue
        if facts.assetid.lower() != other.assetid.lower():
            yield problem(ID, facts.path, facts.assetid_line, 1,
                          N_("ms.assetid {assetid} differs from the translation's "
                             "({other_assetid} in {other})."), assetid=facts.assetid,
                          other_assetid=other.assetid, other=other.path)
