"""The checks `betal kb check` runs, one module each.

Every rule module has an `ID` (stable: used in configuration, inline silences and
reports), a default `SEVERITY`, `FIXABLE` when `--fix` can repair what it finds, and a
docstring that is the rule's documentation (`betal kb rules` prints it, and
`docs/kb-check.md` is generated from it). A rule about one file has
`check(article, schema)` (the front matter's `kb.schema.Schema`, as configured); a rule
that compares articles has `check_set(context)`. Both yield problems and never raise.

A new rule is a module here, imported below and added to `RULES`.
"""

from __future__ import annotations

import inspect
from types import ModuleType

from kb.rules import (
    action_link,
    allowed_value,
    assetid,
    assetid_match,
    assetid_unique,
    content_locale,
    date,
    duplicate_key,
    encoding,
    front_matter,
    link_anchor,
    link_target,
    placeholder,
    regular_file,
    required_key,
    rule_citation,
    stub,
    table_action,
    translation_markup,
    translation_missing,
    translation_parity,
    unknown_key,
    unsafe_html,
    value_type,
    yaml_syntax,
)

# Every rule by its id, in the order they are documented: the file, its front matter, its
# body, then the rules that compare articles.
RULES: dict[str, ModuleType] = {rule.ID: rule for rule in (
    encoding,
    front_matter,
    yaml_syntax,
    duplicate_key,
    unknown_key,
    required_key,
    value_type,
    allowed_value,
    date,
    assetid,
    placeholder,
    content_locale,
    translation_markup,
    unsafe_html,
    stub,
    action_link,
    table_action,
    link_target,
    link_anchor,
    regular_file,
    assetid_unique,
    assetid_match,
    translation_missing,
    translation_parity,
    rule_citation,
)}
FILE_RULES = tuple(rule for rule in RULES.values() if hasattr(rule, "check"))
SET_RULES = tuple(rule for rule in RULES.values() if hasattr(rule, "check_set"))


def summary(rule: ModuleType) -> str:
    """The first paragraph of the rule's documentation, on one line."""
    return " ".join(inspect.getdoc(rule).split("\n\n", 1)[0].split())


def documentation(rule: ModuleType) -> str:
    """The rule's documentation after its first paragraph."""
    parts = inspect.getdoc(rule).split("\n\n", 1)
    return parts[1].strip() if len(parts) > 1 else ""
