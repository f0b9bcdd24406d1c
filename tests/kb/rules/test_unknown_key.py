import pytest

from tests.kb.helpers import article, findings, pair


@pytest.mark.parametrize(("written", "meant"), [
    ("ms,.custom", "ms.custom"), ("ms.reviwer", "ms.reviewer"), ("audience", "ms.audience"),
    ("robots", "ROBOTS"),
])
def test_a_misspelled_key_names_the_key_meant_and_can_be_renamed(tmp_path, written, meant):
    text = article("nb-NO").replace("ms.audience: Admin", f"ms.audience: Admin\n{written}: x")
    if meant == "ms.audience":
        text = text.replace("ms.audience: Admin\n", "")
    [problem] = findings(pair(tmp_path, nb=text), "unknown-key")
    assert problem.params["suggestion"] == meant
    fixable = meant not in ("ms.custom", "ROBOTS")  # those are in the file already
    assert problem.fixable == fixable


def test_an_unknown_key_with_nothing_near(tmp_path):
    text = article("nb-NO").replace("ms.topic: article", "ms.topic: article\nfavourite-colour: red")
    [problem] = findings(pair(tmp_path, nb=text), "unknown-key")
    assert problem.message() == "Unknown key 'favourite-colour'."
    assert not problem.fixable


def test_known_keys_pass(tmp_path):
    text = article("nb-NO").replace("ms.topic: article", "ms.topic: article\nms.service: x")
    assert findings(pair(tmp_path, nb=text), "unknown-key") == []
