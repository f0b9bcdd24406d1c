"""The navigation of one language: the home page, one entry per section and, for a small
section, its articles; never every article of a large knowledge base, so that every page
carries a small navigation however many articles there are.

A large section's articles and letter pages stay out of the navigation: their breadcrumb
leads to their section, and Previous/Next walk the section's list. MkDocs' own objects
(``Navigation``, ``Section``, ``Page``) are built and linked through their public
attributes.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kb.mkdocs_plugin import sections as kb_sections


def build(sections: list[kb_sections.Section], files: Files, config,
          nav_articles: int) -> Navigation | None:
    home_file = files.get_file_from_path("index.md")
    if home_file is None or home_file.page is None:
        return None
    home = home_file.page
    items: list = [home]
    ordered: list[Page] = [home]
    for section in sections:
        index = _page(files, section.page, config)
        ordered.append(index)
        node = Section(section.title, [index])
        if section.letters:
            for letter in section.letters:
                letter_page = _page(files, section.letter_page(letter), config)
                _browse(files, letter.articles, node, lead=letter_page)
        elif len(section.articles) <= nav_articles:
            for entry in section.articles:
                article = files.get_file_from_path(f"{entry.slug}.md")
                if article is not None and article.page is not None:
                    node.children.append(article.page)
                    ordered.append(article.page)
        else:
            _browse(files, section.articles, node)
        # a section whose articles are not listed is its page in the navigation (an empty
        # list under it would open on a narrow screen); it stays their breadcrumb
        items.append(node if len(node.children) > 1 else index)
    _link(ordered)
    for item in items:
        _parent(item, None)
    navigation = Navigation(items, ordered)
    navigation.homepage = home
    return navigation


def _page(files: Files, src_uri: str, config) -> Page:
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"The generated page {src_uri} is missing.")
    if file.page is None:
        Page(None, file, config)
    return file.page


def _browse(files: Files, entries, parent, lead: Page | None = None) -> None:
    """Pages listed on a section page rather than in the navigation: their breadcrumb leads
    to the section, and Previous/Next walk the list."""
    found = [files.get_file_from_path(f"{entry.slug}.md") for entry in entries]
    listed = [file.page for file in found if file is not None and file.page is not None]
    if lead is not None:
        listed.insert(0, lead)
    for page in listed:
        page.parent = parent
    _link(listed)


def _link(ordered: list[Page]) -> None:
    for index, page in enumerate(ordered):
        page.previous_page = ordered[index - 1] if index > 0 else None
        page.next_page = ordered[index + 1] if index + 1 < len(ordered) else None


def _parent(item, parent) -> None:
    item.parent = parent
    for child in getattr(item, "children", None) or ():
        _parent(child, item)
