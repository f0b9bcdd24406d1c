import os
import signal

import pytest

from kb.status import status
from tests.kb.helpers import findings, pair


@pytest.fixture(autouse=True)
def no_hang():
    """A read that waits on a FIFO fails the test instead of hanging it."""
    def hung(*_):
        raise TimeoutError("a FIFO was read")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_named_like_an_article_is_skipped_with_a_note(tmp_path):
    root = pair(tmp_path)
    os.mkfifo(root / "nb-NO" / "x.md")
    os.symlink(tmp_path / "nowhere.md", root / "nl-NL" / "broken.md")
    problems = [p for p in findings(root) if p.rule != "rule-citation"]
    assert [(p.path.rsplit("/", 2)[-2:], p.rule, p.severity) for p in problems] == [
        (["nb-NO", "x.md"], "regular-file", "info"),
        (["nl-NL", "broken.md"], "regular-file", "info")]


def test_a_fifo_given_by_name_or_linked_to_is_not_read(tmp_path):
    root = pair(tmp_path)
    os.mkfifo(root / "nb-NO" / "x.md")
    with open(root / "nb-NO" / "declined-credit-card.md", "a", encoding="utf-8") as handle:
        handle.write("\n[Mer](x.md#mer)\n")
    [problem] = findings(root / "nb-NO" / "x.md")
    assert problem.rule == "regular-file"
    assert [p.rule for p in findings(root / "nb-NO" / "declined-credit-card.md")] == []


def test_status_skips_a_fifo_and_says_so(tmp_path):
    root = pair(tmp_path)
    os.mkfifo(root / "nl-NL" / "x.md")
    skipped: list[str] = []
    rows = status(str(root), skipped)
    assert [row.slug for row in rows] == ["declined-credit-card"]
    assert skipped == [str(root / "nl-NL" / "x.md")]
