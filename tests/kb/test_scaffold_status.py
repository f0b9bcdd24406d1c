"""betal kb new and betal kb status."""

import datetime
import json
from pathlib import Path

import pytest

from kb.checker import check
from kb.config import ConfigError
from kb.scaffold import scaffold
from kb.status import BOTH, CURRENT, MISSING, OUTDATED, record, status
from tests.kb.helpers import article, pair, tree
from tui.cli import main

OTHER = "29635602-3521-4663-9d85-d111f85b3a19"


def test_new_scaffolds_both_languages_with_one_fresh_assetid(tmp_path):
    nb, nl = scaffold(str(tmp_path), "billing-faq", "Vanlige spørsmål",
                      title_nl="Veelgestelde vragen", today=datetime.date(2026, 1, 2))
    texts = [Path(path).read_text(encoding="utf-8") for path in (nb, nl)]
    ids = [line for text in texts for line in text.splitlines() if line.startswith("ms.assetid")]
    assert len(ids) == 2 and ids[0] == ids[1]
    assert all("ms.date: 01/02/2026\n" in text for text in texts)
    assert "title: Veelgestelde vragen\n" in texts[1] and "ms.contentlocale: nl-NL\n" in texts[1]
    for text in texts:  # Betal's own metadata: indexable, by Betal
        assert "ROBOTS" not in text and "manager" not in text and "cmcatee" not in text
        assert "ms.author: betal-kb\n" in text and "author: betal-kb\n" in text
    problems = [p for p in check([str(tmp_path)]).problems if p.rule != "rule-citation"]
    assert [p.rule for p in problems] == ["stub", "stub"]  # only the text is to be written


@pytest.mark.parametrize("slug", ["Billing FAQ", "../escape", "a_b", ""])
def test_new_refuses_a_bad_slug(tmp_path, slug):
    with pytest.raises(ConfigError):
        scaffold(str(tmp_path), slug, "Tittel")


def test_new_refuses_to_overwrite(tmp_path):
    scaffold(str(tmp_path), "faq", "Tittel")
    with pytest.raises(ConfigError):
        scaffold(str(tmp_path), "faq", "Tittel")


def test_new_from_the_command_line(tmp_path, capsys):
    assert main(["kb", "new", "faq", "--title", "Tittel", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("faq.md") == 2


def test_status_compares_what_the_translations_say_once_recorded(tmp_path):
    pair(tmp_path, name="a.md")
    pair(tmp_path, name="b.md", nb=article("nb-NO", assetid=OTHER),
         nl=article("nl-NL", assetid=OTHER))
    assert {row.basis for row in status(str(tmp_path))} == {"ms.date"}
    assert record(str(tmp_path)) == ["a", "b"]
    assert [(row.state, row.basis) for row in status(str(tmp_path))] == [
        (CURRENT, "content"), (CURRENT, "content")]
    nb = tmp_path / "nb-NO" / "a.md"  # the body edited, ms.date left as it was
    nb.write_text(nb.read_text(encoding="utf-8").replace("Ring banken.", "Ring banken din."),
                  encoding="utf-8")
    for path in (tmp_path / "nb-NO" / "b.md", tmp_path / "nl-NL" / "b.md"):
        path.write_text(path.read_text(encoding="utf-8") + "\nMer.\n", encoding="utf-8")
    rows = {row.slug: row for row in status(str(tmp_path))}
    assert (rows["a"].state, rows["a"].behind, rows["a"].dates["nb-NO"]) == (
        OUTDATED, ("nl-NL",), "04/21/2020")
    assert rows["b"].state == BOTH
    assert record(str(tmp_path), ["a"]) == ["a"]
    assert status(str(tmp_path))[0].state == CURRENT
    with pytest.raises(ConfigError):
        record(str(tmp_path), ["no-such-article"])


def test_status_from_the_command_line_records_and_says_how_it_compared(tmp_path, capsys):
    pair(tmp_path)
    assert main(["kb", "status", "--root", str(tmp_path)]) == 0
    assert "current *" in capsys.readouterr().out
    assert main(["kb", "status", "--root", str(tmp_path), "--record",
                 "declined-credit-card"]) == 0
    out, err = capsys.readouterr()
    assert "current *" not in out and "declined-credit-card" in err
    (tmp_path / "translations.lock").write_text("{", encoding="utf-8")
    assert main(["kb", "status", "--root", str(tmp_path)]) == 2


def test_status_of_each_article(tmp_path):
    pair(tmp_path, name="same.md")
    pair(tmp_path, name="older.md",
         nl=article("nl-NL").replace("ms.date: 04/21/2020", "ms.date: 01/01/2020"))
    tree(tmp_path, {"nb-NO/alone.md": article("nb-NO")})
    rows = {row.slug: row for row in status(str(tmp_path))}
    assert (rows["same"].state, rows["older"].state, rows["alone"].state) == (
        CURRENT, OUTDATED, MISSING)
    assert rows["older"].behind == ("nl-NL",) and rows["alone"].behind == ("nl-NL",)


def test_status_from_the_command_line(tmp_path, capsys):
    pair(tmp_path)
    assert main(["kb", "status", "--root", str(tmp_path), "--locale", "nl-NL"]) == 0
    out = capsys.readouterr().out
    assert "declined-credit-card  04/21/2020  04/21/2020  actueel" in out
    assert main(["kb", "status", "--root", str(tmp_path), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["state"] == "current"


def test_status_pairs_translations_by_assetid(tmp_path):
    tree(tmp_path, {"nb-NO/avvist-kort.md": article("nb-NO"),
                    "nl-NL/geweigerde-kaart.md": article("nl-NL")})
    [row] = status(str(tmp_path))
    assert (row.slug, row.state) == ("avvist-kort", CURRENT)
    assert row.dates == {"nb-NO": "04/21/2020", "nl-NL": "04/21/2020"}
