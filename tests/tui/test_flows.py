"""Pilot tests: every flow of the terminal UI, driven by keys as an admin would."""

from __future__ import annotations

from engine.store.database import open_database
from tests.tui.conftest import (
    drive,
    log_textual_to,
    logged_workers,
    plain,
    press,
    settle,
    sign_in,
)
from tui.i18n import set_locale


def _screen(app) -> str:
    return type(app.screen).__name__


def test_sign_in_shows_admins_then_home(account):
    url, _summary = account

    async def steps(app, pilot):
        await settle(pilot)
        assert _screen(app) == "SignInScreen"
        options = app.screen.query_one("OptionList")
        assert options.option_count > 10
        await press(pilot, "enter")
        assert _screen(app) == "HomeScreen"
        assert app.admin.name == "Ingrid Berg"
        rows = app.screen.query_one("#list").rows
        kinds = {key.split(":")[0] for key, _cells in rows}
        assert {"past-due", "decline", "unlinked-method", "next-retry"} <= kinds

    drive(url, steps)


def _set_passphrase(url: str, email: str, passphrase: str) -> None:
    from engine import config as engine_config
    from engine.services import auth
    from engine.store import schema

    database = open_database(url)
    with database.unit_of_work() as uow:
        [admin] = uow.admins.find(schema.admins.c.email == email)
        issuer = next(a for a in uow.admins.where(tenant_id=admin.tenant_id)
                      if a.role == "global-admin")
        code, _ = auth.issue_code(uow, issuer, admin)  # a first passphrase needs a code
        auth.set_passphrase(uow, admin, passphrase, engine_config.load(), code=code)
        uow.commit()
    database.dispose()


def _sign_in_outcomes(url: str) -> list[str]:
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        outcomes = [e.outcome for e in uow.audit_events.where()
                    if e.action == "admin.sign-in"]
    database.dispose()
    return sorted(outcomes)


def test_an_admin_with_a_passphrase_is_asked_for_it(account, monkeypatch, tmp_path):
    url, summary = account
    passphrase = "fjordland vinter 2026"
    textual_log = log_textual_to(monkeypatch, tmp_path / "textual.log")

    async def steps(app, pilot):
        await settle(pilot)
        first = app.screen.admins[0]
        _set_passphrase(url, first.email, passphrase)
        await pilot.press("enter")  # the list was read before: the engine asks
        await settle(pilot)
        prompt = app.screen.query_one("PassphrasePrompt")
        field = prompt.query_one("#passphrase")
        assert app.focused is field and field.password
        await press(pilot, *"wrong guess", "enter")
        assert _screen(app) == "SignInScreen" and app.admin is None
        error = str(prompt.query_one("#passphrase-error").render())
        assert "Wrong passphrase" in error and first.email in error
        assert field.value == "" and app.focused is field
        await press(pilot, "escape")
        assert not app.screen.query("PassphrasePrompt")
        await press(pilot, "enter")
        await press(pilot, *passphrase, "enter")
        assert _screen(app) == "HomeScreen" and app.admin.email == first.email
        # Actions run in the session: signed in once, not asked again.
        await press(pilot, "2")
        app.screen.update_context(select=summary["scenarios"]["past-due"]["subscription"])
        await press(pilot, "s")
        assert app.screen.state == "form"  # the card to pay with: the subscription's own
        await press(pilot, "enter")
        assert app.screen.state == "preview", app.screen.result
        await press(pilot, "enter")
        assert app.screen.state == "done" and app.screen.result.ok, app.screen.result

    drive(url, steps, locale="en")
    assert _sign_in_outcomes(url) == ["ok", "sign-in-failed"]
    # Textual's debugging log describes each worker: not by the passphrase it was given.
    workers = logged_workers(textual_log)
    assert any("description='sign in'" in line for line in workers)
    assert not any(passphrase in line or "wrong guess" in line for line in workers)


def test_every_screen_opens_by_its_key_and_esc_goes_back(account):
    url, _summary = account
    expected = {"2": "ProductsScreen", "3": "PaymentMethodsScreen",
                "4": "BillingProfilesScreen", "5": "InvoicesScreen", "6": "NoticesScreen",
                "7": "KnowledgeScreen", "8": "ClockScreen", "9": "AuditScreen",
                "1": "HomeScreen"}

    async def steps(app, pilot):
        await sign_in(pilot)
        for key, name in expected.items():
            await press(pilot, key)
            assert _screen(app) == name, key
        await press(pilot, "2")
        await press(pilot, "3")
        await press(pilot, "escape")
        assert _screen(app) == "ProductsScreen"
        await pilot.press("q")
        await pilot.pause()

    app = drive(url, steps)
    assert app.return_code == 0


