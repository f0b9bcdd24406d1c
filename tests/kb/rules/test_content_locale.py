from tests.kb.helpers import article, findings, pair, tree


def test_a_locale_that_is_not_the_folder(tmp_path):
    text = article("nb-NO").replace("ms.contentlocale: nb-NO", "ms.contentlocale: nl-NL")
    [problem] = findings(pair(tmp_path, nb=text), "content-locale")
    assert problem.params == {"value": "nl-NL", "folder": "nb-NO"}


def test_the_case_counts(tmp_path):
    text = article("nb-NO").replace("ms.contentlocale: nb-NO", "ms.contentlocale: nb-no")
    assert len(findings(pair(tmp_path, nb=text), "content-locale")) == 1


def test_outside_a_locale_folder_it_must_be_a_known_locale(tmp_path):
    text = article("nb-NO").replace("ms.contentlocale: nb-NO", "ms.contentlocale: sv-SE")
    root = tree(tmp_path, {"drafts/a.md": text, "drafts/b.md": article("nb-NO")})
    assert [p.path.endswith("a.md") for p in findings(root, "content-locale")] == [True]


def test_matching_locales_pass(tmp_path):
    assert findings(pair(tmp_path), "content-locale") == []
