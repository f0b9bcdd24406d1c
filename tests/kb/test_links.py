"""The body outline: headings and their ids, links, action links, steps, alerts, tables."""

import re

from kb.links import outline, parse_action, slugify, split_row

# What the body's scans find, one pattern for each thing (kb.links scans for all of them in
# two passes, which must find the same).
HEADING = r"\n {0,3}(#{1,6})(?=[ \t\n]|\Z)([^\n]*)"
REFERENCE = r"\n {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?"
STEP = r"\n[ \t]*\d{1,9}[.)][ \t]+\S"
ALERT = r"\n[ \t]*(?:>[ \t]*)+\[!(?i:(NOTE|TIP|IMPORTANT|CAUTION|WARNING))\]"
TABLE_LINE = r"\n[ \t]*\|[^\n]*"
HTML_ANCHOR = r"""<[A-Za-z][^>]*?\s(?:name|id)\s*=\s*["']([^"']*)["']"""
HTML_LINK = r"""<[A-Za-z][^>]*?\s(?:href|src)\s*=\s*["']([^"']*)["']"""


def test_headings_with_explicit_derived_and_html_ids():
    body = ("# Avvist kort {#declined-credit-card}\n\n## Før du starter\n\n"
            "## <a name=\"old\"></a>Gammel **overskrift**\n\n## Før du starter\n")
    found = outline(body, 10)
    assert [(h.level, h.anchor, h.explicit, h.line) for h in found.headings] == [
        (1, "declined-credit-card", True, 10), (2, "fr-du-starter", False, 12),
        (2, "gammel-overskrift", False, 14), (2, "fr-du-starter_1", False, 16)]
    assert {"old", "declined-credit-card", "fr-du-starter_1"} <= found.anchors


def test_slugify_matches_mkdocs():
    assert slugify("Kreditt- eller debetkort: Avvist!") == "kreditt-eller-debetkort-avvist"
    assert slugify("Betalingsmåter") == "betalingsmater"


def test_links_and_their_positions_skip_code():
    body = ("Se [a](x.md#y) og ![b](media/c.png \"tittel\").\n"
            "`[ikke](kode.md)`\n\n```\n[heller ikke](kode.md)\n```\n"
            "[ref]: https://example.com\n<a href=\"side.md\">x</a>\n")
    links = outline(body, 5).links
    assert [(link.target, link.line, link.column, link.kind) for link in links] == [
        ("x.md#y", 5, 8, "link"), ("media/c.png", 5, 24, "image"),
        ("https://example.com", 11, 8, "reference"), ("side.md", 12, 10, "html")]


def test_action_links_and_their_parameters():
    body = "[Gjør opp saldo](action:balance.settle?subscription=sub_1a2b&x=a%20b)\n"
    [link] = outline(body).action_links
    assert parse_action(link.target) == ("balance.settle", (("subscription", "sub_1a2b"),
                                                            ("x", "a b")))


def test_steps_alerts_and_tables():
    body = ("1. En\n2. To\n   > [!NOTE]\n   > Merk\n\n> [!TIP]\n> Tips\n\n"
            "| A | B |\n|---|---|\n| a \\| b | [x](action:y) |\n")
    found = outline(body)
    assert (found.steps, found.alerts) == (2, ("NOTE", "TIP"))
    [table] = found.tables
    assert table.header == ("A", "B")
    assert table.rows[0].cells == ("a \\| b", "[x](action:y)")
    assert table.rows[0].line == 11


def test_split_row_columns():
    assert split_row("| a | bb |") == (["a", "bb"], [2, 6])


def test_links_of_several_kinds_come_in_the_order_they_are_written():
    body = ("<img src=\"a.png\"> [b](b.md)\n[r]: r.md\n<a href='c.md'>[d](d.md)</a>\n"
            "[e](e.md)\n")
    assert [(link.target, link.line, link.kind) for link in outline(body).links] == [
        ("a.png", 1, "html"), ("b.md", 1, "link"), ("r.md", 2, "reference"),
        ("c.md", 3, "html"), ("d.md", 3, "link"), ("e.md", 4, "link")]


def test_html_links_alone_and_tags_without_links():
    body = "<a name=\"x\"></a>Tekst\n<a href=\"b.md\">b</a> <img src='c.png'>\n"
    assert [(link.target, link.column) for link in outline(body).links] == [
        ("b.md", 10), ("c.png", 32)]
    assert outline("<a name=\"x\"></a>Tekst <b>fet</b>\n").links == ()


def test_code_and_comments_are_blanked_whichever_markers_a_text_has():
    from kb.text import blank_code

    assert blank_code("a\n~~~\n[x](y.md)\n~~~\nb") == "a\n   \n         \n   \nb"
    assert blank_code("```\n`a`\n```\n[b](c.md) `d`") == "   \n   \n   \n[b](c.md)    "
    assert blank_code("x <!-- [y](z.md) --> !") == "x                    !"
    assert blank_code("Hei! [a](b.md)") == "Hei! [a](b.md)"


