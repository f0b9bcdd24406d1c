"""The demo account: a Norwegian and a Dutch tenant in every situation the seeds describe,
and a Belgian one whose bank account dates from before bank accounts were withdrawn there.

The history is made by the engine itself: cards are added through the same services as
``betal run payment-method.add``, time moves on the simulated clock and ``run_due`` charges,
declines and sends notices. Only the issuing bank's side (a card reissued by post with a
new expiry date) is set directly, as a bank would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from engine import config as engine_config
from engine.clock import start_of_day
from engine.domain.calendar import month_on_day
from engine.domain.model import AdminRole, CardState, ProfileRole
from engine.errors import N_, InputError
from engine.services import accounts
from engine.services.billing_cycle import run_due
from engine.services.context import Context
from engine.services.payment_methods import add_payment_method, update_payment_method
from engine.store import schema
from engine.store.uow import MODE_SETTING, SANDBOX, live_refusal

DEMO_SETTING = "demo"


@dataclass(frozen=True)
class Place:
    country: str
    tenant: str
    domain: str
    admins: tuple[tuple[str, str, AdminRole, ProfileRole | None], ...]
    address: tuple[str, str, str, str]  # street, city, region, postal code
    iban: str
    profile: str
    phone: str


PLACES = (
    Place(
        "NO", "Nordlys Regnskap AS", "nordlys.example",
        (
            ("Ingrid Berg", "ingrid", AdminRole.GLOBAL, ProfileRole.OWNER),
            ("Lars Haugen", "lars", AdminRole.BILLING, None),
            ("Kari Nilsen", "kari", AdminRole.BILLING, None),
            ("Ola Dahl", "ola", AdminRole.HELPDESK, None),
            ("Sofie Lie", "sofie", AdminRole.USER, ProfileRole.CONTRIBUTOR),
            ("Emil Strand", "emil", AdminRole.USER, ProfileRole.INVOICE_MANAGER),
            ("Nora Bakke", "nora", AdminRole.USER, ProfileRole.READER),
        ),
        ("Storgata 1", "Oslo", "Oslo", "0155"),
        "NO9386011117947",
        "Avdeling Bergen",
        "+47 22 00 00 00",
    ),
    Place(
        "NL", "Tulpenveld Advies B.V.", "tulpenveld.example",
        (
            ("Sanne de Vries", "sanne", AdminRole.GLOBAL, ProfileRole.OWNER),
            ("Daan Jansen", "daan", AdminRole.BILLING, None),
            ("Femke Bakker", "femke", AdminRole.BILLING, None),
            ("Lucas Visser", "lucas", AdminRole.HELPDESK, None),
            ("Emma Smit", "emma", AdminRole.USER, ProfileRole.CONTRIBUTOR),
            ("Thijs Mulder", "thijs", AdminRole.USER, ProfileRole.INVOICE_MANAGER),
            ("Lotte Meijer", "lotte", AdminRole.USER, ProfileRole.READER),
        ),
        ("Keizersgracht 10", "Amsterdam", "Noord-Holland", "1015 CJ"),
        "NL91ABNA0417164300",
        "Afdeling Utrecht",
        "+31 20 000 0000",
    ),
)

# Cards in every state the issuer simulator knows (see defaults.toml).
STATE_CARDS = {
    CardState.NOT_APPROVED_ONLINE: "4000000000000127",
    CardState.NOT_APPROVED_INTERNATIONAL: "4000000000000135",
    CardState.NOT_APPROVED_RECURRING: "4000000000000143",
    CardState.INSUFFICIENT_FUNDS: "4000000000000150",
}
FOREIGN_CARD = "4000000000000176"


def exists(database) -> dict[str, Any] | None:
    with database.unit_of_work(write=False) as uow:
        stored = uow.setting(DEMO_SETTING)
    return _with_card_numbers(json.loads(stored)) if stored else None


# The summary is kept without the foreign-card scenario's card number, which it shows for
# trying: no full card number is ever stored, not even a published test card's.
def _without_card_numbers(summary: dict[str, Any]) -> dict[str, Any]:
    kept = json.loads(json.dumps(summary))
    for scenarios in kept["scenarios_by_tenant"].values():
        scenarios.get("foreign-card", {}).pop("card_number", None)
    kept["scenarios"] = kept["scenarios_by_tenant"][kept["tenants"][0]["id"]]
    return kept


def _with_card_numbers(summary: dict[str, Any]) -> dict[str, Any]:
    for scenarios in (*summary["scenarios_by_tenant"].values(), summary["scenarios"]):
        if "foreign-card" in scenarios:
            scenarios["foreign-card"]["card_number"] = FOREIGN_CARD
    return summary


def holds_own_account(database) -> bool:
    """Whether the database holds tenants that are not the demo's: an account of its own,
    which Betal never puts demo data into."""
    with database.unit_of_work(write=False) as uow:
        if uow.live:
            return True
        has_tenants = uow.connection.execute(select(schema.tenants.c.id).limit(1)).first()
        return has_tenants is not None and uow.setting(DEMO_SETTING) is None


def for_start(database) -> dict[str, Any] | None:
    """What the TUI opens on: the demo in the database, a new demo in an empty sandbox, or
    None for an account of its own (live, or tenants of its own)."""
    if holds_own_account(database):
        return None
    return exists(database) or create(database)


def reset(database) -> None:
    """Delete every row of a sandbox account (the schema stays); a live one is refused."""
    with database.unit_of_work() as uow:
        if uow.live:
            raise live_refusal()
        for table in reversed(schema.metadata.sorted_tables):
            uow.connection.execute(delete(table))
        uow.commit()


def create(database, *, today: datetime | None = None) -> dict[str, Any]:
    """Build the demo account and return its ids and scenarios (also kept in settings)."""
    config = engine_config.load()
    today = start_of_day(today or datetime.now(UTC).replace(tzinfo=None))
    start = today - timedelta(days=14)
    with database.unit_of_work(write=False) as uow:
        if uow.live:
            raise live_refusal()
    if holds_own_account(database):
        raise InputError(
            "own-account",
            N_("This database holds an account of its own (live, or tenants that are not the "
               "demo's): the demo account is never put into it. Use another database for "
               "the demo."))
    with database.unit_of_work() as uow:
        uow.put_setting(MODE_SETTING, SANDBOX)
        built = [_build_place(uow, config, place, start) for place in PLACES]
        sunset = _build_sunset_place(uow, config, start)
        uow.set_now(start + timedelta(days=13))
        run_due(uow, config)
        for place in built:
            _later_that_month(uow, config, place)
        uow.set_now(today)
        run_due(uow, config)
        summary = _summary(built)
        _add_sunset_summary(summary, sunset)
        uow.put_setting(DEMO_SETTING, json.dumps(_without_card_numbers(summary)))
        uow.commit()
    return summary


def _ctx(uow, config, tenant, admin) -> Context:
    return Context(uow, tenant, admin, uow.now(), config)


def _add_card(uow, config, tenant, admin, place, number, *, expiry, kind="credit-card"):
    street, city, region, postal = place.address
    outcome = add_payment_method(
        _ctx(uow, config, tenant, admin), kind=kind, number=number, expiry=expiry,
        holder_name=admin.name, address_line=street, city=city, region=region,
        postal_code=postal, phone=place.phone,
    )
    return uow.payment_methods.get(outcome.data["payment_method"])


def _reissue(uow, method, months: int) -> tuple[int, int]:
    """The bank mails a new card with the same number and a later expiry date."""
    record = uow.vault.record(method.token)
    renewed = month_on_day(datetime(record.exp_year, record.exp_month, 1), months, 1)
    uow.vault.reissue(method.token, renewed.month, renewed.year)
    return renewed.month, renewed.year


def _build_place(uow, config, place: Place, start: datetime) -> dict[str, Any]:
    # Customers since 2019 (before the Belgian one, so they come first in lists); the
    # expired cards date from more than a year ago.
    uow.set_now(datetime(2019, 9, 2, 9) + timedelta(days=PLACES.index(place)))
    tenant = accounts.create_tenant(uow, config, name=place.tenant, country=place.country,
                                    now=uow.now())
    admins = {}
    for name, user, role, _ in place.admins:
        admins[user] = accounts.add_admin(uow, tenant, name=name, role=role,
                                          email=f"{user}@{place.domain}")
    uow.set_now(start - timedelta(days=400))
    users = [user for _, user, _, _ in place.admins]
    owner, billing, second = admins[users[0]], admins[users[1]], admins[users[2]]
    # Valid through the month before the story starts, whatever day of the month that is.
    expired = start.replace(day=1) - timedelta(days=1)
    old_expiry = f"{expired.month:02d}/{expired.year}"
    # Long ago: the two cards that have expired by now.
    expired_own = _add_card(uow, config, tenant, owner, place, "4242424242424242",
                            expiry=old_expiry)
    expired_other = _add_card(uow, config, tenant, billing, place, "5555555555554444",
                              kind="debit-card", expiry=old_expiry)
    uow.set_now(start)
    valid = f"{start.month:02d}/{start.year + 3}"
    not_activated = _add_card(uow, config, tenant, owner, place, "4000000000000119",
                              expiry=valid)
    mismatch = _add_card(uow, config, tenant, owner, place, "4000000000000168", expiry=valid)
    profile_card = _add_card(uow, config, tenant, owner, place, "4012888888881881",
                             expiry=valid)
    for number in STATE_CARDS.values():
        _add_card(uow, config, tenant, second, place, number, expiry=valid)
    bank = add_payment_method(
        _ctx(uow, config, tenant, billing), kind="bank-account", number=place.iban,
        holder_name=place.tenant, address_line=place.address[0], city=place.address[1],
        region=place.address[2], postal_code=place.address[3])
    bank_id = bank.data["payment_method"]
    profile = accounts.create_billing_profile(uow, tenant, name=place.profile,
                                              payment_method_id=profile_card.id)
    for _, user, _, profile_role in place.admins:
        if profile_role:
            accounts.add_profile_member(uow, profile, admins[user], profile_role)

    def subscribe(product, seats, day, method_id, profile_id=None):
        return accounts.create_subscription(
            uow, config, tenant, product=product, seats=seats,
            first_invoice=start + timedelta(days=day), now=uow.now(),
            payment_method_id=method_id, billing_profile_id=profile_id)

    subscriptions = {
        "past-due": subscribe("Business Standard", 25, 2, expired_own.id),
        "expired-card": subscribe("Business Basic", 10, 8, expired_other.id),
        "not-activated": subscribe("Business Premium", 5, 5, not_activated.id),
        "details-mismatch": subscribe("Business Premium", 2, 6, mismatch.id),
        "billing-profile": subscribe("Business Basic", 3, 3, None, profile.id),
        "bank-account": subscribe("Business Basic", 1, 1, bank_id),
    }
    return {
        "place": place, "tenant": tenant, "admins": admins, "profile": profile,
        "subscriptions": subscriptions,
        "methods": {"expired-own": expired_own, "expired-other": expired_other,
                    "not-activated": not_activated, "mismatch": mismatch,
                    "profile-card": profile_card, "bank": bank_id},
    }


SUNSET = Place(
    "BE", "Kanaal Logistiek BV", "kanaal.example",
    (
        ("Lien Peeters", "lien", AdminRole.GLOBAL, None),
        ("Jonas Maes", "jonas", AdminRole.BILLING, None),
    ),
    ("Meir 1", "Antwerpen", "Antwerpen", "2000"),
    "BE71096123456769",
    "",
    "+32 3 000 00 00",
)
# A Belgian IBAN offered for trying the refusal of a new bank account.
SUNSET_NEW_IBAN = "BE16735000445174"


def _build_sunset_place(uow, config, start: datetime) -> dict[str, Any]:
    """A Belgian customer since 2020 whose bank account, added before 2021-01-26, is in
    good standing: it keeps paying its subscription but takes no new one (rule
    ``bank-availability``)."""
    uow.set_now(datetime(2020, 6, 1, 9))
    tenant = accounts.create_tenant(uow, config, name=SUNSET.tenant, country=SUNSET.country,
                                    now=uow.now())
    admins = {user: accounts.add_admin(uow, tenant, name=name, role=role,
                                       email=f"{user}@{SUNSET.domain}")
              for name, user, role, _ in SUNSET.admins}
    street, city, region, postal = SUNSET.address
    bank = add_payment_method(
        _ctx(uow, config, tenant, admins["lien"]), kind="bank-account", number=SUNSET.iban,
        holder_name=SUNSET.tenant, address_line=street, city=city, region=region,
        postal_code=postal).data["payment_method"]
    uow.set_now(start)
    card = _add_card(uow, config, tenant, admins["lien"], SUNSET, "4242424242424242",
                     expiry=f"{start.month:02d}/{start.year + 3}")
    subscription = accounts.create_subscription(
        uow, config, tenant, product="Business Standard", seats=4,
        first_invoice=start + timedelta(days=4), now=uow.now(), payment_method_id=bank)
    return {"tenant": tenant, "admins": admins, "bank": bank, "card": card.id,
            "subscription": subscription.id}


def _add_sunset_summary(summary: dict[str, Any], built: dict[str, Any]) -> None:
    tenant, admins = built["tenant"], built["admins"]
    summary["tenants"].append({
        "id": tenant.id, "name": tenant.name, "country": tenant.country,
        "currency": tenant.currency, "locale": tenant.locale,
        "admins": [{"id": a.id, "name": a.name, "email": a.email, "role": a.role.value}
                   for a in admins.values()],
        "subscriptions": {"bank-account-sunset": built["subscription"]},
        "payment_methods": {"bank": built["bank"], "card": built["card"]},
        "billing_profiles": [],
    })
    scenario = {"admin": admins["lien"].id, "tenant": tenant.id,
                "subscription": built["subscription"], "payment_method": built["bank"],
                "card": built["card"], "iban": SUNSET_NEW_IBAN,
                "description": "A Belgian bank account from before 2021-01-26 keeps paying its "
                               "subscription; a new bank account, or a new subscription on "
                               "this one, is refused."}
    summary["scenarios_by_tenant"][tenant.id] = {"bank-account-sunset": scenario}
    summary["scenarios"]["bank-account-sunset"] = scenario


def _later_that_month(uow, config, built: dict[str, Any]) -> None:
    """Two decline notices later: the banks reissue the expired cards, one admin corrects
    the past-due card's expiry (not yet resubmitted), another adds a card and forgets to
    link it."""
    tenant, admins, methods = built["tenant"], built["admins"], built["methods"]
    users = [user for _, user, _, _ in built["place"].admins]
    owner, billing = admins[users[0]], admins[users[1]]
    month, year = _reissue(uow, methods["expired-own"], 36)
    built["new_expiry_other"] = "{:02d}/{}".format(*_reissue(uow, methods["expired-other"], 36))
    update_payment_method(_ctx(uow, config, tenant, owner), methods["expired-own"].id,
                          expiry=f"{month:02d}/{year}")
    now = uow.now()
    built["methods"]["unlinked"] = _add_card(
        uow, config, tenant, billing, built["place"], "4111111111111111",
        expiry=f"{now.month:02d}/{now.year + 4}")


def _summary(built: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"tenants": [], "scenarios": {}, "scenarios_by_tenant": {}}
    for place in built:
        tenant, admins, subs, methods = (place["tenant"], place["admins"],
                                         place["subscriptions"], place["methods"])
        users = [u for _, u, _, _ in place["place"].admins]
        owner, billing, _second, helpdesk, contributor = (admins[u] for u in users[:5])
        scenarios = {
            "past-due": {"admin": owner.id, "subscription": subs["past-due"].id,
                         "payment_method": methods["expired-own"].id,
                         "description": "Two decline notices; the card's expiry has since been "
                                        "corrected, so Settle balance pays."},
            "expired-card": {"admin": billing.id, "subscription": subs["expired-card"].id,
                             "payment_method": methods["expired-other"].id,
                             "new_expiry": place["new_expiry_other"],
                             "description": "Declined as expired; the bank has mailed a new "
                                            "card with a later expiry date."},
            "not-activated": {"admin": owner.id, "subscription": subs["not-activated"].id,
                              "payment_method": methods["not-activated"].id,
                              "description": "The new card came by post and was never "
                                             "activated."},
            "details-mismatch": {"admin": owner.id, "subscription": subs["details-mismatch"].id,
                                 "payment_method": methods["mismatch"].id,
                                 "description": "The bank holds another postal code."},
            "foreign-card": {"admin": owner.id, "subscription": subs["bank-account"].id,
                             "card_number": FOREIGN_CARD,
                             "description": "A card issued in Sweden cannot be added."},
            "unlinked-new-card": {"admin": billing.id, "subscription": subs["expired-card"].id,
                                  "payment_method": methods["unlinked"].id,
                                  "description": "A new card was added but not linked; notices "
                                                 "keep coming for the old one."},
            "only-payment-method": {"admin": owner.id, "subscription": subs["past-due"].id,
                                    "payment_method": methods["expired-own"].id,
                                    "description": "The subscription's only payment method: it "
                                                   "must be replaced before it can be deleted."},
            "billing-profile": {"admin": contributor.id, "subscription": subs["billing-profile"].id,
                                "billing_profile": place["profile"].id,
                                "payment_method": methods["profile-card"].id,
                                "description": "A billing profile paid by card, with an owner, "
                                               "a contributor, an invoice manager and a reader."},
            "bank-account": {"admin": billing.id, "subscription": subs["bank-account"].id,
                             "payment_method": methods["bank"],
                             "description": "A subscription paid by bank account."},
            "no-permission": {"admin": helpdesk.id, "subscription": subs["past-due"].id,
                              "description": "A Helpdesk admin may look but not pay."},
        }
        for scenario in scenarios.values():
            scenario["tenant"] = tenant.id
        summary["tenants"].append({
            "id": tenant.id, "name": tenant.name, "country": tenant.country,
            "currency": tenant.currency, "locale": tenant.locale,
            "admins": [{"id": a.id, "name": a.name, "email": a.email, "role": a.role.value}
                       for a in admins.values()],
            "subscriptions": {name: s.id for name, s in subs.items()},
            "payment_methods": {name: (m if isinstance(m, str) else m.id)
                                for name, m in methods.items()},
            "billing_profiles": [place["profile"].id],
        })
        summary["scenarios_by_tenant"][tenant.id] = scenarios
    summary["scenarios"] = summary["scenarios_by_tenant"][summary["tenants"][0]["id"]]
    return summary
