from tests.kb.helpers import article, findings, pair


def test_a_link_to_a_missing_file(tmp_path):
    text = article("nb-NO").replace("Kontroller kortopplysningene.",
                                    "Se [betaling](pay.md#a) og ![bilde](media/kort.png).")
    problems = findings(pair(tmp_path, nb=text), "link-target")
    assert [(p.params["target"], p.line) for p in problems] == [("pay.md", 21),
                                                               ("media/kort.png", 21)]


def test_the_case_of_the_name_counts(tmp_path):
    text = article("nb-NO").replace("Kontroller kortopplysningene.",
                                    "Se [kort](Declined-Credit-Card.md).")
    assert len(findings(pair(tmp_path, nb=text), "link-target")) == 1


def test_existing_files_urls_and_anchors_pass(tmp_path):
    text = article("nb-NO").replace(
        "Kontroller kortopplysningene.",
        "Se [kort](declined-credit-card.md), [nett](https://example.com/x.md), "
        "[post](mailto:a@b.no), [rot](/AlchemyInsights/x) og [her](#contact-your-bank).")
    assert findings(pair(tmp_path, nb=text), "link-target") == []
