"""Inline patterns tried only on text that could hold them: the same HTML, less work."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import treeprocessors

from kb.mkdocs_plugin import inline

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "alchemy-insights"
EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]
# every character Python-Markdown's inline patterns look for, and some others
ALPHABET = "`\\[]()!<>&*_# \n\t:/@.;=\"'-aZ09é"


def converter(fast: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    if fast:
        assert inline.install(md)
    return md


def known_patterns() -> list[tuple[str, object, tuple[str, ...]]]:
    md = converter(False)
    found = []
    for name in list(md.inlinePatterns._data):
        pattern = md.inlinePatterns[name]
        needs = inline.needs(name, pattern)
        if needs is not None:
            found.append((name, pattern, needs))
    return found


def test_every_pattern_of_this_python_markdown_is_known():
    md = converter(False)
    assert {name for name, _, _ in known_patterns()} == set(md.inlinePatterns._data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.data())
def test_a_pattern_never_matches_text_without_what_it_needs(text, data):
    for name, pattern, needs in known_patterns():
        start = data.draw(st.integers(0, len(text)), label=name)
        if any(text.find(needle, start) >= 0 for needle in needs):
            continue
        assert pattern.compiled_re.search(text, start) is None, (name, text, start)


def test_the_fast_processor_replaces_only_python_markdowns_own():
    md = converter(True)
    assert type(md.treeprocessors["inline"]) is inline.InlineProcessor
    assert md.treeprocessors.get_index_for_name("inline") == \
        converter(False).treeprocessors.get_index_for_name("inline")

    class Other(treeprocessors.InlineProcessor):
        pass

    other = converter(False)
    other.treeprocessors.register(Other(other), "inline", 20)
    assert not inline.install(other)
    assert type(other.treeprocessors["inline"]) is Other


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus is not next to the checkout")
def test_corpus_articles_convert_to_the_same_html():
    plain, fast = converter(False), converter(True)
    paths = sorted(CORPUS.glob("*/*.md"))[::7]
    assert len(paths) > 500
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert fast.reset().convert(text) == plain.reset().convert(text), path
        assert fast.toc_tokens == plain.toc_tokens, path


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "`code`", "\\*", "[link](https://example.com)", "![img](a.png)", "[ref][1]", "[1]",
    "<https://example.com>", "<a@b.no>", "  \n", "<b>bold</b>", "&amp;", "&copy;", "*em*",
    "**strong**", "_em_", "__strong__", "***both***", "* ", "_", "`", "[", "<", "&", "\n\n",
    "# ", "- ", "> ", "| a | b |\n|---|---|\n| c | d |\n", "word ", "ord. ", "æøå ", "\t",
]), max_size=25))
def test_made_up_markdown_converts_to_the_same_html(parts):
    text = "".join(parts) + "\n\n[1]: https://example.org\n"
    plain, fast = converter(False), converter(True)
    assert fast.convert(text) == plain.convert(text)
    assert fast.toc_tokens == plain.toc_tokens
