"""The two translations of an article carry the same `ms.assetid`.

`ms.assetid` is what ties an article to its translation for the site's language switch
and the engine's citations, so the file of the same name in the other locale folder, when
no article there carries this article's id, must carry the same one (compared without
regard to case). A difference is reported once: on the side whose id is not the one the
engine's rules cite for the article, else on the translation that is behind (the older
`ms.date`, or the nl-NL one when the dates are the same).
"""

from __future__ import annotations

from kb.i18n import N_
from kb.pairing import assetid_key
from kb.problems import ERROR, problem

ID = "assetid-match"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    from engine.rules import ARTICLES

    seen = set()
    for facts in context.facts:
        other = context.translation(facts)
        if other is None or not facts.assetid or not other.assetid or other.key in seen:
            continue
        seen.add(facts.key)
        if assetid_key(facts.assetid) == assetid_key(other.assetid):
            continue
        cited = [side for side in (facts, other)
                 if assetid_key(ARTICLES.get(side.slug)) == assetid_key(side.assetid)]
        if len(cited) == 1:
            here = other if cited[0] is facts else facts
        else:
            here = context.blamed(facts, other)
        there = other if here is facts else facts
        yield problem(ID, here.path, here.assetid_line, 1,
                      N_("ms.assetid {assetid} differs from the translation's "
                         "({other_assetid} in {other})."), assetid=here.assetid,
                      other_assetid=there.assetid, other=there.path)
