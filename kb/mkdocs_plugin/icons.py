"""The page chrome's icons, drawn by the stylesheet instead of repeated in every page.

Material writes each icon of its header and footer (logo, menu, language, search, close,
previous, next) into every page as inline SVG: 2.2 kB a page, the same bytes 6,000 times.
The plugin serves those ``.icons/...svg`` includes as an empty ``<svg>`` with the icon's
``viewBox`` (so Material's rules size and place it as before) and a class whose rule in the
plugin's stylesheet paints the icon as a mask in the text colour, the way Material draws
its own navigation and clipboard icons.

Icons that a configuration turns into stylesheet rules itself (``theme.icon.admonition``,
``annotation``, ``tag``) are left as they are: Material reads their SVG text.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from jinja2 import BaseLoader, TemplateNotFound

# theme.icon keys of the chrome, with Material's defaults (partials/header.html,
# logo.html, alternate.html, search.html, footer.html)
CHROME = {
    "logo": "material/library",
    "menu": "material/menu",
    "alternate": "material/translate",
    "search": "material/magnify",
    "previous": "material/arrow-left",
    "next": "material/arrow-right",
    "close": "material/close",
    "share": "material/share-variant",
}
_VIEWBOX = re.compile(r'<svg\b[^>]*\sviewBox="([^"]+)"')


def chrome_icons(theme) -> list[str]:
    """The names (``material/magnify``) of the icons the page chrome includes."""
    configured = theme.get("icon") or {}
    # a theme.logo is an image, not an icon
    keys = [key for key in CHROME if key != "logo" or not theme.get("logo")]
    names = {configured.get(key) or CHROME[key] for key in keys}
    names.discard(None)
    # icons Material turns into CSS itself must stay SVG text
    for key in ("admonition", "tag"):
        value = configured.get(key)
        if isinstance(value, dict):
            names.difference_update(value.values())
    names.discard(configured.get("annotation"))
    return sorted(name for name in names if isinstance(name, str))


def find(dirs: list[str], name: str) -> str | None:
    """The SVG text of icon ``name`` in the theme's folders (overrides first)."""
    for folder in dirs:
        path = os.path.join(folder, ".icons", f"{name}.svg")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
    return None


def css_class(name: str) -> str:
    return "kb-icon--" + re.sub(r"[^a-z0-9-]+", "-", name.lower())


class Icons:
    """The chrome's icons of one theme: their placeholders and their stylesheet."""

    def __init__(self, dirs: list[str], names: list[str]) -> None:
        self.svg: dict[str, str] = {}
        for name in names:
            text = find(dirs, name)
            if text is not None and _VIEWBOX.search(text):
                self.svg[name] = text

    def placeholder(self, name: str) -> str:
        viewbox = _VIEWBOX.search(self.svg[name]).group(1)
        return f'<svg viewBox="{viewbox}" class="kb-icon {css_class(name)}"></svg>'

    def css(self) -> str:
        rules = [
            "/* The page chrome's icons (see kb/mkdocs_plugin/icons.py). */",
            ".kb-icon{background-color:currentcolor;"
            "-webkit-mask:var(--kb-icon) center/contain no-repeat;"
            "mask:var(--kb-icon) center/contain no-repeat}",
            "@media (forced-colors:active){.kb-icon{forced-color-adjust:none;"
            "background-color:CanvasText}}",
        ]
        for name, text in sorted(self.svg.items()):
            data = quote(" ".join(text.split()), safe=" /:=,.-'")
            rules.append(f'.{css_class(name)}{{--kb-icon:url("data:image/svg+xml;'
                         f'charset=utf-8,{data}")}}')
        return "\n".join(rules) + "\n"


class IconLoader(BaseLoader):
    """Serves ``.icons/NAME.svg`` as its placeholder for the chrome's icons; any other
    template is left to the next loader."""

    def __init__(self, icons: Icons) -> None:
        self.icons = icons

    def get_source(self, environment, template):
        if template.startswith(".icons/") and template.endswith(".svg"):
            name = template[len(".icons/"):-len(".svg")]
            if name in self.icons.svg:
                return self.icons.placeholder(name), None, lambda: True
        raise TemplateNotFound(template)
