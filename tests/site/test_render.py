"""One Markdown converter for a whole build renders every page as MkDocs' own does."""

from __future__ import annotations

import json
import logging
import re

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from kb.mkdocs_plugin.render import Renderer, available
from tests.site.helpers import build, edit, knowledge_base, site_config

TRICKY = """---
title: Tricky
---
# Heading {: #own-id }

Text with a [link](declined-credit-card.md#settle-balance), a [missing](nowhere.md) one
and <a name="raw-anchor"></a> raw HTML.

Inline: `code` and ``two `ticks` `` and \\`not code`, \\*escaped\\*, *em*, **strong**,
_under_ and __bold__, snake_case_names, 2 * 3 * 4, <https://example.com/a?b=c>,
<help@example.com>, &amp; &#169; &copy;, a line\x20\x20
break, ![an image](img.png), [a reference][ref], [ref], ![ref], <b>bold</b> and a lone <.

[ref]: https://example.com/ref

!!! note "Note"
    Inside.

| a | b |
|---|---|
| 1 | 2 |

## Heading

## Heading
"""


def test_every_page_renders_the_same_as_with_mkdocs_own_converter(tmp_path, caplog):
    assert available()
    docs = knowledge_base(tmp_path)
    (docs / "nb-NO" / "zz-tricky.md").write_text(TRICKY, encoding="utf-8")
    config = load_config(str(site_config(tmp_path, docs)))
    files = get_files(config)
    paths = sorted(file.src_uri for file in files.documentation_pages())
    paths.remove("nb-NO/zz-tricky.md")
    paths.append("nb-NO/zz-tricky.md")  # last: mine and theirs are left to look at
    assert len(paths) > 10
    renderer = Renderer(config)
    for path in paths * 2:  # the second round after the converter has seen them all
        mine, theirs = (Page(None, files.get_file_from_path(path), config) for _ in range(2))
        for page in (mine, theirs):
            page.read_source(config)
        with caplog.at_level(logging.WARNING):
            caplog.clear()
            theirs.render(config, files)
            expected_log = [record.getMessage() for record in caplog.records]
            caplog.clear()
            renderer.attach(mine)
            mine.render(config, files)
            assert [record.getMessage() for record in caplog.records] == expected_log
        assert "render" not in vars(mine)  # the page's own method again
        assert mine.content == theirs.content, path
        assert [(item.id, item.title, item.level) for item in mine.toc] == \
            [(item.id, item.title, item.level) for item in theirs.toc], path
        assert mine.title == theirs.title
        assert mine.present_anchor_ids == theirs.present_anchor_ids
        assert mine.links_to_anchors == theirs.links_to_anchors
    assert expected_log  # the missing link's warning, from both
    tricky_html = mine.content
    assert 'id="own-id"' in tricky_html and 'id="heading_1"' in tricky_html
    for made in ("<code>code</code>", "<em>em</em>", "<strong>strong</strong>", "<br />",
                 "&amp;", '<img alt="an image"', 'href="https://example.com/ref"',
                 "<b>bold</b>", 'href="https://example.com/a?b=c"'):
        assert made in tricky_html, made  # every kind of inline pattern had its turn


