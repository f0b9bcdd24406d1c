"""Section pages: how a reader browses a knowledge base of four articles or of three thousand.

Articles are grouped by their first ``ms.collection`` (``Adm_O365``; articles without one go
to "Other articles"). Each group gets a generated section page that lists its articles;
a group larger than ``split`` gets one page per initial letter instead (A, B, ..., Æ, Ø, Å
in Norwegian), and its section page lists the letters. The navigation holds the home page,
the sections and, for small groups, their articles: never every article of a large
knowledge base, so every page carries a small navigation however many articles there are.

Section pages are Markdown generated here and rendered like any page, so their links are
checked by MkDocs like any link. They sit beside the articles (``topic-<slug>.md``,
``topic-<slug>-<letter>.md``), so that every page of a language is in its root folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kb.mkdocs_plugin.catalog import Entry
from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.strings import (
    ARTICLES,
    BY_LETTER,
    COLLECTIONS,
    LETTER_PAGE,
    OTHER_ARTICLES,
    OTHER_CHARACTERS,
)

PREFIX = "topic-"
DIGITS, SYMBOLS = "0-9", "other"
# Norwegian letters that sort after Z, in Norwegian order.
_NORDIC = {"nb-NO": {"Æ": "ae", "Ø": "oe", "Å": "aa"}}
_NORDIC_ORDER = {"Æ": "\uffe0", "Ø": "\uffe1", "Å": "\uffe2"}
_SLUG = re.compile(r"[^a-z0-9]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


class Letter(NamedTuple):
    key: str  # "A", "Ø", "0-9", "other"
    slug: str
    articles: tuple[Entry, ...]

    def label(self, locale: str) -> str:
        if self.key == DIGITS:
            return "0–9"
        if self.key == SYMBOLS:
            return text(OTHER_CHARACTERS, locale)
        return self.key


class Section(NamedTuple):
    key: str  # the ms.collection value, "" for articles without one
    slug: str
    title: str
    articles: tuple[Entry, ...]
    letters: tuple[Letter, ...]  # empty when the section is small enough for one page

    @property
    def page(self) -> str:
        """The section page's path in the language folder."""
        return f"{PREFIX}{self.slug}.md"

    def letter_page(self, letter: Letter) -> str:
        return f"{PREFIX}{self.slug}-{letter.slug}.md"


def slugify(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", folded.lower()).strip("-") or "section"


def sort_key(title: str, locale: str) -> str:
    """Titles in the reader's alphabetical order: case and accents ignored, and in Norwegian
    Æ, Ø and Å after Z."""
    upper = title.upper()
    if locale in _NORDIC:
        upper = "".join(_NORDIC_ORDER.get(char, char) for char in upper)
    folded = unicodedata.normalize("NFKD", upper)
    return "".join(char for char in folded if not unicodedata.combining(char))


def initial(title: str, locale: str) -> str:
    """The letter a title is listed under."""
    for char in title:
        if char.isalnum():
            upper = char.upper()
            if upper in _NORDIC.get(locale, {}):
                return upper
            if char.isdigit():
                return DIGITS
            base = unicodedata.normalize("NFKD", upper)[0]
            return base if "A" <= base <= "Z" else SYMBOLS
    return SYMBOLS


def _letter_slug(key: str, locale: str) -> str:
    if key in (DIGITS, SYMBOLS):
        return key
    return _NORDIC.get(locale, {}).get(key, key.lower())


def collection_title(key: str, locale: str) -> str:
    if not key:
        return text(OTHER_ARTICLES, locale)
    return text(COLLECTIONS[key], locale) if key in COLLECTIONS else key


def build(entries: Iterable[Entry], locale: str, split: int) -> list[Section]:
    """The sections of one locale's articles (the home page left out)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.is_home:
            continue
        groups.setdefault(entry.collections[0] if entry.collections else "", []).append(entry)
    sections = []
    slugs: set[str] = set()
    for key, members in groups.items():
        members.sort(key=lambda entry: (sort_key(entry.title, locale), entry.slug))
        slug = slugify(key) if key else "other"
        while slug in slugs:
            slug = f"{slug}-{len(slugs)}"
        slugs.add(slug)
        letters: tuple[Letter, ...] = ()
        if len(members) > split:
            by_letter: dict[str, list[Entry]] = {}
            for entry in members:
                by_letter.setdefault(initial(entry.title, locale), []).append(entry)
            letters = tuple(Letter(k, _letter_slug(k, locale), tuple(v))
                            for k, v in sorted(by_letter.items(),
                                               key=lambda item: _letter_order(item[0], locale)))
        sections.append(Section(key, slug, collection_title(key, locale), tuple(members),
                                letters))
    sections.sort(key=lambda s: (s.key == "", sort_key(s.title, locale)))
    return sections


def _letter_order(key: str, locale: str) -> tuple[int, str]:
    if key == DIGITS:
        return (0, "")
    if key == SYMBOLS:
        return (2, "")
    return (1, sort_key(key, locale))


def escape(title: str) -> str:
    """``title`` as Markdown text that renders as itself."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", title).replace("<", "&lt;")


def count(number: int, locale: str) -> str:
    return text(ARTICLES, locale, count=number)


def _front(title: str) -> str:
    return "\n".join(["---", f"title: {_yaml(title)}", "search:", "  exclude: true", "---"]
                     ) + "\n\n"


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _listing(articles: Sequence[Entry]) -> str:
    return "\n".join(f"- [{escape(entry.title)}]({entry.slug}.md)" for entry in articles)


def section_page(section: Section, locale: str) -> str:
    """The Markdown of a section's page."""
    parts = [_front(section.title), f"# {escape(section.title)}\n\n",
             f"{count(len(section.articles), locale)}\n\n"]
    if section.letters:
        parts.append(f"## {escape(text(BY_LETTER, locale))} {{#letters}}\n\n")
        parts.append("\n".join(
            f"- [{escape(letter.label(locale))}]({section.letter_page(letter)}) "
            f"({len(letter.articles)})" for letter in section.letters))
    else:
        parts.append(_listing(section.articles))
    return "".join(parts) + "\n"


def letter_page(section: Section, letter: Letter, locale: str) -> str:
    """The Markdown of one letter of a large section."""
    title = text(LETTER_PAGE, locale, section=section.title, letter=letter.label(locale))
    return "".join([_front(title), f"# {escape(title)}\n\n",
                    f"{count(len(letter.articles), locale)}\n\n",
                    _listing(letter.articles), "\n"])


def pages(sections: Sequence[Section], locale: str) -> dict[str, str]:
    """Generated Markdown by path inside the locale folder."""
    generated = {}
    for section in sections:
        generated[section.page] = section_page(section, locale)
        for letter in section.letters:
            generated[section.letter_page(letter)] = letter_page(section, letter, locale)
    return generated
