"""Every article exists in both languages.

An article in `nb-NO/` needs its translation in `nl-NL/` and the other way round: the
article with the same `ms.assetid` (which identifies an article across locales), else the
file of the same name (a different `ms.assetid` there is reported by `assetid-match`).
Checked only where both locale folders exist. An article that shares its `ms.assetid`
with another of its language is left to `assetid-unique`.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "translation-missing"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    for facts in context.facts:
        other_locale = context.other_locale(facts)
        if other_locale is None or not context.has_locale(facts.root, other_locale):
            continue
        if context.translation(facts) is None and not context.pairing(facts.root).sharing(facts):
            yield problem(ID, facts.path, 1, 1,
                          N_("There is no {locale} translation: {expected} is missing."),
                          locale=other_locale,
                          expected=context.expected_translation_path(facts))
