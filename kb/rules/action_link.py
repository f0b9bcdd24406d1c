"""An action link must name an action the engine has, with parameters it declares.

An action link is a Markdown link with the `action:` scheme; the TUI runs it and the site
shows the command behind it:

```markdown
[Gjør opp saldo](action:balance.settle)
[Se når neste forsøk kommer](action:retries.show?subscription=sub_1a2b3c4d)
```

Reported: an unknown action (with the nearest id, as `betal actions` lists them), a
parameter the action does not declare, a value its type refuses (`subscription=abc`
is not a `sub_...` id), a parameter given twice, and a link with no action id. Required
parameters may be left out: the TUI asks for them.
"""

from __future__ import annotations

from engine.locales import LOCALES
from kb.i18n import N_
from kb.problems import ERROR, problem

ID = "action-link"
SEVERITY = ERROR
FIXABLE = False


def check(article, schema):
    links = article.outline.action_links
    if not links:
        return
    from engine.actions import registry
    from engine.errors import InputError
    from kb.links import parse_action

    for link in links:
        at = (ID, article.path, link.line, link.column)
        target = parse_action(link.target)
        if not target.action:
            yield problem(*at, N_("The action link has no action id: write action:ID."))
            continue
        try:
            action = registry.get(target.action)
        except InputError as error:
            suggestion = error.params.get("suggestion")
            if suggestion:
                yield problem(*at, N_("Unknown action '{action}': did you mean "
                                      "'{suggestion}'?"), action=target.action,
                              suggestion=suggestion)
            else:
                yield problem(*at, N_("Unknown action '{action}': 'betal actions' lists "
                                      "them."), action=target.action)
            continue
        names = [name for name, _ in target.params]
        repeated = sorted({name for name in names if names.count(name) > 1})
        for name in repeated:
            yield problem(*at, N_("Parameter '{name}' is given twice in the action link."),
                          name=name)
        try:
            registry.validate(action, dict(target.params), complete=False)
        except InputError as error:
            yield problem(*at, N_("Action '{action}': {error}"), action=target.action,
                          error={locale: error.render(locale) for locale in LOCALES})
