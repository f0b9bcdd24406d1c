"""`mkdocs build --strict` of the knowledge base: what the built pages hold."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.site.helpers import ROOT, build, edit, site_config


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_site_builds_strict_without_a_warning(built_site):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    articles = sorted(p.name for p in (ROOT / "kb" / "nb-NO").glob("*.md"))
    for locale, prefix in (("nb-NO", ""), ("nl-NL", "nl-NL/")):
        for name in articles:
            assert f"{prefix}{name[:-3]}.html" in pages, (locale, name)
    assert not [p for p in built_site.rglob("*") if p.suffix in (".py", ".pyc", ".po", ".mo")]
    assert not (built_site / "mkdocs_plugin").exists() and not (built_site / "rules").exists()
    assert not list(built_site.parent.glob(".site.*")), "a staging folder was left behind"


def test_each_page_has_its_language_robots_and_last_update(built_site):
    for path, lang, updated in (
            ("declined-credit-card.html", "nb-NO", "Sist oppdatert: <time datetime=\"2026-11-23\">"
             "23. november 2026</time>"),
            ("nl-NL/declined-credit-card.html", "nl-NL", "Laatst bijgewerkt: <time "
             "datetime=\"2026-11-23\">23 november 2026</time>")):
        html = read(built_site, path)
        assert f'<html lang="{lang}"' in html
        assert '<meta name="robots" content="NOINDEX, NOFOLLOW">' in html
        assert updated in html


def test_the_language_switcher_leads_to_the_same_article(built_site):
    nb = read(built_site, "declined-credit-card.html")
    nl = read(built_site, "nl-NL/declined-credit-card.html")
    assert 'href="nl-NL/declined-credit-card.html" hreflang="nl-NL"' in nb
    assert 'href="../declined-credit-card.html" hreflang="nb-NO"' in nl
    home = read(built_site, "nl-NL/index.html")
    assert 'href="../index.html" hreflang="nb-NO"' in home
    # the head has no <link rel=alternate>: Material would fetch a sitemap next to each
    assert '<link rel="alternate"' not in nb


def test_every_action_link_is_a_control_with_its_command(built_site):
    for locale, prefix in (("nb-NO", ""), ("nl-NL", "nl-NL/")):
        for article in (ROOT / "kb" / locale).glob("*.md"):
            links = re.findall(r"\]\(action:([^)?]+)", article.read_text(encoding="utf-8"))
            html = read(built_site, f"{prefix}{article.stem}.html")
            assert 'href="action:' not in html
            shown = re.findall(r'<code class="kb-action__command">betal run ([^ ]+) --as ADMIN',
                               html)
            assert shown == links, article


def test_learn_alerts_are_admonitions_titled_in_the_pages_language(built_site):
    nb = read(built_site, "manage-payment-methods.html")
    nl = read(built_site, "nl-NL/manage-payment-methods.html")
    for html, titles in ((nb, ("Viktig", "Obs!", "Tips")),
                         (nl, ("Belangrijk", "Opmerking", "Tip"))):
        for title in titles:
            assert f'<p class="admonition-title">{title}</p>' in html
        assert "[!NOTE]" not in html and "[!IMPORTANT]" not in html


def test_the_navigation_holds_home_and_sections_and_section_pages_list_articles(built_site):
    html = read(built_site, "payment-declined.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav></div>")]
    assert 'href="topics/adm-o365/index.html"' in nav and "Microsoft 365-administrasjon" in nav
    section = read(built_site, "topics/adm-o365/index.html")
    for article in ("declined-credit-card", "payment-declined", "past-due-account",
                    "manage-payment-methods"):
        assert f'href="../../{article}.html"' in section
    assert "Microsoft 365-beheer" in read(built_site, "nl-NL/topics/adm-o365/index.html")


def test_search_covers_both_languages_in_norwegian_and_dutch(built_site):
    index = json.loads(read(built_site, "search/search_index.json"))
    assert index["config"]["lang"] == ["no", "nl"]
    locations = [doc["location"] for doc in index["docs"]]
    assert "declined-credit-card.html" in locations
    assert "nl-NL/declined-credit-card.html" in locations
    assert not [location for location in locations if "topics/" in location]


def test_the_site_needs_nothing_from_outside(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"', html)
        assert not external, (page, external)
        assert "fonts.googleapis" not in html


def test_one_process_per_language_builds_the_same_site(built_site, tmp_path):
    config = site_config(tmp_path, ROOT / "kb", jobs=1)
    result = build(config, "--strict")
    assert result.returncode == 0, result.stderr
    sequential = tmp_path / "site"
    names = sorted(p.relative_to(sequential).as_posix() for p in sequential.rglob("*")
                   if p.is_file())
    assert names == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
                           if p.is_file())
    for name in ("declined-credit-card.html", "nl-NL/manage-payment-methods.html",
                 "search/search_index.json"):
        assert (sequential / name).read_bytes() == (built_site / name).read_bytes(), name


def test_translations_pair_by_assetid_when_the_file_names_differ(kb_copy):
    nl = kb_copy / "nl-NL"
    (nl / "declined-credit-card.md").rename(nl / "geweigerde-creditcard.md")
    for article in nl.glob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("declined-credit-card.md", "geweigerde-creditcard.md"),
                           encoding="utf-8")
    result = build(site_config(kb_copy.parent, kb_copy), "--strict")
    assert result.returncode == 0, result.stderr
    site = kb_copy.parent / "site"
    assert ('href="nl-NL/geweigerde-creditcard.html" hreflang="nl-NL"'
            in read(site, "declined-credit-card.html"))
    assert ('href="../declined-credit-card.html" hreflang="nb-NO"'
            in read(site, "nl-NL/geweigerde-creditcard.html"))


def test_the_next_build_with_a_warm_check_cache_pairs_translations_alike(kb_copy):
    config = site_config(kb_copy.parent, kb_copy)
    site = kb_copy.parent / "site"
    for _ in range(2):  # the second build finds the check's report in the cache
        result = build(config, "--strict")
        assert result.returncode == 0, result.stderr
        for name in ("declined-credit-card", "manage-payment-methods"):
            assert f'href="nl-NL/{name}.html" hreflang="nl-NL"' in read(site, f"{name}.html")
            assert (f'href="../{name}.html" hreflang="nb-NO"'
                    in read(site, f"nl-NL/{name}.html"))
    assert (kb_copy.parent / ".betal-cache").is_dir()


def test_a_warning_is_a_mkdocs_warning(kb_copy):
    for locale, label in (("nb-NO", "Nettleseren blokkerer informasjonskapsler"),
                          ("nl-NL", "De browser blokkeert cookies")):
        edit(kb_copy / locale / "manage-payment-methods.md",
             f"[{label}](action:browser.cookies) |", "– |")
    config = site_config(kb_copy.parent, kb_copy)
    relaxed = build(config, "--no-strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert re.search(r"WARNING +- +betal-kb: \S*/kb/nb-NO/manage-payment-methods.md:136:\d+: "
                     r"table-action ", relaxed.stderr), relaxed.stderr
    strict = build(config, "--strict")
    assert strict.returncode != 0 and "table-action" in strict.stderr


def test_a_large_sections_articles_show_it_current_in_the_navigation(kb_copy, browser):
    """With its articles out of the navigation, a section is its page there: marked current
    on their pages, with no empty list under it, so that the menu of a narrow screen opens
    on the sections rather than on an empty list."""
    result = build(site_config(kb_copy.parent, kb_copy, nav_articles=2), "--strict")
    assert result.returncode == 0, result.stderr
    site = kb_copy.parent / "site"
    html = read(site, "declined-credit-card.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav></div>")]
    assert ('<li class="md-nav__item md-nav__item--active"><a href="topics/adm-o365/index.html"'
            ' class="md-nav__link">') in nav
    assert 'data-md-level="1"' not in nav and "declined-credit-card.html" not in nav
    section = read(site, "topics/adm-o365/index.html")  # the section's own page: current
    assert "md-nav__link--active" in section
    assert '<a href="topics/adm-o365/index.html" class="md-path__link">' in html  # crumbs
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto((site / "declined-credit-card.html").as_uri())
    tab.locator('label.md-header__button[for="__drawer"]').click()
    current = tab.locator(".md-nav--primary .md-nav__item--active > .md-nav__link")
    current.wait_for()
    assert current.inner_text().strip() == "Microsoft 365-administrasjon"
    assert current.is_visible()
    context.close()
