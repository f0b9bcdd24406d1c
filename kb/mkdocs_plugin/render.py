"""Markdown to HTML for every page of a build with one converter.

MkDocs builds a new ``markdown.Markdown`` for each page (``Page.render``): loading the
extensions and building the parser's registries cost about a millisecond a page, a sixth of
the conversion itself. :class:`Renderer` does what ``Page.render`` does, step for step (the
same extensions and configuration, MkDocs' own tree processors for links, anchors and the
title), with one converter that it resets between pages, as Python-Markdown documents for
reuse.

Where MkDocs' internals differ from what this module expects, pages are rendered by MkDocs
itself (:func:`available`).
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

_PARTS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor",
          "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")


def available() -> bool:
    return all(hasattr(mkdocs_pages, name) for name in _PARTS)


class Renderer:
    """Renders pages the way ``Page.render`` does, with one converter per build."""

    def __init__(self, config) -> None:
        self._config = config
        self._md: markdown.Markdown | None = None

    def converter(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=self._config["markdown_extensions"],
                extension_configs=self._config["mdx_configs"] or {})
        return self._md.reset()

    def render(self, page, config, files) -> None:
        """``page.render(config, files)``: content, toc, title, anchors and links."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.converter()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        links = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        links._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links.links_to_anchors

    def attach(self, page) -> None:
        """Have MkDocs' next ``page.render(config, files)`` go through this renderer."""
        page.render = lambda config, files: self._render_once(page, config, files)

    def _render_once(self, page, config, files) -> None:
        del page.render  # the instance's own method again
        self.render(page, config, files)
