import datetime

import pytest

from kb.rules import date as date_rule
from tests.kb.helpers import article, findings, pair


def dated(tmp_path, value):
    text = article("nb-NO").replace("ms.date: 04/21/2020", f"ms.date: {value}")
    return [p for p in findings(pair(tmp_path, nb=text), "date") if "nb-NO" in p.path]


def test_an_unpadded_date_can_be_padded(tmp_path):
    [problem] = dated(tmp_path, "4/1/2020")
    assert problem.params["padded"] == "04/01/2020"
    assert problem.fix.kind == "pad-date"
    assert (problem.line, problem.column) == (6, 10)


@pytest.mark.parametrize(("value", "says"), [
    ("2020-04-21", "MM/DD/YYYY"), ("21/04/2020", "swapped"), ("02/30/2020", "not a real date"),
    ("04/21/20", "MM/DD/YYYY"),
])
def test_a_date_that_is_not_a_date(tmp_path, value, says):
    [problem] = dated(tmp_path, value)
    assert says in problem.message()
    assert not problem.fixable


def test_a_date_in_the_future(tmp_path, monkeypatch):
    monkeypatch.setattr(date_rule, "today", lambda: datetime.date(2020, 4, 20))
    [problem] = dated(tmp_path, "04/21/2020")
    assert "future" in problem.message()


def test_a_padded_real_past_date_passes(tmp_path):
    assert dated(tmp_path, "04/21/2020") == []
    assert dated(tmp_path, '"04/21/2020"') == []
