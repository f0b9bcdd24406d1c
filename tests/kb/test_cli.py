"""``betal kb ...`` end to end: exit codes 0, 1 and 2, formats, locale, rules."""

import json

import pytest

from tests.kb.helpers import article, pair
from tui.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clean_folder_exits_0(tmp_path, capsys):
    root = pair(tmp_path)
    code, out, _ = run(capsys, "kb", "check", str(root / "nb-NO"), "--no-cache")
    assert (code, out) == (0, "No problems found (files checked: 1).\n")


def test_errors_exit_1(tmp_path, capsys):
    root = pair(tmp_path, nb=article("nb-NO").replace("ms.author: cmcatee\n", ""))
    code, out, _ = run(capsys, "kb", "check", str(root / "nb-NO"), "--no-cache",
                       "--format", "json")
    assert code == 1 and json.loads(out)["errors"] == 1


def test_warnings_alone_exit_0(tmp_path, capsys):
    root = pair(tmp_path, nb=article("nb-NO") + "\n| A | Handling |\n|---|---|\n| a | |\n")
    code, out, _ = run(capsys, "kb", "check", str(root / "nb-NO"), "--no-cache")
    assert code == 0 and "warning table-action" in out


@pytest.mark.parametrize("argv", [
    ["kb", "check", "no/such/folder"],
    ["kb", "check", ".", "--format", "xml"],
    ["kb", "check", ".", "--jobs", "0"],
    ["kb", "check", "--frobnicate"],
    ["kb"],
])
def test_bad_usage_exits_2(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(pair(tmp_path))
    code, _, err = run(capsys, *argv)
    assert code == 2 and err


def test_an_unknown_rule_in_the_configuration_exits_2_with_a_localized_message(
        tmp_path, capsys, monkeypatch):
    root = pair(tmp_path)
    (root / "pyproject.toml").write_text('[tool.betal.kb]\ndisable = ["dates"]\n')
    monkeypatch.chdir(root)
    code, _, err = run(capsys, "kb", "check", "nb-NO", "--locale", "nb-NO")
    assert code == 2
    assert err == ("feil: " + str(root / "pyproject.toml") + ": det finnes ingen regel "
                   "'dates' ('betal kb rules' viser alle).\n")


def test_the_default_path_is_kb_and_the_cache_goes_next_to_pyproject(
        tmp_path, capsys, monkeypatch):
    pair(tmp_path / "kb")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "kb", "check")
    assert code == 1 and "rule-citation" in out
    assert (tmp_path / ".betal-cache" / "kb-check.marshal").exists()
    assert (tmp_path / ".betal-cache" / ".gitignore").read_text() == "*\n"


def test_rules_lists_every_rule(capsys):
    from kb.rules import RULES

    code, out, _ = run(capsys, "kb", "rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(RULES)
