"""The front-matter reader: the strict fast path agrees with ruamel.yaml, positions are
exact, and odd input goes to ruamel.yaml."""

import pytest

from kb.frontmatter import _compose, normalize_newlines, parse


def same_as_ruamel(text):
    """Parse ``text`` and check the fast path's entries against ruamel.yaml's composer."""
    front, _, _ = parse(text)
    block = text[4:text.index("\n---", 3) + 1] if "\n---" in text[3:] else ""
    entries, errors, _ = _compose(block)
    assert not errors
    assert list(front.entries) == entries
    return front


@pytest.mark.parametrize("yaml", [
    "title: Avvist kredittkort\n",
    "title:   spaced   out  \n",
    'title: "quoted: fine"\n',
    "title: 'it''s'\n",
    "empty:\n",
    "empty: ''\n",
    'empty: ""\n',
    "custom:\n- \"443\"\n- '1500018'\n- plain\n",
    "custom:\n  - indented\n  - items\n",
    "title: value # a comment\nnext: x\n",
    "# a comment\ntitle: x\n   # indented comment\n",
    "ROBOTS: NOINDEX, NOFOLLOW\n",
    "ms,.custom: odd key\nmunlocking an account s.custom: x\n",
    "number: 398\nzero: 0\n",
    "date: 2/28/2018\nhash: 0b6155ce38cd2703a4bf406d73ebbc59eb4c9034\n",
    "url: https://example.com/a#b\n",
    "key : spaced colon\n",
    "dup: 1\ndup: 2\n",
])
def test_the_fast_path_reads_what_ruamel_reads(yaml):
    front = same_as_ruamel("---\n" + yaml + "---\nbody\n")
    assert front.parser == "fast"


@pytest.mark.parametrize("yaml", [
    "title: [a, b]\n", "title: |\n  block\n", "a: &x 1\nb: *x\n", "title: !tag x\n",
    'title: "escaped \\" quote"\n', "title: two\n  lines\n", "a:\n  b: nested\n",
    "date: 2018-02-28\n", "yes: true\n", "float: 1.5\n", "a:\tb\n", "title: 'multi\n  line'\n",
    "- a\n- b\n",
])
def test_anything_else_goes_to_ruamel(yaml):
    front, _, _ = parse("---\n" + yaml + "---\n")
    assert front.parser == "ruamel"


def test_positions_are_lines_and_columns_of_the_file():
    text = "---\ntitle: Avvist\nms.custom:\n- \"443\"\n-   x\nms.date:   4/1/2020\n---\n# H\n"
    front, offset, body_line = parse(text)
    title, custom, date = front.entries
    assert (title.line, title.column, title.value_line, title.value_column) == (2, 1, 2, 8)
    assert [(i.value, i.line, i.column) for i in custom.items] == [("443", 4, 3), ("x", 5, 5)]
    assert (date.value_column, date.end_column) == (12, 20)
    assert (front.last_line, body_line, text[offset:]) == (7, 8, "# H\n")


def test_the_last_of_repeated_keys_wins_and_every_one_is_kept():
    front, _, _ = parse("---\na: 1\na: 2\n---\n")
    assert front.mapping() == {"a": 2}
    assert [entry.line for entry in front.entries] == [2, 3]


def test_a_syntax_error_has_a_line_and_no_exception():
    front, _, _ = parse("---\ntitle: ok\nbad: [unclosed\n---\n")
    [error] = front.errors
    assert error.line >= 3


def test_crlf_and_lone_cr_end_lines():
    text = normalize_newlines("---\r\ntitle: x\r\nms.date: 04/21/2020\r---\r\n")
    front, _, _ = parse(text)
    assert [(e.key, e.line) for e in front.entries] == [("title", 2), ("ms.date", 3)]


def test_no_front_matter_and_unclosed_front_matter():
    assert parse("# Title\n")[0].present is False
    front, _, body_line = parse("---\ntitle: x\n")
    assert (front.present, front.closed, body_line) == (True, False, 4)


def test_cycles_and_deep_nesting_are_refused_not_followed():
    front, _, _ = parse("---\na: &a [*a]\n---\n")
    assert "refers to the collection" in front.errors[0].detail
    front, _, _ = parse("---\na: " + "[" * 200 + "]" * 200 + "\n---\n")
    assert front.errors and front.errors[0].line == 2


def test_a_line_read_before_is_read_the_same_anywhere(monkeypatch):
    import kb.frontmatter

    monkeypatch.setattr(kb.frontmatter, "ROW_MEMO", {})
    first, _, _ = parse("---\ntitle: Avvist\nms.custom:\n- \"443\"\n---\n")
    again, _, _ = parse("---\n# moved down\n\nms.custom:\n- \"443\"\ntitle: Avvist\n---\n")
    assert "title: Avvist" in kb.frontmatter.ROW_MEMO
    assert [(e.key, e.line, e.value_line, e.items) for e in first.entries] == [
        ("title", 2, 2, ()), ("ms.custom", 3, 4, (("443", 4, 3),))]
    assert [(e.key, e.line, e.value_line, e.items) for e in again.entries] == [
        ("ms.custom", 4, 5, (("443", 5, 3),)), ("title", 6, 6, ())]
    same_as_ruamel("---\n# moved down\n\nms.custom:\n- \"443\"\ntitle: Avvist\n---\n")


def test_a_line_outside_the_subset_sends_every_file_it_is_in_to_ruamel(monkeypatch):
    import kb.frontmatter

    monkeypatch.setattr(kb.frontmatter, "ROW_MEMO", {})
    for _ in range(2):
        front, _, _ = parse("---\ntitle: x\nyes: true\n---\n")
        assert front.parser == "ruamel"
        assert front.mapping() == {"title": "x", "yes": True}


def test_long_lines_are_read_but_not_remembered_and_the_memory_is_bounded(monkeypatch):
    import kb.frontmatter

    monkeypatch.setattr(kb.frontmatter, "ROW_MEMO", {})
    monkeypatch.setattr(kb.frontmatter, "_ROW_MEMO_SIZE", 3)
    long = "title: " + "x" * 1000
    front = same_as_ruamel(f"---\n{long}\n---\n")
    assert front.entries[0].value == "x" * 1000 and long not in kb.frontmatter.ROW_MEMO
    for index in range(10):
        same_as_ruamel(f"---\nkey{index}: value\n---\n")
        assert len(kb.frontmatter.ROW_MEMO) <= 3
