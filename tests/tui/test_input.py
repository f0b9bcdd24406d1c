"""Keys as admins and their tools send them: in bursts, pasted, in another language half
way, into empty lists. Every key goes where the focus was when it was pressed."""

from __future__ import annotations

import pytest
from textual import events

from tests.tui.conftest import drive, press, settle, sign_in
from tests.tui.random_input import key_event, named_key
from tui.i18n import set_locale


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_locale("en")


async def until(pilot, condition, timeout: float = 60) -> None:
    """Wait until ``condition()`` holds (a long burst takes a while to arrive)."""
    import asyncio

    async def wait() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), timeout)
    await settle(pilot)


def burst(app, text: str) -> None:
    """``text`` as a terminal sends it when typed very fast: every key at once, before the
    app has handled the first (a tab is Tab)."""
    for character in text:
        app.post_message(key_event(character))


async def open_add_form(app, pilot):
    await sign_in(pilot)
    await press(pilot, "3", "a")
    dialog = app.screen
    assert dialog.state == "form"
    return dialog, {f.param.name: f for f in dialog.query("FormField")}


def test_a_burst_of_typing_lands_field_by_field(account):
    url, _summary = account

    async def steps(app, pilot):
        _dialog, fields = await open_add_form(app, pilot)
        fields["holder_name"].focus_control()
        await settle(pilot)
        burst(app, "Ingrid Berg\tStorgata 1\tOslo\tOslo\t0155\t+47 22 12 34 56")
        await settle(pilot)
        values = {name: fields[name].value for name in
                  ("holder_name", "address_line", "city", "region", "postal_code", "phone")}
        assert values == {"holder_name": "Ingrid Berg", "address_line": "Storgata 1",
                          "city": "Oslo", "region": "Oslo", "postal_code": "0155",
                          "phone": "+47 22 12 34 56"}
        # Backwards too: Shift+Tab in the burst (a field tabbed into is selected whole,
        # as in any form, so what is typed replaces it).
        app.post_message(named_key("shift+tab"))
        burst(app, "0150")
        await settle(pilot)
        assert fields["postal_code"].value == "0150" and fields["phone"].value.endswith("56")

    drive(url, steps, locale="en")


def test_the_security_code_gets_only_what_was_typed_in_it(account):
    url, _summary = account

    async def steps(app, pilot):
        _dialog, fields = await open_add_form(app, pilot)
        fields["number"].focus_control()
        await settle(pilot)
        burst(app, "4242424242424242\t12/30\t123\tKari Nordmann")
        await settle(pilot)
        assert fields["number"].value == "4242424242424242"
        assert fields["expiry"].value == "12/30"
        assert fields["security_code"].value == "123"
        assert fields["holder_name"].value == "Kari Nordmann"

    drive(url, steps, locale="en")


def test_a_long_paste_without_bracketed_paste_is_cut_at_the_limit_in_order(account):
    url, _summary = account
    text = "".join("abcdefghij"[i % 10] for i in range(10_000))

    async def steps(app, pilot):
        _dialog, fields = await open_add_form(app, pilot)
        field = fields["address_line"]
        field.focus_control()
        await settle(pilot)
        burst(app, text)
        await until(pilot, lambda: field.error is not None)
        assert field.value == text[:200], (field.error, app.focused)  # in order, all taken
        assert "200" in field.error
        # A bracketed paste is cut the same way.
        field.control.value = ""
        app.post_message(events.Paste(text))
        await settle(pilot)
        assert field.value == text[:200]

    drive(url, steps, locale="en")


