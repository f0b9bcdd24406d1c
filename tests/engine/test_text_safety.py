"""Text from one admin never takes over another's terminal or forges a log line (issue
17.1): input refuses control characters and names the field; what `betal run` prints, as
text or JSON, and what the log writes, escape them."""

from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from engine import logs
from engine.safe_text import escape, escape_json, first_control
from tests.engine.test_cli import run_json, table_counts
from tui.cli import main

HOSTILE = "Oslo\x1b[2J\x1b]0;owned\x07\x9b31m\u202egnp.exe\nFORGED ✓ Paid"
# What must never reach a terminal raw: ESC, BEL, a one-byte CSI, a bidi override, and a
# line break inside a value.
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def betal(demo_db, capsys, monkeypatch):
    _, path, summary = demo_db

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--db", str(path), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.summary, run.path = summary, path
    return run


def assert_no_raw_controls(output: str) -> None:
    for char in RAW:
        assert char not in output, repr(output)
    assert "\nFORGED" not in output


def store(path, sql: str, **values) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text(sql), values)
    engine.dispose()


# Input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale,words", [("en", "control character"),
                                          ("nb-NO", "kontrolltegn"), ("nl-NL", "stuurteken")])
def test_a_control_character_in_a_parameter_is_refused_naming_the_field(betal, locale,
                                                                        words):
    scenario = betal.summary["scenarios"]["past-due"]
    before = table_counts(betal.path)
    code, out, err = betal("run", "payment-method.update", "--as", scenario["admin"],
                           "--param", f"payment_method={scenario['payment_method']}",
                           "--param", f"city={HOSTILE}", "--locale", locale)
    assert code == 2 and out == ""
    assert "city" in err and "U+001B" in err and words in err, err
    assert_no_raw_controls(err)
    assert table_counts(betal.path) == before


@pytest.mark.parametrize("value", ["Kari\tNordmann", "Kari\u202eNordmann", "Kari\x00",
                                   "Kari\u2028Nordmann", "Kari\x7f"])
def test_each_kind_of_control_character_is_refused(betal, value):
    scenario = betal.summary["scenarios"]["past-due"]
    code, result = run_json(betal, "run", "payment-method.update", "--as",
                            scenario["admin"], "--param",
                            f"payment_method={scenario['payment_method']}", "--param",
                            f"holder_name={value}")
    assert (code, result["code"]) == (2, "invalid-parameter")
    assert "holder_name" in result["message"]


def test_names_in_other_scripts_are_plain_text():
    for name in ("Zoë Ødegård", "Søren Å. Kierkegaard", "महात्मा", "Юлия", "عمر"):
        assert first_control(name) is None, name


def test_an_idempotency_key_with_a_control_character_is_refused(betal):
    scenario = betal.summary["scenarios"]["past-due"]
    code, result = run_json(betal, "run", "balance.settle", "--as", scenario["admin"],
                            "--param", f"subscription={scenario['subscription']}",
                            "--idempotency-key", "k\x1b[2J")
    assert (code, result["code"]) == (2, "invalid-idempotency-key")


# Output ---------------------------------------------------------------------------------------


def test_stored_text_printed_by_betal_run_cannot_move_the_cursor_or_change_colours(betal):
    """Text that got into the database some other way (an older version, a direct edit)
    is printed escaped, as text and as JSON."""
    scenario = betal.summary["scenarios"]["past-due"]
    store(betal.path, "update subscriptions set product = :p where id = :s",
          p=f"Basic {HOSTILE}", s=scenario["subscription"])
    store(betal.path, "update payment_methods set city = :c where id = :m",
          c=HOSTILE, m=scenario["payment_method"])
    args = ("run", "past-due.status", "--as", scenario["admin"], "--param",
            f"subscription={scenario['subscription']}")
    code, out, err = betal(*args, "--locale", "en")
    assert code == 0 and "Basic Oslo\\x1b[2J" in out
    assert_no_raw_controls(out + err)
    code, out, _ = betal(*args, "--json")
    assert_no_raw_controls(out)
    assert HOSTILE in json.loads(out)["message"], "JSON keeps the value, escaped"
    # A change line quotes the old value: an edit shows it escaped too.
    code, out, err = betal("run", "payment-method.update", "--as", scenario["admin"],
                           "--param", f"payment_method={scenario['payment_method']}",
                           "--param", "city=Bergen", "--locale", "en")
    assert code == 0, err
    assert "(was “Oslo\\x1b[2J" in out
    assert_no_raw_controls(out + err)


