"""Addresses on the help site, for the hints the command line prints.

The site's base URL and URL scheme come from the ``[site]`` table of the engine's
configuration (``defaults.toml``), which mirrors ``mkdocs.yml``.
"""

from __future__ import annotations

from engine import config as engine_config
from engine.rules import Rule


def article_url(rule: Rule, *locales: str) -> str:
    """The address of the heading that states ``rule``, on the site in the first of
    ``locales`` that the site has (the reader's language, then the tenant's), else in the
    site's default language."""
    site = engine_config.load_raw()["site"]
    base = site["url"] if site["url"].endswith("/") else site["url"] + "/"
    locale = next((tag for tag in locales if tag in site["locales"]), site["default_locale"])
    prefix = "" if locale == site["default_locale"] else f"{locale}/"
    page = f"{rule.article}/" if site["directory_urls"] else f"{rule.article}.html"
    return f"{base}{prefix}{page}#{rule.anchor}"
