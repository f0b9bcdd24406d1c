"""One Markdown converter for a whole build renders every page as MkDocs' own does."""

from __future__ import annotations

import logging

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from kb.mkdocs_plugin.render import Renderer, available
from tests.site.helpers import knowledge_base, site_config

TRICKY = """---
title: Tricky
---
# Heading {: #own-id }

Text with a [link](declined-credit-card.md#settle-balance), a [missing](nowhere.md) one
and <a name="raw-anchor"></a> raw HTML.

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
