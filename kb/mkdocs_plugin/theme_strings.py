"""Material's strings in the language of the site being built, each looked up once.

Material finds its words through ``t(key)`` of ``partials/languages/<theme.language>.html``;
the macro of its own translations builds their whole table on every call, some thirty
times a page. The plugin's template for a locale (``templates/partials/languages/nb-NO.html``,
Material's documented way to extend a language) exports a :class:`ThemeStrings` as its
``t`` instead, which renders Material's macro once per key (``Template.module``, Jinja's
public API) and keeps the answer. The document's language is the locale itself (``nb-NO``,
not Material's ``nb``), and the strings Material's translation leaves in English come from
the plugin's catalog.
"""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import Environment, TemplateNotFound


def material_language(env: Environment, locale: str) -> str:
    """The name of Material's translation for ``locale``: ``nb`` for nb-NO, else English."""
    language = locale.split("-")[0].lower()
    try:
        env.get_template(f"partials/languages/{language}.html")
    except TemplateNotFound:
        return "en"
    return language


class ThemeStrings:
    """``t(key)`` of Material's translation for ``locale``, with ``overrides`` (key: text)
    first."""

    def __init__(self, env: Environment, locale: str, overrides: Mapping[str, str]) -> None:
        self._module = env.get_template(
            f"partials/languages/{material_language(env, locale)}.html").module
        self._found: dict[str, str] = {"language": locale, **overrides}

    def __call__(self, key: str) -> str:
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = str(self._module.t(key))
        return found
