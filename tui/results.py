"""What an action would do (its preview) and what it did (its outcome), as the engine
reported it, in words: the same message, details, findings, next steps and changes that
``betal run`` prints for the same input. Each change is shown in the engine's own words
(its ``lines``, which leave out what the admin may not see). A preview says first that
nothing has changed yet and never carries a ✓; an outcome carries ✓ only when the action
succeeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.text import Text

from tui.i18n import _, render
from tui.text import plain

# (article asset id, heading anchor) -> (article title, heading text or None)
Citations = Mapping[tuple[str, str], tuple[str, str | None]]


def action_title(action_id: str) -> str:
    from engine.actions.registry import REGISTRY
    from engine.i18n import Message

    action = REGISTRY.get(action_id)
    return render(Message(action.title)) if action else ""


def citation(rule: Mapping[str, str] | None, cites: Citations) -> list[Text]:
    """Where the rule is written: the article's title and heading, never its file name."""
    if not rule:
        return []
    found = cites.get((rule["assetid"], rule["anchor"]))
    if found is None:
        return []
    title, heading = found
    text = (_("See: {article}, “{heading}”", article=title, heading=heading) if heading
            else _("See: {article}", article=title))
    return [plain("  " + text, "italic cyan")]


def _body(result, cites: Citations) -> list[Text]:
    parts: list[Text] = [plain("  " + detail, lines=True) for detail in result.details]
    for finding in result.findings:
        parts.append(plain("  • " + finding["message"], lines=True))
        parts.extend(citation(finding.get("rule"), cites))
    if result.rule and not result.findings:
        parts.extend(citation(result.rule, cites))
    return parts


def _fixes(result) -> list[Text]:
    return [plain("  " + _("Next step: {action}", action=action_title(fix["action"])),
                  "italic") for fix in result.fixes if action_title(fix["action"])]


def changed(result) -> list[Text]:
    """One line per change the engine made (or would make), in its words."""
    return [plain("  • " + line, lines=True)
            for change in result.changes for line in change.get("lines", ())]


def confirmable(result) -> bool:
    """Whether a preview has anything to confirm: a change, or a charge the bank would
    decline (which is recorded, with its notice). When nothing would change, confirming
    would do nothing, so it is not offered."""
    return bool(result.changes) or not result.ok


def preview(result, cites: Citations, then: list[str] = ()) -> Group:
    """The preview of ``result``: what would happen and change if the admin confirms."""
    parts: list[Any] = [Text(_("Preview: nothing has changed yet."), style="bold yellow"),
                        Text("")]
    if confirmable(result):
        parts.append(Text(_("If you confirm:") if result.ok else
                          _("If you confirm, it will not succeed:"), style="bold"))
    parts.append(plain("  " + result.message, "" if result.ok else "red", lines=True))
    parts.extend(_body(result, cites))
    described = changed(result)
    if described:
        parts.append(Text(""))
        parts.append(Text(_("What would be recorded:"), style="bold underline"))
        parts.extend(described)
    else:
        parts.append(Text(""))
        parts.append(Text(_("Nothing would change, so there is nothing to confirm.")))
    for step in then:
        parts.append(Text(""))
        parts.append(plain(_("Then: {step}", step=step), "bold"))
    return Group(*parts)


def outcome(result, cites: Citations) -> Group:
    """What the action did, as the engine recorded it."""
    mark, style = ("✓ ", "bold green") if result.ok else ("✗ ", "bold red")
    parts: list[Any] = [plain(mark + result.message, style, lines=True)]
    parts.extend(_body(result, cites))
    parts.extend(_fixes(result))
    described = changed(result)
    parts.append(Text(""))
    if described:
        parts.append(Text(_("Changed:"), style="bold underline"))
        parts.extend(described)
    elif result.preview is False and _mutates(result.action):
        parts.append(Text(_("Nothing was changed.")))
    return Group(*parts)


def _mutates(action_id: str) -> bool:
    from engine.actions.registry import REGISTRY

    action = REGISTRY.get(action_id)
    return bool(action and action.mutates)
