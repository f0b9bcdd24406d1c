from tests.kb.helpers import article, findings, pair

LATER = ("ms.date: 04/21/2020", "ms.date: 04/22/2020")


def test_a_different_action_link_is_reported_once_naming_only_it(tmp_path):
    nl = article("nl-NL").replace("action:balance.settle", "action:payment.diagnose")
    [problem] = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert problem.path.endswith("nl-NL/declined-credit-card.md") and problem.line == 31
    assert (problem.params["mine"], problem.params["theirs"]) == (
        ["action:payment.diagnose"], ["action:balance.settle"])


def test_the_translation_with_the_older_date_is_told_what_it_lacks(tmp_path):
    nb = article("nb-NO").replace(*LATER).replace(
        "[Gjør opp saldo](action:balance.settle)",
        "[Gjør opp saldo](action:balance.settle) [Se neste forsøk](action:retries.show)")
    [problem] = findings(pair(tmp_path, nb=nb), "translation-parity")
    assert problem.path.endswith("nl-NL/declined-credit-card.md")
    assert problem.params["theirs"] == ["action:retries.show"]
    assert "missing here" in problem.message()


def test_an_action_only_here(tmp_path):
    nl = article("nl-NL").replace(
        "[Gjør opp saldo](action:balance.settle)",
        "[Gjør opp saldo](action:balance.settle) [Se neste forsøk](action:retries.show)")
    [problem] = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert problem.params["mine"] == ["action:retries.show"]
    assert "is not in the translation" in problem.message()


def test_a_misspelled_action_is_not_a_difference(tmp_path):
    nl = article("nl-NL").replace("action:balance.settle", "action:balance.setle")
    assert findings(pair(tmp_path, nl=nl), "translation-parity") == []
    assert [p.rule for p in findings(tmp_path) if p.rule != "rule-citation"] == ["action-link"]


def test_a_step_missing_in_one_language(tmp_path):
    nl = article("nl-NL").replace("2. Be dem godkjenne kortet.\n", "")
    [problem] = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert (problem.params["count"], problem.params["other_count"]) == (1, 2)


def test_a_note_that_is_a_tip_in_the_translation(tmp_path):
    nl = article("nl-NL").replace("[!NOTE]", "[!TIP]")
    [problem] = findings(pair(tmp_path, nl=nl), "translation-parity")
    assert (problem.params["mine"], problem.params["theirs"]) == (["TIP"], ["NOTE"])


def test_matching_translations_pass(tmp_path):
    assert findings(pair(tmp_path), "translation-parity") == []
