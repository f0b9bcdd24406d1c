"""`ms.contentlocale` must name the locale folder the article is in.

An article in `kb/nl-NL/` says `ms.contentlocale: nl-NL`, spelled exactly so. Outside a
locale folder it must be `nb-NO` or `nl-NL`.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.paths import LOCALES
from kb.problems import ERROR, problem

ID = "content-locale"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    if not article.readable:
        return
    entry = article.front.get("ms.contentlocale")
    if entry is None or not isinstance(entry.value, str) or not entry.value:
        return
    at = (ID, article.path, entry.value_line, entry.value_column)
    if article.locale is not None and entry.value != article.locale:
        yield problem(*at, N_("ms.contentlocale is '{value}' but the article is in the "
                              "{folder} folder."), value=entry.value, folder=article.locale)
    elif article.locale is None and entry.value not in LOCALES:
        yield problem(*at, N_("ms.contentlocale '{value}' is not one of {locales}."),
                      value=entry.value, locales=list(LOCALES))
