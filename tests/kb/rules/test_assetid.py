from tests.kb.helpers import ASSETID, article, findings, pair


def with_assetid(value):
    return article("nb-NO").replace(f"ms.assetid: {ASSETID}", value)


def test_a_missing_assetid_can_be_assigned(tmp_path):
    [problem] = findings(pair(tmp_path, nb=with_assetid("")), "assetid")
    assert (problem.line, problem.fix.kind) == (1, "assign-assetid")


def test_an_empty_assetid_can_be_assigned(tmp_path):
    [problem] = findings(pair(tmp_path, nb=with_assetid("ms.assetid: ''")), "assetid")
    assert (problem.line, problem.fixable) == (15, True)


def test_a_list_of_values(tmp_path):
    text = with_assetid('ms.assetid:\n- "9001733"\n- "4401"')
    [problem] = findings(pair(tmp_path, nb=text), "assetid")
    assert problem.message() == "ms.assetid is a list; it must be a single GUID."
    assert not problem.fixable


def test_a_value_that_is_not_a_guid(tmp_path):
    [problem] = findings(pair(tmp_path, nb=with_assetid("ms.assetid: 4e6d34b3")), "assetid")
    assert "not a GUID" in problem.message()


def test_a_placeholder_is_left_to_the_placeholder_rule(tmp_path):
    text = with_assetid("ms.assetid: (guid of old soc version if any)")
    assert findings(pair(tmp_path, nb=text), "assetid") == []


def test_a_guid_passes(tmp_path):
    assert findings(pair(tmp_path), "assetid") == []
