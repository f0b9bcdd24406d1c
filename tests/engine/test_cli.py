"""The command-line contract scripts rely on: betal actions, run, demo, clock, tick."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys

import pytest

from tui.cli import main


@pytest.fixture
def betal(demo_db, capsys, monkeypatch):
    """Run ``betal`` in-process on a copy of the demo account; returns (exit, stdout, stderr).
    ``stdin`` is what the command reads from standard input (a pipe, not a terminal)."""
    _, path, summary = demo_db

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--db", str(path), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.summary = summary
    run.path = path
    return run


def run_json(betal, *args):
    code, out, _ = betal(*args, "--json")
    return code, json.loads(out)


def table_counts(path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    names = [r[0] for r in connection.execute(
        "select name from sqlite_master where type='table' and name not like 'sqlite_%'")]
    counts = {name: connection.execute(f"select count(*) from {name}").fetchone()[0]
              for name in names}
    connection.close()
    return counts


def test_actions_json_lists_every_action_with_its_contract(betal):
    code, actions = run_json(betal, "actions")
    assert code == 0
    ids = {a["id"] for a in actions}
    assert ids >= {"payment-method.add", "payment-method.update", "payment-method.replace",
                   "payment-method.delete", "subscription.change-payment-method",
                   "balance.settle", "payment.diagnose", "payment-method.check",
                   "retries.show", "past-due.status", "support.contact", "browser.cookies"}
    for action in actions:
        assert {"id", "mutates", "permission", "params"} <= set(action)
        for param in action["params"]:
            assert {"name", "type", "required"} <= set(param)
    settle = next(a for a in actions if a["id"] == "balance.settle")
    assert settle["mutates"] is True and settle["permission"] == "pay"
    assert [(p["name"], p["required"]) for p in settle["params"]] == [
        ("subscription", True), ("payment_method", False), ("expiry", False),
        ("holder_name", False), ("address_line", False), ("city", False), ("region", False),
        ("postal_code", False), ("phone", False)]
    buy = next(a for a in actions if a["id"] == "subscription.buy")
    assert buy["mutates"] is True and buy["permission"] == "buy"
    assert [p["name"] for p in buy["params"] if p["required"]] == ["product", "licences"]


def test_demo_json_names_every_scenario_with_what_it_needs(betal):
    code, summary = run_json(betal, "demo")
    assert code == 0
    assert [t["country"] for t in summary["tenants"]] == ["NO", "NL", "BE"]
    assert [(t["locale"], t["currency"]) for t in summary["tenants"]] == [
        ("nb-NO", "NOK"), ("nl-NL", "EUR"), ("nl-NL", "EUR")]
    assert summary["scenarios"]["bank-account-sunset"]["payment_method"].startswith("pm_")
    for name in ("past-due", "expired-card", "not-activated", "foreign-card",
                 "unlinked-new-card", "only-payment-method", "billing-profile"):
        scenario = summary["scenarios"][name]
        assert scenario["tenant"] and scenario["admin"], name
    assert summary["scenarios"]["billing-profile"]["billing_profile"].startswith("bp_")
    roles = {a["role"] for a in summary["tenants"][0]["admins"]}
    assert roles == {"global-admin", "billing-admin", "helpdesk-admin", "user"}
    assert summary["scenarios"]["foreign-card"]["card_number"] == "4000000000000176"
    code, again = run_json(betal, "demo")
    assert code == 0 and again == summary == betal.summary, "as when it was created"


def test_the_past_due_scenario_has_two_decline_notices_and_settles(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    args = ("--tenant", scenario["tenant"], "--as", scenario["admin"],
            "--param", f"subscription={scenario['subscription']}")
    code, retries = run_json(betal, "run", "retries.show", *args)
    assert code == 0 and retries["data"]["decline_notices"] == 2
    assert retries["data"]["next_attempt_at"] is not None
    code, settled = run_json(betal, "run", "balance.settle", *args)
    assert code == 0 and settled["ok"] and settled["code"] == "ok"
    assert {c["entity"] for c in settled["changes"]} >= {"charge_attempt", "invoice",
                                                       "subscription"}
    code, status = run_json(betal, "run", "past-due.status", *args)
    assert status["data"]["status"] == "active" and status["rule"]["id"] == "past-due-lingers"


def test_a_preview_reports_changes_and_writes_nothing(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    before = table_counts(betal.path)
    code, preview = run_json(betal, "run", "balance.settle", "--as", scenario["admin"],
                             "--param", f"subscription={scenario['subscription']}",
                             "--preview")
    assert code == 0 and preview["preview"] is True and preview["changes"]
    assert table_counts(betal.path) == before


def test_a_rule_refusal_exits_1_with_the_rule_code_and_changes_nothing(betal):
    scenario = betal.summary["scenarios"]["no-permission"]
    before = table_counts(betal.path)
    code, result = run_json(betal, "run", "balance.settle", "--as", scenario["admin"],
                            "--param", f"subscription={scenario['subscription']}")
    assert code == 1 and result["ok"] is False and result["code"] == "admin-roles"
    assert result["rule"]["article"] == "manage-payment-methods"
    after = table_counts(betal.path)
    assert after.pop("audit_events") == before.pop("audit_events") + 1, "refusals are audited"
    assert after == before


@pytest.mark.parametrize("number,code,exit_code", [
    ("4242424242424241", "invalid-card-number", 2),
    ("4000000000000176", "same-country", 1),
])
def test_bad_cards_are_refused_and_nothing_is_written(betal, number, code, exit_code):
    scenario = betal.summary["scenarios"]["foreign-card"]
    before = table_counts(betal.path)
    code_, out, _ = betal(
        "run", "payment-method.add", "--as", scenario["admin"], "--param", "kind=credit-card",
        "--param", "expiry=12/30", "--param", "holder_name=Ingrid Berg", "--json",
        stdin=number + "\n")
    result_code, result = code_, json.loads(out)
    assert (result_code, result["code"]) == (exit_code, code)
    after = table_counts(betal.path)
    after.pop("audit_events"), before.pop("audit_events")
    assert after == before
    assert number not in json.dumps(result)


def test_a_past_expiry_is_refused_in_the_chosen_language(betal):
    scenario = betal.summary["scenarios"]["foreign-card"]
    code, _, err = betal("run", "payment-method.add", "--as", scenario["admin"],
                         "--param", "kind=credit-card", "--param", "expiry=01/20",
                         "--param", "holder_name=X", "--locale", "nl-NL",
                         stdin="4242424242424242\n")
    assert code == 2
    assert "01/2020" in err
    assert "verstreken" in err


@pytest.mark.parametrize("args,code,fragment", [
    (("run", "balance.setle", "--as", "x"), "unknown-action", "balance.settle"),
    (("run", "browser.cookies", "--as", "nobody@example"), "unknown-admin", "nobody@example"),
])
def test_unknown_names_exit_2_with_a_suggestion(betal, args, code, fragment):
    result_code, result = run_json(betal, *args)
    assert (result_code, result["code"]) == (2, code)
    assert fragment in result["message"]


def test_unknown_and_badly_typed_parameters_exit_2(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    base = ("run", "balance.settle", "--as", scenario["admin"])
    code, result = run_json(betal, *base, "--param", f"subscripton={scenario['subscription']}")
    assert (code, result["code"]) == (2, "unknown-parameter")
    assert "subscription" in result["message"]
    code, result = run_json(betal, *base, "--param", "subscription=pm_123456")
    assert (code, result["code"]) == (2, "invalid-parameter")
    code, result = run_json(betal, *base)
    assert (code, result["code"]) == (2, "missing-parameter")
    code, _, err = betal(*base, "--param", "subscription")
    assert code == 2 and "NAME=VALUE" in err


def test_the_same_idempotency_key_returns_the_first_result(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    args = ("run", "balance.settle", "--as", scenario["admin"], "--param",
            f"subscription={scenario['subscription']}", "--idempotency-key", "k-1")
    _, first = run_json(betal, *args)
    attempts = table_counts(betal.path)["charge_attempts"]
    _, second = run_json(betal, *args)
    assert second["replayed"] is True and second["message"] == first["message"]
    assert table_counts(betal.path)["charge_attempts"] == attempts
    code, _ = run_json(betal, "run", "past-due.status", "--as", scenario["admin"],
                           "--param", f"subscription={scenario['subscription']}")
    assert code == 0
    code, conflict = run_json(betal, "run", "balance.settle", "--as", scenario["admin"],
                              "--param", f"subscription={scenario['subscription']}",
                              "--param", f"payment_method={scenario['payment_method']}",
                              "--idempotency-key", "k-1")
    assert (code, conflict["code"]) == (2, "idempotency-conflict")


def test_clock_show_advance_and_tick(betal):
    code, shown = run_json(betal, "clock", "show")
    assert code == 0 and shown["now"].startswith("2026-11-20")
    code, advanced = run_json(betal, "clock", "advance", "7d")
    assert advanced["now"].startswith("2026-11-27")
    assert advanced["processed"]["charges"] > 0
    code, ticked = run_json(betal, "tick")
    assert code == 0 and ticked["charges"] == 0
    code, _, err = betal("clock", "advance", "soon")
    assert code == 2 and "7d" in err


def test_messages_follow_the_tenant_locale_unless_told(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    args = ("run", "past-due.status", "--as", scenario["admin"], "--param",
            f"subscription={scenario['subscription']}")
    _, norwegian, _ = betal(*args)
    _, english, _ = betal(*args, "--locale", "en")
    assert "forfalt" in norwegian and "kr" in norwegian
    assert "past due" in english


def test_the_language_the_shell_asks_for_comes_before_the_tenants(betal, monkeypatch):
    """A Norwegian admin's shell makes every answer Norwegian: a mistyped parameter (checked
    before Betal knows the tenant) as much as an answer about a Dutch tenant."""
    dutch = next(t for t in betal.summary["tenants"] if t["country"] == "NL")
    admin = dutch["admins"][0]["email"]
    mistyped = ("run", "payment-method.update", "--as", admin, "--param", "payment_method=x")
    asked = ("run", "past-due.status", "--as", admin, "--param",
             f"subscription={dutch['subscriptions']['past-due']}")
    _, _, english = betal(*mistyped)
    _, dutch_answer, _ = betal(*asked)
    assert "is not an identifier starting with pm_" in english
    assert "achterstallig" in dutch_answer, "without a language asked for, the tenant's"
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    code, _, norwegian = betal(*mistyped)
    assert code == 2
    assert "«x» er ikke en ID som begynner med pm_" in norwegian
    _, answer, _ = betal(*asked)
    assert "har vært forfalt siden" in answer and "neste: betal run" in answer
    _, told, _ = betal(*asked, "--locale", "nl-NL")
    assert told == dutch_answer, "--locale comes before the shell's language"


def test_the_installed_command_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "x.db"), "actions", "--json"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0 and json.loads(result.stdout)


def test_a_card_number_on_the_command_line_is_refused_before_anything_runs(betal):
    scenario = betal.summary["scenarios"]["foreign-card"]
    before = table_counts(betal.path)
    code, out, err = betal("run", "payment-method.add", "--as", scenario["admin"],
                           "--param", "kind=credit-card", "--param", "number=4242424242424242",
                           "--param", "expiry=12/30", "--param", "holder_name=Ingrid Berg")
    assert code == 2
    assert "--stdin number" in err and "4242424242424242" not in out + err
    assert table_counts(betal.path) == before, "not even a refusal is audited: nothing ran"


def test_card_number_and_security_code_are_read_from_standard_input(betal):
    scenario = betal.summary["scenarios"]["foreign-card"]
    code, out, _ = betal("run", "payment-method.add", "--as", scenario["admin"],
                         "--param", "kind=credit-card", "--param", "expiry=12/30",
                         "--param", "holder_name=Ingrid Berg", "--stdin", "security_code",
                         "--json", stdin="123\n4920 0000 0000 1239\n")
    result = json.loads(out)
    assert code == 0, result
    assert "1239" in result["message"] and "4920000000001239" not in out


def test_a_required_card_number_missing_from_standard_input_is_a_clear_error(betal):
    scenario = betal.summary["scenarios"]["foreign-card"]
    code, out, _ = betal("run", "payment-method.add", "--as", scenario["admin"],
                         "--param", "kind=credit-card", "--param", "expiry=12/30",
                         "--param", "holder_name=Ingrid Berg", "--json")
    assert code == 2 and json.loads(out)["code"] == "missing-parameter"


def test_the_number_of_a_payment_method_cannot_be_changed_from_the_command_line(betal):
    scenario = betal.summary["scenarios"]["foreign-card"]
    code, out, _ = betal("run", "payment-method.update", "--as", scenario["admin"],
                         "--param", "payment_method=pm_0000000000", "--stdin", "number",
                         "--json", stdin="5555555555554444\n")
    assert code == 1 and json.loads(out)["code"] == "number-immutable"


# Honest previews and change lines (issue 17.5) ----------------------------------------------

PREVIEW_FIRST = {"nb-NO": "Forhåndsvisning: ingenting er endret.",
                 "nl-NL": "Voorbeeld: er is niets gewijzigd.",
                 "en": "Preview: nothing has changed."}
PAID = {"nb-NO": "Betalte", "nl-NL": "Betaald", "en": "Paid"}


def settle_args(betal, scenario_name="past-due"):
    scenario = betal.summary["scenarios"][scenario_name]
    return ("run", "balance.settle", "--as", scenario["admin"], "--param",
            f"subscription={scenario['subscription']}")


def assert_human_lines(lines: list[str]) -> None:
    import re

    for line in lines:
        assert not re.search(r"\d{4}-\d\d-\d\dT|\bNone\b|→ -|charge_attempt|create |update |"
                             r"payment_method_id|next_attempt_at", line), line


@pytest.mark.parametrize("locale", ["nb-NO", "nl-NL", "en"])
def test_a_preview_says_so_first_and_claims_nothing(betal, locale):
    before = table_counts(betal.path)
    code, out, err = betal(*settle_args(betal), "--preview", "--locale", locale)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == PREVIEW_FIRST[locale]
    assert "✓" not in out and PAID[locale] not in out, out
    bullets = [line.strip(" •") for line in lines if line.startswith("  • ")]
    assert len(bullets) >= 3, out
    assert_human_lines(bullets)
    assert table_counts(betal.path) == before


def test_a_preview_of_a_decline_says_what_the_bank_would_do(betal):
    code, out, err = betal(*settle_args(betal, "details-mismatch"), "--preview",
                           "--locale", "en")
    assert code == 1
    assert out.startswith("Preview: nothing has changed.\n"), out
    assert "declined by the bank (details that do not match the bank's records" in out
    assert "Notice to the admins: payment declined" in out
    assert "✗" not in out + err and "were sent" not in out + err


def test_a_refused_preview_still_says_it_is_a_preview(betal):
    scenario = betal.summary["scenarios"]["no-permission"]
    code, out, _ = betal("run", "balance.settle", "--as", scenario["admin"], "--param",
                         f"subscription={scenario['subscription']}", "--preview",
                         "--locale", "en")
    assert code == 1 and out.startswith("Preview: nothing has changed.\n")
    assert "✗" in out and "✓" not in out


def test_a_real_run_lists_what_changed_in_words(betal):
    code, out, _ = betal(*settle_args(betal), "--locale", "en")
    assert code == 0 and out.startswith("✓ Paid ")
    changed = out[out.index("Changed:"):].splitlines()[1:]
    assert any("approved by the bank" in line for line in changed), out
    assert any(": paid" in line for line in changed), out
    assert any("no longer past due" in line for line in changed), out
    assert any("Notice to the admins: payment received" in line for line in changed), out
    assert_human_lines(changed)


def test_json_changes_carry_their_lines_and_leave_out_the_banks_records(betal):
    scenario = betal.summary["scenarios"]["foreign-card"]
    code, out, _ = betal("run", "payment-method.add", "--as", scenario["admin"], "--param",
                         "kind=credit-card", "--param", "expiry=12/30", "--param",
                         "holder_name=Ingrid Berg", "--preview", "--json",
                         stdin="4917000099999991\n")
    result = json.loads(out)
    assert code == 0 and result["preview"]
    assert [c["entity"] for c in result["changes"]] == ["payment_method"]
    assert result["changes"][0]["lines"] == ["Visa som slutter på 9991: lagt til"]


# Hints: --as, and the article on the help site (issue 15) ------------------------------------


SITE = "https://betal.example/help/"  # mkdocs.yml's site_url (tests/engine/test_site_links.py)


@pytest.mark.parametrize("locale,site", [
    ("nb-NO", SITE), ("nl-NL", SITE + "nl-NL/"), ("en", SITE),
])
def test_hints_carry_the_admin_and_the_articles_address(betal, locale, site):
    scenario = betal.summary["scenarios"]["details-mismatch"]
    code, out, _ = betal("run", "payment.diagnose", "--as", scenario["admin"], "--param",
                         f"subscription={scenario['subscription']}", "--locale", locale)
    assert code == 0
    see = [line.split()[-1] for line in out.splitlines() if line.strip().startswith(
        ("see ", "se ", "zie "))]
    assert f"{site}declined-credit-card.html#check-card-details" in see, out
    nexts = [line.strip() for line in out.splitlines() if "betal run" in line]
    email = next(a["email"] for t in betal.summary["tenants"] for a in t["admins"]
                 if a["id"] == scenario["admin"])
    assert nexts and all(f"--as {email}" in line for line in nexts), nexts
    assert any(f"--param payment_method={scenario['payment_method']} --param "
               "postal_code=POSTAL_CODE" in line for line in nexts), nexts


def test_a_hint_leaves_a_required_parameter_for_the_reader(betal):
    scenario = betal.summary["scenarios"]["unlinked-new-card"]
    code, out, _ = betal("run", "payment-method.add", "--as", scenario["admin"], "--param",
                         "kind=credit-card", "--param", "expiry=12/30", "--param",
                         "holder_name=X", "--json", stdin="4917000099999991\n")
    assert code == 0, out
    fixes = json.loads(out)["fixes"]
    change = next(f for f in fixes if f["action"] == "subscription.change-payment-method")
    assert "--param subscription=SUBSCRIPTION" in change["command"]
    assert change["command"].startswith("betal run subscription.change-payment-method --as ")


def test_an_input_error_names_its_parameter_and_the_audit_says_how_actions_ended(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    code, result = run_json(betal, "run", "payment-method.update", "--as", scenario["admin"],
                            "--param", f"payment_method={scenario['payment_method']}",
                            "--param", "postal_code=!!")
    assert (code, result["code"], result["param"]) == (2, "invalid-parameter", "postal_code")
    code, result = run_json(betal, "run", "subscription.buy", "--as", scenario["admin"],
                            "--param", "product=Business Basic")
    assert (result["code"], result["param"]) == ("missing-parameter", "licences")
    run_json(betal, "run", "balance.settle", "--as", scenario["admin"], "--param",
             f"subscription={scenario['subscription']}")
    declined = betal.summary["scenarios"]["not-activated"]
    run_json(betal, "run", "balance.settle", "--as", declined["admin"], "--param",
             f"subscription={declined['subscription']}")
    run_json(betal, "run", "payment-method.delete", "--as", scenario["admin"], "--param",
             f"payment_method={scenario['payment_method']}")
    connection = sqlite3.connect(betal.path)
    results = dict(connection.execute(
        "select outcome, result from audit_events where action in "
        "('balance.settle', 'payment-method.delete')").fetchall())
    connection.close()
    assert results == {"ok": "done", "issuer-refusals": "declined",
                       "delete-unused-only": "refused"}