def test_list_keys_j_k_g_G_and_filter(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        table = app.screen.query_one("ListTable")
        assert table.row_count == 11
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 10
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("slash")
        await press(pilot, *"4444")
        assert table.row_count == 1
        await pilot.press("enter")
        assert app.focused is table
        await press(pilot, "slash", "escape")
        assert table.row_count == 11

    drive(url, steps)


def test_palette_opens_a_screen_and_runs_an_action(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "ctrl+p")
        await press(pilot, *"Go to: Notices")
        await press(pilot, "enter")
        assert _screen(app) == "NoticesScreen"
        await pilot.press("ctrl+p")
        await press(pilot, *"Run: browser blocks")
        await press(pilot, "enter")
        assert _screen(app) == "ActionScreen"
        assert app.screen.state == "done"
        assert app.screen.result.code == "ok"
        assert "cookies" in app.screen.result.message

    drive(url, steps, locale="en")


def test_help_lists_the_focused_widgets_bindings(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        await press(pilot, "question_mark")
        assert _screen(app) == "HelpScreen"
        table = app.screen.query_one("#help-keys").content  # the table on screen
        cells = [str(c) for column in table.columns for c in column.cells]
        assert cells[0] == "This list"
        assert "Payment methods" in cells and "Everywhere" in cells
        assert "list.filter" in cells and "methods.delete" in cells
        assert "Filter" in cells
        # Parts are named in words, never by their class or an action's internal name.
        assert not [c for c in cells if "Screen" in c or "ListTable" in c or "_" in c]
        await pilot.press("escape")
        await press(pilot, "f1")
        assert _screen(app) == "HelpScreen"

    drive(url, steps, locale="en")


def test_language_switch_changes_footer_and_palette(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "2")

        def footer() -> str:
            return " ".join(key.description for key in app.screen.query("FooterKey"))

        assert "Gjør opp saldo" in footer()
        await pilot.press("f2")  # nb-NO -> nl-NL
        await settle(pilot)
        assert "Saldo vereffenen" in footer()
        assert app.screen.query_one("HeaderBar").render().plain.count("Uw producten") == 1
        await press(pilot, "ctrl+p")
        await press(pilot, *"Ga naar")
        palette = app.screen
        options = palette.query_one("CommandList")
        titles = [str(options.get_option_at_index(i).prompt)
                  for i in range(options.option_count)]
        assert any("Ga naar: Betaalmethoden" in t for t in titles)
        await pilot.press("escape")
        await pilot.press("f2")  # nl-NL -> en
        await settle(pilot)
        assert "Settle balance" in footer()

    drive(url, steps, locale="nb-NO", size=(160, 45))
    set_locale("en")


def test_keymap_file_remaps_a_binding_and_bad_ids_are_reported(account, tmp_path,
                                                               notifications):
    url, _summary = account
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keymap]\n"app.payment-methods" = "m"\n"list.dwn" = "n"\n')
    messages = notifications

    async def steps(app, pilot):
        await settle(pilot)
        assert any("list.dwn" in m and "list.down" in m for m in messages)
        await sign_in(pilot)
        await press(pilot, "3")
        assert _screen(app) == "HomeScreen"
        await press(pilot, "m")
        assert _screen(app) == "PaymentMethodsScreen"

    drive(url, steps, keymap_path=keymap)


def test_add_card_form_validates_beside_the_field_and_masks_the_number(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        await press(pilot, "a")
        assert _screen(app) == "ActionScreen"
        screen = app.screen
        fields = {f.param.name: f for f in screen.query("FormField")}
        number = fields["number"]
        number.query_one("Input").focus()
        await press(pilot, *"4242424242424241")
        assert "check digit" in number.error
        for _ in range(16):
            await pilot.press("backspace")
        await press(pilot, *"4242424242424242")
        assert number.error is None
        expiry = fields["expiry"]
        expiry.query_one("Input").focus()
        await settle(pilot)
        assert number.query_one("Input").value == "••••••••••••4242"
        assert number.value == "4242424242424242"
        await press(pilot, *"13/29")
        assert "month" in expiry.error
        code = fields["security_code"].query_one("Input")
        assert code.password

    drive(url, steps, locale="en", size=(150, 50))


def test_settle_balance_from_your_products(account):
    url, summary = account
    past_due = summary["scenarios"]["past-due"]["subscription"]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "2")
        screen = app.screen
        screen.update_context(select=past_due)  # as Home's Enter on the item does
        assert screen.current.id == past_due and screen.current.past_due
        await press(pilot, "s")
        dialog = app.screen
        assert dialog.state == "form"
        field = dialog.query_one("FormField")
        assert field.value == screen.current.payment_method_id  # prefilled: its own card
        assert "Business Standard" in plain(dialog.query_one("#target").content)
        await press(pilot, "enter")
        assert dialog.state == "preview"
        shown = plain(dialog.query_one("#outcome").content)
        assert "Forhåndsvisning: ingenting er endret ennå." in shown and "✓" not in shown
        await press(pilot, "enter")
        assert dialog.state == "done" and dialog.result.ok
        assert "✓" in plain(dialog.query_one("#outcome").content)
        await press(pilot, "escape")
        row = app.screen.find(past_due)
        assert not row.past_due

    drive(url, steps)


def test_delete_in_use_replaces_first_then_deletes(account):
    url, summary = account
    only = summary["scenarios"]["only-payment-method"]["payment_method"]
    subscription = summary["scenarios"]["only-payment-method"]["subscription"]
    mismatch = summary["scenarios"]["details-mismatch"]["payment_method"]  # Ingrid's too

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        app.screen.update_context(select=only)
        await settle(pilot)
        assert app.screen.current.id == only
        await press(pilot, "d")
        dialog = app.screen
        assert dialog.replacing and dialog.state == "form"
        assert str(dialog.query_one("#continue").label) == "Next"
        note = plain(dialog.query_one("#form-note").content)
        assert "Business Standard" in note and "Pick the payment method" in note
        dialog.query_one("FormField").set_choices(dialog.query_one("FormField").choices,
                                                  mismatch)
        await press(pilot, "ctrl+s")
        assert dialog.state == "preview"
        shown = plain(dialog.query_one("#outcome").content)
        assert "Then: Delete a payment method" in shown
        assert str(dialog.query_one("#confirm").label) == "Delete"
        await press(pilot, "enter")
        assert dialog.state == "done", dialog.results
        assert [r.ok for r in dialog.results] == [True, True]

    drive(url, steps, locale="en")
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        assert uow.payment_methods.get(only).deleted_at is not None
        assert uow.subscriptions.get(subscription).payment_method_id == mismatch
    database.dispose()


def test_a_refusal_keeps_the_form_with_the_error_beside_the_field(account):
    url, summary = account
    profile_card = summary["scenarios"]["billing-profile"]["payment_method"]
    bank = summary["scenarios"]["bank-account"]["payment_method"]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        app.screen.update_context(select=profile_card)
        await settle(pilot)
        await press(pilot, "r")  # replace the billing profile's card by a bank account
        dialog = app.screen
        field = dialog.query_one("FormField")
        field.set_choices(field.choices, bank)
        await press(pilot, "ctrl+s")
        assert dialog.result.code == "profile-cards-only"
        assert dialog.state == "form" and field.value == bank  # nothing to retype
        assert "billing profile" in field.error
        assert app.focused is field.control

    drive(url, steps, locale="en")


def test_clock_advance_produces_a_notice(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "8")
        before = app.now
        await pilot.press("w")
        await settle(pilot, rounds=5)
        report = app.screen.data["report"]
        assert app.now > before
        assert report.notices
        assert any(n.kind == "payment-declined" for n in report.notices)
        assert "We couldn't process your payment" in plain(app.screen.report_shown)
        await press(pilot, "6")
        assert app.screen.rows_data[0].sent_at > before

    drive(url, steps, locale="en")


def test_kb_row_runs_its_action_for_the_selected_subscription(account):
    url, summary = account
    past_due = summary["scenarios"]["past-due"]["subscription"]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "2")
        app.screen.update_context(select=past_due)
        await settle(pilot)
        await press(pilot, "a")
        assert _screen(app) == "ArticleScreen"
        view = app.screen.query_one("ArticleView")
        assert [i.kind for i in view.items][:2] == ["row", "row"]
        await pilot.press("tab")
        assert view.cursor == 0
        await press(pilot, "enter")
        assert _screen(app) == "ActionScreen" and app.screen.state == "form"
        await press(pilot, "enter", "enter")
        assert app.screen.state == "done" and app.screen.result.ok

    drive(url, steps)
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        assert uow.subscriptions.get(past_due).status == "active"


