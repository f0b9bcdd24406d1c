"""A full card number or security code is never stored or logged.

Test cards go in through the actions, the command line (added, refused, and passed to
an edit that is refused) and the terminal UI's form, typed key by key; then the database
file, a PostgreSQL dump, the audit log, the idempotency records and the log file are
searched for them.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from unittest import mock

import pytest

from engine.actions.runner import execute
from tests.engine.world import World
from tui.cli import main

NUMBERS = ["4242424242424242", "378282246310005", "4000000000000119", "4000000000000176"]
SECURITY_CODE = "7319"  # American Express takes four digits, the others three
SHORT_CODE = "482"


def enter_cards(world: World, url: str) -> None:
    admin = world.admins["global"].id
    for index, number in enumerate(NUMBERS):
        code = SECURITY_CODE if number.startswith("37") else SHORT_CODE
        execute(world.database, "payment-method.add",
                {"kind": "credit-card", "number": number, "expiry": "12/2031",
                 "holder_name": "Kari Nordmann", "security_code": code},
                admin=admin, idempotency_key=f"add-{index}")
    method = next(m for m in world.all("payment_methods"))
    execute(world.database, "payment-method.update",
            {"payment_method": method.id, "number": NUMBERS[0]}, admin=admin)
    # A number on the command line is refused; betal reads it from standard input.
    main(["--db", url, "run", "payment-method.add", "--as", admin, "--param",
          "kind=credit-card", "--param", "number=5555 5555 5555 4444"])
    execute(world.database, "payment-method.check",
            {"kind": "credit-card", "number": NUMBERS[2], "expiry": "12/2031"}, admin=admin)
    with mock.patch("sys.stdin", io.StringIO(f"5555 5555 5555 4444\n{SHORT_CODE}\n")):
        assert main(["--db", url, "run", "payment-method.add", "--as", admin, "--param",
                     "kind=credit-card", "--param", "expiry=12/31", "--param",
                     "holder_name=Kari", "--stdin", "number", "--stdin",
                     "security_code"]) == 0


def assert_clean(text: str, where: str) -> None:
    digits = re.sub(r"[ -]", "", text)
    for number in [*NUMBERS, "5555555555554444"]:
        assert number not in digits, f"a full card number is in {where}"
    for code in (SECURITY_CODE, SHORT_CODE):
        assert not re.search(rf'security_code"?\W+"?{code}', text), where


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    import logging

    from engine import logs

    path = tmp_path / "betal.log"
    monkeypatch.setenv("BETAL_LOG", str(path))
    for handler in list(logs.LOGGER.handlers):
        logs.LOGGER.removeHandler(handler)
    yield path
    for handler in list(logs.LOGGER.handlers):
        logs.LOGGER.removeHandler(handler)
        handler.close()
    logging.getLogger("betal").setLevel(logging.NOTSET)


def test_no_card_number_or_security_code_is_stored_or_logged(database, log_file, request):
    world = World(database)
    enter_cards(world, database.url)
    assert len(world.all("payment_methods")) == 4  # the card issued in SE is refused
    log = log_file.read_text(encoding="utf-8")
    assert "payment-method.add" in log, "actions are logged"
    assert_clean(log, "the log file")
    scan_store(database, request)


def scan_store(database, request) -> None:
    for event in _rows(database, "select params from audit_events"):
        assert_clean(event, "the audit log")
    for result in _rows(database, "select result from idempotency_keys"):
        assert_clean(result, "an idempotency record")
    if database.engine.dialect.name == "sqlite":
        database.dispose()
        path = Path(database.url.removeprefix("sqlite:///"))
        for file in [path, *path.parent.glob(path.name + "-*")]:
            assert_clean(file.read_bytes().decode("latin-1"), file.name)
    else:
        dump = request.getfixturevalue("postgres").dump(database.engine.url.database)
        assert "payment_methods" in dump
        assert_clean(dump, "the PostgreSQL dump")


def _rows(database, query: str) -> list[str]:
    with database.engine.connect() as connection:
        return [value for (value,) in connection.exec_driver_sql(query) if value]


def test_a_card_typed_into_the_terminal_ui_is_not_stored_or_logged(database, log_file,
                                                                    request, monkeypatch,
                                                                    tmp_path):
    from engine import logs
    from tests.tui.conftest import (
        log_textual_to,
        logged_workers,
        press,
        run,
        settle,
        sign_in,
    )
    from tui.app import BetalApp

    logs.configure()  # as the betal command does before it starts the app
    textual_log = log_textual_to(monkeypatch, tmp_path / "textual.log")

    async def scenario():
        app = BetalApp(database=database, locale="en",
                       keymap_path=Path("/nonexistent/betal/keymap.toml"))
        async with app.run_test(size=(150, 50)) as pilot:
            await sign_in(pilot)  # the demo account's Global admin in Norway
            await press(pilot, "3", "a")
            fields = {f.param.name: f for f in app.screen.query("FormField")}
            for name, typed in (("number", NUMBERS[1]), ("expiry", "12/31"),
                                ("security_code", SECURITY_CODE),
                                ("holder_name", "Kari Nordmann")):
                fields[name].query_one("Input").focus()
                await pilot.press(*typed)
            await settle(pilot)
            await press(pilot, "ctrl+s")
            assert app.screen.state == "preview", app.screen.result
            await press(pilot, "ctrl+s")
            assert app.screen.state == "done" and app.screen.result.ok, app.screen.result

    run(scenario())
    assert "0005" in _rows(database, "select last4 from payment_methods"), "the card was added"
    assert "payment-method.add" in log_file.read_text(encoding="utf-8")
    assert_clean(log_file.read_text(encoding="utf-8"), "the log file")
    # Textual's debugging log (TEXTUAL_LOG, `textual console`) records every key press, so
    # it is for developers only; the workers Betal starts must not add what was typed.
    workers = logged_workers(textual_log)
    assert any("description='run an action'" in line for line in workers), workers
    assert_clean("\n".join(workers), "the workers in Textual's log")
    scan_store(database, request)


def test_the_last_four_digits_are_what_is_kept(database):
    world = World(database)
    method_id = world.add_card(number="378282246310005", expiry="12/2031")
    method = world.get("payment_methods", method_id)
    assert (method.brand, method.last4) == ("American Express", "0005")
    assert "378282246310005" not in json.dumps(method.__dict__, default=str)


# Numbers that cannot exist (issue 17.3) ----------------------------------------------------


def luhn_number(body: str) -> str:
    from stdnum import luhn

    return body + luhn.calc_check_digit(body)


@pytest.mark.parametrize("number,why", [
    ("0" * 19, "zeros"), ("0" * 16, "zeros"), ("0000 0000 0000 0000", "zeros"),
    (luhn_number("1" * 15), "network"),          # passes Luhn, prefix of no network
    (luhn_number("9" * 15), "network"),
    (luhn_number("4" * 14), "15 digits"),         # Visa: 13, 16 or 19 digits
    (luhn_number("51" + "0" * 16), "19 digits"),  # Mastercard: 16
    (luhn_number("34" + "0" * 13), "16 digits"),  # American Express: 15
])
def test_a_number_no_card_can_have_is_refused(number, why):
    from engine.cards import parse_card_number
    from engine.errors import InputError

    with pytest.raises(InputError) as refused:
        parse_card_number(number)
    assert refused.value.code == "invalid-card-number"
    message = refused.value.render("en")
    assert why in message, message
    assert number.replace(" ", "") not in message


@pytest.mark.parametrize("number,brand", [
    ("4242424242424242", "Visa"), ("4222222222222", "Visa"), ("5555555555554444", "Mastercard"),
    ("2223003122003222", "Mastercard"), ("378282246310005", "American Express"),
    ("6011111111111117", "Discover"), ("3530111333300000", "JCB"),
    ("30569309025904", "Diners Club"), ("6759649826438453", "Maestro"),
])
def test_numbers_of_each_network_are_taken_with_their_brand(number, brand):
    from engine.cards import parse_card_number

    assert parse_card_number(number).brand == brand


@pytest.mark.parametrize("locale,words", [("nb-NO", "nuller"), ("nl-NL", "nullen"),
                                          ("en", "zeros")])
def test_nineteen_zeros_are_refused_on_the_command_line_and_nothing_is_added(demo_db, capsys,
                                                                             locale, words):
    _, path, summary = demo_db
    scenario = summary["scenarios"]["foreign-card"]
    with mock.patch("sys.stdin", io.StringIO("0" * 19 + "\n")):
        code = main(["--db", str(path), "--locale", locale, "run", "payment-method.add",
                     "--as", scenario["admin"], "--param", "kind=credit-card", "--param",
                     "expiry=12/31", "--param", "holder_name=Kari", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert (code, result["code"]) == (2, "invalid-card-number")
    assert words in result["message"]
