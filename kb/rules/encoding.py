"""The file must be UTF-8.

A byte that is not UTF-8 reaches readers as a replacement character (�) and breaks search
and the TUI. The problem points at the first such byte. Save the file as UTF-8; a UTF-8
byte-order mark is tolerated.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "encoding"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    if article.undecodable:
        line, column = article.undecodable
        yield problem(ID, article.path, line, column,
                      N_("This byte is not UTF-8: save the file as UTF-8."))
