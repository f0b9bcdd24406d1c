"""The site tests itself: every command the built site shows, in both languages, is filled
with the demo account's ids and run against a fresh demo database. Each must exit 0, or 1
with a refusal whose rule the page's article explains (engine/rules.py names the article of
every rule); a command the engine would refuse as malformed (exit 2) fails the test.

Commands are run as a reader pastes them, by a shell, with ``BETAL_DB`` pointing at a copy
of the demo's SQLite file; a card number is fed on standard input as Betal reads it (the
printf form on the site feeds its own).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from engine.store.database import copy_sqlite_account
from tests.site.helpers import ROOT

COMMAND = re.compile(r'<code class="kb-command">(.*?)</code>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"\b[A-Z][A-Z_]{2,}\b|MM/YY")
# README's test cards: "any other number that passes the Luhn check is an active card issued
# in its billing country" (the table's own numbers are on file in the demo already)
TEST_CARD = "4000056655665556"
# The actions on a payment method that the admin who added it uses: the demo's scenario
# "unlinked-new-card" (a Billing admin added a card that pays for nothing yet).
OWNERS_ACTIONS = ("payment-method.update", "payment-method.delete", "payment-method.replace",
                  "subscription.change-payment-method")
ASSETID = re.compile(r"^ms\.assetid:\s*(\S+)", re.MULTILINE)


def _tenant(summary: dict, locale: str) -> dict:
    return next(tenant for tenant in summary["tenants"] if tenant["locale"] == locale)


def fills(summary: dict, locale: str, action_id: str = "") -> dict[str, str]:
    """A demo value for each word in capitals of a command of ``action_id``: the past-due
    subscription and its Global admin, or, for the owner's actions on a card, the new card
    a Billing admin added and linked to nothing (the demo's scenarios, in either tenant)."""
    tenant = _tenant(summary, locale)
    methods = tenant["payment_methods"]
    role = "billing-admin" if action_id in OWNERS_ACTIONS else "global-admin"
    admin = next(a for a in tenant["admins"] if a["role"] == role)
    values = {
        "ADMIN": admin["email"],
        "SUBSCRIPTION": tenant["subscriptions"]["past-due"],
        "PAYMENT_METHOD": methods["expired-own"],
        "REPLACEMENT": methods["unlinked"],
        "HOLDER_NAME": f"'{admin['name']}'",
        "MM/YY": "10/31",
        "NUMBER": TEST_CARD,
        "PRODUCT": "'Business Basic'",
        "LICENCES": "2",
    }
    if action_id in OWNERS_ACTIONS:
        values["PAYMENT_METHOD"] = methods["unlinked"]
    if action_id == "payment-method.replace":  # the card the expired-card subscription uses
        values["PAYMENT_METHOD"] = methods["expired-other"]
    return values


def shown_commands(site: Path) -> dict[tuple[str, str], set[str]]:
    """(locale, command) -> the pages that show it."""
    found: dict[tuple[str, str], set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        locale = "nl-NL" if path.startswith("nl-NL/") else "nb-NO"
        for command in COMMAND.findall(page.read_text(encoding="utf-8")):
            found.setdefault((locale, html.unescape(TAG.sub("", command))), set()).add(path)
    return found


def article_assetid(path: str) -> str | None:
    """The ms.assetid of the article a built page shows (None: a generated page)."""
    locale = "nl-NL" if path.startswith("nl-NL/") else "nb-NO"
    source = ROOT / "kb" / locale / (path.removeprefix("nl-NL/")[:-len(".html")] + ".md")
    if not source.is_file():
        return None
    match = ASSETID.search(source.read_text(encoding="utf-8"))
    return match.group(1).lower() if match else None


def fill(command: str, values: dict[str, str]) -> str:
    def value(match):
        if match.group(0) not in values:
            raise AssertionError(f"no demo value for {match.group(0)} in: {command}")
        return values[match.group(0)]
    return PLACEHOLDER.sub(value, command)


def run(command: str, database: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BETAL_DB": str(database), "BETAL_LOG": str(tmp / "betal.log"),
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    for name in ("BETAL_LOCALE", "BETAL_PASSPHRASE", "LC_ALL", "LANG"):
        env.pop(name, None)
    return subprocess.run(["bash", "-c", command], input=TEST_CARD + "\n", env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_every_command_the_site_shows_works_on_a_fresh_demo(built_site, demo_template,
                                                             tmp_path):
    from engine.rules import RULES

    template, summary = demo_template
    commands = shown_commands(built_site)
    assert {locale for locale, _ in commands} == {"nb-NO", "nl-NL"}
    assert len(commands) >= 40
    actions = {re.search(r"betal run (\S+)", command).group(1) for _, command in commands}
    from engine.actions.registry import REGISTRY

    assert actions == set(REGISTRY), "every action has its commands on the site"

    def attempt(item):
        (locale, command), pages = item
        work = tmp_path / f"run-{abs(hash((locale, command)))}"
        work.mkdir()
        action_id = re.search(r"betal run (\S+)", command).group(1)
        filled = fill(command, fills(summary, locale, action_id))
        database = work / "betal.db"
        copy_sqlite_account(template, database)
        result = run(filled, database, work)
        if result.returncode == 0:
            return None
        if result.returncode != 1:
            return f"{locale} {command}\n  -> exit {result.returncode}: {result.stderr.strip()}"
        copy_sqlite_account(template, database)  # the same again, for the refusal's rule
        refusal = json.loads(run(filled + " --json", database, work).stdout)
        rule = RULES.get(refusal.get("code"))
        if rule is None:
            return f"{locale} {command}\n  -> refused without a rule: {refusal}"
        unexplained = [page for page in pages
                       if article_assetid(page) not in (None, rule.assetid)]
        if unexplained:
            return (f"{locale} {command}\n  -> refused by {rule.id} ({rule.citation}), "
                    f"which {', '.join(sorted(unexplained))} does not explain")
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [failure for failure in pool.map(attempt, sorted(commands.items()))
                    if failure]
    assert not failures, "\n".join(failures)


def test_the_fills_are_the_words_the_site_uses(built_site, demo_template):
    """Every word in capitals of every command has a demo value, and no value is left
    unused (a renamed placeholder would otherwise pass unnoticed)."""
    _, summary = demo_template
    used = set()
    for _, command in shown_commands(built_site):
        used.update(PLACEHOLDER.findall(command))
    assert used == set(fills(summary, "nb-NO")), used
