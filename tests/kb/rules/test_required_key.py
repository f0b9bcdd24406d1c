from tests.kb.helpers import article, findings, pair


def test_a_missing_key_is_reported_on_line_1(tmp_path):
    text = article("nb-NO").replace("ms.author: cmcatee\n", "")
    [problem] = findings(pair(tmp_path, nb=text), "required-key")
    assert (problem.line, problem.params) == (1, {"key": "ms.author"})


def test_an_empty_key_is_reported_where_it_is(tmp_path):
    text = article("nb-NO").replace("ms.date: 04/21/2020", "ms.date: ''")
    [problem] = findings(pair(tmp_path, nb=text), "required-key")
    assert problem.line == 6
    assert problem.message() == "Required key 'ms.date' is empty."


def test_a_misspelled_key_is_reported_once_not_also_as_missing(tmp_path):
    text = article("nb-NO").replace("ms.audience: Admin", "audience: Admin")
    assert findings(pair(tmp_path, nb=text), "required-key") == []


def test_complete_front_matter_passes(tmp_path):
    assert findings(pair(tmp_path), "required-key") == []
