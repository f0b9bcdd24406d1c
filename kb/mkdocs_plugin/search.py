"""Search that finds "kortene" where the text says "kortet": each word of a query is also
looked up by its stem, with Lunr's stemmer for the site's language.

Material's search turns every word of a query into a prefix (``kortene*``), and Lunr does
not stem a word with a wildcard, so its Norwegian and Dutch stemmers never see a query.
The site's search worker (``assets/javascripts/workers/betal-search.js``) adds each word's
stem to the query (``kortene`` becomes ``kortene kort``, which Material makes
``kortene* kort*``) and hands it to Material's own worker, which it loads. Pages find it
through Material's settings: the ``config`` block of ``main.html`` loads
``assets/betal-kb/search-settings.js`` after them, which puts the site's worker in place of
Material's, with Material's as a parameter. Anything unexpected (no
such setting, a message that is not a query text) leaves Material's search as it is.
"""

from __future__ import annotations

WORKER = "assets/javascripts/workers/betal-search.js"
SETTINGS = "assets/betal-kb/search-settings.js"
SETTINGS_SCRIPT = """\
// Material's settings name the site's search worker, with Material's as its parameter
// (see kb/mkdocs_plugin/search.py). Loaded right after the settings, before Material's script.
(function () {
  var element = document.getElementById("__config"), settings
  try { settings = JSON.parse(element.textContent) } catch (error) { return }
  if (typeof settings.search !== "string") return
  var material = settings.search.split("/").pop()
  settings.search = settings.search.replace(/[^/]*$/, "betal-search.js?material=" +
    encodeURIComponent(material))
  element.textContent = JSON.stringify(settings)
})()
"""
# Lunr's language codes (lunr-languages), by the language of a locale
_LUNR = {"nb": "no", "nn": "no"}

_SCRIPT = """\
// The help site's search worker: Material's (loaded below), with each word of a query also
// looked up by its stem (Lunr's {lang} stemmer). See kb/mkdocs_plugin/search.py.
self.addEventListener("message", function (event) {{
  var message = event.data
  if (!message || typeof message.data !== "string") return
  var language = typeof lunr !== "undefined" && lunr["{lang}"]
  if (!language || !language.stemmer) return
  var words = message.data.split(/\\s+/), added = []
  for (var word of words) {{
    if (!/^[\\p{{L}}\\p{{N}}]+$/u.test(word)) continue  // lunr syntax: leave it alone
    var stem = language.stemmer(new lunr.Token(word.toLowerCase())).toString()
    if (stem && stem !== word.toLowerCase() && words.indexOf(stem) < 0 &&
        added.indexOf(stem) < 0)
      added.push(stem)
  }}
  if (added.length) message.data = message.data + " " + added.join(" ")
}})
importScripts(new URL(new URL(location.href).searchParams.get("material"), location.href).href)
"""


def lunr_language(locale: str) -> str:
    language = locale.split("-")[0].lower()
    return _LUNR.get(language, language)


def worker(locale: str) -> str:
    """The worker script of the site in ``locale``."""
    return _SCRIPT.format(lang=lunr_language(locale))
