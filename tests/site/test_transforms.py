"""The plugin's pieces, one at a time: alerts, commands from the declarations, the
Markdown extension, translation pairs and the language switch, page metadata, sections,
sitemaps, the search worker and the words the site adds."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest

from kb.mkdocs_plugin import actions, alerts, pages, search, sections, sitemap, strings
from kb.mkdocs_plugin.alternates import Switch
from kb.mkdocs_plugin.catalog import Entry
from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.languages import Language
from kb.mkdocs_plugin.markdown import KbExtension
from kb.mkdocs_plugin.theme_strings import ThemeStrings
from kb.pairing import Pairing

EXTENSIONS = ["admonition", "attr_list", "tables", "md_in_html", "toc"]


def render(source: str, locale: str = "nb-NO", **options) -> str:
    return markdown.markdown(source, extensions=[*EXTENSIONS, KbExtension(locale, **options)])


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
        html = render(source, locale)
        assert re.search(rf'<div class="admonition [^"]*\b{css}\b', html), html
        assert f'<p class="admonition-title">{title}</p>' in html
        assert "<p>Første linje\nandre linje.</p>" in html
        assert "[!" not in html and "<blockquote>" not in html
        assert html.index("Før.") < html.index(title) < html.index("Etter.")


def test_an_alert_in_a_list_item_stays_in_it_and_keeps_its_paragraphs():
    source = ("1. Velg **Lagre**.\n\n    > [!NOTE]\n    > Det tar litt tid.\n    >\n"
              "    > - et punkt\n\n2. Neste steg.\n")
    html = render(source)
    first, second = html.index("<li>"), html.index("<p>Neste steg.</p>")
    assert html.count("<ol>") == 1
    assert first < html.index('class="admonition note"') < second
    assert first < html.index("<p>Det tar litt tid.</p>") < html.index("<li>et punkt</li>") < second


def test_alerts_in_code_and_other_quotes_are_left_alone():
    source = "```\n> [!NOTE]\n> kode\n```\n\n> Et vanlig sitat.\n\n> [!VIDEO https://x]\n"
    assert alerts.convert(source, "nb-NO") == source


def test_an_alert_right_after_a_paragraph_still_starts_a_block():
    html = render("Tekst.\n> [!TIP]\n> Et tips.\n", "en")
    assert '<p class="admonition-title">Tip</p>' in html


# -- commands from the declarations -----------------------------------------------------


def test_a_command_shows_as_every_required_parameter_and_preview_first():
    command = actions.build("balance.settle")
    run = "betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION"
    assert (command.preview, command.run) == (f"{run} --preview", run)
    assert command.mutates and command.script is None


def test_a_read_only_action_has_no_preview():
    command = actions.build("payment.diagnose")
    assert command.preview is None and not command.mutates
    assert command.run == ("betal run payment.diagnose --as ADMIN "
                           "--param subscription=SUBSCRIPTION")


def test_a_choice_shows_its_first_value_and_lists_the_others():
    command = actions.build("payment-method.add", extra=["expiry"])
    assert "--param kind=credit-card --param expiry=MM/YY --param holder_name=HOLDER_NAME" \
        in command.run
    assert command.choices == (("kind", ("credit-card", "debit-card", "bank-account")),)


def test_a_secret_is_never_a_param_but_read_from_standard_input():
    add = actions.build("payment-method.add", extra=["expiry"])
    assert "number" not in add.run and "security_code" not in add.run
    assert add.secrets == ("number",)  # required: Betal reads it without --stdin
    assert add.script == f"printf '%s\\n' NUMBER | {add.run}"
    check = actions.build("payment-method.check", extra=["kind", "number", "expiry"])
    assert check.run.endswith("--param kind=credit-card --param expiry=MM/YY --stdin number")
    assert check.secrets == ("number",)


def test_the_links_parameters_are_filled_in_in_declared_order_and_quoted():
    command = actions.build("payment.diagnose", (("invoice", "inv_1a2b"),
                                                 ("subscription", "sub_9z8y")))
    assert command.run == ("betal run payment.diagnose --as ADMIN --param subscription=sub_9z8y "
                           "--param invoice=inv_1a2b")
    unknown = actions.build("x.y", (("note", "two words"),))
    assert unknown.run == "betal run x.y --as ADMIN --param 'note=two words'"
    assert unknown.mutates is None


def test_every_action_of_the_registry_has_a_command_with_every_required_parameter():
    from engine.actions.registry import all_actions

    for action in all_actions():
        command = actions.build(action.id)
        for param in action.params:
            if param.required and not param.secret:
                assert f"--param {param.name}=" in command.run, (action.id, param.name)
            if param.secret:
                assert f"{param.name}=" not in command.run, (action.id, param.name)


# -- the Markdown extension -------------------------------------------------------------------


def test_an_action_link_becomes_a_block_with_its_commands_in_the_pages_language():
    html = render("[Gjør opp saldo](action:balance.settle)")
    run = "betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION"
    assert 'data-kb-action="balance.settle"' in html and 'href="action:' not in html
    assert '<span class="kb-action__label">Gjør opp saldo</span>' in html
    shown = [re.sub(r"<[^>]+>", "", code) for code in
             re.findall(r'<code class="kb-command">(.*?)</code>', html)]
    assert shown == [f"{run} --preview", run]
    assert f'data-clipboard-text="{run}"' in html
    assert 'aria-label="Kopier kommandoen"' in html
    assert "Dette endrer kontoen din." in html
    assert '<a href="betal-command-line.md#placeholders">Betal fra kommandolinjen</a>' in html
    nl = render("[Waarom?](action:payment.diagnose)", "nl-NL")
    assert "Dit wijzigt niets in uw account." in nl and "--preview" not in nl


def test_an_action_link_in_a_table_row_keeps_the_row_whole():
    html = render("| Problem | Handling |\n|---|---|\n| Kortet ble avvist. | [Gjør opp saldo]"
                  "(action:balance.settle) |\n")
    row = re.search(r"<tr>\s*<td>Kortet ble avvist.</td>\s*<td>(.*?)</td>\s*</tr>", html,
                    re.DOTALL)
    assert row and 'class="kb-action"' in row.group(1)


def test_action_links_in_code_are_left_as_code():
    html = render("`[Gjør opp saldo](action:balance.settle)`")
    assert "kb-action" not in html and "action:balance.settle" in html


def test_translation_markup_goes_and_alerts_are_titled():
    source = ('<span data-ttu-id="0385b-102">Betaling geweigerd</span><span class="sxs-lookup">'
              '<span data-stu-id="0385b-102">Payment declined</span></span>\n\n'
              "> [!WARNING]\n> Let op.\n")
    html = render(source, "nl-NL")
    assert "<p>Betaling geweigerd</p>" in html and "Payment declined" not in html
    assert '<p class="admonition-title">Waarschuwing</p>' in html


# -- the language switch (translations are paired by kb.pairing, tests/kb) ---------------------

A, B = "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb", "3195f5b5-150b-4467-b314-e7768368b577"


def test_the_language_switch_leads_to_the_translation_a_generated_page_or_home():
    languages = [Language("nb-NO", "Norsk bokmål"), Language("nl-NL", "Nederlands")]
    pairs = Pairing([Entry("nb-NO", "avvist", "Avvist", A), Entry("nl-NL", "geweigerd", "G", A),
                     Entry("nb-NO", "alene", "Alene", B)])
    generated = {"topic-x": "topic-x", "topic-x-ae": "topic-x"}
    switch = Switch(languages, "nb-NO", pairs, generated, "https://help.test/sub/", False)
    links = {link["lang"]: link["link"] for link in switch.links("avvist")}
    assert links == {"nb-NO": "https://help.test/sub/avvist.html",
                     "nl-NL": "https://help.test/sub/nl-NL/geweigerd.html"}
    assert switch.links("topic-x-ae")[1]["link"] == "https://help.test/sub/nl-NL/topic-x.html"
    assert switch.links("alene")[1]["link"] == "https://help.test/sub/nl-NL/"
    assert switch.links("index")[1]["link"] == "https://help.test/sub/nl-NL/"
    back = Switch(languages, "nl-NL", pairs, generated, None, False)
    assert back.links("geweigerd")[0]["link"] == "../avvist.html"  # without site_url


# -- robots, description, last updated ------------------------------------------------------


def test_robots_comes_from_the_front_matter_when_it_restricts():
    assert pages.robots({"ROBOTS": "NOINDEX,  NOFOLLOW"}) == "NOINDEX, NOFOLLOW"
    assert pages.robots({"ROBOTS": "INDEX, FOLLOW"}) is None
    assert pages.robots({}) is None
    assert pages.robots({"ROBOTS": '"><script>'}) is None


def test_a_description_is_the_front_matters_or_the_first_paragraph_in_whole_words():
    assert pages.description({"description": " Egen. "}, "<p>x</p>") == "Egen."
    html = "<h1>T</h1><p>Kort.</p><p>" + "Ordene står her " * 20 + "</p>"
    found = pages.description({}, html)
    assert found.startswith("Ordene står her") and found.endswith("…") and len(found) <= 160
    assert pages.description({}, "<p>&lt;b&gt; og <em>mer</em> tekst som er lang nok til å "
                                 "beskrive en side.</p>").startswith("<b> og mer tekst")


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
    page = sections.pages(built, "nb-NO")["topic-adm-o365.md"]
    assert "# Microsoft 365-administrasjon" in page and "Artikler: 5" in page
    assert "- [Avvist](a1.md)" in page and "ROBOTS" not in page
    assert "search:\n  exclude: true" in page


def test_a_large_section_gets_a_page_per_initial_letter():
    titles = [f"{letter} artikkel {n}" for letter in "ABCÆØÅ" for n in range(5)]
    titles += ["365 dager", "«Citat»", "(Bokstav)", "???"]
    built = sections.build(entries("nb-NO", titles), "nb-NO", split=10)
    letters = built[0].letters
    assert [letter.key for letter in letters] == ["0-9", "A", "B", "C", "Æ", "Ø", "Å", "other"]
    assert [letter.slug for letter in letters][4:] == ["ae", "oe", "aa", "other"]
    generated = sections.pages(built, "nb-NO")
    index = generated["topic-adm-o365.md"]
    assert "- [Æ](topic-adm-o365-ae.md) (5)\n" in index
    assert "- [0–9](topic-adm-o365-0-9.md) (1)\n" in index and "·" not in index
    page = generated["topic-adm-o365-oe.md"]
    assert "# Microsoft 365-administrasjon: Ø" in page
    assert "- [Ø artikkel 0](a20.md)" in page
    assert sum(len(letter.articles) for letter in letters) == len(titles)


def test_sections_by_collection_with_the_articles_without_one_last():
    built = sections.build(entries("nl-NL", ["Een"], "Zeta") + entries("nl-NL", ["Twee"], None)
                           + entries("nl-NL", ["Drie"], "Adm_O365"), "nl-NL", split=60)
    assert [s.title for s in built] == ["Microsoft 365-beheer", "Zeta", "Overige artikelen"]
    assert [s.slug for s in built] == ["adm-o365", "zeta", "other"]


def test_titles_are_escaped_in_the_generated_markdown():
    built = sections.build(entries("en", ["A [link](x) *and* <b>"]), "en", split=60)
    page = sections.pages(built, "en")["topic-adm-o365.md"]
    html = render(page.split("---\n", 2)[2])
    assert "A [link](x) *and* &lt;b&gt;</a>" in html


def test_collections_with_the_same_slug_get_distinct_pages():
    built = sections.build(entries("en", ["One"], "Adm_O365") + entries("en", ["Two"], "Adm_o365"),
                           "en", split=60)
    assert len({s.slug for s in built}) == 2


# -- sitemaps, search, the words the site adds ----------------------------------------------


def test_the_sitemap_lists_pages_with_their_translations_and_robots_txt_the_sitemaps():
    assert not sitemap.indexable("NOINDEX, NOFOLLOW") and sitemap.indexable("INDEX, FOLLOW")
    xml = sitemap.render("https://help.test/nl-NL/", [sitemap.Url(
        "b.html", "2026-11-23", (("nb-NO", "https://help.test/a.html"),
                                 ("nl-NL", "https://help.test/nl-NL/b.html")))])
    assert "<loc>https://help.test/nl-NL/b.html</loc>" in xml
    assert 'hreflang="nb-NO" href="https://help.test/a.html"' in xml
    robots = sitemap.robots_txt(["https://help.test/sitemap.xml"])
    assert robots == "User-agent: *\nAllow: /\nSitemap: https://help.test/sitemap.xml\n"


def test_the_search_worker_stems_with_the_sites_language():
    assert search.lunr_language("nb-NO") == "no" and search.lunr_language("nl-NL") == "nl"
    worker = search.worker("nl-NL")
    assert 'lunr["nl"]' in worker and "importScripts(" in worker


def test_every_word_the_site_adds_is_translated():
    messages = [value for name, value in vars(strings).items()
                if name.isupper() and isinstance(value, str)]
    messages += [m for name in ("ALERTS", "COLLECTIONS", "MATERIAL")
                 for m in getattr(strings, name).values()]
    assert len(messages) > 50
    same = {"Tip", "Parameter", "{section}: {letter}", "Articles: {count}"}
    for locale in ("nb-NO", "nl-NL"):
        untranslated = [m for m in messages if text(m, locale) == m and m not in same]
        assert not untranslated, (locale, untranslated)
    assert text(strings.CLI_TITLE, "en") == "Betal from the command line"


@pytest.mark.parametrize("code", ["nb_NO", "nl_NL"])
def test_the_site_catalog_keeps_every_placeholder(code):
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import read_mo

    from kb.mkdocs_plugin.i18n import LOCALE_DIR

    found = {message for _, _, message, _, _ in extract_from_dir(
        Path(LOCALE_DIR).parent, keywords={"N_": None}, method_map=[("**.py", "python")])}
    with open(Path(LOCALE_DIR) / code / "LC_MESSAGES" / "site.mo", "rb") as handle:
        translated = {message.id: message.string for message in read_mo(handle) if message.id}
    for message in found:
        assert translated.get(message), f"{code}: no translation of {message!r}"
        assert sorted(re.findall(r"{\w+}", message)) == sorted(
            re.findall(r"{\w+}", translated[message])), message


# -- Material's strings ----------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "placeholder"), [("nb-NO", "Søk"), ("nl-NL", "Zoeken")])
def test_materials_strings_in_the_sites_language_with_the_plugins_words_first(locale,
                                                                             placeholder):
    import os

    import jinja2
    import material

    from kb.mkdocs_plugin.plugin import TEMPLATES

    loader = jinja2.FileSystemLoader(
        [TEMPLATES, os.path.join(os.path.dirname(material.__file__), "templates")])
    env = jinja2.Environment(loader=loader)
    env.globals["kb_strings"] = ThemeStrings(env, locale, {"header": "Toppen"})
    template = env.from_string(
        '{% import "partials/language.html" as lang with context %}'
        "{{ lang.t('language') }}|{{ lang.t('search.placeholder') }}|{{ lang.t('header') }}"
        "|{{ lang.t('no.such.key') }}")
    assert template.render(config={"theme": {"language": locale}}) == (
        f"{locale}|{placeholder}|Toppen|no.such.key")
