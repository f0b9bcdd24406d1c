import pytest

from tests.kb.helpers import article, findings, pair


@pytest.mark.parametrize(("line", "replacement", "suggestion"), [
    ("ms.translationtype: HT", "ms.translationtype: Auto", None),
    ("ms.audience: Admin", "ms.audience: admin", "Admin"),
    ("ROBOTS: NOINDEX, NOFOLLOW", "ROBOTS: NOINDEX,NOFOLLOW", "NOINDEX, NOFOLLOW"),
    ("localization_priority: Normal", "localization_priority: Normla", "Normal"),
])
def test_a_value_outside_the_vocabulary(tmp_path, line, replacement, suggestion):
    text = article("nb-NO").replace(line, replacement)
    [problem] = findings(pair(tmp_path, nb=text), "allowed-value")
    assert problem.params.get("suggestion") == suggestion


def test_a_near_miss_in_an_open_vocabulary(tmp_path):
    text = article("nb-NO").replace("ms.collection: Adm_O365", "ms.collection: Adm_O364")
    [problem] = findings(pair(tmp_path, nb=text), "allowed-value")
    assert (problem.line, problem.params["suggestion"]) == (11, "Adm_O365")


def test_another_value_in_an_open_vocabulary_is_fine(tmp_path):
    text = article("nb-NO").replace("ms.collection: Adm_O365", "ms.collection: M365-billing")
    assert findings(pair(tmp_path, nb=text), "allowed-value") == []


def test_the_usual_values_pass(tmp_path):
    assert findings(pair(tmp_path), "allowed-value") == []
