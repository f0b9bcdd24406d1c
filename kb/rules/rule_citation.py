"""Every billing rule of the engine cites an article and heading that exist.

`engine/rules.py` names, for each rule, the `ms.assetid` of the article that states
it and the anchor of the heading. Both translations must have an article with that
`ms.assetid`, and it must have a heading with that id (`## ... {#anchor}`). Checked only
when a whole knowledge base is checked (a folder holding both `nb-NO/` and `nl-NL/`,
e.g. `betal kb check kb/`). A missing article is reported on the locale folder's
`index.md`, a missing heading on the article.
"""

from __future__ import annotations

import os
from collections import defaultdict

from kb.i18n import N_
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
        for locale in LOCALES:
            by_assetid = {facts.assetid.lower(): facts for facts in context.facts
                          if facts.root == root and facts.locale == locale and facts.assetid}
            for slug, anchors in by_article.items():
                assetid = ARTICLES[slug]
                rules = sorted(rule for ids in anchors.values() for rule in ids)
                facts = by_assetid.get(assetid.lower())
                if facts is None:
                    index = context.display(os.path.join(root, locale, "index.md"))
                    yield problem(ID, index, 1, 1,
                                  N_("No {locale} article has ms.assetid {assetid} ({article}), "
                                     "which the engine's rules {rules} cite."), locale=locale,
                                  assetid=assetid, article=slug, rules=rules)
                    continue
                for anchor, ids in anchors.items():
                    if anchor not in facts.anchors:
                        yield problem(ID, facts.path, 1, 1,
                                      N_("There is no heading '#{anchor}', which the engine's "
                                         "rules {rules} cite."), anchor=anchor,
                                      rules=sorted(ids))
