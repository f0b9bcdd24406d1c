import pytest

from tests.kb.helpers import article, findings, pair


@pytest.mark.parametrize(("html", "says"), [
    ("<script>alert(1)</script>", "<script>"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ("[klikk](javascript:alert(1))", "javascript"),
    ('<a href="JaVa&#115;cript:alert(1)">x</a>', "javascript"),
    ('<iframe src="https://example.com"></iframe>', "<iframe>"),
])
def test_html_that_runs_code(tmp_path, html, says):
    text = article("nb-NO").replace("Kontroller kortopplysningene.", html)
    problems = findings(pair(tmp_path, nb=text), "unsafe-html")
    assert problems and says in problems[0].message()
    assert problems[0].line == 21


def test_code_and_ordinary_html_pass(tmp_path):
    text = article("nb-NO").replace(
        "Kontroller kortopplysningene.",
        '`<script>` i kode er greit. <a name="x"></a><b>Fet</b> [lenke](https://example.com)'
        "\n\n```html\n<script>alert(1)</script>\n```")
    assert findings(pair(tmp_path, nb=text), "unsafe-html") == []