def test_error_messages_escape_what_was_typed(betal):
    code, _, err = betal("run", "browser.cookies", "--as", "x\x1b[31m\nerror: forged")
    assert code == 2 and "x\\x1b[31m\\nerror: forged" in err
    assert_no_raw_controls(err)
    assert err.count("\n") == 1


def test_the_parsers_complaints_are_escaped(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tick", "--\x1b[2Jfrobnicate"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "\\x1b[2Jfrobnicate" in err
    assert "\x1b" not in err


@given(st.text())
def test_escaped_json_decodes_to_the_same_value_and_holds_nothing_raw(value):
    document = escape_json(json.dumps({"v": value}, ensure_ascii=False, indent=2))
    assert json.loads(document) == {"v": value}
    for char in document:
        assert char in "\n " or first_control(char) is None, repr(char)


@given(st.text())
def test_escaped_text_is_one_line_of_nothing_raw(value):
    shown = escape(value)
    assert first_control(shown) is None
    assert "\n" not in shown


# The log --------------------------------------------------------------------------------------


def test_a_log_record_is_one_line_whatever_it_quotes(tmp_path, monkeypatch):
    monkeypatch.setenv("BETAL_LOG", str(tmp_path / "betal.log"))
    monkeypatch.setattr(logs.LOGGER, "handlers", [])
    logs.configure()
    try:
        logs.LOGGER.info("sign-in by %s", "x\n2026-12-05 10:00:00,000 INFO forged\x1b[2J")
        try:
            raise ValueError("boom\n2026-12-05 10:00:01,000 INFO forged too")
        except ValueError:
            logs.LOGGER.exception("a pass failed")
    finally:
        for handler in logs.LOGGER.handlers:
            handler.close()
        logging.getLogger("betal").setLevel(logging.NOTSET)
    lines = (tmp_path / "betal.log").read_text(encoding="utf-8").splitlines()
    records = [line for line in lines if not line.startswith(" ")]
    assert len(records) == 2, lines
    assert "\\n2026-12-05 10:00:00,000 INFO forged\\x1b[2J" in records[0]
    assert not any(line.startswith("2026-12-05 10:00:0") for line in lines)
    assert all("\x1b" not in line for line in lines)


def test_an_action_by_an_admin_with_a_hostile_id_logs_one_line(betal, tmp_path, monkeypatch):
    """An id that got into the database unchecked cannot add a line to the log."""
    scenario = betal.summary["scenarios"]["foreign-card"]
    hostile = "ad_x\n2026-12-05 10:00:00,000 INFO forged"
    store(betal.path, "insert into admins (id, tenant_id, name, email, role, failed_signins)"
          " values (:id, :t, 'X', 'x@nordlys.example', 'global-admin', 0)",
          id=hostile, t=scenario["tenant"])
    log = tmp_path / "betal.log"
    monkeypatch.setenv("BETAL_LOG", str(log))
    monkeypatch.setattr(logs.LOGGER, "handlers", [])
    try:
        code, _, err = betal("run", "payment-method.add", "--as", "x@nordlys.example",
                               "--param", "kind=credit-card", "--param", "expiry=12/30",
                               "--param", "holder_name=Kari", stdin="4917000099999991\n")
    finally:
        for handler in logs.LOGGER.handlers:
            handler.close()
        logging.getLogger("betal").setLevel(logging.NOTSET)
    assert code == 0, err
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "ad_x\\n2026-12-05" in lines[0]
