"""The theme's files the site never loads, left out of it.

Material copies its whole ``assets/`` folder into every site: the search's language support
for every language it knows (with a Thai word splitter), and a source map beside each script
and stylesheet, which only a browser's developer tools ever ask for. The search worker
loads ``lunr/min/lunr.stemmer.support.min.js``, ``lunr.multi.min.js`` for more than one
language and ``lunr.LANG.min.js`` (plus ``tinyseg.js`` for Japanese, ``wordcut.js`` for Hindi
and Thai) for the languages of the search plugin's ``lang``: the others stay out.
"""

from __future__ import annotations

LUNR = "assets/javascripts/lunr/"


def search_languages(config) -> list[str] | None:
    """The search plugin's ``lang``; None without Material's search plugin."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "config", None) is not None:
            lang = plugin.config.get("lang")
            if isinstance(lang, str):
                return [lang]
            if isinstance(lang, list) and lang:
                return [str(item) for item in lang]
            return None  # the theme's language decides: keep everything
    return None


def needed_lunr(languages: list[str]) -> set[str]:
    """The files under ``assets/javascripts/lunr/`` the search worker loads for
    ``languages``."""
    needed = {"min/lunr.stemmer.support.min.js"}
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    for language in languages:
        if language == "ja":
            needed.add("tinyseg.js")
        if language in ("hi", "th"):
            needed.add("wordcut.js")
        if language != "en":
            needed.add(f"min/lunr.{language}.min.js")
    return needed


def unused(files, config, docs_dir: str) -> list:
    """The theme's files among ``files`` that no page of the site loads."""
    import os

    languages = search_languages(config)
    lunr = needed_lunr(languages) if languages else None
    docs = os.path.abspath(docs_dir) + os.sep
    found = []
    for file in files:
        if file.is_documentation_page() or (file.abs_src_path or "").startswith(docs):
            continue  # the writer's own files stay
        uri = file.src_uri
        if not uri.startswith("assets/"):
            continue
        if uri.endswith(".map") or (
                lunr is not None and uri.startswith(LUNR) and uri[len(LUNR):] not in lunr):
            found.append(file)
    return found
