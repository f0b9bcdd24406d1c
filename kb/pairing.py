"""Which articles are translations of each other: the one pairing of the knowledge base,
for the checker, ``--fix``, ``kb status``, the help site and the TUI.

```python
from kb.pairing import Pairing

pairing = Pairing(articles)                     # the articles of one knowledge base
pairing.translation(article, "nl-NL")           # its nl-NL translation, or None
pairing.find("nl-NL", assetid=guid)             # by ms.assetid, else None
pairing.find("nl-NL", slug="past-due-account")  # by file name
pairing.groups()                                # each article once, with its translations
```

An article is any object with ``locale``, ``slug`` and ``assetid`` attributes:
:class:`kb.article.Article`, the checker's :class:`kb.facts.Facts`, the site's catalog
entries and the TUI's articles all have them. ``assetid`` may be None or empty; an article
whose ``locale`` is None (outside a locale folder) is left out. The articles are those of
one knowledge base: a slug names one article per locale.

How articles are paired:

1. ``ms.assetid`` identifies an article across locales (compared without regard to case
   or surrounding blanks). In a locale, the article that *holds* an asset id is the only
   one that carries it; when several carry it (an article copied without a new id), the
   one whose file of the same name in another locale carries it too, if exactly one does.
   The others are paired by file name only.
2. The holders of one asset id in different locales are translations of each other.
3. An article that its asset id does not pair is the translation of the article with the
   same slug in the other locale, when that one is not paired by its asset id either.

Pairs are symmetric: B is A's translation exactly when A is B's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from kb.paths import LOCALES


def assetid_key(value: Any) -> str | None:
    """An asset id as it is compared: stripped and in lower case; None when there is none."""
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


class Pairing:
    """The translations among ``articles``; ``locales`` are those a group has a place for
    (the knowledge base's, and any other an article is in)."""

    def __init__(self, articles: Iterable, locales: Sequence[str] = LOCALES) -> None:
        placed = [article for article in articles if article.locale]
        self.locales = tuple(dict.fromkeys([*locales, *(a.locale for a in placed)]))
        self._at = {(a.locale, a.slug): a for a in placed}
        carriers: dict[tuple[str, str], list] = defaultdict(list)
        for article in sorted(placed, key=_place):
            key = assetid_key(article.assetid)
            if key:
                carriers[(article.locale, key)].append(article)
        self._carriers = dict(carriers)
        self._holders = {}
        for (locale, key), group in carriers.items():
            holder = group[0] if len(group) == 1 else self._only_translated(group, key)
            if holder is not None:
                self._holders[(locale, key)] = holder
        self._groups: dict[tuple[str, str], dict] = {}
        by_assetid: dict[str, dict] = defaultdict(dict)
        for (locale, key), holder in self._holders.items():
            by_assetid[key][locale] = holder
        for group in by_assetid.values():
            if len(group) > 1:
                self._join(group)
        by_slug: dict[str, dict] = defaultdict(dict)
        for (locale, slug), article in self._at.items():
            if (locale, slug) not in self._groups:
                by_slug[slug][locale] = article
        for group in by_slug.values():
            self._join(group)

    def translation(self, article, locale: str):
        """The article in ``locale`` that translates ``article``, or None."""
        if locale == article.locale:
            return None
        return self._groups.get(_place(article), {}).get(locale)

    def find(self, locale: str, *, assetid: str | None = None, slug: str | None = None):
        """The article of ``locale`` with ``assetid`` (its holder, else the first by slug
        of those that carry it), else the one at ``slug``; None when neither is there."""
        key = assetid_key(assetid)
        if key is not None:
            found = self._holders.get((locale, key)) or next(
                iter(self._carriers.get((locale, key), ())), None)
            if found is not None:
                return found
        return self._at.get((locale, slug)) if slug else None

    def holds(self, article) -> bool:
        """Whether ``article`` holds its asset id in its locale (see the module's rule 1)."""
        holder = self.holder(article.locale, article.assetid)
        return holder is not None and _place(holder) == _place(article)

    def holder(self, locale: str, assetid: str | None):
        """The article that holds ``assetid`` in ``locale``, or None."""
        return self._holders.get((locale, assetid_key(assetid)))

    def sharing(self, article) -> tuple:
        """The other articles of ``article``'s locale that carry its asset id."""
        key = assetid_key(article.assetid)
        group = self._carriers.get((article.locale, key), ()) if key else ()
        return tuple(other for other in group if _place(other) != _place(article))

    def groups(self) -> list[dict[str, Any]]:
        """Every article once, with its translations: ``{locale: article or None}`` for
        each locale, sorted by the slug of the first article present."""
        seen: set[int] = set()
        groups = []
        for group in self._groups.values():
            if id(group) not in seen:
                seen.add(id(group))
                groups.append({locale: group.get(locale) for locale in self.locales})
        return sorted(groups, key=lambda group: next(a.slug for a in group.values() if a))

    def _only_translated(self, group: list, key: str):
        """The one article of ``group`` whose file of the same name in another locale
        carries asset id ``key``, or None."""
        found = [article for article in group
                 if any(assetid_key(getattr(self._at.get((locale, article.slug)), "assetid",
                                            None)) == key
                        for locale in self.locales if locale != article.locale)]
        return found[0] if len(found) == 1 else None

    def _join(self, group: dict) -> None:
        for locale, article in group.items():
            self._groups[(locale, article.slug)] = group


def _place(article) -> tuple[str, str]:
    return article.locale, article.slug