def test_kb_action_the_admin_may_not_run_is_disabled_with_the_reason(account):
    url, summary = account
    past_due = summary["scenarios"]["past-due"]["subscription"]

    async def steps(app, pilot):
        await settle(pilot)
        helpdesk = next(i for i, a in enumerate(app.screen.admins)
                        if a.role == "helpdesk-admin")
        await press(pilot, *(["down"] * helpdesk), "enter")
        assert app.admin.role == "helpdesk-admin"
        app.context = {"subscription": past_due}
        app.action_open("article", slug="past-due-account")
        await settle(pilot, rounds=5)
        view = app.screen.query_one("ArticleView")
        assert 0 in view.disabled_items
        assert "Helpdesk" in view.disabled_items[0]
        assert 1 not in view.disabled_items  # diagnosing is allowed
        await press(pilot, "tab", "enter")
        assert _screen(app) == "ArticleScreen"

    drive(url, steps, locale="en")


def test_invoice_table_pages_on_demand(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "5")
        table = app.screen.query_one("InvoiceTable")
        assert table.total >= 6 and table.row(0) is not None
        await press(pilot, "G")
        assert table.cursor_row == table.total - 1
        await press(pilot, "slash", *"premium")
        assert table.total >= 1
        assert all("Premium" in table.row(i).product for i in range(table.total))

    drive(url, steps, locale="en")
