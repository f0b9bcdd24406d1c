"""Every billing rule of the engine cites an article and heading that exist.

`engine/rules.py` names, for each rule, the `ms.assetid` of the article that states
it and the anchor of the heading. Both translations must have an article with that
`ms.assetid`, and it must have a heading with that id (`## ... {#anchor}`). Checked only
when a whole knowledge base is checked (a folder holding both `nb-NO/` and `nl-NL/`,
e.g. `betal kb check kb/`).

A missing heading is reported on the article. When no article has the cited
`ms.assetid`, the article of the cited name is told its `ms.assetid` is not the cited one,
and without such an article the locale folder's `index.md` is told the article is
missing. Nothing is reported where another rule already explains it: an article whose
`ms.assetid` is missing, invalid or differs from its translation's, or a language with an
article whose front matter cannot be read.
"""

from __future__ import annotations

import os
from collections import defaultdict

from kb.i18n import N_
from kb.pairing import assetid_key
from kb.paths import LOCALES
from kb.problems import ERROR, problem

ID = "rule-citation"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    if not context.trees:
        return
    from engine.rules import ARTICLES, RULES

    by_article = defaultdict(lambda: defaultdict(list))
    for rule in RULES.values():
        by_article[rule.article][rule.anchor].append(rule.id)
    for root in sorted(context.trees):
        pairing = context.pairing(root)
        for locale in LOCALES:
            unreadable = any(not facts.readable for facts in context.facts
                             if facts.root == root and facts.locale == locale)
            for slug, anchors in by_article.items():
                assetid = ARTICLES[slug]
                rules = sorted(rule for ids in anchors.values() for rule in ids)
                facts = pairing.holder(locale, assetid)
                if facts is None:
                    if not unreadable:
                        yield from _not_found(context, root, locale, slug, assetid, rules)
                    continue
                for anchor, ids in anchors.items():
                    if anchor not in facts.anchors:
                        yield problem(ID, facts.path, 1, 1,
                                      N_("There is no heading '#{anchor}', which the engine's "
                                         "rules {rules} cite."), anchor=anchor,
                                      rules=sorted(ids))


def _not_found(context, root, locale, slug, assetid, rules):
    named = context.pairing(root).find(locale, slug=slug)
    if named is None:
        index = context.display(os.path.join(root, locale, "index.md"))
        yield problem(ID, index, 1, 1,
                      N_("No {locale} article has ms.assetid {assetid} ({article}), which the "
                         "engine's rules {rules} cite."), locale=locale, assetid=assetid,
                      article=slug, rules=rules)
        return
    translation = context.translation(named)
    if (named.assetid is None or assetid_key(named.assetid) == assetid_key(assetid)
            or (translation is not None
                and assetid_key(translation.assetid) == assetid_key(assetid))):
        return  # assetid, assetid-unique or assetid-match reports it
    yield problem(ID, named.path, named.assetid_line, 1,
                  N_("ms.assetid {value} is not {assetid}, which the engine's rules {rules} "
                     "cite for this article."), value=named.assetid, assetid=assetid,
                  rules=rules)
