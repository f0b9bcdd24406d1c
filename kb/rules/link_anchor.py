"""A link's `#anchor` must exist in the article it points at, spelled exactly.

Anchors are heading ids (`## Gjør opp saldoen {#settle-balance}`, or without an explicit
id the one MkDocs derives from the heading text), `<a name="...">` and `id="..."`
attributes. The comparison is case-sensitive: `#Settle-balance` does not find
`{#settle-balance}`. Checked for `#anchor` links within an article and for relative
links to another Markdown file; a missing file is `link-target`'s finding.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.paths import split_target
from kb.problems import ERROR, problem

ID = "link-anchor"
SEVERITY = ERROR
FIXABLE = False


def check_set(context):
    from urllib.parse import unquote

    for facts in context.targets():
        for target, line, column in facts.links:
            path, anchor = split_target(target)
            if not anchor:
                continue
            if path:
                if not path.endswith(".md"):
                    continue
                other = context.load(context.resolve(facts, unquote(path)))
                if other is None:
                    continue
            else:
                other = facts
            if unquote(anchor) not in other.anchors:
                yield problem(ID, facts.path, line, column,
                              N_("There is no anchor '#{anchor}' in {article}."),
                              anchor=anchor, article=other.path if path else facts.path)
