"""The language switch: each page links to the same page in the other languages.

An article's translation is the article with the same ``ms.assetid`` in the other
language's folder, whatever its file is called there (:class:`kb.pairing.Pairing`); a generated
page has the same name in every language (a letter page leads to its section's page,
since languages sort into different letters); any other page leads to the other
language's home page. The links are Material's ``extra.alternate`` (the language menu,
and ``hreflang`` links in the page's head), set for each page; the plugin's script keeps
the ``#anchor`` when the reader switches, since both translations carry the same heading
ids.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from kb.mkdocs_plugin import languages as kb_languages
from kb.pairing import Pairing


def page_url(slug: str, use_directory_urls: bool) -> str:
    """A page's address inside its language's folder."""
    if slug == "index" or slug.endswith("/index"):
        return slug[: -len("index")]
    return f"{slug}/" if use_directory_urls else f"{slug}.html"


class Switch:
    """The addresses of a page in each language of the site."""

    def __init__(self, languages: Sequence[kb_languages.Language], current: str,
                 pairs: Pairing, generated: Mapping[str, str], site_url: str | None,
                 use_directory_urls: bool) -> None:
        self.languages = languages
        self.current = current
        self.pairs = pairs
        # generated pages: what each is in the other languages (a letter page: its section)
        self.generated = generated
        self.site_url = site_url  # the default language's root, or None
        self.use_directory_urls = use_directory_urls

    def root(self, locale: str) -> str:
        """A language's root: absolute with ``site_url``, else from this language's root."""
        language = next(item for item in self.languages if item.locale == locale)
        folder = kb_languages.folder(language, self.languages[0])
        if self.site_url:
            return kb_languages.root_url(self.site_url, language, self.languages[0])
        here = next(item for item in self.languages if item.locale == self.current)
        up = "../" if kb_languages.folder(here, self.languages[0]) else ""
        return up + folder

    def links(self, slug: str | None) -> list[dict[str, str]]:
        """Material's ``extra.alternate`` for the page ``slug`` (None: no page, the 404)."""
        alternates = []
        for language in self.languages:
            target = self.translation(slug, language.locale) if slug is not None else None
            link = self.root(language.locale)
            if target is not None:
                link = posixpath.join(link, page_url(target, self.use_directory_urls)) \
                    if link else page_url(target, self.use_directory_urls)
            alternates.append({"name": language.name, "link": link or "./",
                               "lang": language.locale})
        return alternates

    def translation(self, slug: str, locale: str) -> str | None:
        if locale == self.current:
            return slug
        if slug in self.generated:
            return self.generated[slug]
        article = self.pairs.find(self.current, slug=slug)
        found = self.pairs.translation(article, locale) if article is not None else None
        return found.slug if found is not None else None
