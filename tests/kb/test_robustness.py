"""Hostile and malformed input: nothing escapes the checker, every problem has a place."""

import os
import tempfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb.checker import check
from kb.frontmatter import _compose, parse
from tests.kb.helpers import article

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def checked(content: bytes, name: str = "a.md"):
    """Problems for ``content`` as an nb-NO article next to a valid translation."""
    with tempfile.TemporaryDirectory() as root:
        for locale, data in (("nb-NO", content), ("nl-NL", article("nl-NL").encode())):
            os.makedirs(os.path.join(root, locale))
            with open(os.path.join(root, locale, name), "wb") as handle:
                handle.write(data)
        report = check([root], jobs=1)
        for problem in report.problems:
            assert problem.path and problem.line >= 1 and problem.column >= 1
            assert isinstance(problem.message("nb-NO"), str)
        return report.problems


keys = st.sampled_from(["title", "ms.date", "ms.assetid", "ms.custom", "audience", "ROBOTS",
                        "ms,.custom", "a b", "ja", "", "- x", "? y", "\tkey", "κλειδί"])
values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
lines = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", keys, values),
    st.builds(lambda v: f"- {v}", values),
    st.builds(lambda k: f"{k}:", keys),
    st.sampled_from(["", "  ", "# comment", "---", "...", "\t- tab", "a: &x [*x]",
                     "b: !!binary aGVsbG8=", "c: {d: [e, {f: g}]}", "key: |", "  block",
                     "%YAML 1.2", "x: 'unclosed", 'y: "\\u00e9 \\x41"']),
)


@SETTINGS
@given(st.lists(lines, max_size=12), st.booleans(), st.booleans(), st.booleans())
@example(["title: x"], True, True, True)
@example(["a: b: c"], False, False, False)
def test_front_matter_of_any_shape(front_lines, bom, crlf, closed):
    text = "---\n" + "\n".join(front_lines) + ("\n---\n# Tittel\n" if closed else "\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    checked(data)


@SETTINGS
@given(st.binary(max_size=400))
@example(b"---\n\xff\xfe: \x00\n---\n")
@example(b"\xef\xbb\xbf---\r\ntitle: \xc3\r\n---")
def test_any_bytes(data):
    checked(data)


@SETTINGS
@given(st.lists(st.sampled_from([
    "# H {#x}", "[a](#x)", "[b](nope.md#y)", "![c](media/c.png)", "| a | b |", "|---|---|",
    "| [x](action:nope?a=b&a=c) |  |", "1. step", "> [!NOTE]", "```", "<script>", "`code`",
    "<!-- betal-kb: disable=link-anchor -->", "<a href='javascript:x'>", "[d](action:)",
    '<span data-ttu-id="1">x</span><span class="sxs-lookup"><span data-stu-id="1">y</span></span>',
]), max_size=25))
def test_bodies_of_any_shape(body_lines):
    checked((article("nb-NO", body="\n".join(body_lines) + "\n")).encode())


plain = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd", "Sm")),
                min_size=1, max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "ms.date", "k", "a b", "x.y,z"]),
                          st.one_of(plain, st.just(""), st.lists(plain, max_size=3))),
                max_size=8))
def test_the_fast_path_agrees_with_ruamel_whenever_it_answers(pairs):
    lines = []
    for key, value in pairs:
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"- {item}" for item in value)
        else:
            lines.append(f"{key}: {value}")
    block = "".join(line + "\n" for line in lines)
    front, _, _ = parse("---\n" + block + "---\n")
    if front.parser == "fast":
        entries, errors, _ = _compose(block)
        assert not errors and list(front.entries) == entries


def test_a_ten_megabyte_value():
    problems = checked(article("nb-NO").replace("title: Avvist kredittkort",
                                                "title: " + "x" * 10_000_000).encode())
    assert [p for p in problems if p.rule in ("yaml-syntax", "internal-error")] == []


def test_a_ten_megabyte_value_the_full_parser_has_to_read():
    problems = checked(article("nb-NO").replace("title: Avvist kredittkort",
                                                "title: [" + "x" * 10_000_000 + "]").encode())
    assert [p.rule for p in problems if p.rule == "value-type"] == ["value-type"]


def test_a_billion_laughs():
    bomb = ['lol0: &a0 "lol"'] + [
        f"lol{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 10)]
    problems = checked(("---\n" + "\n".join(bomb) + "\n---\n# x\n").encode())
    [problem] = [p for p in problems if p.rule == "yaml-syntax"]
    assert "aliases" in problem.message()


def test_deep_nesting_and_an_unclosed_front_matter():
    for text in ("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n",
                 "---\na: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n---\n",
                 "---\ntitle: never closed\n" + "x\n" * 1000):
        problems = checked(text.encode())
        assert problems


def test_tabs_in_front_matter():
    problems = checked(article("nb-NO").replace("ms.topic: article", "ms.topic:\tarticle")
                       .replace("manager: mnirkhe", "\tmanager: mnirkhe").encode())
    [problem] = [p for p in problems if p.rule == "yaml-syntax"]
    assert problem.line == 5
