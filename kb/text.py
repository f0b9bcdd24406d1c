"""Text helpers shared by the readers: decoding, positions, and hiding code from scans."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(?!`)[^\n]*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def decode(data: bytes) -> tuple[str, tuple[int, int] | None]:
    """The text of ``data`` without a byte-order mark, and the (line, column) of the first
    byte that is not UTF-8 (None when all of it is); such bytes become U+FFFD."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
        return data.decode("utf-8", "replace"), (line, column)


class Locator:
    """Turns offsets into a text into 1-based (line, column), the text starting at
    ``first_line``. Offsets asked for in increasing order are cheapest."""

    __slots__ = ("_line", "_offset", "first_line", "text")

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.first_line = first_line
        self._offset = 0
        self._line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        if offset < self._offset:
            self._offset, self._line = 0, self.first_line
        self._line += self.text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line, offset - self.text.rfind("\n", 0, offset)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match) -> str:
    return _NOT_NEWLINE.sub(" ", match.group())


def blank_code(text: str) -> str:
    """``text`` with fenced code, inline code and HTML comments replaced by spaces (line
    breaks kept), so that scans for links and markup see only prose at unchanged offsets."""
    # A one-character test first: it runs at memory speed, a longer one a character at a
    # time, and most articles have no backtick, tilde or exclamation mark.
    backtick = "`" in text
    if (backtick and "```" in text) or ("~" in text and "~~~" in text):
        text = _blank_fences(text)
        backtick = "`" in text
    if backtick:
        text = _CODE_SPAN.sub(_blank, text)
    if "!" in text and "<!--" in text:
        text = _COMMENT.sub(_blank, text)
    return text


def _blank_fences(text: str) -> str:
    parts = []
    position = 0
    while True:
        opening = _FENCE.search(text, position)
        if opening is None:
            break
        fence = opening.group(1)
        closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) +
                             r",}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", opening.end())
        if line_end < 0:
            line_end = len(text)
        found = closing.search(text, line_end)
        end = len(text) if found is None else found.end()
        parts.append(text[position:opening.start()])
        parts.append(_NOT_NEWLINE.sub(" ", text[opening.start():end]))
        position = end
    parts.append(text[position:])
    return "".join(parts)
