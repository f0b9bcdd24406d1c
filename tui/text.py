"""Stored text as it was typed: never markup, never a control sequence.

Names, addresses, products and the engine's messages (which quote them) come from the
account, where any admin may have typed anything. On screen they are plain text: Rich or
Textual markup in them is not interpreted (``[bold red]x`` shows as typed), and control
characters (an escape sequence, a carriage return, a bidirectional override) are replaced
by visible stand-ins, so stored text can neither style nor rewrite the terminal.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls, DEL, and the Unicode formatting characters that reorder text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛, ␊, ␍ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(value: object, *, lines: bool = False) -> str:
    """``value`` as text with every control character shown as a visible stand-in
    (newlines kept when ``lines``)."""
    text = "" if value is None else str(value)
    if lines:
        return "\n".join(_CONTROL.sub(_stand_in, line) for line in text.split("\n"))
    return _CONTROL.sub(_stand_in, text)


def plain(value: object, style: str = "", *, lines: bool = False) -> Text:
    """A Rich Text of ``value`` that shows exactly what was typed."""
    return Text(visible(value, lines=lines), style=style)
