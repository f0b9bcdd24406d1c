"""An article is written out: no stand-in text, no empty section, no `TODO`.

`betal kb new` starts each language with a stand-in paragraph for the writer to replace;
a heading gets added and its section is never written; a note to self stays behind. None
of it may reach readers. Reported:

- the stand-in paragraph of `betal kb new` («Skriv artikkelen her.», «Schrijf hier het
  artikel.»);
- a heading with nothing under it: no text before the next heading of the same or a
  higher level, or before the end of the article;
- `TODO` in the text.

Code and HTML comments are not looked at: `<!-- TODO: ... -->` is fine.
"""

from __future__ import annotations

import re

from kb.i18n import N_
from kb.problems import ERROR, problem
from kb.text import Locator

# The body `betal kb new` writes for each language, to be replaced by the article.
PLACEHOLDERS = {"nb-NO": "Skriv artikkelen her.", "nl-NL": "Schrijf hier het artikel."}

ID = "stub"
SEVERITY = ERROR
FIXABLE = False

_TODO = re.compile(r"\bTODO\b")
# A heading line that nothing but blank lines follow before the next heading or the end,
# in the text with a line break put before and after it (so that every line starts with
# one): group 1 is the heading's hashes, group 2 the next heading's.
_BARE = re.compile(r"\n[ \t]{0,3}(#{1,6})(?=[ \t\n])[^\n]*"
                   r"(?=(?:\n[ \t]*)*(?:\n[ \t]{0,3}(#{1,6})[ \t\n]|\Z))")


def check(article, schema):
    prose = article.prose
    where = Locator(prose, article.body_line)
    for text in PLACEHOLDERS.values():
        start = prose.find(text)
        if start >= 0:
            yield problem(ID, article.path, *where.position(start),
                          N_("'{text}' is the stand-in text of a new article: write the "
                             "article."), text=text)
    if "TODO" in prose:
        seen = set()
        for match in _TODO.finditer(prose):
            line, column = where.position(match.start())
            if line not in seen:
                seen.add(line)
                yield problem(ID, article.path, line, column,
                              N_("TODO: the article is not finished here."))
    for match in _BARE.finditer(f"\n{prose}\n"):
        following = match.group(2)
        if following is None or len(following) <= len(match.group(1)):
            line, _ = where.position(match.start())  # the heading, in ``prose``
            heading = next((h for h in article.outline.headings if h.line == line), None)
            if heading is not None:
                yield problem(ID, article.path, line, heading.column,
                              N_("The section '{heading}' is empty: write it or remove the "
                                 "heading."), heading=heading.text)
