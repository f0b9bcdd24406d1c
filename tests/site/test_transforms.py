"""The plugin's transforms, one at a time: alerts, action links, translation pairs, page
metadata, sections and the words the site adds."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest

from kb.mkdocs_plugin import actions, alerts, pages, sections, sitemap, strings
from kb.mkdocs_plugin.catalog import Entry, Pairs
from kb.mkdocs_plugin.whitespace import compact

EXTENSIONS = ["admonition", "attr_list", "tables", "md_in_html", "toc"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


# -- Learn alerts ---------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "css", "nb", "nl"), [
    ("NOTE", "note", "Obs!", "Opmerking"),
    ("TIP", "tip", "Tips", "Tip"),
    ("IMPORTANT", "important", "Viktig", "Belangrijk"),
    ("WARNING", "warning", "Advarsel", "Waarschuwing"),
    ("CAUTION", "caution", "Forsiktig", "Let op"),
])
def test_an_alert_becomes_an_admonition_titled_in_the_pages_language(kind, css, nb, nl):
    source = f"Før.\n\n> [!{kind}]\n> Første linje\n> andre linje.\n\nEtter.\n"
    for locale, title in (("nb-NO", nb), ("nl-NL", nl)):
        html = render(alerts.convert(source, locale))
        assert re.search(rf'<div class="admonition [^"]*\b{css}\b', html), html
        assert f'<p class="admonition-title">{title}</p>' in html
        assert "<p>Første linje\nandre linje.</p>" in html
        assert "[!" not in html and "<blockquote>" not in html
        assert html.index("Før.") < html.index(title) < html.index("Etter.")


def test_an_alert_in_a_list_item_stays_in_it_and_keeps_its_paragraphs():
    source = ("1. Velg **Lagre**.\n\n    > [!NOTE]\n    > Det tar litt tid.\n    >\n"
              "    > - et punkt\n\n2. Neste steg.\n")
    html = render(alerts.convert(source, "nb-NO"))
    first, second = html.index("<li>"), html.index("<p>Neste steg.</p>")
    assert html.count("<ol>") == 1
    assert first < html.index('class="admonition note"') < second
    assert first < html.index("<p>Det tar litt tid.</p>") < html.index("<li>et punkt</li>") < second


def test_alerts_in_code_and_other_quotes_are_left_alone():
    source = "```\n> [!NOTE]\n> kode\n```\n\n> Et vanlig sitat.\n\n> [!VIDEO https://x]\n"
    assert alerts.convert(source, "nb-NO") == source


def test_an_alert_right_after_a_paragraph_still_starts_a_block():
    html = render(alerts.convert("Tekst.\n> [!TIP]\n> Et tips.\n", "en"))
    assert '<p class="admonition-title">Tip</p>' in html


# -- action links ---------------------------------------------------------------------------


def test_an_action_link_becomes_a_control_with_its_command_and_a_copy_button():
    html = actions.render(render("[Gjør opp saldo](action:balance.settle)"), "nb-NO")
    command = "betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION"
    assert 'data-kb-action="balance.settle"' in html
    assert '<span class="kb-action__label" title="' in html and ">Gjør opp saldo</span>" in html
    assert f'<code class="kb-action__command">{command}</code>' in html
    assert f'data-clipboard-text="{command}"' in html
    assert "Kjør i Betal:" in html and 'title="Kopier kommandoen"' in html
    assert "(Endrer kontoen)" in html
    assert 'href="action:' not in html


def test_the_command_fills_in_the_links_parameters_in_declared_order():
    html = actions.render(render(
        "[Se](action:payment.diagnose?invoice=inv_1a2b&subscription=sub_9z8y)"), "nl-NL")
    assert ("betal run payment.diagnose --as ADMIN --param subscription=sub_9z8y "
            "--param invoice=inv_1a2b") in html
    assert "Uitvoeren in Betal:" in html and "(Wijzigt niets)" in html


def test_a_value_the_shell_would_split_is_quoted():
    assert actions.command("x.y", (("note", "two words"),)) == (
        "betal run x.y --as ADMIN --param 'note=two words'")


def test_an_action_link_in_a_table_row_keeps_the_row_whole():
    html = actions.render(render(
        "| Problem | Handling |\n|---|---|\n| Kortet ble avvist. | [Gjør opp saldo]"
        "(action:balance.settle) |\n"), "nb-NO")
    row = re.search(r"<tr>\s*<td>Kortet ble avvist.</td>\s*<td>(.*?)</td>\s*</tr>", html,
                    re.DOTALL)
    assert row and 'class="kb-action"' in row.group(1)


def test_action_links_in_code_are_not_controls():
    html = actions.render(render("`[Gjør opp saldo](action:balance.settle)`"), "nb-NO")
    assert "kb-action" not in html


def test_an_unknown_action_still_shows_what_it_would_run():
    html = actions.render('<a href="action:nope.nothing">Noe</a>', "en")
    assert "betal run nope.nothing --as ADMIN" in html


# -- translation pairs -----------------------------------------------------------------------

A, B = "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb", "3195f5b5-150b-4467-b314-e7768368b577"


def test_translations_pair_by_assetid_even_when_the_file_names_differ():
    pairs = Pairs([Entry("nb-NO", "avvist-kredittkort", "Avvist kredittkort", A),
                   Entry("nl-NL", "geweigerde-creditcard", "Geweigerde creditcard", A.upper()),
                   Entry("nl-NL", "avvist-kredittkort", "Iets anders", B)])
    found = pairs.translation("nb-NO", "avvist-kredittkort", "nl-NL")
    assert found is not None and found.slug == "geweigerde-creditcard"
    back = pairs.translation("nl-NL", "geweigerde-creditcard", "nb-NO")
    assert back is not None and back.slug == "avvist-kredittkort"


def test_without_a_translation_there_is_no_pair():
    pairs = Pairs([Entry("nb-NO", "a", "A", A), Entry("nl-NL", "a", "A", B)])
    assert pairs.translation("nb-NO", "a", "nl-NL") is None
    assert pairs.translation("nb-NO", "missing", "nl-NL") is None


def test_a_duplicated_assetid_prefers_the_same_file_name_and_no_assetid_pairs_by_name():
    pairs = Pairs([Entry("nb-NO", "b", "B", A), Entry("nl-NL", "a", "A", A),
                   Entry("nl-NL", "b", "B", A), Entry("nb-NO", "c", "C", None),
                   Entry("nl-NL", "c", "C", None)])
    assert pairs.translation("nb-NO", "b", "nl-NL").slug == "b"
    assert pairs.translation("nb-NO", "c", "nl-NL").slug == "c"


def test_page_addresses_follow_the_i18n_layout():
    assert pages.url("nb-NO", "declined-credit-card", "nb-NO", False) == "declined-credit-card.html"
    assert pages.url("nl-NL", "declined-credit-card", "nb-NO", False) == (
        "nl-NL/declined-credit-card.html")
    assert pages.url("nl-NL", "index", "nb-NO", True) == "nl-NL/"
    assert pages.url("nb-NO", "topics/adm-o365/index", "nb-NO", True) == "topics/adm-o365/"


# -- robots, last updated, language --------------------------------------------------------


def test_robots_comes_from_the_front_matter():
    assert pages.robots({"ROBOTS": "NOINDEX,  NOFOLLOW"}) == "NOINDEX, NOFOLLOW"
    assert pages.robots({}) is None
    assert pages.robots({"ROBOTS": '"><script>'}) is None


@pytest.mark.parametrize(("locale", "label", "shown"), [
    ("nb-NO", "Sist oppdatert", "23. november 2026"),
    ("nl-NL", "Laatst bijgewerkt", "23 november 2026"),
    ("en", "Last updated", "23 November 2026"),
])
def test_last_updated_is_ms_date_in_the_pages_language(locale, label, shown):
    updated = pages.updated({"ms.date": "11/23/2026"}, locale)
    assert updated == pages.Updated(label, "2026-11-23", shown)


def test_dates_learn_and_yaml_write():
    assert pages.parse_date("4/2/2021") == dt.date(2021, 4, 2)
    assert pages.parse_date(dt.date(2021, 4, 2)) == dt.date(2021, 4, 2)
    assert pages.parse_date("2021-04-02") == dt.date(2021, 4, 2)
    for nothing in ("", "13/45/2021", None, 20210402):
        assert pages.parse_date(nothing) is None
    assert pages.updated({"ms.date": ""}, "nb-NO") is None


# -- sections -------------------------------------------------------------------------------


def entries(locale: str, titles, collection="Adm_O365"):
    return [Entry(locale, f"a{index}", title, None, (collection,) if collection else ())
            for index, title in enumerate(titles)]


def test_a_small_section_is_one_page_that_lists_its_articles_in_order():
    home = Entry("nb-NO", "index", "Hjem", None)
    built = sections.build([*entries("nb-NO", ["Ørret", "Avvist", "Betaling", "Åpen", "Ære"]),
                            home], "nb-NO", split=60)
    assert [s.title for s in built] == ["Microsoft 365-administrasjon"]
    assert [e.title for e in built[0].articles] == ["Avvist", "Betaling", "Ære", "Ørret", "Åpen"]
    assert built[0].letters == ()
    page = sections.pages(built, "nb-NO", "NOINDEX, NOFOLLOW")["topics/adm-o365/index.md"]
    assert "# Microsoft 365-administrasjon" in page and "Artikler: 5" in page
    assert "- [Avvist](../../a1.md)" in page and "ROBOTS: \"NOINDEX, NOFOLLOW\"" in page
    assert "search:\n  exclude: true" in page


def test_a_large_section_gets_a_page_per_initial_letter():
    titles = [f"{letter} artikkel {n}" for letter in "ABCÆØÅ" for n in range(5)]
    titles += ["365 dager", "«Citat»", "(Bokstav)", "???"]
    built = sections.build(entries("nb-NO", titles), "nb-NO", split=10)
    letters = built[0].letters
    assert [letter.key for letter in letters] == ["0-9", "A", "B", "C", "Æ", "Ø", "Å", "other"]
    assert [letter.slug for letter in letters][4:] == ["ae", "oe", "aa", "other"]
    generated = sections.pages(built, "nb-NO", None)
    index = generated["topics/adm-o365/index.md"]
    assert "[Æ](ae/index.md) (5) ·\n" in index and "[0–9](0-9/index.md) (1) ·\n" in index
    page = generated["topics/adm-o365/oe/index.md"]
    assert "# Microsoft 365-administrasjon: Ø" in page
    assert "- [Ø artikkel 0](../../../a20.md)" in page
    assert "ROBOTS" not in page
    assert sum(len(letter.articles) for letter in letters) == len(titles)


def test_sections_by_collection_with_the_articles_without_one_last():
    built = sections.build(entries("nl-NL", ["Een"], "Zeta") + entries("nl-NL", ["Twee"], None)
                           + entries("nl-NL", ["Drie"], "Adm_O365"), "nl-NL", split=60)
    assert [s.title for s in built] == ["Microsoft 365-beheer", "Zeta", "Overige artikelen"]
    assert [s.slug for s in built] == ["adm-o365", "zeta", "other"]


def test_titles_are_escaped_in_the_generated_markdown():
    built = sections.build(entries("en", ["A [link](x) *and* <b>"]), "en", split=60)
    page = sections.pages(built, "en", None)["topics/adm-o365/index.md"]
    html = render(page.split("---\n", 2)[2])
    assert "A [link](x) *and* &lt;b&gt;</a>" in html


def test_collections_with_the_same_slug_get_distinct_pages():
    built = sections.build(entries("en", ["One"], "Adm_O365") + entries("en", ["Two"], "Adm_o365"),
                           "en", split=60)
    assert len({s.slug for s in built}) == 2


# -- the words the site adds, the page's HTML -------------------------------------------------


def test_every_word_the_site_adds_is_translated():
    from kb.i18n import gettext_for

    messages = [*strings.ALERTS.values(), strings.RUN, strings.COPY, strings.CHANGES,
                strings.READ_ONLY, strings.UPDATED, strings.OTHER_ARTICLES, strings.BY_LETTER,
                strings.ARTICLES, strings.OTHER_CHARACTERS, *strings.COLLECTIONS.values()]
    for locale in ("nb-NO", "nl-NL"):
        translate = gettext_for(locale)
        untranslated = [m for m in messages if translate(m) == m and m not in ("Tip",)]
        assert not untranslated, (locale, untranslated)
    assert strings.text(strings.RUN, "en") == "Run in Betal"


def test_indentation_goes_but_preformatted_text_stays():
    html = ("<div>\n    <p>a</p>\n\n  <pre><code>x\n    y\n</code></pre>\n"
            "  <textarea>\n q</textarea>\n")
    assert compact(html) == ("<div>\n<p>a</p>\n<pre><code>x\n    y\n</code></pre>\n"
                             "<textarea>\n q</textarea>\n")


def test_the_sitemap_lists_indexable_pages_with_their_translations():
    assert not sitemap.indexable("NOINDEX, NOFOLLOW") and sitemap.indexable("INDEX, FOLLOW")
    xml = sitemap.render("https://help.example/", [sitemap.Url(
        "a.html", "2026-11-23", (("nb-NO", "a.html"), ("nl-NL", "nl-NL/b.html")))])
    assert "<loc>https://help.example/a.html</loc>" in xml
    assert 'hreflang="nl-NL" href="https://help.example/nl-NL/b.html"' in xml


def test_a_page_loses_its_translation_markup_and_gets_its_admonitions():
    from types import SimpleNamespace

    from kb.mkdocs_plugin.plugin import KbPlugin

    plugin = KbPlugin()
    plugin.load_config({})
    plugin._locales = ("nb-NO", "nl-NL")
    page = SimpleNamespace(file=SimpleNamespace(src_uri="nl-NL/payment-declined.md"))
    source = ('<span data-ttu-id="0385b-102">Betaling geweigerd</span><span class="sxs-lookup">'
              '<span data-stu-id="0385b-102">Payment declined</span></span>\n\n'
              "> [!WARNING]\n> Let op.\n")
    result = plugin.on_page_markdown(source, page=page, config=None, files=None)
    assert result.startswith("Betaling geweigerd\n")
    assert "Payment declined" not in result and "span" not in result
    assert '!!! warning "Waarschuwing"\n    Let op.' in result


def test_a_theme_template_s_alternate_links_leave_the_head_only():
    from types import SimpleNamespace

    from kb.mkdocs_plugin.plugin import KbPlugin

    plugin = KbPlugin()
    plugin.load_config({})
    link = '<link rel="alternate" href="nl-NL/b.html" hreflang="nl-NL">'
    page = f'<html><head>\n  {link}\n  <title>A</title></head><body><article>{link}</article>'
    output = plugin.on_post_page(page, page=SimpleNamespace(), config=None)
    assert output.count(link) == 1 and output.index(link) > output.index("<article>")
    assert "<head><title>A</title></head>" in output
