"""The real corpus (../shared/corpus next to the checkout): every defect class it holds is
reported, and --fix on a copy leaves nothing fixable and changes only fixable lines."""

import difflib
import os
import re
import shutil
import stat
from collections import defaultdict
from pathlib import Path

import pytest

from kb import fix
from kb.checker import check

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "alchemy-insights"
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")


@pytest.fixture(scope="module")
def report():
    return check([str(CORPUS)])


def messages(report, rule):
    return [(os.path.relpath(p.path, CORPUS), p.message()) for p in report.problems
            if p.rule == rule]


def test_every_file_is_checked_without_a_crash(report):
    assert report.files > 5900
    assert messages(report, "internal-error") == []


def test_misspelled_keys_name_the_key_meant(report):
    found = {message for _, message in messages(report, "unknown-key")}
    for written, meant in (("ms,.custom", "ms.custom"), ("ms.reviwer", "ms.reviewer"),
                           ("audience", "ms.audience")):
        assert f"Unknown key '{written}': did you mean '{meant}'?" in found


def test_duplicate_and_list_valued_assetids(report):
    assert len(messages(report, "assetid-unique")) > 100
    assert any("is a list" in message for _, message in messages(report, "assetid"))


def test_empty_and_unpadded_dates(report):
    assert any(message == "Required key 'ms.date' is empty."
               for _, message in messages(report, "required-key"))
    padded = [p for p in report.problems if p.rule == "date" and p.fixable]
    assert len(padded) > 50


def test_the_templates_placeholders(report):
    assert (os.path.join("nb-NO", "Alchemy-Insight-Template.md"),
            "'ms.assetid' still holds the template's placeholder "
            "'(guid of old soc version if any)'.") in messages(report, "placeholder")


def test_the_file_without_front_matter(report):
    assert [path for path, _ in messages(report, "front-matter")] == [
        os.path.join("nb-NO", "includes", "alchemyinsights-content-updates.md"),
        os.path.join("nl-NL", "includes", "alchemyinsights-content-updates.md")]


@pytest.mark.slow
def test_fix_on_a_copy_changes_only_fixable_lines_and_leaves_nothing_fixable(tmp_path):
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy)
    for directory, _, files in os.walk(copy):
        os.chmod(directory, stat.S_IRWXU)
        for name in files:
            os.chmod(os.path.join(directory, name), stat.S_IRUSR | stat.S_IWUSR)
    before = check([str(copy)])
    expected = defaultdict(list)  # path: fixable problems
    for problem in before.problems:
        if problem.fixable:
            expected[problem.path].append(problem)
    outcome = fix.apply(before, jobs=2)
    assert outcome.refused == []
    after = check([str(copy)])
    assert [p for p in after.problems if p.fixable] == []

    changed = set()
    for path in (Path(p) for p in before.targets.values()):
        original = (CORPUS / path.relative_to(copy)).read_text(encoding="utf-8")
        now = path.read_text(encoding="utf-8")
        if now == original:
            continue
        changed.add(str(path))
        assert_only_fixable_lines(original, now, expected[str(path)])
    assert changed == set(expected)
    assert len(changed) == len(outcome.files)


def assert_only_fixable_lines(original: str, now: str, problems):
    old, new = original.split("\n"), now.split("\n")
    allowed = {problem.line for problem in problems}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        assert {i + 1 for i in range(i1, i2)} <= allowed, removed
        for line in added:
            key = line.split(":", 1)[0]
            if key == "ms.assetid":
                assert GUID.fullmatch(line.split(":", 1)[1].strip())
            elif key == "ms.date":
                assert re.fullmatch(r"ms\.date: \d\d/\d\d/\d{4}", line)
            else:
                [renamed] = [p for p in problems if p.rule == "unknown-key"
                             and p.line in {i + 1 for i in range(i1, i2)}
                             and old[p.line - 1].replace(p.params["key"], key, 1) == line]
                assert renamed
