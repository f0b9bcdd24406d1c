"""A value must not be a template's stand-in.

Values such as `(guid of old soc version if any)`, `<title>`, `{{ date }}`, `TBD`,
`TODO: ...`, `XXX` or an all-zero GUID mean the article was copied from a template and not
filled in. Only a whole value counts: a title that quotes `[XXX.XXX.XXX.XXX]` from an
error message is fine.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import ERROR, problem, short
from kb.schema import is_placeholder, may_hold_placeholder

ID = "placeholder"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    if not article.readable or not may_hold_placeholder(article.text, article.body_offset):
        return
    for entry in article.front.entries:
        places = entry.items or ((entry.value, entry.value_line, entry.value_column),)
        for value, line, column in places:
            if is_placeholder(value):
                yield problem(ID, article.path, line, column,
                              N_("'{key}' still holds the template's placeholder '{value}'."),
                              key=entry.key, value=short(value))
