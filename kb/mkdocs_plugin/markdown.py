"""The knowledge base's Markdown, as a Python-Markdown extension: MkDocs loads it with the
other ``markdown_extensions`` for every page of the language being built.

- a preprocessor drops the translation markup of imported articles (:mod:`kb.markup`) and
  writes Learn alerts (``> [!NOTE]``) as admonitions titled in the page's language
  (:mod:`.alerts`);
- a tree processor replaces each ``action:`` link with the command block that does the
  same from a shell (:mod:`.actions`); it runs before MkDocs' own link processing, so the
  block's link to the command-line page is checked and made relative like any other.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kb.mkdocs_plugin import actions, alerts
from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.strings import ASKS_SECRET, CHANGES, CHOICES, COPY, PLACEHOLDERS, READ_ONLY

CLI_PAGE = "betal-command-line.md"  # the generated page that explains the placeholders


class _Articles(Preprocessor):
    def __init__(self, md, locale: str) -> None:
        super().__init__(md)
        self.locale = locale

    def run(self, lines: list[str]) -> list[str]:
        from kb.markup import strip

        source = "\n".join(lines)
        return alerts.convert(strip(source), self.locale).split("\n")


class _ActionLinks(Treeprocessor):
    def __init__(self, md, locale: str, extra: Mapping[str, Sequence[str]],
                 cli_page: str | None) -> None:
        super().__init__(md)
        self.locale = locale
        self.extra = extra
        self.cli_page = cli_page

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                href = child.get("href") if child.tag == "a" else None
                if href and href.startswith("action:"):
                    block = self.block(href, child)
                    block.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, block)

    def block(self, href: str, link: etree.Element) -> etree.Element:
        from kb.links import parse_action

        target = parse_action(href)
        command = actions.build(target.action, target.params,
                                self.extra.get(target.action, ()))
        block = etree.Element("span", {"class": "kb-action",
                                       "data-kb-action": target.action})
        label = etree.SubElement(block, "span", {"class": "kb-action__label"})
        label.text = link.text
        label.extend(list(link))
        if not (link.text or len(link)):
            described = actions.described(target.action, self.locale)
            label.text = described["title"] if described else target.action
        if command.mutates is not None:
            effect = "changes" if command.mutates else "read-only"
            note = etree.SubElement(block, "span", {
                "class": f"kb-action__effect kb-action__effect--{effect}"})
            _with_options(note, text(CHANGES if command.mutates else READ_ONLY, self.locale))
        for line in (command.preview, command.run):
            if line is not None:
                self.line(block, line)
        for name, values in command.choices:
            self.note(block, text(CHOICES, self.locale, name=name, values=", ".join(values)))
        if command.script is not None:
            names = actions.labels(command.action_id, command.secrets, self.locale)
            self.note(block, text(ASKS_SECRET, self.locale, labels=", ".join(names)))
            self.line(block, command.script)
        if self.cli_page is not None:
            before, _, after = text(PLACEHOLDERS, self.locale, link="\0").partition("\0")
            note = self.note(block, before)
            link_to = etree.SubElement(note, "a", {"href": f"{self.cli_page}#placeholders"})
            link_to.text = _cli_title(self.locale)
            link_to.tail = after
        for part in block:  # words apart in the search index and for screen readers
            part.tail = "\n"
        return block

    def line(self, block: etree.Element, command: str) -> None:
        wrapper = etree.SubElement(block, "span", {"class": "kb-action__line"})
        code = etree.SubElement(wrapper, "code", {"class": "kb-command"})
        # each word whole (a line breaks at spaces only, never after a word's hyphen)
        for index, word in enumerate(command.split(" ")):
            part = etree.SubElement(code, "span")
            part.text = word
            part.tail = " " if index < command.count(" ") else None
        copy = text(COPY, self.locale)
        etree.SubElement(wrapper, "button", {
            "type": "button", "class": "kb-action__copy", "data-clipboard-text": command,
            "title": copy, "aria-label": copy})

    @staticmethod
    def note(block: etree.Element, words: str) -> etree.Element:
        note = etree.SubElement(block, "span", {"class": "kb-action__note"})
        note.text = words
        return note


def _with_options(element: etree.Element, words: str) -> None:
    """``words`` as the text of ``element``, each ``--option`` in it as code (whole on a line)."""
    parts = re.split(r"(--[a-z][a-z-]*)", words)
    element.text = parts[0]
    for option, after in zip(parts[1::2], parts[2::2], strict=True):
        code = etree.SubElement(element, "code")
        code.text = option
        code.tail = after


def _cli_title(locale: str) -> str:
    from kb.mkdocs_plugin.strings import CLI_TITLE

    return text(CLI_TITLE, locale)


class KbExtension(Extension):
    """The knowledge base's Markdown for pages in ``locale``; ``command_params`` maps an
    action id to the optional parameters its commands show; ``cli_page`` is the address
    of the command-line page from the pages (None: no link to it)."""

    def __init__(self, locale: str, command_params: Mapping[str, Sequence[str]] | None = None,
                 cli_page: str | None = CLI_PAGE) -> None:
        super().__init__()
        self.locale = locale
        self.command_params = dict(command_params or {})
        self.cli_page = cli_page

    def extendMarkdown(self, md) -> None:  # Python-Markdown names it
        # after whitespace normalisation (30), before raw HTML is set aside (20)
        md.preprocessors.register(_Articles(md, self.locale), "kb_articles", 25)
        # after the inline patterns made the links (20), before MkDocs turns .md links into
        # addresses (0)
        md.treeprocessors.register(
            _ActionLinks(md, self.locale, self.command_params, self.cli_page),
            "kb_action_links", 15)
