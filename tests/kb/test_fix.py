"""--fix: the safe fixes, and not one byte changed beyond the values they fix."""

import difflib
import re

from kb import fix
from kb.checker import check
from tests.kb.helpers import ASSETID, article, pair

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def fixed(root, *paths):
    report = check([str(root / path) for path in paths] or [str(root)])
    outcome = fix.apply(report)
    assert outcome.refused == []
    return outcome


def changed_lines(before: bytes, after: bytes):
    """(removed, added) lines, byte for byte (line endings included)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def test_padding_a_date_changes_that_value_only_crlf_bom_and_comments_kept(tmp_path):
    text = ("\ufeff" + article("nb-NO").replace("ms.date: 04/21/2020",
                                                "ms.date:   '4/1/2020'   # reviewed")
            .replace("title: Avvist kredittkort", "title:   Avvist kredittkort   ")
            .replace("\n", "\r\n"))
    root = pair(tmp_path, nb=text.encode("utf-8"))
    path = root / "nb-NO" / "declined-credit-card.md"
    before = path.read_bytes()
    assert fixed(root).fixed == 1
    after = path.read_bytes()
    assert changed_lines(before, after) == (
        [b"ms.date:   '4/1/2020'   # reviewed\r\n"], [b"ms.date:   '04/01/2020'   # reviewed\r\n"])
    assert after.startswith(b"\xef\xbb\xbf---\r\n")


def test_renaming_a_misspelled_key_keeps_its_value_and_place(tmp_path):
    text = article("nb-NO").replace("ms.audience: Admin", "audience:    Admin  # who")
    root = pair(tmp_path, nb=text)
    path = root / "nb-NO" / "declined-credit-card.md"
    before = path.read_bytes()
    fixed(root)
    assert changed_lines(before, path.read_bytes()) == (
        [b"audience:    Admin  # who\n"], [b"ms.audience:    Admin  # who\n"])


def test_a_missing_assetid_is_given_to_both_translations(tmp_path):
    nb = article("nb-NO").replace(f"ms.assetid: {ASSETID}\n", "")
    nl = article("nl-NL").replace(f"ms.assetid: {ASSETID}\n", "")
    root = pair(tmp_path, nb=nb, nl=nl)
    before = {locale: (root / locale / "declined-credit-card.md").read_bytes()
              for locale in ("nb-NO", "nl-NL")}
    fixed(root, "nb-NO")  # one language asked about; its translation gets the same id
    added = set()
    for locale, old in before.items():
        removed, new = changed_lines(old, (root / locale / "declined-credit-card.md").read_bytes())
        assert removed == [] and len(new) == 1
        added.add(new[0])
    [line] = added
    assert GUID.fullmatch(line.decode().removeprefix("ms.assetid: ").strip())
    lines = (root / "nb-NO" / "declined-credit-card.md").read_text().splitlines()
    assert lines.index(line.decode().strip()) == lines.index('- "1500018"') + 1


def test_a_missing_assetid_is_taken_from_the_translation(tmp_path):
    root = pair(tmp_path, nb=article("nb-NO").replace(f"ms.assetid: {ASSETID}", "ms.assetid: ''"))
    fixed(root)
    assert f"ms.assetid: {ASSETID}\n" in (root / "nb-NO" / "declined-credit-card.md").read_text()


def test_translation_markup_is_dropped_keeping_the_translation(tmp_path):
    markup = ('<span data-ttu-id="a-1">Ring banken.</span><span class="sxs-lookup">'
              '<span data-stu-id="a-1">Call your bank.</span></span>')
    root = pair(tmp_path, nb=article("nb-NO").replace("Ring banken.", markup))
    fixed(root)
    assert (root / "nb-NO" / "declined-credit-card.md").read_text() == article("nb-NO")


def test_after_fixing_nothing_fixable_is_left(tmp_path):
    nb = (article("nb-NO").replace("ms.date: 04/21/2020", "ms.date: 4/21/2020")
          .replace("ms.audience: Admin", "audience: Admin")
          .replace(f"ms.assetid: {ASSETID}\n", ""))
    nl = article("nl-NL").replace(f"ms.assetid: {ASSETID}\n", "ms.assetid:\n")
    root = pair(tmp_path, nb=nb, nl=nl)
    assert fixed(root).fixed == 4
    assert [p for p in check([str(root)]).problems if p.fixable] == []


def test_a_fix_that_would_not_read_back_is_refused(tmp_path, monkeypatch):
    root = pair(tmp_path, nb=article("nb-NO").replace("ms.date: 04/21/2020", "ms.date: 4/1/2020"))
    path = root / "nb-NO" / "declined-credit-card.md"
    before = path.read_bytes()
    monkeypatch.setattr(fix, "_round_trip", lambda text: {"changed": text})
    outcome = fix.apply(check([str(root)]))
    assert outcome.fixed == 0 and outcome.refused
    assert path.read_bytes() == before
