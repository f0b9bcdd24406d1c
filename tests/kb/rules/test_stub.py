from kb.scaffold import scaffold
from tests.kb.helpers import article, findings, pair

HEADING = "## Kontakt banken {#contact-your-bank}\n"


def stub(tmp_path, old: str, new: str):
    text = article("nb-NO")
    assert old in text
    return findings(pair(tmp_path, nb=text.replace(old, new)), "stub")


def test_a_new_article_is_a_stub_in_both_languages(tmp_path):
    scaffold(str(tmp_path), "billing-faq", "Vanlige spørsmål", title_nl="Veelgestelde vragen")
    problems = findings(tmp_path, "stub")
    assert [(p.path.split("/")[-2], p.line, p.params["text"]) for p in problems] == [
        ("nb-NO", 19, "Skriv artikkelen her."), ("nl-NL", 19, "Schrijf hier het artikel.")]


def test_an_empty_section_before_a_heading_of_its_level(tmp_path):
    [problem] = stub(tmp_path, HEADING, "## Tom del {#empty}\n\n" + HEADING)
    assert (problem.line, problem.params["heading"]) == (23, "Tom del")


def test_an_empty_section_at_the_end(tmp_path):
    [problem] = stub(tmp_path, "[Gjør opp saldo](action:balance.settle)\n",
                     "[Gjør opp saldo](action:balance.settle)\n\n## Mer {#more}\n\n<!-- x -->\n")
    assert problem.params["heading"] == "Mer"


def test_a_heading_followed_by_its_subsections_is_not_empty(tmp_path):
    assert stub(tmp_path, HEADING, HEADING + "\n### Ring {#call}\n\nRing dem.\n") == []


def test_a_todo_in_the_text_but_not_in_a_comment_or_code(tmp_path):
    [problem] = stub(tmp_path, "Kontroller kortopplysningene.",
                     "Kontroller TODO kortopplysningene. <!-- TODO: lenke -->\n\n`TODO`")
    assert (problem.line, problem.column) == (21, 12)
    assert stub(tmp_path, "Kontroller kortopplysningene.", "TODOS og todo er ord.") == []


def test_a_written_article_passes(tmp_path):
    assert findings(pair(tmp_path), "stub") == []
