"""Side-by-side translation markup, and how to drop it.

Localized Learn articles sometimes arrive with each sentence twice: the translation in a
``<span data-ttu-id>`` and the English original in a ``sxs-lookup`` span after it.
:func:`strip` keeps the translation and drops the English.

```html
<span data-ttu-id="0385b-102">Betaling avvist</span><span class="sxs-lookup"><span
data-stu-id="0385b-102">Payment declined</span></span>
```
"""

from __future__ import annotations

import re

MARKER = re.compile(r"<span\b[^>]*\b(?:data-ttu-id|data-stu-id|class\s*=\s*[\"']sxs-lookup)",
                    re.IGNORECASE)
_PAIR = re.compile(
    r"<span data-ttu-id=\"[^\"]*\">(.*?)</span>"
    r"<span class=\"sxs-lookup\"><span data-stu-id=\"[^\"]*\">.*?</span></span>",
    re.DOTALL,
)
_LOOKUP = re.compile(
    r"<span class=\"sxs-lookup\"><span data-stu-id=\"[^\"]*\">(.*?)</span></span>", re.DOTALL)
_TRANSLATION = re.compile(r"<span data-ttu-id=\"[^\"]*\">(.*?)</span>", re.DOTALL)


def has_markup(text: str) -> bool:
    return (("data-" in text and MARKER.search(text) is not None)
            or ("x" in text and "sxs-lookup" in text))  # "x" first: a faster test


def originals(text: str) -> list[str]:
    """The English originals in ``text``, in order."""
    return _LOOKUP.findall(text) if "sxs-lookup" in text else []


def strip(text: str) -> str:
    """``text`` with each translation kept and each English original dropped."""
    if not has_markup(text):
        return text
    text = _PAIR.sub(r"\1", text)
    text = _LOOKUP.sub("", text)
    return _TRANSLATION.sub(r"\1", text)
