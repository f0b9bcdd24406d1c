from tests.kb.helpers import article, findings, pair, tree


def test_an_article_in_one_language_only(tmp_path):
    pair(tmp_path)
    other = "29635602-3521-4663-9d85-d111f85b3a19"
    tree(tmp_path, {"nb-NO/alone.md": article("nb-NO", assetid=other)})
    [problem] = findings(tmp_path, "translation-missing")
    assert problem.params["locale"] == "nl-NL"
    assert problem.params["expected"].endswith("nl-NL/alone.md")


def test_without_the_other_locale_folder_nothing_is_missing(tmp_path):
    tree(tmp_path, {"nb-NO/alone.md": article("nb-NO")})
    assert findings(tmp_path, "translation-missing") == []


def test_both_languages_pass(tmp_path):
    assert findings(pair(tmp_path), "translation-missing") == []


def test_translations_pair_by_assetid_when_the_file_names_differ(tmp_path):
    tree(tmp_path, {"nb-NO/avvist-kort.md": article("nb-NO"),
                    "nl-NL/geweigerde-kaart.md": article("nl-NL")})
    assert findings(tmp_path, "translation-missing") == []

