from tests.kb.helpers import article, findings, pair

OTHER = "29635602-3521-4663-9d85-d111f85b3a19"
ASSETID = "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb"  # what the engine cites for the article


def test_a_difference_is_reported_once_on_the_side_the_engine_does_not_cite(tmp_path):
    [problem] = findings(pair(tmp_path, nl=article("nl-NL", assetid=OTHER)), "assetid-match")
    assert problem.path.endswith("nl-NL/declined-credit-card.md")
    assert (problem.params["assetid"], problem.params["other_assetid"]) == (OTHER, ASSETID)
    [problem] = findings(pair(tmp_path, nb=article("nb-NO", assetid=OTHER),
                              nl=article("nl-NL")), "assetid-match")
    assert problem.path.endswith("nb-NO/declined-credit-card.md")


def test_without_a_citation_the_translation_that_is_behind_is_told(tmp_path):
    nb = article("nb-NO", assetid="11111111-2222-3333-4444-555555555555")
    nl = article("nl-NL", assetid=OTHER).replace("04/21/2020", "04/22/2020")
    [problem] = findings(pair(tmp_path, nb=nb, nl=nl, name="other.md"), "assetid-match")
    assert problem.path.endswith("nb-NO/other.md")  # the older ms.date


def test_the_case_of_a_guid_does_not_matter(tmp_path):
    nl = article("nl-NL", assetid="4E6D34B3-E3E5-4FCD-A52E-34B54746FEEB")
    assert findings(pair(tmp_path, nl=nl), "assetid-match") == []
