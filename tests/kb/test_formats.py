"""Report formats: text lines, JSON, GitHub annotations and SARIF 2.1.0."""

import json

from kb.checker import check
from kb.formats import render
from kb.rules import RULES
from tests.kb.helpers import article, pair


def report(tmp_path):
    nb = article("nb-NO").replace("ms.date: 04/21/2020", "ms.date: 4/21/2020").replace(
        "Kontroller kortopplysningene.", "Se [her](#nope, 50%).")
    return check([str(pair(tmp_path, nb=nb) / "nb-NO")])


def test_text_is_one_line_a_problem_and_a_summary(tmp_path):
    lines = render("text", report(tmp_path), "en").splitlines()
    assert lines[0].endswith("nb-NO/declined-credit-card.md:6:10: error date "
                             "ms.date '4/21/2020' must be zero-padded: '04/21/2020'.")
    assert lines[-1] == ("Errors: 1, warnings: 0, notes: 0 (files checked: 1). "
                         "Fixable with --fix: 1.")


def test_text_in_norwegian(tmp_path):
    assert " feil date ms.date '4/21/2020' må ha innledende nuller" in render(
        "text", report(tmp_path), "nb-NO")


def test_json(tmp_path):
    data = json.loads(render("json", report(tmp_path), "nl-NL"))
    assert (data["files"], data["errors"]) == (1, 1)
    [problem] = data["problems"]
    assert problem["rule"] == "date" and problem["fixable"] is True
    assert "voorloopnullen" in problem["message"]


def test_github_annotations_escape_their_values(tmp_path):
    out = render("github", report(tmp_path), "en")
    assert out.startswith("::error file=")
    assert ",line=6,col=10,title=date::ms.date '4/21/2020'" in out


def test_github_escaping():
    from kb.formats.github import _data, _property

    assert _data("50% a\nb") == "50%25 a%0Ab"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_sarif_has_the_required_shape(tmp_path):
    log = json.loads(render("sarif", report(tmp_path), "en"))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert result["level"] in ("none", "note", "warning", "error")
        assert result["message"]["text"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("declined-credit-card.md")
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
