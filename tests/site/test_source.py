"""Front matter read by the knowledge base's reader gives MkDocs what PyYAML would."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta as mkdocs_meta

from kb.mkdocs_plugin import source

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "alchemy-insights"
SEEDS = Path(__file__).resolve().parents[2] / "kb"


def same(text: str) -> None:
    expected = mkdocs_meta.get_data(text)
    got = source.get_data(text)
    assert got == expected
    # the same types too: 1 == True and "1" != 1, but a date is not its text
    assert {k: type(v) for k, v in got[1].items()} == {k: type(v) for k, v in expected[1].items()}


def test_an_article_header_is_read_by_the_line_reader(monkeypatch):
    text = ("---\ntitle: Betal med kort\nms.date: 11/23/2026\nms.collection:\n"
            "  - billing\n  - 'kort'\nROBOTS: NOINDEX, NOFOLLOW\nms.custom: \"\"\n"
            "empty:\n---\n\n# Betal\n")
    monkeypatch.setattr(mkdocs_meta, "get_data", None)  # any fallback would fail
    markdown, meta = source.get_data(text)
    assert markdown == "# Betal\n"
    assert meta == {"title": "Betal med kort", "ms.date": "11/23/2026",
                    "ms.collection": ["billing", "kort"], "ROBOTS": "NOINDEX, NOFOLLOW",
                    "ms.custom": "", "empty": None}


@pytest.mark.parametrize("text", [
    "---\nsearch: no\n---\nbody\n",  # a boolean in YAML 1.1
    "---\non: x\n---\nbody\n",
    "---\nlist:\n  - Off\n---\nbody\n",
    "---\ndate: 2026-11-23\n---\nbody\n",  # a date
    "---\ntitle: a\u2028b\n---\nbody\n",  # a line break in YAML 1.1
    "---\nsearch:\n  exclude: true\n---\nbody\n",  # a mapping
    "---\nbroken: [a\n---\nbody\n",  # an error: MkDocs keeps the header in the Markdown
    "---\n- a\n---\nbody\n",  # not a mapping
    "---\nkey: value\n---",  # not closed by a line break
    "key: value\nother: x\n\nbody\n",  # MultiMarkdown metadata
    "no header\n",
])
def test_what_the_line_reader_does_not_take_goes_to_mkdocs(text):
    same(text)


LINES = st.sampled_from([
    "title: Kort avvist", "title: 'it''s'", 'title: "quoted"', "n: 12", "n: 012", "n: 1.5",
    "flag: yes", "flag: No", "flag: ON", "flag: true", "v: ~", "v: null", "v:", "when: 2026-11-23",
    "time: 1:20", "list:", "  - item", "- item", "  - yes", "  - 7", "# comment", "",
    "key: a # comment", "key: a#b", "key: C# and F#", "ms.topic: article",
    "dup: first", "dup: second", "x: 'yes'", 'x: "off"', "bad: [a", "tab:\tx", "k: v: w",
    "  indented: x", "key: -x", "æøå: ÆØÅ", "sp:   many   spaces  ", "url: https://a.b/c?d=e",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=10), st.sampled_from(["---", "..."]))
def test_made_up_headers_read_as_pyyaml_reads_them(lines, end):
    same("---\n" + "".join(line + "\n" for line in lines) + end + "\n\n# Body\ntext\n")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus is not next to the checkout")
def test_every_corpus_article_reads_as_pyyaml_reads_it():
    paths = sorted(CORPUS.glob("*/*.md"))
    assert len(paths) > 5000
    for path in paths:
        same(path.read_text(encoding="utf-8-sig"))


def test_the_knowledge_base_reads_as_pyyaml_reads_it():
    paths = sorted(SEEDS.glob("*-*/**/*.md"))
    assert paths
    for path in paths:
        same(path.read_text(encoding="utf-8-sig"))


def test_the_plugin_has_every_page_read_its_front_matter_so(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from tests.site.helpers import knowledge_base, site_config

    docs = knowledge_base(tmp_path)
    config = load_config(str(site_config(tmp_path, docs)))
    files = get_files(config)
    plugin = config.plugins["betal-kb"]
    pyyaml = mkdocs_meta.get_data
    fallbacks = []
    monkeypatch.setattr(mkdocs_meta, "get_data",
                        lambda text: fallbacks.append(text) or pyyaml(text))
    pages = files.documentation_pages()
    assert len(pages) >= 10  # the seeds and home pages in both languages
    for file in pages:
        page = plugin.on_pre_page(Page(None, file, config), config=config, files=files)
        assert "read_source" in vars(page)
        page.read_source(config)
        assert "read_source" not in vars(page)  # the page's own method again
        assert (page.markdown, page.meta) == pyyaml(file.content_string), file.src_uri
    assert fallbacks == []  # every article of the knowledge base is in the subset
