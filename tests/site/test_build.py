"""`mkdocs build --strict` of the knowledge base: what the built pages hold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.site.helpers import LOCALES, PREFIX, ROOT, build, edit, site_config

ARTICLES = sorted(p.stem for p in (ROOT / "kb" / "nb-NO").glob("*.md"))


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def commands(html: str) -> list[str]:
    """The commands shown in ``html``, as text."""
    return [re.sub(r"<[^>]+>", "", found).replace("&#x27;", "'")
            for found in re.findall(r'<code class="kb-command">(.*?)</code>', html)]


def test_the_site_builds_strict_without_a_warning(built_site):
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    for locale in LOCALES:
        for name in [*ARTICLES, "betal-command-line", "topic-adm-o365", "404"]:
            assert f"{PREFIX[locale]}{name}.html" in pages, (locale, name)
    assert not [p for p in built_site.rglob("*") if p.suffix in (".py", ".pyc", ".po", ".mo")]
    assert not list(built_site.parent.glob(".site.*")), "a staging folder was left behind"
    assert not list(built_site.parent.glob(".site.nl-NL-*")), "a language's folder was left"


@pytest.mark.parametrize(("locale", "lang", "stemmer"), [("nb-NO", "nb-NO", "no"),
                                                         ("nl-NL", "nl-NL", "nl")])
def test_each_language_is_a_site_with_its_own_search_index(built_site, locale, lang, stemmer):
    prefix = PREFIX[locale]
    index = json.loads(read(built_site, f"{prefix}search/search_index.json"))
    assert index["config"]["lang"] == [stemmer]
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"{name}.html" for name in ARTICLES if name != "index"} <= locations
    for location in locations:  # every entry is a page of this language's site
        assert (built_site / prefix / (location or "index.html")).is_file(), location
    assert not [location for location in locations if location.startswith("nl-NL/")]
    assert f'<html lang="{lang}"' in read(built_site, f"{prefix}declined-credit-card.html")
    lunr = built_site / prefix / "assets" / "javascripts" / "lunr" / "min"
    assert (lunr / f"lunr.{stemmer}.min.js").is_file()


def test_pages_are_indexable_with_canonical_hreflang_and_a_description(built_site, site_url):
    nb = read(built_site, "declined-credit-card.html")
    nl = read(built_site, "nl-NL/declined-credit-card.html")
    assert 'name="robots"' not in nb and 'name="robots"' not in nl
    assert f'<link rel="canonical" href="{site_url}declined-credit-card.html">' in nb
    for html in (nb, nl):
        assert (f'<link rel="alternate" href="{site_url}declined-credit-card.html" '
                'hreflang="nb-NO">') in html
        assert (f'<link rel="alternate" href="{site_url}nl-NL/declined-credit-card.html" '
                'hreflang="nl-NL">') in html
    description = re.search(r'<meta name="description" content="([^"]+)">', nb).group(1)
    assert description.startswith("Hvis du betaler med kredittkort og betalingen blir avvist")
    assert len(description) <= 160


def test_no_names_of_the_source_organisations_people(built_site):
    people = {"cmcatee", "cmcatee-MSFT", "mnirkhe"}  # the seeds' authors and manager
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<meta name="author"' not in html, page
        assert not [name for name in people if name in html], page


def test_each_language_has_a_sitemap_with_its_translations_and_robots_txt_names_them(
        built_site, site_url):
    robots = read(built_site, "robots.txt")
    assert "User-agent: *\nAllow: /\n" in robots
    for locale in LOCALES:
        assert f"Sitemap: {site_url}{PREFIX[locale]}sitemap.xml" in robots
        sitemap = read(built_site, f"{PREFIX[locale]}sitemap.xml")
        assert f"<loc>{site_url}{PREFIX[locale]}declined-credit-card.html</loc>" in sitemap
        assert (f'hreflang="nl-NL" href="{site_url}nl-NL/manage-payment-methods.html"'
                in sitemap)
        assert "404.html" not in sitemap


def test_a_writer_can_still_keep_one_article_out_of_search_engines(kb_copy, tmp_path):
    edit(kb_copy / "nl-NL" / "payment-declined.md", "ms.topic: article",
         "ms.topic: article\nROBOTS: NOINDEX, NOFOLLOW")
    result = build(site_config(kb_copy.parent, kb_copy, site_url="https://help.test/"),
                   "--strict")
    assert result.returncode == 0, result.stderr
    site = kb_copy.parent / "site"
    html = read(site, "nl-NL/payment-declined.html")
    assert '<meta name="robots" content="NOINDEX, NOFOLLOW">' in html
    assert "nl-NL/payment-declined.html</loc>" not in read(site, "nl-NL/sitemap.xml")
    assert 'name="robots"' not in read(site, "payment-declined.html")


def test_the_language_switch_leads_to_the_same_page(built_site, site_url):
    for path in ("declined-credit-card.html", "topic-adm-o365.html", "betal-command-line.html",
                 "index.html"):
        nb, nl = read(built_site, path), read(built_site, f"nl-NL/{path}")
        target = "" if path == "index.html" else path  # a home page: the language's root
        for html in (nb, nl):
            assert (f'<a href="{site_url}nl-NL/{target}" hreflang="nl-NL" '
                    'class="md-select__link">') in html, path
            assert (f'<a href="{site_url}{target}" hreflang="nb-NO" '
                    'class="md-select__link">') in html, path


def test_every_action_link_is_a_command_block(built_site):
    for locale in LOCALES:
        for article in (ROOT / "kb" / locale).glob("*.md"):
            links = re.findall(r"\]\(action:([^)?]+)", article.read_text(encoding="utf-8"))
            html = read(built_site, f"{PREFIX[locale]}{article.stem}.html")
            assert 'href="action:' not in html
            assert re.findall(r'data-kb-action="([^"]+)"', html) == links, article


@pytest.mark.parametrize(("locale", "warning"), [
    ("nb-NO", "Dette endrer kontoen din. Kjør den først med <code>--preview</code>"),
    ("nl-NL", "Dit wijzigt uw account. Voer de opdracht eerst uit met <code>--preview</code>")])
def test_a_command_that_changes_the_account_is_shown_with_preview_first(built_site, locale,
                                                                        warning):
    html = read(built_site, f"{PREFIX[locale]}past-due-account.html")
    block = html[html.index('<span class="kb-action" data-kb-action="balance.settle">'):]
    block = block[:block.index("</p>")]
    assert f'kb-action__effect--changes">{warning}' in block
    shown = commands(block)
    run = "betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION"
    assert shown == [f"{run} --preview", run]


def test_a_card_number_is_never_a_parameter_of_a_command(built_site):
    html = read(built_site, "manage-payment-methods.html")
    block = html[html.index('data-kb-action="payment-method.add"'):]
    block = block[:block.index("</p>")]
    shown = commands(block)
    base = ("betal run payment-method.add --as ADMIN --param kind=credit-card "
            "--param expiry=MM/YY --param holder_name=HOLDER_NAME")
    assert shown == [f"{base} --preview", base, f"printf '%s\\n' NUMBER | {base}"]
    assert "kind er én av: credit-card, debit-card, bank-account." in block
    assert "Betal spør etter Kortnummer eller IBAN uten å vise det du skriver." in block
    for page in built_site.rglob("*.html"):
        assert "--param number=" not in page.read_text(encoding="utf-8")
        assert "--param security_code=" not in page.read_text(encoding="utf-8")


def test_learn_alerts_are_admonitions_titled_in_the_pages_language(built_site):
    nb = read(built_site, "manage-payment-methods.html")
    nl = read(built_site, "nl-NL/manage-payment-methods.html")
    for html, titles in ((nb, ("Viktig", "Obs!", "Tips")),
                         (nl, ("Belangrijk", "Opmerking", "Tip"))):
        for title in titles:
            assert f'<p class="admonition-title">{title}</p>' in html
        assert "[!NOTE]" not in html and "[!IMPORTANT]" not in html
    assert '<div class="admonition info important">' in nb


def test_procedures_are_tabs_admin_center_betal_and_the_command(built_site):
    html = read(built_site, "nl-NL/manage-payment-methods.html")
    labels = re.findall(r'<label for="__tabbed_\d+_\d+">(?:<a [^>]*>)?([^<]+)', html)
    assert labels[:3] == ["Beheercentrum", "Betal", "Opdrachtregel"], labels
    assert "Druk op <strong>3</strong> (Betaalmethoden)" in html


def test_the_chrome_speaks_the_pages_language(built_site):
    for locale, permalink, dark in (("nb-NO", "Permanent lenke", "Bytt til mørk modus"),
                                    ("nl-NL", "Permanente link",
                                     "Overschakelen naar donkere modus")):
        html = read(built_site, f"{PREFIX[locale]}manage-payment-methods.html")
        assert f'title="{permalink}"' in html and "Permanent link" not in html
        assert f'title="{dark}"' in html
        assert 'aria-label="Header"' not in html and 'aria-label="Footer"' not in html
    assert "·" not in "".join(p.read_text("utf-8") for p in built_site.rglob("*.html"))


def test_the_command_line_page_explains_the_placeholders_and_every_action(built_site):
    from engine.actions.registry import REGISTRY

    for locale, words, hint in (
            ("nb-NO", ("Ordene med store bokstaver", "Tillatte verdier"), "neste: betal run"),
            ("nl-NL", ("De woorden in hoofdletters", "Toegestane waarden"),
             "volgende stap: betal run")):
        html = read(built_site, f"{PREFIX[locale]}betal-command-line.html")
        for word in words:
            assert word in html
        for placeholder in ("ADMIN", "SUBSCRIPTION", "PAYMENT_METHOD"):
            assert f"<li><code>{placeholder}</code>" in html
        for action_id in REGISTRY:
            assert f'id="{action_id.replace(".", "-")}"' in html, action_id
            assert f'data-kb-action="{action_id}"' in html, action_id
        output = re.search(r'<pre><code class="language-text">(.*?)</code></pre>', html,
                           re.DOTALL)
        assert output and ("✓" in output.group(1) or "✗" in output.group(1))
        assert hint in output.group(1)  # one demo account, the example run in each language
    assert "<code>credit-card</code>, <code>debit-card</code>" in read(
        built_site, "betal-command-line.html")


@pytest.mark.parametrize(("path", "title", "stemmer"), [
    ("404.html", "Fant ikke siden", "no"), ("nl-NL/404.html", "Pagina niet gevonden", "nl")])
def test_each_language_has_a_translated_404_page_that_works_under_the_sub_path(
        built_site, site_url, path, title, stemmer):
    html = read(built_site, path)
    assert f"<h1>{title}</h1>" in html
    assert 'class="md-search"' in html
    root = site_url.split("//", 1)[1].split("/", 1)[1]  # help/
    folder = "nl-NL/" if path.startswith("nl-NL") else ""
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets and all(href.startswith(f"/{root}{folder}assets/")
                               for href in stylesheets), stylesheets
    assert re.search(rf'"base": "/{root}{folder}"', html) or f'"base":"/{root}{folder}"' in html


def test_the_site_needs_nothing_from_outside(built_site, site_url):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        external = [url for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"',
                                              html) if not url.startswith(site_url)]
        assert not external, (page, external)
        assert "fonts.googleapis" not in html


def test_one_language_after_the_other_builds_the_same_site(built_site, tmp_path, site_url):
    config = site_config(tmp_path, ROOT / "kb", site_url=site_url, jobs=1)
    result = build(config, "--strict")
    assert result.returncode == 0, result.stderr
    sequential = tmp_path / "site"
    names = sorted(p.relative_to(sequential).as_posix() for p in sequential.rglob("*")
                   if p.is_file())
    assert names == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
                           if p.is_file())
    for name in ("declined-credit-card.html", "nl-NL/manage-payment-methods.html",
                 "nl-NL/search/search_index.json", "sitemap.xml"):
        assert (sequential / name).read_bytes() == (built_site / name).read_bytes(), name


def test_translations_pair_by_assetid_when_the_file_names_differ(kb_copy):
    nl = kb_copy / "nl-NL"
    (nl / "declined-credit-card.md").rename(nl / "geweigerde-creditcard.md")
    for article in nl.glob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("declined-credit-card.md", "geweigerde-creditcard.md"),
                           encoding="utf-8")
    result = build(site_config(kb_copy.parent, kb_copy, site_url="https://help.test/"),
                   "--strict")
    assert result.returncode == 0, result.stderr
    site = kb_copy.parent / "site"
    assert ('href="https://help.test/nl-NL/geweigerde-creditcard.html" hreflang="nl-NL"'
            in read(site, "declined-credit-card.html"))
    assert ('href="https://help.test/declined-credit-card.html" hreflang="nb-NO"'
            in read(site, "nl-NL/geweigerde-creditcard.html"))


def test_a_warning_is_a_mkdocs_warning(kb_copy):
    for locale, label in (("nb-NO", "Nettleseren blokkerer informasjonskapsler"),
                          ("nl-NL", "De browser blokkeert cookies")):
        edit(kb_copy / locale / "manage-payment-methods.md",
             f"[{label}](action:browser.cookies) |", "– |")
    config = site_config(kb_copy.parent, kb_copy)
    relaxed = build(config, "--no-strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert re.search(r"WARNING +- +betal-kb: \S*/kb/nb-NO/manage-payment-methods.md:\d+:\d+: "
                     r"table-action ", relaxed.stderr), relaxed.stderr
    strict = build(config, "--strict")
    assert strict.returncode != 0 and "table-action" in strict.stderr


def test_the_plugins_script_is_one_shared_file_not_a_copy_in_every_page(built_site):
    for locale in ("nb-NO", "nl-NL"):
        script = read(built_site, f"{PREFIX[locale]}assets/betal-kb/kb.js")
        assert "md-feedback__note" in script
    page = read(built_site, "declined-credit-card.html")
    assert 'class="md-feedback"' in page and "md-feedback__note" not in page.split("</head>")[0]
