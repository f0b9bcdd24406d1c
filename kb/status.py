"""``betal kb status``: where each article stands in its two languages.

What the two translations say is compared, not only their dates. ``translations.lock``
in the knowledge-base folder records, for each article, a digest of what each translation
said (its title and body) when they were last known to agree;
``betal kb status --record`` writes it. Then an article is:

- ``current`` when neither translation has changed since;
- ``outdated`` when one has changed: the other is behind and needs its changes;
- ``changed in both`` when both have: someone must compare them;
- ``missing`` when a translation does not exist.

An article not recorded yet is judged by ``ms.date`` as a fallback (the older translation
is behind; ``no valid ms.date`` when that cannot tell), and marked so.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from typing import NamedTuple

from kb.config import ConfigError
from kb.i18n import N_, gettext_for
from kb.pairing import Pairing, assetid_key
from kb.paths import LOCALES
from kb.schema import parse_date

LOCK = "translations.lock"
CURRENT, OUTDATED, BOTH, MISSING, UNKNOWN = (
    "current", "outdated", "changed-in-both", "missing", "unknown")
CONTENT, DATE = "content", "ms.date"  # what a row's state was judged by
_STATES = {CURRENT: N_("current"), OUTDATED: N_("outdated"), BOTH: N_("changed in both"),
           MISSING: N_("missing"), UNKNOWN: N_("no valid ms.date")}


class Row(NamedTuple):
    slug: str
    title: str
    dates: dict[str, str | None]  # locale: ms.date, None when the file is missing
    state: str
    behind: tuple[str, ...]  # the locales that are missing or need the other's changes
    basis: str = CONTENT  # CONTENT: compared with the lock file; DATE: not recorded yet


def digest(article) -> str:
    """What an article says, in a few bytes: its title and body."""
    text = f"{article.title or ''}\n{article.body.strip()}\n"
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def status(root: str, skipped: list[str] | None = None) -> list[Row]:
    """Each article's row. Paths that are not regular files are not read: they are added
    to ``skipped``."""
    lock = read_lock(root)
    rows = []
    for group in _groups(root, skipped):
        present = {locale: article for locale, article in group.items() if article}
        slug = next(iter(present.values())).slug
        dates = {locale: (str(article.meta.get("ms.date") or "") if article else None)
                 for locale, article in group.items()}
        title = next((a.title for a in present.values() if a.title), slug)
        missing = tuple(locale for locale, article in group.items() if article is None)
        if missing:
            rows.append(Row(slug, title, dates, MISSING, missing))
            continue
        recorded = lock.get(_key(group))
        if recorded is None:
            rows.append(_by_date(slug, title, dates))
            continue
        changed = {locale for locale, article in group.items()
                   if recorded.get(locale, {}).get("digest") != digest(article)}
        if not changed:
            rows.append(Row(slug, title, dates, CURRENT, ()))
        elif len(changed) == len(group):
            rows.append(Row(slug, title, dates, BOTH, ()))
        else:
            rows.append(Row(slug, title, dates, OUTDATED,
                            tuple(locale for locale in group if locale not in changed)))
    return rows


def record(root: str, slugs: Iterable[str] = ()) -> list[str]:
    """Record that the translations of the articles named by ``slugs`` (in either
    language; every article when none is named) agree as they are now; the slugs
    recorded. An article without its translation is not recorded."""
    groups = _groups(root)
    wanted = set(slugs)
    unknown = sorted(wanted - {a.slug for group in groups for a in group.values() if a})
    if unknown:
        raise ConfigError(N_("There is no article '{slug}' in {root}."), slug=unknown[0],
                          root=root)
    lock = read_lock(root)
    done = []
    for group in groups:
        if None in group.values() or (
                wanted and not wanted & {article.slug for article in group.values()}):
            continue
        lock[_key(group)] = {locale: {"slug": article.slug, "digest": digest(article)}
                             for locale, article in group.items()}
        done.append(next(iter(group.values())).slug)
    _write_lock(root, lock)
    return done


def read_lock(root: str) -> dict:
    path = os.path.join(root, LOCK)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ConfigError(N_("{path} cannot be read: {error}"), path=path,
                          error=str(error)) from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        raise ConfigError(N_("{path} cannot be read: {error}"), path=path,
                          error="no 'articles'")
    return data["articles"]


def _write_lock(root: str, articles: dict) -> None:
    from kb.article import write_text

    write_text(os.path.join(root, LOCK), json.dumps(
        {"version": 1, "articles": articles}, ensure_ascii=False, indent=2, sort_keys=True)
        + "\n")


def _groups(root: str, skipped: list[str] | None = None) -> list[dict]:
    from kb.article import load_articles

    articles = [article for locale in LOCALES
                for article in load_articles(root, locale, skipped)]
    return Pairing(articles).groups()


def _key(group: dict) -> str:
    """What identifies an article in the lock file: its ms.assetid, when its translations
    share one, else its slug in the first language present."""
    ids = {assetid_key(article.assetid) for article in group.values() if article}
    if len(ids) == 1 and None not in ids:
        return ids.pop()
    return "slug:" + next(article.slug for article in group.values() if article)


def _by_date(slug: str, title: str, dates: dict) -> Row:
    days = {locale: parse_date(value) for locale, value in dates.items()}
    if None in days.values():
        return Row(slug, title, dates, UNKNOWN, (), DATE)
    if len(set(days.values())) == 1:
        return Row(slug, title, dates, CURRENT, (), DATE)
    oldest = min(days.values())
    return Row(slug, title, dates, OUTDATED,
               tuple(locale for locale, day in days.items() if day == oldest), DATE)


def render_status(rows: list[Row], locale: str | None, *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps([{"slug": row.slug, "title": row.title, "dates": row.dates,
                            "state": row.state, "behind": list(row.behind),
                            "compared": row.basis} for row in rows],
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
        if row.basis == DATE:
            state += " *"
        lines.append(f"{row.slug:{width}}  {dates}  {state}")
    if any(row.basis == DATE for row in rows):
        lines += ["", t(N_("* by ms.date: no agreement of the translations is recorded yet "
                           "('betal kb status --record SLUG' records one)."))]
    return "\n".join(lines) + "\n"
