import pytest

from tests.kb.helpers import ASSETID, article, findings, pair


@pytest.mark.parametrize(("old", "new"), [
    (f"ms.assetid: {ASSETID}", "ms.assetid: (guid of old soc version if any)"),
    ("title: Avvist kredittkort", "title: <title>"),
    ("manager: mnirkhe", "manager: TBD"),
    (f"ms.assetid: {ASSETID}", "ms.assetid: 00000000-0000-0000-0000-000000000000"),
])
def test_a_template_value(tmp_path, old, new):
    [problem] = findings(pair(tmp_path, nb=article("nb-NO").replace(old, new)), "placeholder")
    assert problem.params["key"] == new.split(":")[0]


def test_real_values_pass(tmp_path):
    text = article("nb-NO").replace("title: Avvist kredittkort", "title: Kort (Visa) avvist")
    assert findings(pair(tmp_path, nb=text), "placeholder") == []


def test_a_placeholder_quoted_inside_a_real_value_is_fine(tmp_path):
    text = article("nb-NO").replace(
        "title: Avvist kredittkort",
        "title: 1050 Antispam 4.7.500 Server opptatt. Prøv igjen fra [XXX.XXX.XXX.XXX]")
    assert findings(pair(tmp_path, nb=text), "placeholder") == []


@pytest.mark.parametrize("value", ["(x)", "<x>", "{{ x }}", "[x]", "TODO", "TBD later",
                                   "FIXME", "XXXX", "PLACEHOLDER", "xxxxxxxx-xxxx-xxxx-xxxx-"
                                   "xxxxxxxxxxxx"])
def test_the_cheap_test_lets_every_kind_of_placeholder_through(value):
    from kb.schema import is_placeholder, may_hold_placeholder

    text = f"---\ntitle: {value}\n---\nbody (TODO) [x]\n"
    end = text.index("body")
    assert is_placeholder(value) and may_hold_placeholder(text, end)
    assert not may_hold_placeholder(text.replace(value, "Avvist kort"), end - len(value) + 11)
