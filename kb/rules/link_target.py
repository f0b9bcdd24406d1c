"""A relative link must point at a file that exists.

`[legg til et nytt kort](manage-payment-methods.md#add-payment-method)` needs
`manage-payment-methods.md` next to the article. Images and reference-style links count;
URLs (`https:`, `mailto:`, `action:`, ...), site-absolute paths (`/...`) and links to
an anchor of the same article are not looked at here (see `link-anchor`). Paths are
matched exactly, case included, as on the web server.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.paths import is_relative, split_target
from kb.problems import ERROR, problem

ID = "link-target"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    from urllib.parse import unquote

    for facts in context.targets():
        for target, line, column in facts.links:
            if not is_relative(target):
                continue
            path, _ = split_target(target)
            if not path:
                continue
            resolved = context.resolve(facts, unquote(path))
            if not context.exists(resolved):
                yield problem(ID, facts.path, line, column,
                              N_("The link target '{target}' does not exist."), target=path)
