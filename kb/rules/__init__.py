"""The checks `betal kb check` runs, one module each.

Every rule module has an `ID` (stable: used in configuration, inline silences and
reports), a default `SEVERITY`, `FIXABLE` when `--fix` can repair what it finds, and a
docstring that is the rule's documentation (`betal kb rules` prints it, and
`docs/kb-check.md` is generated from it). A rule about one file has `check(article)`; a
rule that compares articles has `check_set(context)`. Both yield problems and never raise.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType

# The order in which rules are documented: the file, its front matter, its body, then the
# rules that compare articles.
MODULES = (
    "encoding",
    "front_matter",
    "yaml_syntax",
    "duplicate_key",
    "unknown_key",
    "required_key",
    "value_type",
    "allowed_value",
    "date",
    "assetid",
    "placeholder",
    "content_locale",
    "translation_markup",
    "unsafe_html",
    "action_link",
    "table_action",
    "link_target",
    "link_anchor",
    "assetid_unique",
    "assetid_match",
    "translation_missing",
    "translation_parity",
    "rule_citation",
)


@cache
def all_rules() -> dict[str, ModuleType]:
    """Every rule module by its id, in documentation order."""
    modules = [import_module(f"kb.rules.{name}") for name in MODULES]
    return {module.ID: module for module in modules}


@cache
def file_rules() -> tuple[ModuleType, ...]:
    return tuple(rule for rule in all_rules().values() if hasattr(rule, "check"))


@cache
def set_rules() -> tuple[ModuleType, ...]:
    return tuple(rule for rule in all_rules().values() if hasattr(rule, "check_set"))


def summary(rule: ModuleType) -> str:
    """The first paragraph of the rule's documentation, on one line."""
    import inspect

    return " ".join(inspect.getdoc(rule).split("\n\n", 1)[0].split())


def documentation(rule: ModuleType) -> str:
    """The rule's documentation after its first paragraph."""
    import inspect

    parts = inspect.getdoc(rule).split("\n\n", 1)
    return parts[1].strip() if len(parts) > 1 else ""
