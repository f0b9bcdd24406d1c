"""A key's value must have the right shape: text, or for some keys a list of texts.

`title: [Avvist, kort]` or `ms.topic: {a: b}` are read by YAML as a list or a mapping,
which the site cannot show. `ms.custom`, `ms.collection`, `ms.reviewer`,
`search.appverid` and `f1.keywords` may be a list; numbers are accepted there (the
`ms.custom` ids often are). Empty values are left to `required-key`.
"""

from __future__ import annotations

from engine.locales import LOCALES
from kb.i18n import N_, render
from kb.problems import ERROR, problem
from kb.schema import TEXT, TEXT_OR_LIST, is_empty

ID = "value-type"
SEVERITY = ERROR
FIXABLE = False

_KINDS = {list: N_("a list"), dict: N_("a mapping"), bool: N_("true or false"),
          int: N_("a number"), float: N_("a number")}


def kind_of(value) -> str:
    return _KINDS.get(type(value), N_("a value of another kind"))


def check(article, schema):
    if not article.readable:
        return
    for entry in article.front.entries:
        value = entry.value
        if type(value) is str:
            continue  # text suits every key
        shape = schema.keys.get(entry.key)
        if shape is None or is_empty(value):
            continue
        if shape == TEXT and not isinstance(value, str):
            yield _problem(article, entry, N_("'{key}' must be text, not {kind}."))
        elif shape == TEXT_OR_LIST:
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(item, (str, int)) and not isinstance(item, bool)
                       for item in items):
                yield _problem(article, entry,
                               N_("'{key}' must be text or a list of texts, not {kind}."))


def _problem(article, entry, message):
    kind = kind_of(entry.value)
    return problem(ID, article.path, entry.value_line, entry.value_column, message,
                   key=entry.key, kind={locale: render(kind, {}, locale) for locale in LOCALES})