def _files(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_next_build_takes_unchanged_pages_from_the_cache_and_builds_the_same_site(kb_copy):
    config = site_config(kb_copy.parent, kb_copy)
    site = kb_copy.parent / "site"
    cache = kb_copy.parent / ".betal-cache"
    first = build(config, "--strict")
    assert first.returncode == 0, first.stderr
    cold = _files(site)
    assert sorted(p.name[:len("site-render-nb-NO")] for p in cache.glob("site-render-*")) == [
        "site-render-nb-NO", "site-render-nl-NL"]
    second = build(config, "--strict")
    assert second.returncode == 0, second.stderr
    assert _files(site) == cold
    # without the cache, the same again
    (kb_copy.parent / "uncached").mkdir()
    uncached = site_config(kb_copy.parent / "uncached", kb_copy, render_cache=False)
    assert build(uncached, "--strict").returncode == 0
    assert _files(kb_copy.parent / "uncached" / "site") == cold
    assert not list((kb_copy.parent / "uncached" / ".betal-cache").glob("site-render-*"))


def test_a_changed_article_is_converted_again(kb_copy):
    config = site_config(kb_copy.parent, kb_copy)
    site = kb_copy.parent / "site"
    assert build(config, "--strict").returncode == 0
    edit(kb_copy / "nl-NL" / "declined-credit-card.md", "# Geweigerde creditcard",
         "# Geweigerde *bank*kaart")
    result = build(config, "--strict")
    assert result.returncode == 0, result.stderr
    html = (site / "nl-NL" / "declined-credit-card.html").read_text(encoding="utf-8")
    assert "Geweigerde <em>bank</em>kaart" in html
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]
              if doc["location"] == "nl-NL/declined-credit-card.html"}
    assert titles == {"Geweigerde bankkaart"}, titles


def test_a_cached_page_logs_its_warnings_again_and_a_strict_build_still_fails(kb_copy):
    edit(kb_copy / "nb-NO" / "declined-credit-card.md", "\n## ",
         "\nSe [den andre siden](nowhere.md).\n\n## ")
    config = site_config(kb_copy.parent, kb_copy, checks="off")
    warning = re.compile(r"WARNING +- +Doc file 'nb-NO/declined-credit-card.md' contains a "
                         r"link 'nowhere.md', but the target '[^']+' is not found")
    for _ in range(2):  # the second build takes the page from the cache
        relaxed = build(config, "--no-strict")
        assert relaxed.returncode == 0, relaxed.stderr
        assert warning.search(relaxed.stderr), relaxed.stderr
    strict = build(config, "--strict")
    assert strict.returncode != 0 and warning.search(strict.stderr), strict.stderr
    # a new page can be the target of a link in an unchanged one: nothing is reused
    (kb_copy / "nb-NO" / "nowhere.md").write_text("# Ingen steder\n", encoding="utf-8")
    fixed = build(config, "--strict")
    assert fixed.returncode == 0, fixed.stderr
    html = (kb_copy.parent / "site" / "declined-credit-card.html").read_text(encoding="utf-8")
    assert '<a href="nowhere.html">den andre siden</a>' in html


def test_an_entry_of_nothing_is_an_entry_and_another_build_starts_afresh(tmp_path):
    """A page the search leaves out has no search entries: that too is reused; a cache of
    another build (here: another page's address) is not."""
    from types import SimpleNamespace

    from kb.mkdocs_plugin.render import RenderCache

    config = {"markdown_extensions": ["toc"], "mdx_configs": {}, "use_directory_urls": False}
    files = [SimpleNamespace(src_uri="nb-NO/a.md", url="a.html")]
    path = str(tmp_path / "cache.pickle")
    first = RenderCache(path)
    first.open(config, files)
    assert first.get("page") is None
    first.put("page", ())
    first.save()
    again = RenderCache(path)
    again.open(config, files)
    assert again.get("page") == () and again.hits == 1
    assert again.get("other") is None
    moved = RenderCache(path)
    moved.open(config, [SimpleNamespace(src_uri="nb-NO/a.md", url="a/index.html")])
    assert moved.get("page") is None


def test_a_new_version_of_the_plugin_renders_pages_anew(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from kb.mkdocs_plugin import render

    config = {"markdown_extensions": ["toc"], "mdx_configs": {}, "use_directory_urls": False}
    files = [SimpleNamespace(src_uri="nb-NO/a.md", url="a.html")]
    path = str(tmp_path / "cache.pickle")
    first = render.RenderCache(path)
    first.open(config, files)
    first.put("page", ("<p>old</p>",))
    first.save()
    monkeypatch.setattr(render, "_plugin_code", lambda: "another version")
    upgraded = render.RenderCache(path)
    upgraded.open(config, files)
    assert upgraded.get("page") is None
