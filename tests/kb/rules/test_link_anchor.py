from tests.kb.helpers import article, findings, pair, tree


def linking(tmp_path, link):
    text = article("nb-NO").replace("Kontroller kortopplysningene.", f"Se [her]({link}).")
    return findings(pair(tmp_path, nb=text), "link-anchor")


def test_an_anchor_that_is_not_there(tmp_path):
    [problem] = linking(tmp_path, "#contact-the-bank")
    assert (problem.line, problem.column) == (21, 10)


def test_anchors_are_case_sensitive(tmp_path):
    assert len(linking(tmp_path, "#Contact-your-bank")) == 1


def test_an_anchor_in_another_article(tmp_path):
    root = tree(tmp_path, {"nb-NO/other.md": article("nb-NO"), "nl-NL/other.md": article("nl-NL")})
    text = article("nb-NO").replace("Kontroller kortopplysningene.",
                                    "Se [a](other.md#contact-your-bank) og [b](other.md#nope).")
    pair(root, nb=text)
    problems = findings(root, "link-anchor")
    assert [p.params["anchor"] for p in problems] == ["nope"]


def test_explicit_ids_derived_ids_and_html_anchors_pass(tmp_path):
    body = article("nb-NO").replace(
        "Kontroller kortopplysningene.",
        'Se [a](#contact-your-bank), [b](#declined-credit-card), [c](#uten-id), [d](#gammel).'
        '\n\n## Uten id\n\n<a name="gammel"></a>Tekst.')
    assert findings(pair(tmp_path, nb=body), "link-anchor") == []
