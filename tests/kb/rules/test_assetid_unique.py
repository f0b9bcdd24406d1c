from tests.kb.helpers import article, findings, pair

UNCITED = "11111111-2222-3333-4444-555555555555"


def test_a_copy_is_reported_naming_the_article_the_id_belongs_to(tmp_path):
    pair(tmp_path)
    pair(tmp_path, name="copy.md")  # both languages copied, with the cited id
    problems = findings(tmp_path, "assetid-unique")
    assert sorted(p.path.rsplit("/", 2)[-2] + "/" + p.path.rsplit("/", 1)[-1]
                  for p in problems) == ["nb-NO/copy.md", "nl-NL/copy.md"]
    assert all(p.params["other"].endswith("declined-credit-card.md") for p in problems)


def test_the_copy_is_the_one_whose_translation_does_not_carry_the_id(tmp_path):
    pair(tmp_path, nb=article("nb-NO", assetid=UNCITED), nl=article("nl-NL", assetid=UNCITED),
         name="a.md")
    pair(tmp_path, nb=article("nb-NO", assetid=UNCITED), name="b.md")  # nl-NL/b.md has another
    [problem] = findings(tmp_path, "assetid-unique")
    assert problem.path.endswith("nb-NO/b.md") and problem.params["other"].endswith("a.md")


def test_when_nothing_tells_which_is_the_copy_each_is_reported(tmp_path):
    for name in ("a.md", "b.md"):
        pair(tmp_path, nb=article("nb-NO", assetid=UNCITED),
             nl=article("nl-NL", assetid=UNCITED), name=name)
    problems = findings(tmp_path, "assetid-unique")
    assert len(problems) == 4 and all(p.params["count"] == 2 for p in problems)


def test_the_two_translations_of_one_article_share_it(tmp_path):
    assert findings(pair(tmp_path), "assetid-unique") == []


def test_the_other_articles_are_read_when_one_file_is_checked(tmp_path):
    pair(tmp_path)
    pair(tmp_path, name="copy.md", nb=article("nb-NO"))
    [problem] = findings(tmp_path / "nb-NO" / "copy.md", "assetid-unique")
    assert problem.params["other"].endswith("declined-credit-card.md")
