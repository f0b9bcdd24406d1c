"""The screens' read models (engine/queries.py) on the demo account: what each role sees of a
payment method, which actions each role may start, the audit log with refusals, the clock's
totals for one tenant."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import queries
from engine.actions import runner
from engine.domain.model import AdminRole
from engine.store.database import open_database

ROLES = {
    # role: (sees personal details of cards others added, may manage payment methods)
    AdminRole.GLOBAL: (True, True),
    AdminRole.BILLING: (True, True),
    AdminRole.HELPDESK: (False, False),
    AdminRole.USER: (False, False),
}


@pytest.fixture
def database(account):
    url, summary = account
    database = open_database(url)
    yield database, summary
    database.dispose()


def _admins(uow, tenant_id):
    return {a.id: a for a in uow.admins.where(tenant_id=tenant_id)}


@pytest.mark.rule("admin-roles")
@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_sees_what_it_may_of_a_payment_method(database, role):
    database, summary = database
    tenant = summary["tenants"][0]["id"]
    with database.unit_of_work(write=False) as uow:
        admins = _admins(uow, tenant)
        viewer = next(a for a in admins.values() if a.role == role)
        rows = queries.payment_methods(uow, tenant, viewer=viewer.id)
    sees_others, manages = ROLES[role]
    assert rows
    for row in rows:
        own = row.added_by == viewer.id
        visible = sees_others or own
        assert row.personal is visible, (role, row.id)
        fields = (row.holder_name, row.address_line, row.city, row.postal_code, row.phone)
        if visible:
            assert row.holder_name and row.city
        else:
            assert fields == ("", "", "", "", ""), (role, row.id)
            assert row.address == ""
        # What every role needs: the kind, the brand and last four digits, expiry, uses.
        assert row.label.params["last4"] and row.kind
        refused = row.refused.get("payment-method.update")
        if not manages:
            assert refused is not None and refused.msgid.startswith("{admin} is a")
        elif not own and row.is_card:
            assert refused is not None and "added by another admin" in refused.msgid
        else:
            assert refused is None


def test_no_viewer_sees_nothing_personal(database):
    database, summary = database
    with database.unit_of_work(write=False) as uow:
        rows = queries.payment_methods(uow, summary["tenants"][0]["id"])
    assert all(not r.personal and r.holder_name == "" for r in rows)


def test_an_admin_of_another_tenant_sees_nothing_personal(database):
    database, summary = database
    norway = summary["tenants"][0]["id"]
    dutch_global = summary["tenants"][1]["admins"][0]["id"]
    with database.unit_of_work(write=False) as uow:
        rows = queries.payment_methods(uow, norway, viewer=dutch_global)
    assert rows and all(not r.personal for r in rows)


@pytest.mark.rule("billing-profile-roles")
def test_subscription_rows_say_which_actions_the_viewer_may_not_start(database):
    database, summary = database
    tenant = summary["tenants"][0]
    by_role = {a["role"]: a["id"] for a in reversed(tenant["admins"])}
    under_profile = summary["scenarios"]["billing-profile"]["subscription"]
    plain = summary["scenarios"]["past-due"]["subscription"]
    with database.unit_of_work(write=False) as uow:
        admins = _admins(uow, tenant["id"])
        helpdesk = {r.id: r for r in queries.subscriptions(
            uow, tenant["id"], viewer=by_role["helpdesk-admin"])}
        glob = {r.id: r for r in queries.subscriptions(
            uow, tenant["id"], viewer=by_role["global-admin"])}
        invoice_manager = next(a for a in admins.values() if a.name == "Emil Strand")
        manager = {r.id: r for r in queries.subscriptions(
            uow, tenant["id"], viewer=invoice_manager.id)}
    assert "balance.settle" in helpdesk[plain].refused
    assert "balance.settle" not in glob[plain].refused
    # On the billing profile, the invoice manager may pay but not buy.
    assert "balance.settle" not in manager[under_profile].refused
    assert "subscription.change-payment-method" in manager[under_profile].refused
    assert "balance.settle" in manager[plain].refused  # a User outside the profile


def test_the_action_form_offers_only_the_cards_the_viewer_may_use(database):
    database, summary = database
    tenant = summary["tenants"][0]["id"]
    scenario = summary["scenarios"]["expired-card"]  # Business Basic on Lars's card
    ingrid = summary["tenants"][0]["admins"][0]["id"]
    with database.unit_of_work(write=False) as uow:
        form = queries.action_form(uow, tenant, viewer=ingrid, action_id="balance.settle",
                                   context={"subscription": scenario["subscription"]})
        methods = {m.id: m for m in form.methods}
    assert form.refusal is None  # she may pay: with another card
    usable = form.usable["payment_method"]
    assert scenario["payment_method"] not in usable
    assert all(methods[m].added_by == ingrid or not methods[m].is_card for m in usable)
    assert form.withheld["payment_method"]
    assert form.facts.country == "NO" and form.facts.new_bank_account is None


def test_audit_shows_refusals_with_the_rule_and_hides_secrets(database):
    database, summary = database
    tenant = summary["tenants"][0]["id"]
    scenario = summary["scenarios"]["only-payment-method"]
    ingrid = summary["tenants"][0]["admins"][0]["id"]
    helpdesk = next(a["id"] for a in summary["tenants"][0]["admins"]
                    if a["role"] == "helpdesk-admin")
    refused = runner.execute(database, "payment-method.delete",
                             {"payment_method": scenario["payment_method"]}, admin=ingrid,
                             tenant=tenant)
    assert refused.code == "delete-unused-only"
    added = runner.execute(database, "payment-method.add",
                           {"kind": "credit-card", "number": "4242424242424242",
                            "expiry": "12/30", "security_code": "123",
                            "holder_name": "Ingrid Berg", "phone": "+47 99 99 99 99"},
                           admin=ingrid, tenant=tenant)
    with database.unit_of_work(write=False) as uow:
        rows = queries.audit_events(uow, tenant, viewer=ingrid)
        for_helpdesk = queries.audit_events(uow, tenant, viewer=helpdesk)
    delete = next(r for r in rows if r.action == "payment-method.delete")
    assert delete.outcome == "refused" and delete.code == "delete-unused-only"
    assert delete.rule is not None and delete.title.msgid == "Delete a payment method"
    [method] = delete.params
    assert method.value.params["last4"] == "4242"  # the method in words, not its id
    add = next(r for r in rows if r.action == "payment-method.add")
    assert add.outcome == ("done" if added.ok else "refused")
    values = {p.name: p.value for p in add.params}
    assert values["number"] is None and values["security_code"] is None
    assert values["holder_name"] == "Ingrid Berg"
    seen_by_helpdesk = next(r for r in for_helpdesk if r.action == "payment-method.add")
    assert {p.name: p.value for p in seen_by_helpdesk.params}["holder_name"] is None


def test_a_declined_settle_is_audited_as_declined_with_the_reason(database):
    database, summary = database
    scenario = summary["scenarios"]["not-activated"]
    result = runner.execute(database, "balance.settle",
                            {"subscription": scenario["subscription"]},
                            admin=scenario["admin"], tenant=scenario["tenant"])
    assert not result.ok and result.code == "issuer-refusals"
    with database.unit_of_work(write=False) as uow:
        [row] = [r for r in queries.audit_events(uow, scenario["tenant"],
                                                  viewer=scenario["admin"])
                 if r.action == "balance.settle"]
    assert row.outcome == "declined" and row.reason is not None


def test_the_clock_report_counts_one_tenant(database):
    database, summary = database
    from engine import config as engine_config
    from engine.services.billing_cycle import run_due

    tenants = [t["id"] for t in summary["tenants"]]  # Norway, the Netherlands, Belgium
    with database.unit_of_work() as uow:
        before = uow.now()
        uow.set_now(before + timedelta(days=35))
        report = run_due(uow, engine_config.load())
        after = uow.now()
        uow.commit()
    with database.unit_of_work(write=False) as uow:
        reports = [queries.clock_report(uow, tenant, before=before, after=after)
                   for tenant in tenants]
    assert all(r.attempts for r in reports)
    # Each tenant's report counts its own: together they are what the billing run did.
    assert sum(len(r.attempts) for r in reports) == report.charges
    assert sum(r.invoices_issued for r in reports) == report.invoices_issued
    assert sum(len(r.notices) for r in reports) == report.notices
    assert all(a.at > before for r in reports for a in r.attempts)
    assert len({a.id for r in reports for a in r.attempts}) == report.charges


def test_invoices_by_id_keeps_to_the_tenant(database):
    database, summary = database
    norway, netherlands = (t["id"] for t in summary["tenants"][:2])
    with database.unit_of_work(write=False) as uow:
        keys = queries.invoice_keys(uow, netherlands, limit=3)
        ids = [key[1] for key in keys]
        assert queries.invoices_by_id(uow, ids, netherlands)
        assert queries.invoices_by_id(uow, ids, norway) == []


@pytest.mark.rule("billing-profile-roles")
def test_under_a_billing_profile_only_the_profiles_card_pays(database):
    database, summary = database
    tenant = summary["tenants"][0]["id"]
    scenario = summary["scenarios"]["billing-profile"]
    ingrid = summary["tenants"][0]["admins"][0]["id"]
    with database.unit_of_work(write=False) as uow:
        settle = queries.action_form(uow, tenant, viewer=ingrid, action_id="balance.settle",
                                     context={"subscription": scenario["subscription"]})
        rows = {r.id: r for r in queries.subscriptions(uow, tenant, viewer=ingrid)}
    assert settle.refusal is None
    assert settle.usable["payment_method"] == (scenario["payment_method"],)
    assert all("paid the way the profile pays" in reason.msgid
               for reason in settle.withheld["payment_method"])
    row = rows[scenario["subscription"]]
    assert row.payment_method_id is None and row.billing_profile == "Avdeling Bergen"
    assert row.profile_pays_by == "card" and row.profile_method.params["last4"] == "1881"
    refusal = row.refused["subscription.change-payment-method"]
    assert "cannot be put on another payment method" in refusal.msgid
    assert "balance.settle" not in row.refused


@pytest.mark.rule("card-ownership")
def test_only_the_details_the_viewer_may_correct_are_editable(database):
    database, summary = database
    tenant = summary["tenants"][0]["id"]
    ingrid = summary["tenants"][0]["admins"][0]["id"]
    own = summary["scenarios"]["past-due"]["payment_method"]
    lars = summary["scenarios"]["expired-card"]["payment_method"]
    bank = summary["scenarios"]["bank-account"]["payment_method"]
    with database.unit_of_work(write=False) as uow:
        form = queries.action_form(uow, tenant, viewer=ingrid, action_id="balance.settle",
                                   context={"subscription": summary["scenarios"]["past-due"]
                                            ["subscription"]})
    assert own in form.editable and bank in form.editable and lars not in form.editable


@pytest.mark.rule("bank-availability")
def test_a_belgian_bank_account_keeps_paying_but_takes_nothing_new(database):
    database, summary = database
    scenario = summary["scenarios"]["bank-account-sunset"]
    with database.unit_of_work(write=False) as uow:
        facts = queries.tenant_facts(uow, scenario["tenant"])
        buy = queries.action_form(uow, scenario["tenant"], viewer=scenario["admin"],
                                  action_id="subscription.buy", context={})
        [row] = queries.subscriptions(uow, scenario["tenant"], viewer=scenario["admin"])
    assert facts.country == "BE" and facts.zone == "Europe/Brussels"
    assert facts.new_bank_account is not None and facts.bank_account_link is not None
    assert buy.usable["payment_method"] == (scenario["card"],)
    assert [p for p, _price in buy.products] == ["Business Basic", "Business Standard",
                                                 "Business Premium"]
    assert {price.currency for _p, price in buy.products} == {"EUR"}
    assert row.payment_method_id == scenario["payment_method"] and row.status == "active"


def test_the_sign_in_list_has_the_tenants_in_creation_order(database):
    database, _summary = database
    with database.unit_of_work(write=False) as uow:
        rows = queries.admins(uow)
    countries = list(dict.fromkeys(row.tenant_country for row in rows))
    assert countries == ["NO", "NL", "BE"]
    first = {row.tenant_country: row for row in reversed(rows)}
    assert all(row.role == "global-admin" for row in first.values())  # Global admins first
    assert first["BE"].tenant_zone == "Europe/Brussels"
