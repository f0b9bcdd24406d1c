from tests.kb.helpers import article, findings, pair


def test_a_title_that_is_a_list(tmp_path):
    text = article("nb-NO").replace("title: Avvist kredittkort", "title: [Avvist, kort]")
    [problem] = findings(pair(tmp_path, nb=text), "value-type")
    assert problem.message() == "'title' must be text, not a list."
    assert problem.message("nb-NO") != problem.message("en")


def test_a_custom_list_holding_a_mapping(tmp_path):
    text = article("nb-NO").replace('- "443"', "- a: b")
    [problem] = findings(pair(tmp_path, nb=text), "value-type")
    assert problem.params["key"] == "ms.custom"


def test_numbers_in_ms_custom_are_fine(tmp_path):
    text = article("nb-NO").replace('- "443"', "- 443")
    assert findings(pair(tmp_path, nb=text), "value-type") == []
