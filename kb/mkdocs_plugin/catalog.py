"""What the site needs to know about every article before it renders one.

Pairing translations looks across both languages (:class:`kb.pairing.Pairing`, the one
pairing of the knowledge base): it uses what ``betal kb check`` learnt about every article
(:func:`from_facts`). Generating a language's section pages needs its
articles' collections, read from their front matter when that language's files are known
(:func:`read`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import NamedTuple

from kb.article import Article, article_paths
from kb.paths import LOCALES


class Entry(NamedTuple):
    locale: str
    slug: str  # the path inside the locale folder, without .md: declined-credit-card
    title: str
    assetid: str | None
    collections: tuple[str, ...] = ()
    robots: str | None = None

    @property
    def src_uri(self) -> str:
        return f"{self.locale}/{self.slug}.md"

    @property
    def is_home(self) -> bool:
        return self.slug == "index"


def _texts(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list):
        return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())
    return ()


def read(path: str, locale: str, slug: str) -> Entry:
    """An article's entry, from its front matter."""
    article = Article.read(path, locale, slug)
    meta = article.meta if article.readable else {}
    robots = meta.get("ROBOTS")
    return Entry(locale, slug, article.title or slug.rsplit("/", 1)[-1], article.assetid,
                 _texts(meta.get("ms.collection")),
                 robots.strip() if isinstance(robots, str) and robots.strip() else None)


def from_facts(facts: Iterable) -> list[Entry]:
    """Entries (without collections) from what ``betal kb check`` learnt about each file."""
    return [Entry(fact.locale, fact.slug, fact.title or fact.slug, fact.assetid)
            for fact in facts if fact.locale]


def scan(docs_dir: str, locales: Iterable[str] = LOCALES) -> list[Entry]:
    """Every article under ``docs_dir/<locale>/`` (when no check report is at hand)."""
    entries = []
    for locale in locales:
        folder = os.path.join(docs_dir, locale)
        for path in article_paths(folder):
            slug = os.path.relpath(path, folder).replace(os.sep, "/")[:-3]
            entries.append(read(path, locale, slug))
    return entries

