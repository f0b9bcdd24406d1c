from tests.kb.helpers import article, findings, pair


def test_a_syntax_error_is_reported_at_its_line(tmp_path):
    text = article("nb-NO").replace("title: Avvist kredittkort", "title: Avvist: kredittkort")
    [problem] = findings(pair(tmp_path, nb=text), "yaml-syntax")
    assert (problem.line, problem.column) == (2, 14)
    assert "mapping values are not allowed" in problem.message()


def test_keys_are_not_trusted_while_the_yaml_is_broken(tmp_path):
    text = article("nb-NO").replace("ms.topic: article", "ms.topic: 'article")
    problems = findings(pair(tmp_path, nb=text))
    assert {p.rule for p in problems if p.path.endswith("nb-NO/declined-credit-card.md")} \
        == {"yaml-syntax"}


def test_an_alias_bomb_is_a_syntax_problem(tmp_path):
    bomb = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    text = "\n".join(bomb) + "\n---\n# Tekst\n"
    [problem] = findings(pair(tmp_path, nb=text), "yaml-syntax")
    assert "aliases" in problem.message()


def test_valid_yaml_passes(tmp_path):
    text = article("nb-NO").replace("title: Avvist kredittkort", 'title: "Avvist: kort"')
    assert findings(pair(tmp_path, nb=text), "yaml-syntax") == []
