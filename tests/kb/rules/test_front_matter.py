from tests.kb.helpers import article, findings, pair


def test_an_article_without_front_matter(tmp_path):
    root = pair(tmp_path, nb="# Avvist kredittkort\n\nTekst.\n")
    [problem] = findings(root, "front-matter")
    assert (problem.path.endswith("nb-NO/declined-credit-card.md"), problem.line) == (True, 1)


def test_front_matter_that_is_never_closed(tmp_path):
    root = pair(tmp_path, nb="---\ntitle: Avvist\nms.date: 04/21/2020\n# Tekst\n")
    [problem] = findings(root, "front-matter")
    assert "never closed" in problem.message()


def test_front_matter_that_is_a_list(tmp_path):
    root = pair(tmp_path, nb="---\n- title\n- date\n---\n# Tekst\n")
    [problem] = findings(root, "front-matter")
    assert problem.line == 2


def test_a_complete_article_passes(tmp_path):
    assert findings(pair(tmp_path), "front-matter") == []
    assert article("nb-NO").startswith("---\n")
