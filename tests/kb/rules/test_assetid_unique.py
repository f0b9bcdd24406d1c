from tests.kb.helpers import article, findings, pair


def test_two_articles_of_one_language_with_one_assetid(tmp_path):
    pair(tmp_path)
    pair(tmp_path, name="copy.md")
    problems = findings(tmp_path, "assetid-unique")
    assert len(problems) == 4  # each of the two in each language
    assert all(p.params["count"] == 2 for p in problems)


def test_the_two_translations_of_one_article_share_it(tmp_path):
    assert findings(pair(tmp_path), "assetid-unique") == []


def test_the_other_articles_are_read_when_one_file_is_checked(tmp_path):
    pair(tmp_path)
    pair(tmp_path, name="copy.md", nb=article("nb-NO"))
    [problem] = findings(tmp_path / "nb-NO" / "copy.md", "assetid-unique")
    assert problem.params["other"].endswith("declined-credit-card.md")
