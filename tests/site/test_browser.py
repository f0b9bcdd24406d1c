"""The built site in headless Chromium, served under a sub-path on localhost, at 1280x900
and at 390x844: what a reader does with it.

Every test fails on a console error, a script error or a failed request (see the `page`
fixture). The link check reads the built files: every internal link of every page leads
to a file that exists, and to an id that exists in it.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

NB_TITLES = {"card": "Avvist kredittkort", "payment": "Avvist betaling",
             "methods": "Administrere betalingsmåter"}


def search(tab, query: str) -> list[tuple[str, str]]:
    """(title, address) of the search's results for ``query``, typed as a reader does."""
    opener = tab.locator('label.md-header__button[for="__search"]')
    if opener.is_visible():  # a narrow screen: the search opens from its button
        opener.click()
    else:
        tab.locator("input.md-search__input").click()
    tab.keyboard.type(query)
    tab.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    tab.wait_for_timeout(500)  # the worker answers each keystroke; let the last one land
    return [tuple(found) for found in tab.evaluate("""() => [...document.querySelectorAll(
        ".md-search-result__item > .md-search-result__link")].filter(a => a.querySelector("h1"))
        .map(a => [a.querySelector("h1").textContent.trim(), a.getAttribute("href")])""")]


@pytest.mark.parametrize(("query", "wanted"), [
    ("kortene", NB_TITLES["card"]),
    ("betalingene", NB_TITLES["payment"]),
    ("avviste", NB_TITLES["payment"]),
])
def test_norwegian_search_stems_and_stays_norwegian(page, query, wanted):
    tab = page.open("")
    results = search(tab, query)
    assert wanted in [title for title, _ in results], (query, results)
    assert not [href for _, href in results if "/nl-NL/" in href], results


def test_dutch_search_finds_for_creditcards_what_it_finds_for_creditcard(page):
    found = {}
    for query in ("creditcard", "creditcards"):
        tab = page.open("nl-NL/")
        found[query] = {title for title, _ in search(tab, query)}
    assert "Geweigerde creditcard" in found["creditcard"]
    assert found["creditcards"] == found["creditcard"]


def test_dutch_search_shows_no_norwegian_page(page):
    tab = page.open("nl-NL/manage-payment-methods.html")
    results = search(tab, "betaling")
    assert results
    assert all("/help/nl-NL/" in href for _, href in results), results


def switch_language(tab, language: str) -> None:
    tab.locator(".md-header__option .md-select button").first.click()
    tab.locator(f'a.md-select__link[hreflang="{language}"]').click()


@pytest.mark.parametrize(("start", "language", "target"), [
    ("manage-payment-methods.html#replace-payment-method", "nl-NL",
     "nl-NL/manage-payment-methods.html#replace-payment-method"),
    ("nl-NL/topic-adm-o365.html", "nb-NO", "topic-adm-o365.html"),
    ("betal-command-line.html#balance-settle", "nl-NL",
     "nl-NL/betal-command-line.html#balance-settle"),
])
def test_switching_language_keeps_the_page_and_the_anchor(page, start, language, target):
    tab = page.open(start)
    switch_language(tab, language)
    tab.wait_for_url(page.base + target)
    tab.wait_for_load_state("networkidle")
    assert tab.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize(("missing", "title", "query", "result"), [
    ("no-such-page.html", "Fant ikke siden", "kredittkort", "Avvist kredittkort"),
    ("nl-NL/geen-pagina.html", "Pagina niet gevonden", "creditcard", "Geweigerde creditcard"),
])
def test_a_missing_page_is_a_404_in_its_language_with_a_search_that_works(
        desktop, missing, title, query, result):
    desktop.expected_404.add(desktop.base + missing)
    tab = desktop.open(missing)
    assert tab.locator("h1").inner_text() == title
    results = search(tab, query)
    titles = [found for found, _ in results]
    assert result in titles
    href = dict(results)[result]
    tab.locator(".md-search-result__item > .md-search-result__link", has_text=result).first \
        .click()
    tab.wait_for_load_state("networkidle")
    assert tab.url.split("?")[0].split("#")[0] == desktop.base + (
        "nl-NL/" if missing.startswith("nl-NL") else "") + "declined-credit-card.html", href
    home = desktop.open(missing).locator("article a").last
    home.click()
    tab.wait_for_load_state("networkidle")
    home_url = desktop.base + ("nl-NL/" if missing.startswith("nl-NL") else "")
    assert tab.url in (home_url, home_url + "index.html")


def test_a_command_block_shows_its_warning_and_copies_its_command(page):
    tab = page.open("past-due-account.html")
    tab.locator("label", has_text="Kommandolinjen").first.click()
    block = tab.locator('.kb-action[data-kb-action="balance.settle"]').first
    warning = block.locator(".kb-action__effect--changes")
    assert warning.is_visible()
    assert warning.inner_text().startswith("Dette endrer kontoen din.")
    commands = block.locator(".kb-command")
    run = "betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION"
    assert commands.all_inner_texts() == [f"{run} --preview", run]
    block.locator(".kb-action__copy").first.click()
    tab.locator(".md-dialog", has_text="Kopiert til utklippstavlen").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == f"{run} --preview"


