"""betal kb import into a knowledge base that has articles already: it recognises them,
updates instead of duplicating, shows the change first, keeps the shared English anchors,
and never writes outside --out."""

import shutil
from pathlib import Path

import pytest

from engine.rules import ARTICLES
from kb.config import ConfigError
from kb.importer import import_file
from tests.kb.test_importer import TODAY, seed
from tui.cli import main

KB = Path(__file__).resolve().parents[2] / "kb"


def living(tmp_path: Path) -> Path:
    out = tmp_path / "kb"
    for locale in ("nb-NO", "nl-NL"):
        shutil.copytree(KB / locale, out / locale)
    return out


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_an_article_with_the_same_assetid_is_updated_not_duplicated(tmp_path):
    out = living(tmp_path)
    (out / "nb-NO" / "declined-credit-card.md").rename(out / "nb-NO" / "avvist-kort.md")
    before = files(out)
    outcome = import_file(str(seed("000")), "nb-NO", str(out), force=True, today=TODAY)
    assert (Path(outcome.path).name, outcome.found_by) == ("avvist-kort.md", "ms.assetid")
    assert files(out) == before  # no second file with the same ms.assetid
    assert f"ms.assetid: {ARTICLES['declined-credit-card']}\n" in outcome.text


def test_an_article_with_the_same_title_keeps_its_id_anchors_and_metadata(tmp_path):
    out = living(tmp_path)
    existing = (out / "nb-NO" / "manage-payment-methods.md").read_text(encoding="utf-8")
    outcome = import_file(str(seed("004")), "nb-NO", str(out), force=True, today=TODAY)
    assert (Path(outcome.path).name, outcome.found_by) == ("manage-payment-methods.md", "title")
    text = outcome.text
    assert f"ms.assetid: {ARTICLES['manage-payment-methods']}\n" in text
    assert "## Før du starter {#before-you-begin}\n" in text  # the article's English id
    assert "## Legge til betalingsmetode {#add-payment-method}\n" in text
    assert "ms.translationtype: MT\n" in text and "ms.translationtype: HT\n" in existing


def test_a_dry_run_shows_the_change_and_writes_nothing(tmp_path, capsys):
    out = living(tmp_path)
    before = {path: (out / path).read_bytes() for path in files(out)}
    code = main(["kb", "import", str(seed("001")), "--locale", "nb-NO", "--out", str(out),
                 "--dry-run"])
    printed, said = capsys.readouterr()
    assert code == 0
    assert printed.startswith(f"--- {out}/nb-NO/payment-declined.md\n+++ {out}/")
    assert "\n-# Avvist betaling {#payment-declined}\n" in printed
    assert "\n+# Betaling avtatt {#payment-declined}\n" in printed
    assert "(the same file name)" in said
    assert {path: (out / path).read_bytes() for path in files(out)} == before


def test_an_existing_article_is_changed_only_with_force(tmp_path):
    out = living(tmp_path)
    target = out / "nb-NO" / "payment-declined.md"
    before = target.read_bytes()
    with pytest.raises(ConfigError, match="--dry-run"):
        import_file(str(seed("001")), "nb-NO", str(out), today=TODAY)
    assert target.read_bytes() == before
    import_file(str(seed("001")), "nb-NO", str(out), force=True, today=TODAY)
    assert target.read_bytes() != before


def test_headings_take_the_english_anchor_of_the_side_by_side_original(tmp_path):
    outcome = import_file(str(seed("001")), "nb-NO", str(tmp_path), today=TODAY)
    assert "## Oppdatere eller legge til en ny betalingsmåte " \
           "{#update-or-add-a-new-payment-method}\n" in outcome.text


def test_a_translation_with_the_same_headings_shares_its_anchors(tmp_path):
    nb = tmp_path / "nb-NO" / "innstillinger.md"
    nb.parent.mkdir()
    nb.write_text("---\ntitle: Innstillinger\nms.assetid: 11111111-2222-4333-8444-555555555555\n"
                  "---\n# Innstillinger {#settings}\n\n## Før du begynner {#before-you-begin}\n"
                  "\nTekst.\n", encoding="utf-8")
    source = tmp_path / "export.txt"
    source.write_text("Instellingen\n\nInleiding.\n\nVoordat u begint\n\nTekst.\n",
                      encoding="utf-8")
    outcome = import_file(str(source), "nl-NL", str(tmp_path), slug="innstillinger",
                          today=TODAY)
    assert "# Instellingen {#settings}\n" in outcome.text
    assert "## Voordat u begint {#before-you-begin}\n" in outcome.text
    assert "ms.assetid: 11111111-2222-4333-8444-555555555555\n" in outcome.text


