"""The front matter must be valid YAML.

Reported at the line and column where the YAML parser stopped, with its explanation (in
English). Common causes: a value that contains `: ` (quote it), a tab used for
indentation, an unclosed quote. While the front matter has a syntax error the rules about
its keys stay silent, since its keys cannot be trusted.

Aliases are expanded against a budget (10,000 values) and may not refer to themselves, so
a hostile file (a "billion laughs" alias bomb) is a syntax problem, not a hang.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "yaml-syntax"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    for error in article.front.errors:
        yield problem(ID, article.path, error.line, error.column,
                      N_("YAML syntax error: {detail}."), detail=error.detail)
