"""The knowledge-base articles the TUI shows: listing, finding and searching them.

Articles ship inside the ``kb`` package (``kb/nb-NO/*.md``, ``kb/nl-NL/*.md``) and are read
by the kb pipeline's own reader (:mod:`kb.article`), in :func:`read_articles` only.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Article:
    slug: str
    locale: str
    title: str
    assetid: str
    body: str
    path: Path

    def heading(self, anchor: str) -> str | None:
        """The text of the heading with ``{#anchor}``, if the article has one."""
        match = re.search(rf"^#+\s+(.+?)\s*\{{#{re.escape(anchor)}\}}\s*$", self.body,
                          re.MULTILINE)
        return match.group(1) if match else None

    def matches(self, words: list[str]) -> bool:
        text = f"{self.title}\n{self.body}".casefold()
        return all(word in text for word in words)


def root() -> Path:
    """Where the locale folders are: the kb package, or $BETAL_KB_DIR."""
    override = os.environ.get("BETAL_KB_DIR")
    if override:
        return Path(override)
    import kb

    return Path(kb.__file__).parent


def read_articles(folder: Path, locale: str) -> list[Article]:
    """The articles of one locale, read by the kb pipeline (front matter, title, asset id)."""
    from kb.article import load_articles

    return [Article(a.slug, locale, a.title or a.slug, a.assetid or "", a.body, Path(a.path))
            for a in load_articles(folder, locale)]


@cache
def _articles(folder: str, locale: str) -> tuple[Article, ...]:
    if not (Path(folder) / locale).is_dir():
        return ()
    found = read_articles(Path(folder), locale)
    return tuple(sorted(found, key=lambda a: a.title.casefold()))


def list_articles(locale: str) -> list[Article]:
    return list(_articles(str(root()), locale))


@cache
def _pairing(folder: str):
    """The translations of both languages paired as the checker and the site pair them."""
    from kb.pairing import Pairing
    from kb.paths import LOCALES

    return Pairing([article for locale in LOCALES for article in _articles(folder, locale)])


def find(locale: str, *, assetid: str | None = None, slug: str | None = None) -> Article | None:
    """An article by ``ms.assetid`` (the same in every language), else by file name."""
    return _pairing(str(root())).find(locale, assetid=assetid or None, slug=slug)


def search(articles: list[Article], query: str) -> list[Article]:
    words = query.casefold().split()
    return [a for a in articles if a.matches(words)] if words else list(articles)