def test_commands_wrap_at_spaces_and_stay_on_a_phone_screen(browser, server):
    from tests.site.conftest import PHONE, Page

    context = browser.new_context(viewport=PHONE)
    tab = Page(context.new_page(), server).open("manage-payment-methods.html")
    for label in tab.locator("label", has_text="Kommandolinjen").all():
        label.click()
    broken = tab.evaluate("""() => {
        const found = [];
        for (const code of document.querySelectorAll(".kb-command")) {
            if (!code.offsetParent) continue;  // in a tab not shown
            if (code.scrollWidth > code.clientWidth + 1)
                found.push("overflows: " + code.textContent);
            for (const word of code.querySelectorAll("span")) {
                const tops = new Set([...word.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) found.push("broken: " + word.textContent);
            }
            if (code.getBoundingClientRect().right > window.innerWidth) found.push("off screen");
        }
        return found;
    }""")
    shown = tab.locator(".kb-command:visible").count()
    context.close()
    assert shown >= 6
    assert not broken, broken


def test_dark_mode_toggle_switches_the_palette(page):
    tab = page.open("nl-NL/index.html")
    toggle = tab.locator('label[title="Overschakelen naar donkere modus"]')
    toggle.click()
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "slate"
    tab.locator('label[title="Overschakelen naar lichte modus"]').click()
    assert tab.locator("body").get_attribute("data-md-color-scheme") == "default"


def test_was_this_page_helpful_leads_to_support(page):
    tab = page.open("declined-credit-card.html")
    form = tab.locator("form.md-feedback")
    form.wait_for()
    assert form.locator(".md-feedback__title").inner_text() == "Var denne siden nyttig?"
    form.locator('button[data-md-value="0"]').click()
    note = form.locator('.md-feedback__note [data-md-value="0"]')
    assert note.is_visible()
    link = note.locator("a")
    assert link.get_attribute("href").endswith("/help/betal-command-line.html#support-contact")
    link.click()
    tab.wait_for_load_state("networkidle")
    assert tab.locator('.kb-action[data-kb-action="support.contact"]').first.is_visible()


def test_every_page_shows_a_way_to_contact_support(page):
    tab = page.open("nl-NL/payment-declined.html")
    link = tab.locator(".kb-support a")
    assert link.inner_text() == ("Komt u er nog steeds niet uit? Neem contact op met de "
                                 "ondersteuning")
    assert link.is_visible()
    link.click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == page.base + "nl-NL/betal-command-line.html#support-contact"


def test_links_look_like_links_and_alerts_differ(desktop):
    tab = desktop.open("manage-payment-methods.html")
    link = tab.locator("article p a", has_text="Endre betalingsmåte for et enkeltabonnement")
    assert "underline" in link.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    colour = {kind: tab.locator(f".admonition.{kind} > .admonition-title").first.evaluate(
        "e => getComputedStyle(e.parentElement).borderLeftColor") for kind in ("important",
                                                                              "note")}
    assert colour["important"] != colour["note"]


def test_previous_and_next_say_what_they_show(desktop):
    tab = desktop.open("payment-declined.html")
    for link in tab.locator(".md-footer__link").all():
        label = link.get_attribute("aria-label")
        text = " ".join(link.inner_text().split())
        assert label.replace(":", "").split() == text.replace(":", "").split(), (label, text)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.mark.parametrize("path", ["", "declined-credit-card.html", "manage-payment-methods.html",
                                  "topic-adm-o365.html", "betal-command-line.html", "404.html",
                                  "nl-NL/", "nl-NL/past-due-account.html",
                                  "nl-NL/betal-command-line.html", "nl-NL/404.html"])
def test_axe_finds_no_violation(page, path):
    from axe_playwright_python.sync_playwright import Axe

    tab = page.open(path)
    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}: "
                  f"{v['nodes'][0]['target']})" for v in results.response["violations"]]
    assert not violations, "\n".join(violations)


# -- the link check -------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(values[name])


def test_no_internal_link_is_broken(built_site: Path, site_url):
    parsed = {}
    for page in built_site.rglob("*.html"):
        reader = _Links()
        reader.feed(page.read_text(encoding="utf-8"))
        parsed[page.relative_to(built_site).as_posix()] = reader
    root = urlsplit(site_url).path
    broken = []
    for source, reader in parsed.items():
        for link in reader.links:
            if link.startswith(site_url):  # absolute: the path from the host's root
                link = link[len(site_url) - len(root):]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):  # from the host's root: under the sub-path
                assert path.startswith(root), (source, link)
                target = path[len(root):] or "index.html"
            elif path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
            else:
                target = source
            if target.endswith("/") or (built_site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (built_site / target).is_file():
                broken.append(f"{source}: {link}")
            elif parts.fragment and target in parsed and unquote(parts.fragment) not in \
                    parsed[target].ids:
                broken.append(f"{source}: {link} (no such anchor)")
    assert len(parsed) > 10
    assert not broken, "\n".join(broken)


def test_the_articles_links_are_real_links_in_the_site(built_site):
    html = (built_site / "declined-credit-card.html").read_text(encoding="utf-8")
    assert 'href="past-due-account.html#settle-balance"' in html
    assert re.search(r'href="betal-command-line.html#placeholders"', html)
