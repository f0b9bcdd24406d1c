"""The page chrome the plugin makes lighter: icons the stylesheet paints, parts rendered once
per build."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, TemplateNotFound

from kb.mkdocs_plugin import chrome, fragments
from kb.mkdocs_plugin.assets import needed_lunr
from kb.mkdocs_plugin.icons import CHROME, IconLoader, Icons, chrome_icons, css_class


def material_dirs() -> list[str]:
    return [fragments.material_templates()]


def test_the_chrome_icons_follow_the_theme_configuration():
    names = chrome_icons({"icon": {"logo": "material/credit-card-check-outline"}})
    assert "material/credit-card-check-outline" in names
    assert "material/library" not in names
    assert set(CHROME.values()) - {"material/library"} <= set(names)
    # a logo image is no icon; an icon Material turns into CSS stays SVG text
    names = chrome_icons({"logo": "logo.png", "icon": {
        "admonition": {"note": "material/magnify"}}})
    assert "material/library" not in names and "material/magnify" not in names


def test_an_icon_include_is_a_sized_placeholder_and_the_stylesheet_paints_it():
    icons = Icons(material_dirs(), ["material/magnify", "material/arrow-left"])
    env = Environment(loader=IconLoader(icons))
    placeholder = env.get_template(".icons/material/magnify.svg").render()
    assert placeholder == ('<svg viewBox="0 0 24 24" class="kb-icon '
                           'kb-icon--material-magnify"></svg>')
    css = icons.css()
    assert ".kb-icon{" in css and "mask:var(--kb-icon)" in css
    rule = re.search(r"\.kb-icon--material-magnify\{--kb-icon:url\(\"([^\"]+)\"\)\}", css)
    assert rule and rule.group(1).startswith("data:image/svg+xml;charset=utf-8,%3Csvg")
    assert '"' not in rule.group(1) and "<" not in rule.group(1)


def test_other_icons_are_left_to_the_theme():
    icons = Icons(material_dirs(), ["material/magnify", "material/no-such-icon"])
    assert list(icons.svg) == ["material/magnify"]
    env = Environment(loader=IconLoader(icons))
    for name in (".icons/material/close.svg", ".icons/material/no-such-icon.svg",
                 "partials/header.html"):
        with pytest.raises(TemplateNotFound):  # the next loader's turn
            env.get_template(name)


def test_a_once_block_renders_once_per_key_in_a_build():
    calls = []
    env = Environment(loader=DictLoader({
        "page.html": '{% call kb_once("part", base) %}{{ count() }}:{{ base }}{% endcall %}'}))
    env.globals["count"] = lambda: calls.append(1) or len(calls)
    env.globals["kb_once"] = fragments.Fragments(set()).once
    template = env.get_template("page.html")
    assert [template.render(base=base) for base in (".", ".", "..", ".")] == \
        ["1:.", "1:.", "2:..", "1:."]
    assert len(calls) == 2
    env.globals["kb_once"] = fragments.Fragments(set()).once  # the next build starts afresh
    assert template.render(base=".") == "3:."


def test_built_pages_carry_no_inline_icons_and_each_placeholder_has_its_rule(
        built_site: Path):
    css = (built_site / "assets" / "betal-kb" / "kb.css").read_text(encoding="utf-8")
    for path in ("declined-credit-card.html", "nl-NL/index.html", "topics/adm-o365/index.html",
                 "404.html"):
        html = (built_site / path).read_text(encoding="utf-8")
        assert "<path" not in html, path
        used = set(re.findall(r'class="kb-icon (kb-icon--[a-z0-9-]+)"', html))
        assert used, path
        for name in used:
            assert f".{name}{{--kb-icon:" in css, (path, name)
    assert css_class("material/credit-card-check-outline") in css  # mkdocs.yml's logo


def test_the_search_worker_gets_the_language_files_it_loads():
    assert needed_lunr(["no", "nl"]) == {
        "min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js", "min/lunr.no.min.js",
        "min/lunr.nl.min.js"}
    assert needed_lunr(["en"]) == {"min/lunr.stemmer.support.min.js"}
    assert {"tinyseg.js", "wordcut.js", "min/lunr.ja.min.js"} <= needed_lunr(["ja", "th"])


def test_the_site_holds_the_theme_files_its_pages_load_and_not_the_others(built_site: Path):
    lunr = built_site / "assets" / "javascripts" / "lunr"
    assert sorted(p.relative_to(lunr).as_posix() for p in lunr.rglob("*") if p.is_file()) \
        == sorted(needed_lunr(["no", "nl"]))
    assert not list(built_site.rglob("*.map"))
    for path in ("assets/javascripts/workers", "assets/images/favicon.png",
                 "assets/stylesheets/palette.fb2fffe2.min.css"):
        assert (built_site / path).exists(), path
    loaded = set()
    for page in ("index.html", "nl-NL/declined-credit-card.html", "404.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        loaded.update(re.findall(r'(?:src|href)="(?:\.\./)*(assets/[^"]+)"', html))
    assert loaded and all((built_site / path).is_file() for path in loaded), loaded


def test_parts_rendered_once_still_lead_home_from_every_folder(built_site: Path):
    """The header, breadcrumbs and head are partly shared between pages: every page's logo
    and first breadcrumb lead to its own language's home page, its stylesheets to the
    site's."""
    for page in built_site.rglob("*.html"):
        path = page.relative_to(built_site).as_posix()
        if path == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        home = "nl-NL/index.html" if path.startswith("nl-NL/") else "index.html"
        logo = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-header__button md-logo"',
                         html).group(1)
        assert posixpath.normpath(posixpath.join(posixpath.dirname(path), logo)) == home, path
        crumbs = re.findall(r'<a href="([^"]+)" class="md-path__link">', html)
        if crumbs:
            first = posixpath.normpath(posixpath.join(posixpath.dirname(path), crumbs[0]))
            assert first == home, (path, crumbs)
        css = re.search(r'<link rel="stylesheet" href="([^"]+main\.[0-9a-f]+\.min\.css)">',
                        html).group(1)
        assert posixpath.normpath(posixpath.join(posixpath.dirname(path), css)).startswith(
            "assets/stylesheets/"), path


