"""The unit of work: one transaction around one service call, rolled back unless committed.

    with database.unit_of_work() as uow:
        method = uow.payment_methods.get("pm_...")
        ...
        uow.commit()

Everything written inside is recorded in ``uow.changes``; leaving the block without
``commit()`` (an error, or a preview) undoes all of it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from engine.domain import model
from engine.errors import N_, InputError
from engine.services.unit_of_work import AbstractUnitOfWork
from engine.store import repositories as repos
from engine.store import schema
from engine.store.due_work import DueWork
from engine.store.repository import Change, Repository

MODE_SETTING = "account_mode"
LIVE, SANDBOX = "live", "sandbox"


def live_refusal() -> InputError:
    return InputError(
        "live-account",
        N_("This is a live account: it runs on real time and holds real customers, so its "
           "time is never moved and no demo data is put into it. Simulated time and the "
           "demo belong in a sandbox database."))


class UnitOfWork(AbstractUnitOfWork):
    def __init__(self, database, *, write: bool = True) -> None:
        self.database = database
        self.write = write
        self.changes: list[Change] = []
        self._committed = False
        self._live: bool | None = None

    def __enter__(self) -> UnitOfWork:
        self.connection = self.database.engine.connect().execution_options(
            betal_write=self.write
        )
        self.transaction = self.connection.begin()
        repo = self._repository
        self.tenants = repo(Repository, schema.tenants, model.Tenant, "tenant")
        self.admins = repo(repos.Admins, schema.admins, model.Admin, "admin")
        self.payment_methods = repo(repos.PaymentMethods, schema.payment_methods,
                                    model.PaymentMethod, "payment_method")
        self.billing_profiles = repo(repos.BillingProfiles, schema.billing_profiles,
                                     model.BillingProfile, "billing_profile")
        self.profile_members = repo(repos.ProfileMembers, schema.profile_members,
                                    model.ProfileMember, "profile_member")
        self.subscriptions = repo(repos.Subscriptions, schema.subscriptions,
                                  model.Subscription, "subscription")
        self.invoices = repo(repos.Invoices, schema.invoices, model.Invoice, "invoice")
        self.charge_attempts = repo(repos.ChargeAttempts, schema.charge_attempts,
                                    model.ChargeAttempt, "charge_attempt")
        self.notices = repo(repos.Notices, schema.notices, model.Notice, "notice")
        self.audit_events = repo(Repository, schema.audit_events, model.AuditEvent,
                                 "audit_event")
        self.vault = self.database.vault_session()
        self.due = DueWork(self.connection)
        self.signin_policies = repos.SignInPolicies(self.connection)
        self.one_time_codes = repos.OneTimeCodes(self.connection)
        return self

    def _repository(self, kind, table, cls, entity, key="id") -> Repository:
        return kind(self.connection, table, cls, entity, self.changes, key=key)

    def __exit__(self, *exc_info) -> None:
        try:
            if not self._committed and self.transaction.is_active:
                self.transaction.rollback()
        finally:
            self.vault.close()
            self.connection.close()

    def commit(self) -> None:
        # The vault first: a card it keeps for a change that then fails to commit is a
        # token nothing uses, while the other order could leave a token with no card.
        self.vault.commit()
        self.transaction.commit()
        self._committed = True

    def rollback(self) -> None:
        self.transaction.rollback()

    @property
    def is_sqlite(self) -> bool:
        return self.connection.dialect.name == "sqlite"

    # Sandbox or live, and the clock ----------------------------------------------------

    @property
    def live(self) -> bool:
        """A live account runs on real time; a sandbox on its simulated clock."""
        if self._live is None:
            self._live = self.setting(MODE_SETTING) == LIVE
        return self._live

    def now(self) -> datetime:
        """The account's time: the wall clock (UTC) on a live account, else the sandbox's
        simulated clock."""
        if self.live:
            return datetime.now(UTC).replace(tzinfo=None)
        moment = self.connection.execute(select(schema.clock.c.now)).scalar()
        if moment is None:
            raise LookupError("the clock is not set: create an account first (betal demo)")
        return moment

    def set_now(self, moment: datetime) -> None:
        """Move a sandbox's simulated clock; a live account's time is never moved."""
        if self.live:
            raise live_refusal()
        before = self.connection.execute(select(schema.clock.c.now)).scalar()
        if before is None:
            self.connection.execute(insert(schema.clock).values(id=1, now=moment))
        else:
            self.connection.execute(update(schema.clock).values(now=moment))
        self.changes.append(Change("clock", "1", "update", {"now": [before, moment]}))

    # Settings --------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        query = select(schema.settings.c.value).where(schema.settings.c.key == key)
        return self.connection.execute(query).scalar()

    def put_setting(self, key: str, value: str) -> None:
        if self.setting(key) is None:
            self.connection.execute(insert(schema.settings).values(key=key, value=value))
        else:
            self.connection.execute(
                update(schema.settings).where(schema.settings.c.key == key).values(value=value)
            )

