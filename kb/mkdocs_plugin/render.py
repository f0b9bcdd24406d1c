"""Markdown to HTML for every page of a build with one converter, and again from a cache.

MkDocs builds a new ``markdown.Markdown`` for each page (``Page.render``): loading the
extensions and building the parser's registries cost about a millisecond a page, a sixth of
the conversion itself. :class:`Renderer` does what ``Page.render`` does, step for step (the
same extensions and configuration, MkDocs' own tree processors for links, anchors and the
title), with one converter that it resets between pages, as Python-Markdown documents for
reuse, and which tries inline patterns only on text that could hold them (:mod:`.inline`).

A writer's next build converts the same Markdown again: :class:`RenderCache` keeps, for each
page, what the conversion gave (HTML, table of contents, title, anchors, links to anchors and
the messages it logged, which are logged again on reuse, so a strict build still fails on
them) and the search plugin's entries for that HTML. An entry is reused only for the same
Markdown (after the plugin's own changes) at the same address; the whole cache only while
the build around the pages is the same: the versions of MkDocs, Python-Markdown and
Material, the Markdown extensions and their configuration, the validation settings, the
log level, and every page's address (a link's output depends on its target's). It lives in
``.betal-cache/`` next to mkdocs.yml (gitignored), one file per language and docs_dir.

Where MkDocs' internals differ from what this module expects, pages are rendered by MkDocs
itself (:func:`available`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

from kb.mkdocs_plugin import inline

FORMAT = 1  # of the cache file; a change of what is stored changes it
_LOGGERS = ("mkdocs", "MARKDOWN")

_PARTS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor",
          "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")


def available() -> bool:
    return all(hasattr(mkdocs_pages, name) for name in _PARTS)


def _plugin_code() -> str:
    """A digest of this plugin's code: a new version of it renders pages anew."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


class _Capture(logging.Handler):
    """The messages logged while a page converts, to log again when it is reused."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class RenderCache:
    """What converting each page of one language gave, kept between builds."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._build: str | None = None
        self._old: dict[str, tuple] = {}
        self._new: dict[str, tuple] = {}
        self.hits = 0
        self.misses = 0

    def open(self, config, files) -> None:
        """Load the entries made in a build like this one (see the module's docstring)."""
        build = hashlib.sha256(repr((
            FORMAT, _plugin_code(), _version("mkdocs"), _version("markdown"),
            _version("mkdocs-material"), _version("pymdown-extensions"),
            config["markdown_extensions"],
            sorted((config["mdx_configs"] or {}).items(), key=repr),
            repr(config.get("validation")), config["use_directory_urls"],
            logging.getLogger("mkdocs").getEffectiveLevel(),
            sorted((file.src_uri, file.url) for file in files),
        )).encode("utf-8")).hexdigest()
        self._build = build
        try:
            with open(self.path, "rb") as handle:
                saved_build, entries = pickle.load(handle)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError,
                AttributeError, ImportError):
            return  # no cache, or an unreadable one: it only costs time
        if saved_build == build and isinstance(entries, dict):
            self._old = entries

    @property
    def is_open(self) -> bool:
        return self._build is not None

    def get(self, key: str):
        found = self._new.get(key)
        if found is None:
            found = self._old.get(key)
        if found is not None:
            self._new[key] = found
            self.hits += 1
        else:
            self.misses += 1
        return found

    def put(self, key: str, value: tuple) -> None:
        self._new[key] = value

    def save(self) -> None:
        """Write the entries this build used (the others go), if it converted anything."""
        if self._build is None or (not self.misses and len(self._new) == len(self._old)):
            return
        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".render-")
            with os.fdopen(handle, "wb") as output:
                pickle.dump((self._build, self._new), output, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.remove(temporary)


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class Renderer:
    """Renders pages the way ``Page.render`` does, with one converter per build and, with a
    ``cache``, not at all when a page's Markdown is what it was."""

    def __init__(self, config, cache: RenderCache | None = None) -> None:
        self._config = config
        self._md: markdown.Markdown | None = None
        self.cache = cache

    def converter(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=self._config["markdown_extensions"],
                extension_configs=self._config["mdx_configs"] or {})
            inline.install(self._md)
        return self._md.reset()

    def render(self, page, config, files) -> None:
        """``page.render(config, files)``: content, toc, title, anchors and links."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.cache is None:
            self._convert(page, config, files)
            return
        if not self.cache.is_open:
            self.cache.open(config, files)
        key = _key("page", page.file.src_uri, page.file.url, page.markdown)
        found = self.cache.get(key)
        if found is not None:
            self._restore(page, files, found)
            return
        capture = _Capture()
        loggers = [logging.getLogger(name) for name in _LOGGERS]
        for logger in loggers:
            logger.addHandler(capture)
        try:
            tokens = self._convert(page, config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(capture)
        links = page.links_to_anchors
        self.cache.put(key, (
            page.content, tokens, page._title_from_render, frozenset(page.present_anchor_ids),
            None if links is None else {file.src_uri: dict(anchors)
                                        for file, anchors in links.items()},
            tuple(capture.records)))

    @staticmethod
    def _restore(page, files, found) -> None:
        content, tokens, title, anchors, links, records = found
        page.content = content
        page.toc = get_toc(tokens)
        page._title_from_render = title
        page.present_anchor_ids = set(anchors)
        if links is not None and mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {files.get_file_from_path(src_uri): dict(anchors)
                                     for src_uri, anchors in links.items()}
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)

    def _convert(self, page, config, files) -> list:
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
        return getattr(md, "toc_tokens", [])

    def attach(self, page) -> None:
        """Have MkDocs' next ``page.render(config, files)`` go through this renderer."""
        page.render = lambda config, files: self._render_once(page, config, files)

    def _render_once(self, page, config, files) -> None:
        del page.render  # the instance's own method again
        self.render(page, config, files)


class SearchEntries:
    """The search plugin's entries for a page, from the cache when its HTML is what it was.

    Material's search plugin splits every page's HTML into sections with an HTML parser;
    :meth:`install` has its index take a page's entries from the cache instead when the page
    (its HTML, address, title, table of contents and search settings) is the same.
    """

    def __init__(self, cache: RenderCache) -> None:
        self.cache = cache

    def install(self, config) -> None:
        for name in ("material/search", "search"):
            plugin = config.plugins.get(name)
            index = getattr(plugin, "search_index", None)
            original = getattr(index, "add_entry_from_context", None)
            if original is None or not isinstance(getattr(index, "entries", None), list):
                continue
            index.add_entry_from_context = (
                lambda page, index=index, original=original: self.add(index, original, page))

    def add(self, index, original, page) -> None:
        if not self.cache.is_open:
            original(page)
            return
        meta = page.meta or {}
        key = _key("search", page.url, str(page.title), page.content or "", repr(
            (meta.get("title"), meta.get("tags"), meta.get("search"),
             [(item.id, item.url, item.title) for item in _walk(page.toc)])))
        found = self.cache.get(key)
        if found is None:
            start = len(index.entries)
            original(page)
            self.cache.put(key, tuple(dict(entry) for entry in index.entries[start:]))
            return
        index.entries.extend(dict(entry) for entry in found)


def _walk(toc):
    for item in toc or ():
        yield item
        yield from _walk(item.children)
