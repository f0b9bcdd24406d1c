"""docs/kb-check.md documents every rule as its docstring says; the hooks are usable."""

from pathlib import Path

from ruamel.yaml import YAML

from kb import reference

ROOT = Path(__file__).parents[2]


def test_the_rules_reference_in_the_docs_is_current():
    docs = (ROOT / "docs" / "kb-check.md").read_text(encoding="utf-8")
    start, end = docs.index(reference.START), docs.index(reference.END) + len(reference.END)
    assert docs[start:end] + "\n" == reference.markdown(), (
        "docs/kb-check.md is out of date: regenerate its rules section with "
        "'betal kb rules --markdown'")


def test_the_pre_commit_hooks_run_kb_check_on_articles():
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"]: hook["entry"] for hook in hooks} == {
        "betal-kb-check": "betal kb check", "betal-kb-fix": "betal kb check --fix"}
    assert all(hook["files"] == r"^kb/(nb-NO|nl-NL)/.+\.md$" for hook in hooks)


def test_the_readme_lists_the_kb_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("betal kb check", "betal kb import", "betal kb new", "betal kb status"):
        assert f"`{command}" in readme
