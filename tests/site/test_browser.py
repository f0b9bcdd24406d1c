"""The built site in headless Chromium, served on localhost: what a reader does with it.

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

from tests.site.helpers import ROOT

ARTICLES_NB = ["Avvist kredittkort", "Avvist betaling", "Har kontoen en forfalt betaling?",
               "Administrere betalingsmåter"]


def test_the_home_page_lists_the_articles(page):
    tab = page.open("")
    assert tab.locator("html").get_attribute("lang") == "nb-NO"
    content = tab.locator("article.md-content__inner")
    for title in ARTICLES_NB:
        assert content.get_by_role("link", name=title, exact=True).count() == 1, title


def test_the_language_switcher_opens_the_same_article_in_dutch(page):
    tab = page.open("declined-credit-card.html")
    tab.locator(".md-header__option .md-select button").click()
    tab.locator('a.md-select__link[hreflang="nl-NL"]').click()
    tab.wait_for_url("**/nl-NL/declined-credit-card.html")
    assert tab.locator("h1").first.inner_text().rstrip("¶ \n") == "Geweigerde creditcard"
    assert tab.locator("html").get_attribute("lang") == "nl-NL"


@pytest.mark.parametrize(("path", "query", "title"), [
    ("", "kredittkort", "Avvist kredittkort"),
    ("nl-NL/", "creditcard", "Geweigerde creditcard"),
])
def test_search_finds_the_declined_card_article(page, path, query, title):
    tab = page.open(path)
    tab.locator("input.md-search__input").click()  # opens the search as a reader does
    tab.keyboard.type(query)
    first = tab.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    assert first.locator("h1").inner_text().strip() == title


def test_the_search_box_from_the_languages_script_works_on_a_page_deep_in_the_site(page):
    tab = page.open("nl-NL/topics/adm-o365/index.html")
    box = tab.locator(".md-header__inner > .md-search input.md-search__input")
    assert box.get_attribute("placeholder") == "Zoeken"
    settings = tab.evaluate('JSON.parse(document.getElementById("__config").textContent)')
    assert settings["base"] == page.base
    assert settings["translations"]["search.result.none"] == "Geen overeenkomende documenten"
    box.click()
    tab.keyboard.type("creditcard")
    first = tab.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    assert first.locator("h1").inner_text().strip() == "Geweigerde creditcard"


def test_an_action_row_shows_its_command_and_copies_it(page):
    tab = page.open("manage-payment-methods.html")
    row = tab.locator("table tr", has_text="Kreditt- eller debetkortet mitt ble avvist.")
    command = row.locator(".kb-action__command")
    expected = "betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION"
    assert command.inner_text() == expected
    assert command.is_visible()
    assert row.locator(".kb-action__label").inner_text() == "Gjør opp saldo"
    row.locator(".kb-action__copy").click()
    tab.locator(".md-dialog", has_text="Kopiert til utklippstavlen").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == expected


def test_articles_show_alerts_breadcrumbs_and_last_update(page):
    tab = page.open("nl-NL/manage-payment-methods.html")
    assert tab.locator(".admonition-title", has_text="Belangrijk").count() == 1
    assert tab.locator(".md-path").inner_text().split("\n")[-1].strip() == "Microsoft 365-beheer"
    assert tab.locator(".kb-updated time").get_attribute("datetime") == "2026-11-23"
    assert tab.locator('meta[name="robots"]').get_attribute("content") == "NOINDEX, NOFOLLOW"


def test_the_chrome_icons_are_painted_at_their_size(page):
    tab = page.open("declined-credit-card.html")
    for selector in (".md-header__button.md-logo svg",
                     ".md-search__form .md-search__icon svg:visible",
                     ".md-header__option .md-select button svg",
                     ".md-footer__link--next .md-footer__button svg"):
        icon = tab.locator(selector).first
        box = icon.bounding_box()
        assert box and box["width"] > 10 and box["height"] > 10, selector
        mask = icon.evaluate("e => getComputedStyle(e).maskImage || "
                             "getComputedStyle(e).webkitMaskImage")
        assert mask.startswith('url("data:image/svg+xml'), (selector, mask)


def test_materials_first_script_from_its_file_finds_the_sites_root(page):
    for path in ("declined-credit-card.html", "nl-NL/topics/adm-o365/index.html"):
        tab = page.open(path)
        assert tab.evaluate("__md_scope.href") == page.base
        tab.evaluate('__md_set("kb-test", 1)')
        assert tab.evaluate('__md_get("kb-test")') == 1


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


def test_no_internal_link_is_broken(built_site: Path):
    parsed = {}
    for page in built_site.rglob("*.html"):
        reader = _Links()
        reader.feed(page.read_text(encoding="utf-8"))
        parsed[page.relative_to(built_site).as_posix()] = reader
    broken = []
    for source, reader in parsed.items():
        for link in reader.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):  # 404.html links from the site's root
                target = path.lstrip("/") or "index.html"
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
    """The articles link to each other with .md paths; the site has them as .html."""
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "kb").glob("*/*.md"))
    assert re.search(r"\]\([a-z-]+\.md#", sources)
    html = (built_site / "declined-credit-card.html").read_text(encoding="utf-8")
    assert 'href="past-due-account.html#settle-balance"' in html


# -- the chrome without its line breaks -----------------------------------------------------

_OUTSIDE_TAGS = re.compile(r"(<pre\b.*?</pre>|<script\b.*?</script>|<style\b.*?</style>)",
                           re.DOTALL)


def _with_line_breaks(html: str) -> str:
    """The page as Material's templates make it: a line break between each two tags of the
    chrome and around its texts (outside the article, the scripts and the styles)."""
    start, end = html.index("<article"), html.rindex("</article>")
    return _break(html[:start]) + html[start:end] + _break(html[end:])


def _break(chrome: str) -> str:
    parts = _OUTSIDE_TAGS.split(chrome)
    parts[::2] = [re.sub(r">(?!\n)", ">\n", re.sub(r"(?<!\n)<", "\n<", part))
                  for part in parts[::2]]
    return "".join(parts)


@pytest.mark.parametrize("path", ["declined-credit-card.html", "topics/adm-o365/index.html",
                                  "nl-NL/index.html"])
def test_the_line_breaks_left_out_of_the_chrome_change_no_pixel(browser, site_url,
                                                                built_site, path):
    html = (built_site / path).read_text(encoding="utf-8")
    assert ">\n<" not in html[:html.index("<article")]
    spaced = path.replace(".html", ".with-line-breaks.html")
    with_breaks = _with_line_breaks(html)
    assert with_breaks.count("\n") > html.count("\n") + 150
    (built_site / spaced).write_text(with_breaks, encoding="utf-8")
    try:
        for width, height in ((1280, 900), (390, 844)):
            shots = []
            for variant in (path, spaced):
                context = browser.new_context(viewport={"width": width, "height": height})
                tab = context.new_page()
                tab.goto(site_url + variant)
                tab.wait_for_load_state("networkidle")
                pictures = [tab.screenshot(full_page=True, animations="disabled")]
                menu = tab.locator('label.md-header__button[for="__drawer"]')
                if menu.is_visible():  # the navigation drawer of a narrow screen
                    menu.click()
                    pictures.append(tab.screenshot(animations="disabled"))
                shots.append(pictures)
                context.close()
            assert shots[0] == shots[1], (path, width)
    finally:
        (built_site / spaced).unlink()
