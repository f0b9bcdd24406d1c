"""The command line's hints point at the help site that mkdocs.yml builds: the engine's
``[site]`` settings (defaults.toml) and mkdocs.yml agree on the address, the URL scheme
and where each language lives, whichever of the two changes first."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from engine import config as engine_config
from engine import rules
from engine.site import article_url

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def mkdocs() -> dict:
    # The round-trip loader keeps MkDocs' !!python/name and !ENV tags as tagged values
    # instead of refusing them, as a safe loader would.
    return YAML().load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site() -> dict:
    return engine_config.load_raw()["site"]


def languages(mkdocs: dict) -> list[dict]:
    """The site's languages, first the default one, from the betal-kb plugin's options."""
    for plugin in mkdocs["plugins"]:
        if isinstance(plugin, dict) and "betal-kb" in plugin:
            return plugin["betal-kb"]["languages"]
    raise AssertionError("mkdocs.yml has no betal-kb plugin")


def test_the_site_address_is_the_one_mkdocs_builds_for(mkdocs, site):
    if not mkdocs.get("site_url"):
        pytest.skip("mkdocs.yml sets no site_url yet: nothing to keep in step with")
    assert site["url"].rstrip("/") == str(mkdocs["site_url"]).rstrip("/")


def test_the_url_scheme_is_mkdocs(mkdocs, site):
    assert site["directory_urls"] == mkdocs.get("use_directory_urls", True)


def test_the_languages_and_the_default_one_are_mkdocs(mkdocs, site):
    found = languages(mkdocs)
    assert site["locales"] == [language["locale"] for language in found]
    assert site["default_locale"] == found[0]["locale"]


@pytest.mark.parametrize("rule", rules.RULES.values(), ids=lambda rule: rule.id)
def test_every_rule_has_an_address_on_each_site_where_its_article_is(rule, site):
    for locale in site["locales"]:
        url = article_url(rule, locale)
        prefix = "" if locale == site["default_locale"] else f"{locale}/"
        page = f"{rule.article}/" if site["directory_urls"] else f"{rule.article}.html"
        assert url == f"{site['url']}{prefix}{page}#{rule.anchor}"
        article = ROOT / "kb" / locale / f"{rule.article}.md"
        assert article.exists(), article
        assert f"{{#{rule.anchor}}}" in article.read_text(encoding="utf-8"), (article,
                                                                           rule.anchor)


def test_a_reader_of_a_language_the_site_lacks_gets_the_tenants(site):
    rule = rules.get("settle-balance")
    assert article_url(rule, "en", "nl-NL") == article_url(rule, "nl-NL")
    assert article_url(rule, "en", "sv-SE") == article_url(rule, site["default_locale"])
