"""Material's search box and its script's settings, as a script file of each language.

Both are the same on every page of a language: the search dialog of the header (1.3 kB)
and the ``<script id="__config">`` Material's bundle reads when it starts (0.85 kB). The
plugin's templates render them once per build (:meth:`ChromeScript.search_box`,
:meth:`ChromeScript.settings`) and each page loads ``assets/betal-kb/chrome-<lang>.js``
where the search box was; the file puts the box in its place and the settings in the
document before Material's bundle runs, with the site's root found from the file's own
address. Both belong to Material's script: without it the search box does nothing.
"""

from __future__ import annotations

import json
import os

from markupsafe import Markup

from kb.mkdocs_plugin.whitespace import compact

FOLDER = "assets/betal-kb"

_SCRIPT = """\
// Material's search box and its script's settings for the pages in {language}, rendered by
// the betal-kb plugin: the script puts the box where it is loaded.
(() => {{
  const script = document.currentScript, root = new URL("../..", script.src);
  script.insertAdjacentHTML("beforebegin", {search});
  const settings = {settings};
  settings.base = root.href;
  settings.search = new URL(settings.search, root).href;
  const element = document.createElement("script");
  element.id = "__config";
  element.type = "application/json";
  element.textContent = JSON.stringify(settings);
  script.after(element);
}})();
"""


def path(language: str) -> str:
    """The script file of ``language``, from the site's root."""
    return f"{FOLDER}/chrome-{language}.js"


class ChromeScript:
    """The search box and the settings of one language's pages, rendered by the first page
    and written to :func:`path` when the language is built."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._search: str | None = None
        self._settings: dict | None = None

    def search_box(self, base_url: str, *, caller) -> Markup:
        """In place of Material's search box (the body of the ``call`` block): the script
        that puts it there."""
        if self._search is None:
            self._search = compact(str(caller())).strip()
        return Markup('<script src="{}"></script>').format(_join(base_url, path(self.language)))

    def settings(self, base_url: str, *, caller) -> Markup:
        """In place of Material's ``<script id="__config">`` (the body of the ``call``
        block): nothing, the file creates it."""
        if self._settings is None:
            self._settings = _settings(str(caller()), base_url)
        return Markup("")

    def script(self) -> str | None:
        """The file's text; None until a page has rendered both parts."""
        if self._search is None or self._settings is None:
            return None
        return _SCRIPT.format(language=self.language, search=json.dumps(self._search),
                              settings=json.dumps(self._settings, sort_keys=True))

    def write(self, site_dir: str) -> bool:
        """Write the file into the site (False when no page used it)."""
        text = self.script()
        if text is None:
            return False
        target = os.path.join(site_dir, *path(self.language).split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        return True


def _join(base_url: str, target: str) -> str:
    return target if base_url in ("", ".") else f"{base_url.rstrip('/')}/{target}"


def _settings(element: str, base_url: str) -> dict:
    """The JSON of Material's ``<script id="__config">``, its addresses made relative to the
    site's root rather than to the page that rendered it."""
    start, end = element.index(">") + 1, element.rindex("</script>")
    settings = json.loads(element[start:end])
    settings["base"] = "."
    prefix = _join(base_url, "")
    search = settings.get("search")
    if isinstance(search, str) and prefix and search.startswith(prefix):
        settings["search"] = search[len(prefix):]
    return settings
