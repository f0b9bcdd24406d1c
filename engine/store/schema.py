"""The database schema, one SQLAlchemy Core table per entity. Migrations live in
``engine/store/migrations``; ``tests/engine/test_migrations.py`` proves they build this schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

Id = String(40)


def _tenant_fk(*, index: bool = True) -> Column:
    return Column("tenant_id", Id, ForeignKey("tenants.id"), nullable=False, index=index)


settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

clock = Table(
    "clock", metadata,
    Column("id", Integer, primary_key=True),
    Column("now", DateTime, nullable=False),
)

tenants = Table(
    "tenants", metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("locale", String(10), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

admins = Table(
    "admins", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("role", String(32), nullable=False),
    Column("passphrase_hash", Text),
    Column("failed_signins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
)

payment_methods = Table(
    "payment_methods", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("kind", String(20), nullable=False),
    Column("added_by", Id, ForeignKey("admins.id"), nullable=False),
    Column("country", String(2), nullable=False),
    Column("last4", String(4), nullable=False),
    # The issuer simulator's vault token; the number itself lives only in the vault.
    Column("token", String(40), nullable=False, index=True),
    Column("holder_name", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("brand", String(40)),
    Column("exp_month", Integer),
    Column("exp_year", Integer),
    Column("address_line", String(200), nullable=False, default=""),
    Column("city", String(100), nullable=False, default=""),
    Column("region", String(100), nullable=False, default=""),
    Column("postal_code", String(20), nullable=False, default=""),
    Column("phone", String(40), nullable=False, default=""),
    Column("deleted_at", DateTime),
)

billing_profiles = Table(
    "billing_profiles", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("name", String(200), nullable=False),
    Column("pays_by", String(10), nullable=False),
    Column("payment_method_id", Id, ForeignKey("payment_methods.id")),
)

profile_members = Table(
    "profile_members", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("billing_profile_id", Id, ForeignKey("billing_profiles.id"), nullable=False),
    Column("admin_id", Id, ForeignKey("admins.id"), nullable=False),
    Column("role", String(32), nullable=False),
    UniqueConstraint("billing_profile_id", "admin_id"),
)

subscriptions = Table(
    "subscriptions", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("product", String(200), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("next_invoice_at", DateTime, nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("billing_day", Integer, nullable=False),
    Column("payment_method_id", Id, ForeignKey("payment_methods.id"), index=True),
    Column("billing_profile_id", Id, ForeignKey("billing_profiles.id")),
    Column("past_due_since", DateTime),
    Column("last_paid_at", DateTime),
    Column("past_due_paid_at", DateTime),
)

invoices = Table(
    "invoices", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(index=False),
    Column("subscription_id", Id, ForeignKey("subscriptions.id"), nullable=False, index=True),
    Column("issued_at", DateTime, nullable=False),
    Column("due_at", DateTime, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts_made", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime),
    Column("paid_at", DateTime),
    Column("paid_by", Id),
    # One invoice per subscription and billing period: a second is an error, never a charge.
    UniqueConstraint("subscription_id", "issued_at", name="uq_invoices_period"),
    # A tenant's invoices, newest first, a page at a time (the TUI's invoice table).
    Index("ix_invoices_tenant_issued", "tenant_id", "issued_at", "id"),
    # Only open invoices wait for an attempt: paid ones stay out of the index.
    Index("ix_invoices_due", "next_attempt_at", sqlite_where=text("status = 'open'"),
          postgresql_where=text("status = 'open'")),
)

charge_attempts = Table(
    "charge_attempts", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("subscription_id", Id, ForeignKey("subscriptions.id"), nullable=False, index=True),
    Column("invoice_id", Id, ForeignKey("invoices.id"), nullable=False, index=True),
    Column("payment_method_id", Id, ForeignKey("payment_methods.id")),
    Column("at", DateTime, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("trigger", String(20), nullable=False),
    Column("decline_reason", String(40)),
    Column("decline_detail", String(200), nullable=False, default=""),
    Column("actor_id", Id),
    Column("sequence", Integer),
    # Each scheduled attempt of an invoice is made once.
    Index("uq_attempts_scheduled", "invoice_id", "sequence", unique=True,
          sqlite_where=text("sequence IS NOT NULL"),
          postgresql_where=text("sequence IS NOT NULL")),
)

notices = Table(
    "notices", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("kind", String(40), nullable=False),
    Column("sent_at", DateTime, nullable=False),
    Column("recipients", Text, nullable=False),
    Column("subscription_id", Id, index=True),
    Column("invoice_id", Id, index=True),
    Column("attempt_id", Id),
    Column("payment_method_id", Id),
    Column("automatic", Boolean, nullable=False, default=True),
    # One notice per attempt and kind, or per invoice and kind (model.notice_key).
    Column("key", String(120), nullable=False, unique=True),
)

audit_events = Table(
    "audit_events", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("actor_id", Id),
    Column("action", String(80), nullable=False),
    Column("params", Text, nullable=False),
    Column("outcome", String(80), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("result", String(10), nullable=False, server_default="done"),
)

# A key is unique in its tenant and belongs to the admin who used it first; ``refused``
# marks a stored refusal, which holds the key for that admin only (engine.actions.runner).
idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("tenant_id", Id, primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("admin_id", Id, nullable=False),
    Column("refused", Boolean, nullable=False),
    Column("action", String(80), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("result", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Shared accounts (engine.services.auth): each tenant's sign-in policy, set by a Global
# admin; without a row the defaults in defaults.toml apply.
signin_policies = Table(
    "signin_policies", metadata,
    Column("tenant_id", Id, ForeignKey("tenants.id"), primary_key=True),
    Column("max_failures", Integer, nullable=False),
    Column("lockout_minutes", Integer, nullable=False),
    Column("min_passphrase_length", Integer, nullable=False),
    Column("set_by", Id, ForeignKey("admins.id"), nullable=False),
    Column("set_at", DateTime, nullable=False),
)

# One-time codes a Global admin issues so that an admin without a passphrase can set their
# first one. Only a salted scrypt hash of the code is kept.
one_time_codes = Table(
    "one_time_codes", metadata,
    Column("id", Id, primary_key=True),
    _tenant_fk(),
    Column("admin_id", Id, ForeignKey("admins.id"), nullable=False, index=True),
    Column("code_hash", Text, nullable=False),
    Column("issued_by", Id, ForeignKey("admins.id"), nullable=False),
    Column("issued_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
)
