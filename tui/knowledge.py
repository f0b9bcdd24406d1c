"""The knowledge-base articles the TUI shows: listing, finding and searching them.

Articles ship inside the ``kb`` package (``kb/nb-NO/*.md``, ``kb/nl-NL/*.md``). Reading one
file into an :class:`Article` happens in :func:`parse_article` only, so moving to the kb
pipeline's own parser (``kb.articles``) is a change in that one function.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADING = re.compile(r"^#\s+(.*?)\s*(\{#[^}]*\})?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Article:
    slug: str
    locale: str
    title: str
    assetid: str
    body: str
    path: Path

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


def parse_article(path: Path, locale: str) -> Article:
    """One article file: its front matter's title and ms.assetid, and its Markdown body."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    body = text
    if match:
        body = text[match.end():]
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and not line.startswith((" ", "-")):
                meta[key.strip()] = value.strip().strip("'\"")
    title = meta.get("title", "")
    if not title:
        heading = _HEADING.search(body)
        title = heading.group(1) if heading else path.stem
    return Article(path.stem, locale, title, meta.get("ms.assetid", ""), body, path)


@cache
def _articles(folder: str, locale: str) -> tuple[Article, ...]:
    directory = Path(folder) / locale
    if not directory.is_dir():
        return ()
    found = [parse_article(path, locale) for path in sorted(directory.glob("*.md"))]
    return tuple(sorted(found, key=lambda a: a.title.casefold()))


def list_articles(locale: str) -> list[Article]:
    return list(_articles(str(root()), locale))


def find(locale: str, *, assetid: str | None = None, slug: str | None = None) -> Article | None:
    """An article by ``ms.assetid`` (the same in every language) or by file name."""
    for article in list_articles(locale):
        if (assetid and article.assetid == assetid) or (slug and article.slug == slug):
            return article
    return None


def search(articles: list[Article], query: str) -> list[Article]:
    words = query.casefold().split()
    return [a for a in articles if a.matches(words)] if words else list(articles)
