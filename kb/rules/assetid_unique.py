"""Within one language, no two articles share an `ms.assetid`.

The TUI, the site and the engine's rule citations find an article by its `ms.assetid`;
two articles with the same one make that ambiguous (typically an article copied without
a new id). The copy is reported, naming the article the id belongs to: the one whose
translation of the same file name carries the id too, or else the one the engine's rules
cite with it. When neither tells which one the id belongs to, each article that shares it
is reported. GUIDs are compared without regard to case.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.pairing import assetid_key
from kb.problems import ERROR, problem

ID = "assetid-unique"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    from engine.rules import ARTICLES

    for facts in context.facts:
        pairing = context.pairing(facts.root)
        others = pairing.sharing(facts)
        if not others or pairing.holds(facts):
            continue
        key = assetid_key(facts.assetid)
        cited = [article for article in (facts, *others)
                 if assetid_key(ARTICLES.get(article.slug)) == key]
        owner = pairing.holder(facts.locale, key) or (cited[0] if len(cited) == 1 else None)
        if owner is facts:
            continue
        if owner is not None:
            yield problem(ID, facts.path, facts.assetid_line, 1,
                          N_("ms.assetid {assetid} belongs to {other}: a copied article needs "
                             "a new one."), assetid=facts.assetid, other=owner.path)
        else:
            yield problem(ID, facts.path, facts.assetid_line, 1,
                          N_("ms.assetid {assetid} is also used by {other} ({count} articles "
                             "share it)."), assetid=facts.assetid, other=others[0].path,
                          count=len(others) + 1)
