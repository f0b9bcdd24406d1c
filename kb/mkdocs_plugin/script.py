"""The site's script (``assets/betal-kb/kb.js``), one per language, loaded by every page
after Material's:

- the language menu keeps the reader's ``#anchor``: both translations carry the same
  heading ids, and the menu leads to the same page;
- "Was this page helpful?" (Material's feedback, which its analytics provider shows): the
  plugin's provider collects nothing, so the form is shown here, and an answer shows its
  note (the note of "could be improved" leads to support); one file for every page rather
  than a script in each page's head (the provider's partial is empty);
- what axe-core finds missing in Material's markup, set through the DOM: a name for the
  search dialog (its box's placeholder), a name for the breadcrumbs that is not the
  navigation's, and keyboard access to a table or a row of tabs that scrolls sideways.
"""

from __future__ import annotations

import json

PATH = "assets/betal-kb/kb.js"

_SCRIPT = """\
// The betal-kb plugin's script for the {locale} site (see kb/mkdocs_plugin/script.py).
(function () {{
  var words = {words}

  document.addEventListener("click", function (event) {{
    var link = event.target instanceof Element &&
      event.target.closest("a.md-select__link[hreflang]")
    if (link && location.hash && !link.hash) link.hash = location.hash
  }}, true)

  function label() {{
    var dialog = document.querySelector(".md-search[role=dialog]:not([aria-label])")
    var box = document.querySelector(".md-search__input")
    if (dialog && box) dialog.setAttribute("aria-label", box.placeholder)
    var path = document.querySelector("nav.md-path")
    if (path) path.setAttribute("aria-label", words.breadcrumbs)
  }}

  function reachable() {{
    var scrolling = document.querySelectorAll(".md-typeset__scrollwrap, .tabbed-labels")
    for (var element of scrolling) {{
      if (element.scrollWidth > element.clientWidth) element.setAttribute("tabindex", "0")
      else element.removeAttribute("tabindex")
    }}
  }}

  function feedback() {{
    var form = document.forms.feedback
    if (typeof form === "undefined") return
    for (var button of form.querySelectorAll("[type=submit]")) {{
      button.addEventListener("click", function (event) {{
        event.preventDefault()
        var value = this.getAttribute("data-md-value")
        form.firstElementChild.disabled = true
        var note = form.querySelector(".md-feedback__note [data-md-value='" + value + "']")
        if (note) note.hidden = false
      }})
    }}
    form.hidden = false
  }}

  document.addEventListener("DOMContentLoaded", function () {{ label(); reachable() }})
  if (typeof document$ !== "undefined") document$.subscribe(feedback)  // Material's page
  window.addEventListener("resize", reachable)
}})()
"""


def script(locale: str, breadcrumbs: str) -> str:
    return _SCRIPT.format(locale=locale, words=json.dumps({"breadcrumbs": breadcrumbs},
                                                          ensure_ascii=False))
