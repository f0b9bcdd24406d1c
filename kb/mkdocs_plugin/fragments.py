"""Render once what many pages show alike.

Material renders the navigation into every page. For the pages the navigation does not
list (the articles of a large section), it comes out the same for all the pages of one
folder under one section, so it is rendered once per such pair and reused. Material's
own language strings are looked up once each instead of once per use.

Most of the rest of the page chrome (the head's stylesheets and scripts, the search box,
the configuration for Material's script) depends only on the language being built and on
the way back to the site's root (``base_url``): the plugin's templates render it once per
such pair with ``{% call kb_once(name, base_url) %}...{% endcall %}`` (see
``templates/main.html``).
"""

from __future__ import annotations

import os
import posixpath

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, TemplateNotFound
from markupsafe import Markup

from kb.mkdocs_plugin.icons import IconLoader, Icons

MATERIAL = "material"


def material_templates() -> str:
    import material.templates

    return os.path.dirname(material.templates.__file__)


class Fragments:
    def __init__(self, in_nav: set[int]) -> None:
        self.in_nav = in_nav  # id() of the pages the navigation lists
        self._html: dict[tuple, Markup] = {}

    def key(self, page) -> tuple | None:
        """What the navigation of ``page`` depends on; None when it is its own."""
        if not isinstance(getattr(page, "url", None), str) or id(page) in self.in_nav:
            return None  # no page (404.html), or one the navigation lists
        top = page.parent
        while top is not None and top.parent is not None:
            top = top.parent
        return (posixpath.dirname(page.url), id(top) if top is not None else None)

    def get(self, key: tuple) -> Markup | None:
        return self._html.get(key)

    def remember(self, key: tuple, html: str) -> Markup:
        markup = Markup(html)
        self._html[key] = markup
        return markup

    def once(self, *key, caller) -> Markup:
        """The body of a ``{% call kb_once(*key) %}`` block, rendered the first time
        ``key`` is seen in this build and reused after."""
        key = ("once", *key)
        markup = self._html.get(key)
        if markup is None:
            markup = self._html[key] = Markup(caller())
        return markup


class Translations:
    """Material's language strings (``partials/languages/nb.html``, English where a language
    has none), each looked up once. A theme language that is a locale Material does not
    know by that name (``nb-NO``) uses its language's strings (``nb``) and is itself the
    document's ``lang``."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._cache: dict[tuple[str, str], str] = {}
        self._modules: dict[str, object] = {}

    def __call__(self, language: str):
        """The ``t(key)`` of one theme language."""
        return lambda key: self.text(language, key)

    def text(self, language: str, key: str) -> str:
        found = self._cache.get((language, key))
        if found is None:
            if key == "language":
                found = str(self._lookup(language, key) or "en")
                if language != found and "-" in language:
                    found = language
            else:
                found = str(self._lookup(language, key) or self._lookup("en", key) or key)
            self._cache[(language, key)] = found
        return found

    def _lookup(self, language: str, key: str) -> str:
        module = self._module(language)
        return str(module.t(key)) if module is not None else ""

    def _module(self, language: str):
        if language not in self._modules:
            module = None
            for name in (language, language.split("-")[0], language.split("_")[0]):
                try:
                    module = self._env.get_template(f"partials/languages/{name}.html").module
                    break
                except TemplateNotFound:
                    continue
            self._modules[language] = module
        return self._modules[language]


SCOPE_SCRIPT = "assets/betal-kb/scope.js"
_SCOPE_INLINE = '"{{ config.extra.scope | d(base_url) }}",location'
_SCOPE_FILE = '"../..",document.currentScript.src'  # the site's root, seen from the file


def scope_script() -> str | None:
    """Material's first script (``partials/javascripts/base.html``: where the site's root is,
    helpers to keep settings in the browser) as a file of its own that finds the site's
    root from its own address, so pages load it instead of carrying its 330 bytes each;
    None when Material's script is not the one this expects."""
    path = os.path.join(material_templates(), "partials", "javascripts", "base.html")
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError:
        return None
    start, end = source.find("<script>"), source.rfind("</script>")
    if start < 0 or end < start:
        return None
    script = source[start + len("<script>"):end]
    if script.count(_SCOPE_INLINE) != 1 or "{{" in script.replace(_SCOPE_INLINE, ""):
        return None
    return script.replace(_SCOPE_INLINE, _SCOPE_FILE).strip() + "\n"


def install(env: Environment, fragments: Fragments, icons: Icons | None = None,
            scope: str | None = None) -> None:
    """Make the helpers available to the plugin's templates; ``material/...`` names Material's
    own templates (which the plugin's partials wrap). With ``icons``, the chrome's icons are
    placeholders the stylesheet paints (see :mod:`.icons`)."""
    loaders = [env.loader, PrefixLoader({MATERIAL: FileSystemLoader(material_templates())})]
    if icons is not None:
        loaders.insert(0, IconLoader(icons))
    env.loader = ChoiceLoader(loaders)
    env.auto_reload = False  # a build renders thousands of pages from unchanging templates
    env.globals["kb_translator"] = Translations(env)
    env.globals["kb_nav_key"] = fragments.key
    env.globals["kb_fragment"] = fragments.get
    env.globals["kb_remember"] = fragments.remember
    env.globals["kb_once"] = fragments.once
    env.globals["kb_folder"] = folder
    env.globals["kb_path_key"] = path_key
    env.globals["kb_scope_script"] = scope


def path_key(page) -> tuple:
    """What Material's breadcrumbs of ``page`` depend on: its parents, its folder, whether
    its front matter hides them."""
    if page is None:
        return (None,)
    meta = getattr(page, "meta", None) or {}
    return (folder(page), id(page.parent), repr(meta.get("hide")))


def folder(page) -> str | None:
    """The folder of ``page``'s address: a link's relative form is the same from any page in
    it. None without a page (404.html)."""
    url = getattr(page, "url", None)
    return posixpath.dirname(url) if isinstance(url, str) else None
