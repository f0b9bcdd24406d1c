"""The body must not carry side-by-side translation markup.

Imported Learn articles sometimes hold every sentence twice: the translation in a
`<span data-ttu-id="...">` and the English original in a `<span class="sxs-lookup">`.
Readers then see the markup or both languages. Reported once per line that has it.

Fix: `--fix` keeps the translation and drops the English original and the spans
(`betal kb import` does the same for new articles).
"""

from __future__ import annotations

from kb.i18n import N_
from kb.markup import MARKER, has_markup
from kb.problems import ERROR, Fix, problem
from kb.text import Locator

ID = "translation-markup"
SEVERITY = ERROR
FIXABLE = True


def check(article, schema):
    text = article.body
    if not has_markup(text):
        return
    where = Locator(text, article.body_line)
    seen = set()
    for match in MARKER.finditer(text):
        line, column = where.position(match.start())
        if line in seen:
            continue
        seen.add(line)
        yield problem(ID, article.path, line, column, N_(
            "Leftover side-by-side translation markup: keep the translation, drop the "
            "English original."), fix=Fix("strip-markup"))
