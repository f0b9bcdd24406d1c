"""A small account to test rules against: one tenant, an admin in each role, helpers to
act as them. Everything goes through the engine's own services."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from engine import config as engine_config
from engine.config import Config
from engine.domain.model import AdminRole, ProfileRole
from engine.services import accounts
from engine.services.billing_cycle import run_due
from engine.services.context import Context
from engine.services.payment_methods import add_payment_method

START = datetime(2026, 3, 2, 9, 0)
ADDRESS = {"address_line": "Storgata 1", "city": "Oslo", "region": "Oslo",
           "postal_code": "0155"}


class World:
    def __init__(self, database, *, country: str = "NO", config: Config | None = None,
                 now: datetime = START) -> None:
        self.database = database
        self.config = config or engine_config.load()
        with database.unit_of_work() as uow:
            uow.set_now(now)
            self.tenant = accounts.create_tenant(uow, self.config, name="Test AS",
                                                 country=country, now=now)
            self.admins = {
                name: accounts.add_admin(uow, self.tenant, name=name.title(),
                                         email=f"{name}@test.example", role=role)
                for name, role in [
                    ("global", AdminRole.GLOBAL), ("billing", AdminRole.BILLING),
                    ("billing2", AdminRole.BILLING), ("helpdesk", AdminRole.HELPDESK),
                    ("owner", AdminRole.USER), ("contributor", AdminRole.USER),
                    ("reader", AdminRole.USER), ("invoices", AdminRole.USER),
                ]
            }
            uow.commit()

    def ctx(self, uow, admin: str = "global") -> Context:
        return Context(uow, self.tenant, self.admins[admin], uow.now(), self.config)

    def run(self, admin: str, service, *args, **kwargs):
        """Run a service as ``admin`` in its own committed unit of work."""
        with self.database.unit_of_work() as uow:
            outcome = service(self.ctx(uow, admin), *args, **kwargs)
            uow.commit()
        return outcome

    def add_card(self, admin: str = "global", number: str = "4242424242424242", *,
                 expiry: str = "12/2030", kind: str = "credit-card", **details) -> str:
        fields = {"holder_name": self.admins[admin].name, **ADDRESS, **details}
        outcome = self.run(admin, add_payment_method, kind=kind, number=number,
                           expiry=expiry, **fields)
        return outcome.data["payment_method"]

    def add_bank_account(self, admin: str = "global", iban: str = "NO9386011117947") -> str:
        outcome = self.run(admin, add_payment_method, kind="bank-account", number=iban,
                           holder_name="Test AS", **ADDRESS)
        return outcome.data["payment_method"]

    def subscribe(self, method_id: str | None, *, product: str = "Business Basic",
                  seats: int = 10, first_invoice: datetime | None = None,
                  profile_id: str | None = None) -> str:
        """A subscription paid with ``method_id``, or under billing profile ``profile_id``
        (then the profile pays and ``method_id`` must be None)."""
        with self.database.unit_of_work() as uow:
            subscription = accounts.create_subscription(
                uow, self.config, self.tenant, product=product, seats=seats,
                first_invoice=first_invoice or uow.now(), now=uow.now(),
                payment_method_id=method_id, billing_profile_id=profile_id)
            uow.commit()
        return subscription.id

    def profile(self, method_id: str | None, *, pays_by: str = "card") -> str:
        with self.database.unit_of_work() as uow:
            profile = accounts.create_billing_profile(uow, self.tenant, name="Avdeling Bergen",
                                                      pays_by=pays_by,
                                                      payment_method_id=method_id)
            for admin, role in [("owner", ProfileRole.OWNER),
                                ("contributor", ProfileRole.CONTRIBUTOR),
                                ("reader", ProfileRole.READER),
                                ("invoices", ProfileRole.INVOICE_MANAGER)]:
                accounts.add_profile_member(uow, profile, self.admins[admin], role)
            uow.commit()
        return profile.id

    def now(self) -> datetime:
        with self.database.unit_of_work(write=False) as uow:
            return uow.now()

    def reissue(self, method_id: str, expiry: str) -> None:
        """The bank mails a new card with the same number and expiry ``MM/YYYY``."""
        month, year = (int(part) for part in expiry.split("/"))
        with self.database.unit_of_work() as uow:
            uow.vault.reissue(uow.payment_methods.get(method_id).token, month, year)
            uow.commit()

    def advance(self, **delta) -> None:
        """Move the clock on and process everything that fell due, like `clock advance`."""
        with self.database.unit_of_work(write=False) as uow:
            now = uow.now()
        self.advance_to(now + timedelta(**delta))

    def advance_to(self, moment: datetime) -> None:
        with self.database.unit_of_work() as uow:
            uow.set_now(moment)
            run_due(uow, self.config)
            uow.commit()

    def get(self, repository: str, key: str):
        with self.database.unit_of_work(write=False) as uow:
            return getattr(uow, repository).get(key)

    def all(self, repository: str, **equals):
        with self.database.unit_of_work(write=False) as uow:
            return getattr(uow, repository).where(**equals)


def with_bank_rules(**changes) -> Config:
    """The configuration with rule bank-availability's lists or date changed."""
    config = engine_config.load()
    return dataclasses.replace(
        config, bank_accounts=dataclasses.replace(config.bank_accounts, **changes))
