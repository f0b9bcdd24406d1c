"""The language processes get the translations' pairs after the fork, when the checks are
done."""

from __future__ import annotations

import os

import pytest

from kb.mkdocs_plugin import parallel


def test_a_message_sent_after_the_fork_waits_for_the_child(tmp_path):
    ready, tell = os.pipe()
    child = parallel.Child(0, "nl-NL", str(tmp_path / "outcome"), tell)
    inbox = parallel.Inbox(ready, child.result + ".in")
    parallel.send(child, [("nb-NO", "a"), ("nl-NL", "a")])
    assert inbox.get() == [("nb-NO", "a"), ("nl-NL", "a")]
    assert not list(tmp_path.iterdir())


def test_a_parent_that_ends_without_sending_fails_the_child(tmp_path):
    ready, tell = os.pipe()
    inbox = parallel.Inbox(ready, str(tmp_path / "outcome.in"))
    os.close(tell)  # the parent's checks failed; it stops the child, or dies
    with pytest.raises(RuntimeError, match="without the translations"):
        inbox.get()
