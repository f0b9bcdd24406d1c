"""``betal kb status``: where each article stands in its two languages.

An article is ``current`` when both translations exist with the same ``ms.date``,
``outdated`` when one translation's ``ms.date`` is older than the other's (that one needs
the other's changes), and ``missing`` when a translation does not exist.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from kb.i18n import N_, gettext_for
from kb.pairing import Pairing
from kb.paths import LOCALES
from kb.schema import parse_date

CURRENT, OUTDATED, MISSING, UNKNOWN = "current", "outdated", "missing", "unknown"
_STATES = {CURRENT: N_("current"), OUTDATED: N_("outdated"), MISSING: N_("missing"),
           UNKNOWN: N_("no valid ms.date")}


class Row(NamedTuple):
    slug: str
    title: str
    dates: dict[str, str | None]  # locale: ms.date, None when the file is missing
    state: str
    behind: tuple[str, ...]  # the locales that are missing or older


def status(root: str, skipped: list[str] | None = None) -> list[Row]:
    """Each article's row. Paths that are not regular files are not read: they are added
    to ``skipped``."""
    from kb.article import load_articles

    rows = []
    articles = [article for locale in LOCALES
                for article in load_articles(root, locale, skipped)]
    for present in Pairing(articles).groups():
        slug = next(article.slug for article in present.values() if article)
        dates = {locale: (str(article.meta.get("ms.date") or "") if article else None)
                 for locale, article in present.items()}
        title = next((a.title for a in present.values() if a and a.title), slug)
        missing = tuple(locale for locale, article in present.items() if article is None)
        if missing:
            rows.append(Row(slug, title, dates, MISSING, missing))
            continue
        days = {locale: parse_date(dates[locale]) for locale in LOCALES}
        if None in days.values():
            rows.append(Row(slug, title, dates, UNKNOWN, ()))
        elif len(set(days.values())) == 1:
            rows.append(Row(slug, title, dates, CURRENT, ()))
        else:
            oldest = min(days.values())
            rows.append(Row(slug, title, dates, OUTDATED,
                            tuple(locale for locale in LOCALES if days[locale] == oldest)))
    return rows


def render_status(rows: list[Row], locale: str | None, *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps([{"slug": row.slug, "title": row.title, "dates": row.dates,
                            "state": row.state, "behind": list(row.behind)} for row in rows],
                          ensure_ascii=False, indent=2) + "\n"
    t = gettext_for(locale)
    article, state = t(N_("article")), t(N_("state"))
    width = max([len(row.slug) for row in rows] + [len(article)])
    lines = [f"{article:{width}}  {LOCALES[0]:10}  {LOCALES[1]:10}  {state}"]
    for row in rows:
        dates = "  ".join(f"{(row.dates[code] or '-'):10}" for code in LOCALES)
        state = t(_STATES[row.state])
        if row.behind:
            state += f" ({', '.join(row.behind)})"
        lines.append(f"{row.slug:{width}}  {dates}  {state}")
    return "\n".join(lines) + "\n"
