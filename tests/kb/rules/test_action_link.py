import pytest

from tests.kb.helpers import article, findings, pair


def linked(tmp_path, target):
    nb = article("nb-NO").replace("(action:balance.settle)", f"({target})")
    nl = article("nl-NL").replace("(action:balance.settle)", f"({target})")
    return findings(pair(tmp_path, nb=nb, nl=nl), "action-link")


def test_an_unknown_action_names_the_nearest(tmp_path):
    problems = linked(tmp_path, "action:balance.setle")
    assert [p.params["suggestion"] for p in problems] == ["balance.settle"] * 2
    assert (problems[0].line, problems[0].column) == (31, 18)


@pytest.mark.parametrize(("target", "says"), [
    ("action:balance.settle?subscriptoin=sub_1a2b3c4d", "subscription"),
    ("action:balance.settle?subscription=abc", "sub_"),
    ("action:balance.settle?subscription=sub_1a2b3c4d&subscription=sub_1a2b3c4e", "twice"),
    ("action:", "no action id"),
])
def test_bad_parameters(tmp_path, target, says):
    problems = linked(tmp_path, target)
    assert problems and says in problems[0].message()


def test_the_engine_explains_a_bad_value_in_each_language(tmp_path):
    [problem, _] = linked(tmp_path, "action:balance.settle?subscription=abc")
    assert set(problem.params["error"]) == {"nb-NO", "nl-NL", "en"}
    assert "subscription" in problem.params["error"]["en"]
    assert "balance.settle" in problem.message("nb-NO")


def test_known_actions_with_good_parameters_pass(tmp_path):
    assert linked(tmp_path, "action:balance.settle?subscription=sub_1a2b3c4d") == []
    assert linked(tmp_path, "action:retries.show") == []  # required ones are asked for
