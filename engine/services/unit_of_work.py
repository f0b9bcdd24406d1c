"""What a service needs from storage: one transaction, its repositories, and the clock.

:class:`AbstractUnitOfWork` is the port; ``engine.store.uow.UnitOfWork`` is the
SQLAlchemy adapter, and the tests have an in-memory fake (tests/engine/fakes.py). A unit
of work rolls back unless it is committed, so a service that raises, or a preview, leaves
nothing behind. Services ask the repositories named questions
(``uow.invoices.open_for(subscription_id)``); see engine/store/repositories.py.
"""

from __future__ import annotations

import abc
from datetime import datetime
from typing import Any


class AbstractUnitOfWork(abc.ABC):
    tenants: Any
    admins: Any
    payment_methods: Any
    billing_profiles: Any
    profile_members: Any
    subscriptions: Any
    invoices: Any
    charge_attempts: Any
    notices: Any
    audit_events: Any
    vault: Any  # the issuer simulator's vault session (engine.store.vault.VaultSession)
    changes: list

    def __enter__(self) -> AbstractUnitOfWork:
        return self

    def __exit__(self, *exc_info) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None:
        """Make everything written in this unit of work permanent."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Undo everything not yet committed."""

    @abc.abstractmethod
    def now(self) -> datetime:
        """The account's clock."""
