from tests.kb.helpers import article, findings, pair


def test_different_action_links(tmp_path):
    nl = article("nl-NL").replace("action:balance.settle", "action:payment.diagnose")
    problems = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert len(problems) == 2 and problems[0].line == 31


def test_a_step_missing_in_one_language(tmp_path):
    nl = article("nl-NL").replace("2. Be dem godkjenne kortet.\n", "")
    [problem, _] = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert {problem.params["count"], problem.params["other_count"]} == {1, 2}


def test_a_note_that_is_a_tip_in_the_translation(tmp_path):
    nl = article("nl-NL").replace("[!NOTE]", "[!TIP]")
    problems = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert {tuple(p.params["mine"]) for p in problems} == {("NOTE",), ("TIP",)}


def test_matching_translations_pass(tmp_path):
    assert findings(pair(tmp_path), "translation-parity") == []
