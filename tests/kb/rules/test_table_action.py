from tests.kb.helpers import article, findings, pair

TABLE = """
| Problem | Slik løser du det | Handling |
|:--|:--|:--|
| Kortet ble avvist. | Kontroller kortet. | [Gjør opp saldo](action:balance.settle) |
| Nettleseren blokkerer. | Tillat informasjonskapsler. | {cell} |
"""


def with_table(tmp_path, cell):
    body = article("nb-NO") + TABLE.format(cell=cell)
    nl = article("nl-NL") + TABLE.format(cell=cell)
    return findings(pair(tmp_path, nb=body, nl=nl), "table-action")


def test_a_row_without_an_action_link_is_a_warning(tmp_path):
    problems = with_table(tmp_path, "")
    assert [(p.line, p.severity) for p in problems if "nb-NO" in p.path] == [(36, "warning")]


def test_a_row_with_two_action_links(tmp_path):
    problems = with_table(tmp_path, "[A](action:browser.cookies) [B](action:support.contact)")
    assert problems[0].params == {"count": 2}


def test_a_table_without_an_action_column_is_not_a_troubleshooting_table(tmp_path):
    body = article("nb-NO") + "\n| Land | Bankkonto |\n|---|---|\n| Norge | ja |\n"
    assert findings(pair(tmp_path, nb=body), "table-action") == []


def test_one_action_link_a_row_passes(tmp_path):
    assert with_table(tmp_path, "[Nettleser](action:browser.cookies)") == []