def test_the_search_box_and_settings_are_rendered_once_and_addressed_from_the_root():
    script = chrome.ChromeScript("nl-NL")
    renders = []

    def search():
        renders.append("search")
        return '<div class="md-search">\n    <input placeholder="Zoeken">\n</div>\n'

    def settings(base):
        prefix = "" if base == "." else base + "/"
        return ('<script id="__config" type="application/json">{"base": "' + base
                + '", "search": "' + prefix + 'assets/javascripts/workers/search.js", '
                '"translations": {}}</script>')

    assert script.script() is None  # nothing rendered yet: nothing to write
    assert script.search_box("../..", caller=search) == \
        '<script src="../../assets/betal-kb/chrome-nl-NL.js"></script>'
    assert script.search_box(".", caller=search) == \
        '<script src="assets/betal-kb/chrome-nl-NL.js"></script>'
    assert script.settings("../..", caller=lambda: settings("../..")) == ""
    assert script.settings(".", caller=lambda: settings(".")) == ""
    assert renders == ["search"]
    text = script.script()
    assert '"<div class=\\"md-search\\">\\n<input placeholder=\\"Zoeken\\">\\n</div>"' in text
    assert '{"base": ".", "search": "assets/javascripts/workers/search.js", ' in text


def test_pages_load_their_languages_chrome_script_instead_of_carrying_it(built_site: Path):
    for language, placeholder in (("nb-NO", "Søk"), ("nl-NL", "Zoeken")):
        text = (built_site / chrome.path(language)).read_text(encoding="utf-8")
        literal = re.search(r'insertAdjacentHTML\("beforebegin", (".*")\);\n', text).group(1)
        assert f'placeholder="{placeholder}"' in json.loads(literal), language
    for page in built_site.rglob("*.html"):
        path = page.relative_to(built_site).as_posix()
        html = page.read_text(encoding="utf-8")
        assert "md-search__form" not in html and 'id="__config"' not in html, path
        assert "__tabbed_" not in html, path  # no tabs in this Markdown: not their script
        sources = re.findall(r'<script src="([^"]*chrome-[^"]+)"></script>', html)
        language = "nl-NL" if path.startswith("nl-NL/") else "nb-NO"
        assert len(sources) == 1, path
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), sources[0]))
        assert target.lstrip("/") == chrome.path(language), path  # 404.html: from the root
