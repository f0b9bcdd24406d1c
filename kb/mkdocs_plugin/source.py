"""A page's front matter read with the knowledge base's line reader, as MkDocs reads it.

MkDocs reads each page's front matter with PyYAML (``mkdocs.utils.meta.get_data``), whose
constructor is Python code even over the C parser: 0.14 ms a page, 0.4 s for each language
of the corpus. Learn front matter is the small subset of YAML that :mod:`kb.frontmatter`
reads line by line, remembering the lines it has read (most recur from file to file).
:func:`get_data` reads a page's front matter that way when it is in that subset and YAML
1.1, which PyYAML reads, would see the same keys and values: not when a plain ``yes``,
``no``, ``on`` or ``off`` (booleans in YAML 1.1, text in 1.2) or one of YAML 1.1's own
line breaks is in it. Anything else goes to MkDocs' function. Either way the page gets the
same Markdown and metadata.
"""

from __future__ import annotations

import re

from mkdocs.structure import pages as mkdocs_pages
from mkdocs.utils import meta as mkdocs_meta

from kb.frontmatter import Entry, subset_entries

_YAML11_BOOLEANS = frozenset({"yes", "Yes", "YES", "no", "No", "NO",
                              "on", "On", "ON", "off", "Off", "OFF"})
_YAML11_BREAKS = re.compile("[\x85\u2028\u2029]")


def available() -> bool:
    return hasattr(mkdocs_meta, "YAML_RE") and hasattr(mkdocs_meta, "get_data")


def get_data(source: str) -> tuple[str, dict]:
    """``mkdocs.utils.meta.get_data(source)``: the Markdown after the front matter, and the
    front matter's keys and values."""
    match = mkdocs_meta.YAML_RE.match(source)
    if match is not None:
        block = match.group(1)
        entries = None if _YAML11_BREAKS.search(block) else subset_entries(block)
        if entries and all(map(_same_in_yaml11, entries)):  # none: YAML reads no mapping
            return (source[match.end():].lstrip("\n"),
                    {entry.key: entry.value for entry in entries})
    return mkdocs_meta.get_data(source)


def _same_in_yaml11(entry: Entry) -> bool:
    values = entry.value if isinstance(entry.value, list) else (entry.value,)
    return entry.key not in _YAML11_BOOLEANS and _YAML11_BOOLEANS.isdisjoint(values)


def attach(page) -> None:
    """Have MkDocs' next ``page.read_source(config)`` read the front matter with
    :func:`get_data`."""
    page.read_source = lambda config: _read_once(page, config)


def _read_once(page, config) -> None:
    """``Page.read_source``, step for step, but for the front matter's reader."""
    del page.read_source  # the instance's own method again
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = page.file.content_string
        except OSError:
            mkdocs_pages.log.error(f"File not found: {page.file.src_path}")
            raise
        except ValueError:
            mkdocs_pages.log.error(f"Encoding error reading file: {page.file.src_path}")
            raise
    page.markdown, page.meta = get_data(source)
