from tests.kb.helpers import article, findings, pair


def test_a_repeated_key_is_reported_at_the_repetition(tmp_path):
    text = article("nb-NO").replace("ms.topic: article\n",
                                    "ms.topic: article\nms.date: 05/06/2020\n")
    [problem] = findings(pair(tmp_path, nb=text), "duplicate-key")
    assert problem.line == 9
    assert problem.params == {"key": "ms.date", "first": 6}


def test_keys_given_once_pass(tmp_path):
    assert findings(pair(tmp_path), "duplicate-key") == []