def test_empty_lists_take_every_key(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        for screen in "23456789":
            await press(pilot, screen, "slash", *"zzzqqq", "enter")
            for key in ("k", "j", "g", "G", "pageup", "pagedown", "enter", "up", "down",
                        "s", "c", "w", "a", "e", "r", "d", "x"):
                await pilot.press(key)
            await settle(pilot)
            while type(app.screen).__name__ == "ActionScreen":
                await press(pilot, "escape")
            await press(pilot, "escape")  # clears the filter first
            assert type(app.screen).__name__ != "HomeScreen" or screen == "1"

    drive(url, steps, locale="en", size=(80, 24))


def test_escape_in_a_filtered_list_clears_the_filter_before_going_back(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3", "slash", *"4444", "enter")
        table = app.screen.query_one("ListTable")
        assert table.row_count == 1
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "PaymentMethodsScreen"
        assert table.row_count == 11
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "HomeScreen"

    drive(url, steps, locale="en")


@pytest.mark.parametrize("keys", [["2", "s"], ["3", "a"], ["3", "e"], ["3", "question_mark"],
                                  ["3", "ctrl+p"]])
def test_switching_language_with_a_dialog_open_keeps_focus_and_typing(account, keys):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, *keys)
        dialog = app.screen
        fields = list(dialog.query("FormField"))
        if fields:
            target = next(f for f in fields if f.choices is None) if any(
                f.choices is None for f in fields) else fields[0]
            target.focus_control()
            await settle(pilot)
        focused = app.focused
        before = [f.value for f in fields]
        for _ in range(3):  # nb-NO -> nl-NL -> en -> nb-NO
            await press(pilot, "f2")
            assert app.screen is dialog and app.focused is focused
        assert [f.value for f in fields] == before
        await press(pilot, "escape")
        for screen in "24563":  # and every screen under it still works
            await press(pilot, screen, "j", "k")
            assert app.focused is not None

    drive(url, steps, locale="nb-NO")


def test_switching_language_from_the_palette_keeps_the_list_focused(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3", "j", "j")
        table = app.focused
        await press(pilot, "ctrl+p", *"Språk: Neder", "enter")
        assert app.screen.query_one("HeaderBar").render().plain.count("Betaalmethoden") == 1
        assert app.focused is table and table.cursor_row == 2
        await press(pilot, "j")
        assert table.cursor_row == 3

    drive(url, steps, locale="nb-NO")


def test_a_terminal_too_small_says_so(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await pilot.resize_terminal(50, 12)
        await settle(pilot)
        message = app.screen.query_one("TooSmall")
        assert message.display and "50 × 12" in str(message.content)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.has_class("-too-small")

    drive(url, steps, locale="en")


@pytest.mark.parametrize("size", [(56, 14), (140, 45)])
def test_a_screen_closed_by_the_keys_right_after_the_one_that_opened_it(account, size):
    """A key opens a screen and the next, in the same burst, closes it before it is
    composed: its mount and resume still come, and must not crash (a 40,000-key random run
    found this on the invoices and products screens)."""
    from tui.screens import ROUTES

    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        for name in [name for name in ROUTES if name != "home"]:  # Home is where it starts
            def open_and_close(name=name):
                app.action_open(name)
                app.go_back()
            app.call_later(open_and_close)
            await pilot.pause()
        app.call_later(lambda: (app.run_action_screen("payment-method.add"), app.pop_screen()))
        await pilot.pause()
        for opening in ("f1", "ctrl+p"):  # the help and the palette, opened and closed at once
            app.post_message(named_key(opening))
            app.post_message(named_key("escape"))
            await pilot.pause()
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.is_running and app.return_code is None

    drive(url, steps, locale="en", size=size)


def test_a_long_paste_into_the_palette_is_cut_at_its_limit_in_order(account):
    """10,000 keys typed at once into the command palette (a paste without bracketed
    paste): the search box keeps the first 100, in order, and the palette still works."""
    from textual.command import CommandInput

    from tui.widgets.palette import SEARCH_LENGTH

    url, _summary = account
    text = ("abcdefghij" * 1000)[:10_000]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "ctrl+p")
        box = app.screen.query_one(CommandInput)
        burst(app, text)
        await until(pilot, lambda: len(box.value) == SEARCH_LENGTH)
        await settle(pilot)
        assert box.value == text[:SEARCH_LENGTH]
        for _ in range(SEARCH_LENGTH):
            await pilot.press("backspace")
        await press(pilot, *"invoices", "enter")
        assert type(app.screen).__name__ == "InvoicesScreen"

    drive(url, steps, locale="en")


def test_a_field_checked_before_it_is_built_shows_its_error_once_built(account):
    """A form checked while its fields are still being built (Ctrl+S in the burst that
    opened it) must not crash: the error waits for the field's label (a 40,000-key random
    run crashed here with NoMatches on '.field-error')."""
    from engine.actions.registry import REGISTRY
    from tui.widgets.form_field import FormField

    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        field = FormField(REGISTRY["payment-method.add"].param("holder_name"))
        assert field.validate() == "Required", "checked before it is built"
        await app.screen.mount(field)
        await settle(pilot)
        assert field.has_class("-error")
        assert str(field.query_one(".field-error").render()) == "Required"
        field.set_error(None)
        assert str(field.query_one(".field-error").render()) == ""

    drive(url, steps, locale="en")
