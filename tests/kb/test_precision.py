"""One mistake gives one error, on the file that has it: each case on a copy of Betal's own
knowledge base (which has no problems), with one mistake made in it."""

import shutil
from pathlib import Path

import pytest

from tests.kb.helpers import findings

KB = Path(__file__).resolve().parents[2] / "kb"


@pytest.fixture
def kb(tmp_path):
    root = tmp_path / "kb"
    for locale in ("nb-NO", "nl-NL"):
        shutil.copytree(KB / locale, root / locale)
    assert findings(root) == []
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def where(problems) -> list[tuple[str, str]]:
    return [(Path(p.path).relative_to(Path(p.path).parents[1]).as_posix(), p.rule)
            for p in problems]


def test_a_copied_article_with_its_assetid_is_the_one_reported(kb):
    original = (kb / "nb-NO" / "declined-credit-card.md").read_text(encoding="utf-8")
    (kb / "nb-NO" / "card-declined-again.md").write_text(
        original.replace("Kontroller kortopplysningene", "Sjekk kortet"), encoding="utf-8")
    problems = findings(kb)
    assert where(problems) == [("nb-NO/card-declined-again.md", "assetid-unique")]
    assert problems[0].params["other"].endswith("nb-NO/declined-credit-card.md")


def test_one_differing_action_of_eleven_names_only_that_action(kb):
    edit(kb / "nl-NL" / "manage-payment-methods.md", "(action:browser.cookies)",
         "(action:payment-method.check)")
    [problem] = findings(kb)
    assert where([problem]) == [("nl-NL/manage-payment-methods.md", "translation-parity")]
    assert (problem.params["mine"], problem.params["theirs"]) == (
        ["action:payment-method.check"], ["action:browser.cookies"])
    assert "payment-method.add" not in problem.message()


def test_an_action_missing_in_the_translation_that_is_behind(kb):
    edit(kb / "nb-NO" / "past-due-account.md", "ms.date: 11/23/2026", "ms.date: 11/24/2026")
    edit(kb / "nl-NL" / "past-due-account.md", "[Saldo vereffenen](action:balance.settle)", "")
    [problem] = findings(kb)
    assert where([problem]) == [("nl-NL/past-due-account.md", "translation-parity")]
    assert problem.params["theirs"] == ["action:balance.settle"]


def test_a_misspelled_action_on_one_side_is_reported_only_there(kb):
    edit(kb / "nl-NL" / "past-due-account.md", "(action:balance.settle)",
         "(action:balance.setle)")
    problems = findings(kb)
    assert where(problems) == [("nl-NL/past-due-account.md", "action-link")]
    assert "balance.settle" in problems[0].message()


def test_a_misspelled_assetid_on_one_side_is_reported_only_there(kb):
    edit(kb / "nl-NL" / "past-due-account.md", "29635602-3521-4663-9d85-d111f85b3a19",
         "29635602-3521-4663-9d85-d111f85b3a91")
    assert where(findings(kb)) == [("nl-NL/past-due-account.md", "assetid-match")]


def test_a_misspelled_assetid_key_on_one_side_is_reported_only_there(kb):
    edit(kb / "nb-NO" / "payment-declined.md", "ms.assetid:", "ms.assetd:")
    problems = findings(kb)
    assert where(problems) == [("nb-NO/payment-declined.md", "unknown-key")]


def test_a_yaml_error_in_one_article_is_not_also_reported_on_the_index(kb):
    edit(kb / "nb-NO" / "past-due-account.md", "ms.topic: article", "ms.topic: [article")
    assert where(findings(kb)) == [("nb-NO/past-due-account.md", "yaml-syntax")]


def test_checking_only_the_changed_file_reports_the_difference_there(kb):
    edit(kb / "nb-NO" / "past-due-account.md", "(action:balance.settle)",
         "(action:payment.diagnose)")
    [problem] = findings(kb / "nb-NO" / "past-due-account.md")
    assert where([problem]) == [("nb-NO/past-due-account.md", "translation-parity")]
