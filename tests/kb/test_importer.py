"""betal kb import on the seeds: clean articles with valid front matter."""

import datetime
import re
from pathlib import Path

import pytest

from engine.rules import ARTICLES
from kb.checker import check
from kb.config import ConfigError
from kb.importer import import_file

SEEDS = Path(__file__).parents[2].parent / "shared" / "seeds"
TODAY = datetime.date(2026, 11, 23)
FRONT_MATTER_RULES = {"encoding", "front-matter", "yaml-syntax", "duplicate-key", "unknown-key",
                      "required-key", "value-type", "allowed-value", "date", "assetid",
                      "placeholder", "content-locale", "translation-markup", "unsafe-html"}


def seed(number: str) -> Path:
    found = sorted(SEEDS.glob(f"{number}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {number} is not in {SEEDS}")
    return found[0]


def imported(tmp_path, number, locale="nb-NO", **options):
    path = Path(import_file(str(seed(number)), locale, str(tmp_path), today=TODAY,
                            **options).path)
    return path, path.read_text(encoding="utf-8")


def assert_valid(path):
    problems = [p for p in check([str(path)]).problems if p.rule in FRONT_MATTER_RULES]
    assert problems == []


@pytest.mark.parametrize("number", ["001", "002"])
def test_side_by_side_markup_goes_and_the_english_with_it(tmp_path, number):
    path, text = imported(tmp_path, number)
    assert "data-ttu-id" not in text and "sxs-lookup" not in text and "<span" not in text
    for english in ("Payment declined", "Past due account", "Microsoft will attempt",
                    "A payment can be declined", "Please wait at least"):
        assert english not in text
    assert_valid(path)


def test_seed_001_gets_the_engines_assetid_a_date_and_an_alert(tmp_path):
    path, text = imported(tmp_path, "001")
    assert path.name == "payment-declined.md"
    assert f"ms.assetid: {ARTICLES['payment-declined']}\n" in text
    assert "ms.date: 11/23/2026\n" in text
    assert "> [!IMPORTANT]\n> Hvis du har lagt til et nytt kort" in text
    assert "# Betaling avtatt {#payment-declined}\n" in text
    assert "ms.openlocfilehash" not in text and "ms.locfileid" not in text


@pytest.mark.parametrize("number", ["000", "001", "002", "003"])
def test_the_source_organisations_robots_and_authors_give_way_to_betals(tmp_path, number):
    assert "ROBOTS: NOINDEX" in seed(number).read_text(encoding="utf-8")
    _, text = imported(tmp_path, number, "nl-NL" if number == "003" else "nb-NO")
    assert "ROBOTS" not in text and "manager" not in text and "cmcatee" not in text
    assert "ms.author: betal-kb\n" in text and "author: betal-kb\n" in text


def test_seed_002_keeps_its_date_and_turns_the_note_into_an_alert(tmp_path):
    _, text = imported(tmp_path, "002")
    assert "ms.date: 04/21/2020\n" in text
    assert "> [!NOTE]\n> Når en betaling er gjort" in text
    assert re.findall(r"^\d\. ", text, re.MULTILINE) == ["1. ", "2. ", "3. ", "4. "]


def test_seed_004_plain_text_is_rebuilt(tmp_path):
    path, text = imported(tmp_path, "004", slug="manage-payment-methods")
    assert text.startswith("---\ntitle: Administrere betalingsmåter\n")
    assert f"ms.assetid: {ARTICLES['manage-payment-methods']}\n" in text
    assert "# Administrere betalingsmåter {#manage-payment-methods}\n" in text
    headings = re.findall(r"^(#+) (.*?) \{#", text, re.MULTILINE)
    assert ("##", "Før du starter") in headings
    assert ("###", "Slette en betalingsmåte uten tilknyttede abonnementer eller "
                   "faktureringsprofiler") in headings
    assert len(re.findall(r"^\d\. ", text, re.MULTILINE)) == 4 + 3 + 7 + 6 + 3 + 8
    assert re.findall(r"> \[!(\w+)\]", text) == ["IMPORTANT", "NOTE", "TIP", "NOTE", "NOTE"]
    assert "   > [!NOTE]\n   > Hvis du har abonnementer" in text  # inside its step
    table = re.findall(r"^\|.*\|$", text, re.MULTILINE)
    assert table[0] == "| Problem | Fremgangsmåte for feilsøking | Handling |"
    assert len(table) == 2 + 5
    assert "<br><br>Hvis du fortsatt ser «avslått»-meldingen" in table[3]
    assert "- Endre faktureringsfrekvens (artikkel)" in text
    assert_valid(path)
    warnings = [p for p in check([str(path)]).problems if p.rule == "table-action"]
    assert len(warnings) == 5  # the action column is for the reviewer to fill


def test_the_translation_gets_the_assetid_already_imported(tmp_path):
    imported(tmp_path, "004", slug="manage-payment-methods")
    (tmp_path / "nb-NO" / "manage-payment-methods.md").write_text(
        (tmp_path / "nb-NO" / "manage-payment-methods.md").read_text().replace(
            ARTICLES["manage-payment-methods"], "11111111-2222-4333-8444-555555555555"))
    _, text = imported(tmp_path, "004", locale="nl-NL", slug="manage-payment-methods")
    assert "ms.assetid: 11111111-2222-4333-8444-555555555555\n" in text
    assert "ms.contentlocale: nl-NL\n" in text and "| Actie |" in text


def test_importing_over_an_article_needs_force(tmp_path):
    imported(tmp_path, "000")
    with pytest.raises(ConfigError):
        imported(tmp_path, "000")
    imported(tmp_path, "000", force=True)


def test_seed_003_is_dutch(tmp_path):
    path, text = imported(tmp_path, "003", locale="nl-NL")
    assert path.parent.name == "nl-NL" and "# Geweigerde creditcard {#declined-credit-card}" in text
    assert_valid(path)


def test_a_slug_that_is_not_one_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        imported(tmp_path, "004", slug="../outside")