HOSTILE = "---\ntitle: Fiendtlig\n---\n# <a name=\"{name}\"></a>Fiendtlig\n\nTekst.\n"


@pytest.mark.parametrize(("name", "file"), [
    ("../../x", "x.md"), ("/etc/passwd", "etcpasswd.md"), ("..", "section.md"),
    ("nb-NO/../../../y", "nb-noy.md"), ("C:\\\\temp\\\\z", "ctempz.md"),
])
def test_a_hostile_anchor_never_writes_outside_out(tmp_path, name, file):
    source = tmp_path / "source.md"
    source.write_text(HOSTILE.format(name=name), encoding="utf-8")
    out = tmp_path / "out"
    outcome = import_file(str(source), "nb-NO", str(out), today=TODAY)
    assert Path(outcome.path) == out / "nb-NO" / file
    assert files(tmp_path) == {"source.md", f"out/nb-NO/{file}"}


def test_force_does_not_follow_a_link_out_of_out(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "nb-NO").mkdir(parents=True)
    (out / "nb-NO" / "declined-credit-card.md").symlink_to(outside)
    with pytest.raises(ConfigError, match="outside"):
        import_file(str(seed("000")), "nb-NO", str(out), force=True, today=TODAY)
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    (out / "nl-NL").symlink_to(tmp_path, target_is_directory=True)  # the folder itself
    with pytest.raises(ConfigError, match="outside"):
        import_file(str(seed("003")), "nl-NL", str(out), force=True, today=TODAY)
    assert not (tmp_path / "declined-credit-card.md").exists()


def test_locale_is_the_articles_language_and_messages_follow_the_user(tmp_path, capsys,
                                                                          monkeypatch):
    monkeypatch.setenv("BETAL_LOCALE", "nb-NO")
    out = tmp_path / "out"
    assert main(["kb", "import", str(seed("003")), "--locale", "nl-NL", "--out", str(out)]) == 0
    assert (out / "nl-NL" / "declined-credit-card.md").exists()
    capsys.readouterr()
    code = main(["kb", "import", str(seed("003")), "--locale", "nl-NL", "--out", str(out)])
    assert code == 2
    assert "finnes allerede" in capsys.readouterr().err  # Norwegian, not Dutch
    monkeypatch.delenv("BETAL_LOCALE")
    monkeypatch.setenv("LANG", "C")
    main(["kb", "import", str(seed("003")), "--locale", "nl-NL", "--out", str(out)])
    assert "exists already" in capsys.readouterr().err
    again = ["--locale", "nl-NL", "kb", "import", str(seed("000")), "--locale", "nb-NO",
             "--out", str(out)]
    assert main(again) == 0 and (out / "nb-NO" / "declined-credit-card.md").exists()
    capsys.readouterr()
    assert main(again) == 2
    assert "bestaat al" in capsys.readouterr().err  # the interface's Dutch


@pytest.mark.parametrize(("content", "says"), [
    (b"", "is empty"), (b"  \n\n", "is empty"), (b"Tittel\xff\n", "not UTF-8 text (line 1"),
    (b"Tittel\n\nTekst\x06.\n", "control character (line 3, column 6)"),
])
def test_a_source_that_is_not_an_article_is_refused_clearly(tmp_path, content, says):
    source = tmp_path / "source.txt"
    source.write_bytes(content)
    with pytest.raises(ConfigError) as refused:
        import_file(str(source), "nb-NO", str(tmp_path / "out"), today=TODAY)
    assert says in refused.value.render("en")
    assert not (tmp_path / "out").exists()


def test_a_title_too_long_for_a_file_name_makes_a_shorter_slug(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("Betaling " * 500 + "\n\nTekst.\n", encoding="utf-8")
    outcome = import_file(str(source), "nb-NO", str(tmp_path / "out"), today=TODAY)
    name = Path(outcome.path).name
    assert len(name) <= 83 and name.startswith("betaling-betaling") and "--" not in name
