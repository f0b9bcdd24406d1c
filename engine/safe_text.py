"""Text that cannot take over a terminal or forge a line: checks for input, escapes for output.

Stored text (a holder's name, an address, an admin's name) comes from other people. Printed
raw, an ANSI escape sequence in it could move another admin's cursor, change colours or
rewrite what a screen shows, a newline could forge a line in a log, and a bidirectional
override could make text read backwards. Input refuses such characters
(:func:`first_control`); every output escapes them (:func:`escape`, :func:`escape_json`).

The characters are the C0 and C1 control characters and DEL (Unicode category ``Cc``), the
line and paragraph separators, the bidirectional embedding, override and isolate marks, and
lone surrogates. Joiners and soft hyphens, which names in some scripts need, are left alone.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def first_control(text: str) -> str | None:
    """The first character of ``text`` that input refuses, or None."""
    match = _UNSAFE.search(text)
    return match.group() if match else None


def codepoint(char: str) -> str:
    """``U+001B``: how an error message names a character it cannot show."""
    return f"U+{ord(char):04X}"


def _visible(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    value = ord(char)
    return f"\\x{value:02x}" if value < 0x100 else f"\\u{value:04x}"


def escape(text: str) -> str:
    """``text`` with every unsafe character written out as an escape (``\\x1b``, ``\\n``),
    so that it prints as one line and as typed."""
    return _UNSAFE.sub(_visible, text)


def escape_json(document: str) -> str:
    """A JSON document with the unsafe characters that ``json.dumps(ensure_ascii=False)``
    leaves raw (DEL, C1 controls, separators, bidirectional marks, lone surrogates) as
    ``\\uXXXX`` escapes.

    ``json.dumps`` escapes the C0 controls inside strings itself, so those left are the
    document's own line breaks and indents. The others can only be inside strings, where
    the escape stands for the same character: the document decodes to the same value."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
