from tests.kb.helpers import article, findings, pair

OTHER = "29635602-3521-4663-9d85-d111f85b3a19"


def test_translations_with_different_assetids(tmp_path):
    problems = findings(pair(tmp_path, nl=article("nl-NL", assetid=OTHER)), "assetid-match")
    assert sorted(p.params["other_assetid"] for p in problems) == sorted(
        [OTHER, "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb"])


def test_the_case_of_a_guid_does_not_matter(tmp_path):
    nl = article("nl-NL", assetid="4E6D34B3-E3E5-4FCD-A52E-34B54746FEEB")
    assert findings(pair(tmp_path, nl=nl), "assetid-match") == []
