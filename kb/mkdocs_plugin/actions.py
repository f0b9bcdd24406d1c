"""``action:`` links as a control that shows the command which runs the action.

In an article a troubleshooting row links to an engine action::

    | Kortet mitt ble avslått. | ... | [Gjør opp saldo](action:balance.settle) |

The terminal UI runs such a link; a web page cannot, so the site shows the link's label
with the command that does the same from a shell, and a button that copies it (Material's
clipboard script handles every ``data-clipboard-text`` element)::

    betal run balance.settle --as ADMIN --param subscription=SUBSCRIPTION

Parameters given in the link (``action:retries.show?subscription=sub_1a2b``) are filled
in; required ones it leaves out become placeholders. The transform works on the HTML that
Python-Markdown made, so links in code are never touched.
"""

from __future__ import annotations

import html
import re
import shlex
from functools import cache
from typing import NamedTuple

from kb.links import parse_action
from kb.mkdocs_plugin.strings import CHANGES, COPY, READ_ONLY, RUN, text

ADMIN = "ADMIN"
_ANCHOR = re.compile(r'<a href="action:([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


class Described(NamedTuple):
    """What the site says about an action in one language."""

    title: str
    summary: str
    mutates: bool
    params: tuple[tuple[str, bool], ...]  # (name, required), in declared order


@cache
def describe(action_id: str, locale: str) -> Described | None:
    """The action as the registry declares it, or None when there is no such action."""
    from engine.actions.registry import REGISTRY

    action = REGISTRY.get(action_id)
    if action is None:
        return None
    described = action.to_dict(locale)
    return Described(described["title"], described["summary"], action.mutates,
                     tuple((p.name, p.required) for p in action.params))


def command(action_id: str, params=(), declared=None) -> str:
    """The ``betal run`` command line for an action link."""
    given = dict(params)
    words = ["betal", "run", action_id, "--as", ADMIN]
    names = [name for name, _ in declared] if declared is not None else list(given)
    for name in names:
        required = dict(declared).get(name, False) if declared is not None else False
        if name in given:
            words += ["--param", f"{name}={given[name]}"]
        elif required:
            words += ["--param", f"{name}={name.upper()}"]
    for name, value in params:  # parameters the registry does not know: shown as given
        if name not in names:
            words += ["--param", f"{name}={value}"]
    return " ".join(shlex.quote(word) if word != ADMIN else word for word in words)


def control(target: str, label_html: str, locale: str) -> str:
    """The HTML control for one action link (``target`` without ``action:``)."""
    action_id, params = parse_action("action:" + html.unescape(target))
    described = describe(action_id, locale)
    line = command(action_id, params, described.params if described else None)
    run = text(RUN, locale)
    copy = text(COPY, locale)
    quoted = html.escape(line, quote=True)
    title = ""
    if described is not None:
        effect = text(CHANGES if described.mutates else READ_ONLY, locale)
        title = f' title="{html.escape(described.summary, quote=True)} ({effect})"'
    label = label_html.strip() or html.escape(described.title if described else action_id)
    return (
        f'<span class="kb-action" data-kb-action="{html.escape(action_id, quote=True)}">'
        f'<span class="kb-action__label"{title}>{label}</span> '
        f'<span class="kb-action__run"><span class="kb-action__caption">{run}:</span> '
        f'<code class="kb-action__command">{quoted}</code>'
        f'<button type="button" class="kb-action__copy" data-clipboard-text="{quoted}" '
        f'title="{html.escape(copy, quote=True)}" '
        f'aria-label="{html.escape(copy, quote=True)}: {quoted}"></button></span></span>'
    )


def render(content: str, locale: str) -> str:
    """``content`` (a page's HTML) with every action link replaced by its control."""
    if 'href="action:' not in content:
        return content
    return _ANCHOR.sub(lambda m: control(m.group(1), m.group(2), locale), content)
