"""The page "Betal from the command line" of each language, made from the engine's action
declarations: what the words in capitals of the site's commands stand for, each action's
parameters as a table with its command, and an example with its output.

The example's output is what the example printed when the page was built: the plugin runs
it on a demo account in a temporary folder (``betal demo``, then ``betal run``), so it is
never out of date; one demo account serves every language (:func:`run_examples`). Without
the ``betal`` program, the page says nothing about output and the build warns.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence

from kb.mkdocs_plugin import strings as s
from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.markdown import CLI_PAGE

CLI_PAGE_FILE = CLI_PAGE
SLUG = CLI_PAGE[:-3]
EXAMPLE_ACTION = "past-due.status"
_PREFIX = {"subscription": "sub", "payment_method": "pm", "billing_profile": "bp",
           "invoice": "inv"}
_TYPES = {"expiry": s.CLI_EXPIRY, "country": s.CLI_COUNTRY, "phone": s.CLI_PHONE,
          "postal-code": s.CLI_POSTAL}


def anchor(action_id: str) -> str:
    return action_id.replace(".", "-")


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _values(param: dict, locale: str) -> str:
    if param.get("choices"):
        return ", ".join(f"`{choice}`" for choice in param["choices"])
    if param.get("secret"):
        return text(s.CLI_SECRET_VALUE, locale, name=param["name"])
    if param["type"] in _PREFIX:
        return text(s.CLI_ID, locale, prefix=_PREFIX[param["type"]])
    if param["type"] in _TYPES:
        return text(_TYPES[param["type"]], locale)
    return text(s.CLI_ANY_TEXT, locale)


def action_section(described: dict, locale: str) -> str:
    lines = [f"### {described['title']} {{#{anchor(described['id'])}}}", "",
             f"`{described['id']}`: {described['summary']}", ""]
    if described["params"]:
        lines += [f"| {text(s.CLI_PARAMETER, locale)} | {text(s.CLI_MEANING, locale)} | "
                  f"{text(s.CLI_VALUES, locale)} | {text(s.CLI_REQUIRED, locale)} |",
                  "|:--|:--|:--|:--|"]
        for param in described["params"]:
            required = text(s.CLI_YES if param["required"] else s.CLI_NO, locale)
            lines.append(f"| `{param['name']}` | {_cell(param['label'])} | "
                         f"{_cell(_values(param, locale))} | {required} |")
    else:
        lines.append(text(s.CLI_NO_PARAMETERS, locale))
    lines += ["", f"[{described['title']}](action:{described['id']})", ""]
    return "\n".join(lines)


def markdown(locale: str, example_output: str | None) -> str:
    from engine.actions.registry import all_actions

    title = text(s.CLI_TITLE, locale)
    parts = ["---", f'title: "{title}"', "---", "", f"# {title} {{#{SLUG}}}", "",
             text(s.CLI_INTRO, locale), "",
             f"## {text(s.CLI_PLACEHOLDERS, locale)} {{#placeholders}}", "",
             *(f"- {text(message, locale)}" for message in (
                 s.CLI_ADMIN, s.CLI_SUBSCRIPTION, s.CLI_PAYMENT_METHOD, s.CLI_OTHERS)),
             "", text(s.CLI_DEMO, locale), "", text(s.CLI_SECRETS, locale), "",
             text(s.CLI_EXIT, locale), "",
             f"## {text(s.CLI_EXAMPLE, locale)} {{#example}}", "",
             text(s.CLI_EXAMPLE_TEXT, locale), "",
             f"[{EXAMPLE_ACTION}](action:{EXAMPLE_ACTION})", ""]
    if example_output:
        parts += [text(s.CLI_EXAMPLE_OUTPUT, locale), "", "```text",
                  example_output.rstrip("\n"), "```", ""]
    parts += [f"## {text(s.CLI_ACTIONS, locale)} {{#actions}}", ""]
    parts += [action_section(action.to_dict(locale), locale) for action in all_actions()]
    return "\n".join(parts) + "\n"


def _past_due(summary: dict, locale: str) -> tuple[str, str]:
    """The Global admin and the past-due subscription of the demo tenant that speaks
    ``locale`` (the demo's past-due scenario when none does)."""
    for tenant in summary["tenants"]:
        if tenant.get("locale") == locale and "past-due" in tenant.get("subscriptions", {}):
            admin = next(a for a in tenant["admins"] if a["role"] == "global-admin")
            return admin["email"], tenant["subscriptions"]["past-due"]
    scenario = summary["scenarios"]["past-due"]
    return scenario["admin"], scenario["subscription"]


def betal_program() -> str | None:
    here = os.path.join(os.path.dirname(sys.executable), "betal")
    return here if os.path.exists(here) else shutil.which("betal")


def run_examples(locales: Sequence[str]) -> dict[str, str]:
    """What the example command prints on a new demo account in each of ``locales``, by
    locale: one ``betal demo`` (it has a tenant that speaks each language), then one
    ``betal run`` as each language's admin.

    Raises ``RuntimeError`` when it cannot be run."""
    program = betal_program()
    if program is None:
        raise RuntimeError("the betal program is not installed")
    with tempfile.TemporaryDirectory(prefix="betal-site-example-") as folder:
        db = os.path.join(folder, "demo.db")
        env = {**os.environ, "BETAL_LOG": os.path.join(folder, "betal.log")}

        def betal(locale: str, *args: str) -> subprocess.CompletedProcess:
            return subprocess.run([program, "--db", db, "--locale", locale, *args],
                                  capture_output=True, text=True, env=env, timeout=120,
                                  stdin=subprocess.DEVNULL, check=False)

        demo = betal(locales[0], "demo", "--json")
        if demo.returncode != 0:
            raise RuntimeError(demo.stderr.strip() or "betal demo failed")
        summary = json.loads(demo.stdout)
        outputs = {}
        for locale in locales:
            admin, subscription = _past_due(summary, locale)
            result = betal(locale, "run", EXAMPLE_ACTION, "--as", admin,
                           "--param", f"subscription={subscription}")
            if result.returncode not in (0, 1):
                raise RuntimeError(result.stderr.strip() or f"exit {result.returncode}")
            outputs[locale] = placeholders((result.stdout + result.stderr).strip())
        return outputs


PLACEHOLDERS = {"sub": "SUBSCRIPTION", "pm": "PAYMENT_METHOD", "inv": "INVOICE",
                "bp": "BILLING_PROFILE", "ad": "ADMIN", "tn": "TENANT", "ch": "CHARGE"}
_ID = re.compile(r"\b(" + "|".join(PLACEHOLDERS) + r")_[0-9a-f]{20}\b")


def placeholders(output: str) -> str:
    """The example's output with the demo's ids as the words the page uses for them: a
    reader's ids differ, and the page stays the same from one build to the next."""
    return _ID.sub(lambda match: PLACEHOLDERS[match.group(1)], output)