def test_alerts_need_their_marker_not_just_an_exclamation_mark():
    assert outline("Hei!\n> [!WARNING]\n> Merk\n").alerts == ("WARNING",)
    assert outline("Hei! [a](b.md)\n> Merk\n").alerts == ()


LINE_CASES = (
    "# T\n## U ##\n   ### V {#v}\n    #### kode\n#no\n####### sju\n#\n"
    "[r]: r.md\n   [s]: <s.md> \"t\"\n    [ikke]: x.md\n[tom]:\n"
    "1. En\n\t2) To\n10.Ingen\n1234567890. for lang\n3.  \n"
    "> [!note]\n>> [!Tip] x\n > > [!WARNING]\n>[!CAUTION]\n> [!OTHER]\n"
    "| a | b |\n|---|---|\n  | c | d |\n\n|x|\n|-|\n"
    "#1. ikke steg\n>1. sitat\n|# ikke\n[a]: b | c\n"
)


def test_one_line_scan_finds_what_the_five_line_patterns_find():
    from kb import links

    text = "\n" + LINE_CASES
    found = {2: [], 4: [], 5: [], 6: [], 7: []}
    for match in links.LINE_SCAN.finditer(text):
        found[match.lastindex].append(match)
    heading, reference, step, alert, table = (re.compile(pattern) for pattern in (
        HEADING, REFERENCE, STEP, ALERT, TABLE_LINE))
    assert [(m.span(), m.group(1, 2)) for m in found[2]] == [
        (m.span(), m.group(1, 2)) for m in heading.finditer(text)]
    assert [(m.span(), m.group(3, 4), m.start(4)) for m in found[4]] == [
        (m.span(), m.group(1, 2), m.start(2)) for m in reference.finditer(text)]
    assert [m.span() for m in found[5]] == [m.span() for m in step.finditer(text)]
    assert [(m.span(), m.group(6)) for m in found[6]] == [
        (m.span(), m.group(1)) for m in alert.finditer(text)]
    assert [(m.span(), m.start(7), m.group(7)) for m in found[7]] == [
        (m.span(), m.start() + 1, m.group()[1:]) for m in table.finditer(text)]
    assert all(found.values())  # every kind is there to compare
    outlined = outline(LINE_CASES)
    assert (outlined.steps, outlined.alerts) == (2, ("NOTE", "TIP", "WARNING", "CAUTION"))
    assert [t.header for t in outlined.tables] == [("a", "b"), ("x",)]


HTML_CASES = (
    "<a href=\"x.md\" id=\"y\">x</a> <a id='z' href='w.md'>\n"
    "<a title=\"<b id='q' src='inne.png'>\" id=\"etter\" href=\"h.md\">\n"
    "<a name=\"a\" name=\"b\"><img src=x alt=\"<a href='i.md'>\" src='s.png'>\n"
    "<a NAME=\"stor\" HREF=\"stor.md\"> < a name=\"mellom\"> <a\nname=\"linje\" href=\n'l.md'>\n"
    "<a href=\"uten slutt <a id=\"inne\" src=\"inne2.png\"> <p id=\"p\"> <b>fet</b> <a id=\"s"
)


def test_one_html_scan_finds_what_the_anchor_and_link_patterns_find():
    from kb import links

    for text in (HTML_CASES, "\n" + HTML_CASES, "<a id=\"x\" href=\"y\"><b>"):
        anchors: set[str] = set()
        found: list[tuple[int, str]] = []
        links.scan_html(text, anchors, found)
        assert anchors == {m.group(1) for m in re.finditer(HTML_ANCHOR, text)}
        assert found == [(m.start(1), m.group(1)) for m in re.finditer(HTML_LINK, text)]
        assert anchors and found
    assert {"y", "z", "q", "a", "linje", "p", "inne"} <= outline(HTML_CASES).anchors


def test_slugify_joins_runs_of_hyphens_and_spaces_as_the_pattern_does():
    import unicodedata

    from kb.links import _NOT_WORD, _SEPARATORS

    def with_the_pattern(text: str) -> str:
        if not text.isascii():
            text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _SEPARATORS.sub("-", _NOT_WORD.sub("", text).strip().lower())

    for text in ("a - b", "a--b", " -a- ", "-a b", "a b-", "a\u00a0\u2003b", "a\tb\nc",
                 "a\x1cb\x1fc\x85d", "--", "-", "", "x", "a\u2028b - -c", "Før du - starter!"):
        assert slugify(text) == with_the_pattern(text), text
