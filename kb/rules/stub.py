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
from kb.scaffold import PLACEHOLDERS
from kb.text import Locator

ID = "stub"
SEVERITY = ERROR
FIXABLE = False

_TODO = re.compile(r"\bTODO\b")


def check(article, schema):
    prose = article.prose
    where = Locator(prose, article.body_line)
    for text in PLACEHOLDERS.values():
        start = prose.find(text)
        if start >= 0:
            yield problem(ID, article.path, *where.position(start),
                          N_("'{text}' is the stand-in text of a new article: write the "
                             "article."), text=text)
    seen = set()
    for match in _TODO.finditer(prose):
        line, column = where.position(match.start())
        if line not in seen:
            seen.add(line)
            yield problem(ID, article.path, line, column,
                          N_("TODO: the article is not finished here."))
    yield from _empty_sections(article, prose)


def _empty_sections(article, prose: str):
    headings = article.outline.headings
    if not headings:
        return
    lines = prose.split("\n")
    for index, heading in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.level > heading.level:
            continue  # its subsections are its content
        end = following.line if following is not None else article.body_line + len(lines)
        under = lines[heading.line - article.body_line + 1:end - article.body_line]
        if not any(line.strip() for line in under):
            yield problem(ID, article.path, heading.line, heading.column,
                          N_("The section '{heading}' is empty: write it or remove the "
                             "heading."), heading=heading.text)
