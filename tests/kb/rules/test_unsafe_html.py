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


def test_handler_pattern_finds_what_the_plain_lazy_pattern_finds():
    import re

    from kb.rules.unsafe_html import _HANDLER

    lazy = re.compile(r"<[A-Za-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE)
    text = ("<a href=x onclick=y> <img\tsrc=a ONERROR = b> <p title='on x' onx> "
            "<a one=1 onload=2> <b onmouseover=\"<i onfocus=z>\"> <a onclick> x=1 "
            "<div\nonblur=q> <a data-on=1 on=2 onlyone=3> <a x onc lick=1> <a onclick=")
    assert [(m.start(1), m.group(1)) for m in _HANDLER.finditer(text)] == [
        (m.start(1), m.group(1)) for m in lazy.finditer(text)]
    assert len(lazy.findall(text)) == 8
