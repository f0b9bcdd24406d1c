"""Pages without the indentation of their templates (``on_post_page``, a public event).

Material's templates indent generously (docs/performance.md says how much).
A line break and the white space after it render like the line break alone, except where
white space is kept: ``<pre>``, ``<textarea>``, scripts and styles (left as they are). The
site's own ``white-space: pre-wrap`` elements (the commands) hold no line breaks.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>"
                   r"|<style\b.*?</style>)", re.DOTALL | re.IGNORECASE)
_INDENTATION = re.compile(r"\n\s+")


def compact(html: str) -> str:
    """``html`` without the white space after each line break, outside preformatted text,
    scripts and styles."""
    parts = _KEPT.split(html)
    parts[::2] = [_INDENTATION.sub("\n", part) for part in parts[::2]]
    return "".join(parts)
