"""Run an action: check its parameters, find tenant and admin, run it in a unit of work.

A preview runs the action and rolls it back, so it reports exactly the changes a real run
would make. A real run is audited with its actor and, with an idempotency key, recorded so
that the same request returns the first result instead of running twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from engine import config as engine_config
from engine import rules
from engine.actions import registry
from engine.actions.base import Action
from engine.actions.handlers import HANDLERS
from engine.domain.model import Admin, AuditEvent, Tenant
from engine.errors import N_, BetalError, InputError
from engine.i18n import Message
from engine.locales import normalize
from engine.logs import LOGGER
from engine.services import auth
from engine.services.context import Context, new_id
from engine.services.outcome import Outcome
from engine.store import schema
from engine.store.retry import retrying

IDEMPOTENCY_RETENTION = timedelta(hours=48)


@dataclass
class ActionResult:
    action: str
    ok: bool
    code: str
    message: str
    exit_code: int = 0
    preview: bool = False
    replayed: bool = False
    changes: list[dict[str, Any]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    fixes: list[dict[str, Any]] = field(default_factory=list)
    rule: dict[str, str] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    locale: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action, "ok": self.ok, "code": self.code, "message": self.message,
            "preview": self.preview, "replayed": self.replayed, "changes": self.changes,
            "details": self.details, "findings": self.findings, "fixes": self.fixes,
            "rule": self.rule, "data": self.data, "locale": self.locale,
        }

    @classmethod
    def from_dict(cls, stored: dict[str, Any], exit_code: int) -> ActionResult:
        return cls(exit_code=exit_code, **stored)


def cite(rule_id: str | None) -> dict[str, str] | None:
    if not rule_id or rule_id not in rules.RULES:
        return None
    rule = rules.RULES[rule_id]
    return {"id": rule.id, "article": rule.article, "anchor": rule.anchor,
            "assetid": rule.assetid}


def refused(action_id: str, error: BetalError, locale: str,
            zone: str | None = None) -> ActionResult:
    return ActionResult(action=action_id, ok=False, code=error.code,
                        message=error.render(locale, zone), exit_code=error.exit_code,
                        rule=cite(error.code), locale=locale)


def find_actor(uow, admin: str, tenant_id: str | None) -> tuple[Tenant, Admin]:
    """The admin named by id or e-mail (within ``tenant_id`` when given) and their tenant."""
    table = schema.admins
    condition = (table.c.id == admin) | (table.c.email == admin)
    if tenant_id:
        if uow.tenants.get(tenant_id) is None:
            raise InputError("unknown-tenant", N_("There is no tenant '{tenant}'."),
                             tenant=tenant_id)
        condition &= table.c.tenant_id == tenant_id
    found = uow.admins.find(condition)
    if not found and tenant_id:
        raise InputError("unknown-admin",
                         N_("There is no admin '{admin}' in tenant {tenant}. 'betal demo --json' "
                            "lists the demo admins."), admin=admin, tenant=tenant_id)
    if not found:
        raise InputError("unknown-admin",
                         N_("There is no admin '{admin}'. 'betal demo --json' lists the demo "
                            "admins."), admin=admin)
    if len(found) > 1:
        raise InputError("ambiguous-admin",
                         N_("'{admin}' is an admin in several tenants: add --tenant."),
                         admin=admin)
    return uow.tenants.get(found[0].tenant_id), found[0]


def sign_in(database, admin: str, tenant_id: str | None, passphrase: str | None) -> Admin:
    """Check the admin's passphrase if they have one; failures count towards a lockout."""
    with database.unit_of_work(write=False) as uow:
        _, actor = find_actor(uow, admin, tenant_id)
    if actor.passphrase_hash is None:
        return actor
    with database.unit_of_work() as uow:
        actor = uow.admins.get(actor.id, for_update=True)
        outcome = auth.check_sign_in(uow, actor, passphrase, engine_config.load())
        uow.commit()
    if outcome != "ok":
        raise auth.refusal(outcome, actor)
    return actor


class Session:
    """An admin signed in once to one database, for a program that runs many actions (the
    TUI): actions run with a session skip the passphrase check and its audit on every
    call. :func:`open_session` makes one; it lives in the process's memory and ends with
    it (a later lockout or new passphrase applies to the next sign-in)."""

    __slots__ = ("admin_id", "database_url", "tenant_id")

    def __init__(self, admin: Admin, database_url: str, token: object) -> None:
        if token is not _SESSION_TOKEN:
            raise TypeError("a Session comes from open_session()")
        self.admin_id, self.tenant_id = admin.id, admin.tenant_id
        self.database_url = database_url


_SESSION_TOKEN = object()


def open_session(database, admin: str, tenant_id: str | None = None,
                 passphrase: str | None = None) -> Session:
    """Sign ``admin`` in (see :func:`sign_in`); raises InputError when that fails."""
    return Session(sign_in(database, admin, tenant_id, passphrase), database.url,
                   _SESSION_TOKEN)


def _redacted(action: Action, values: dict[str, str]) -> dict[str, str]:
    return {name: ("[redacted]" if action.param(name).secret else value)
            for name, value in values.items()}


def _request_hash(uow, tenant, action: Action, values: dict[str, str]) -> str:
    """What identifies a request under its idempotency key. A secret value (a card number,
    a security code) enters only as the vault's keyed digest, so nothing stored here can
    be checked against a guessed number."""
    shown = {name: (uow.vault.digest(tenant.id, value) if action.param(name).secret
                    else value) for name, value in values.items()}
    body = json.dumps([action.id, sorted(shown.items())], ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _render(action: Action, outcome: Outcome, locale: str, zone: str, changes,
            preview: bool, exit_code: int) -> ActionResult:
    def text(message: Message) -> str:
        return message.render(locale, zone)

    return ActionResult(
        action=action.id, ok=outcome.ok, code=outcome.code, message=text(outcome.message),
        exit_code=exit_code, preview=preview,
        changes=[change.to_dict() for change in changes],
        details=[text(m) for m in outcome.details],
        findings=[{"code": f.code, "message": text(f.message), "rule": cite(f.rule),
                   "blocking": f.blocking, "fixes": [x.to_dict() for x in f.fixes]}
                  for f in outcome.findings],
        fixes=[fix.to_dict() for fix in outcome.fixes],
        rule=cite(outcome.rule),
        data=outcome.data,
        locale=locale,
    )


def execute(
    database,
    action_id: str,
    params: dict[str, str] | None = None,
    *,
    admin: str,
    tenant: str | None = None,
    preview: bool = False,
    idempotency_key: str | None = None,
    locale: str | None = None,
    passphrase: str | None = None,
    session: Session | None = None,
) -> ActionResult:
    """Run ``action_id`` as ``admin``; refusals come back as a result, never as an exception.

    An admin who has a passphrase must give it (``passphrase``) on every call, unless the
    call comes with the ``session`` they opened with it (then ``admin`` and ``tenant``
    are the session's).
    """
    chosen_locale = normalize(locale) if locale else None
    try:
        action = registry.get(action_id)
        values = registry.validate(action, params or {})
        if session is not None:
            if session.database_url != database.url:
                raise ValueError("the session was opened on another database")
            admin, tenant = session.admin_id, session.tenant_id
        else:
            sign_in(database, admin, tenant, passphrase)
        return retrying(lambda: _execute(database, action, values, admin, tenant, preview,
                                         idempotency_key, chosen_locale))
    except BetalError as error:
        return refused(action_id, error, chosen_locale or "en")


def _execute(database, action, values, admin, tenant_id, preview, key, locale) -> ActionResult:
    write = action.mutates
    with database.unit_of_work(write=write) as uow:
        tenant, actor = find_actor(uow, admin, tenant_id)
        locale = locale or tenant.locale
        if key and write and not preview:
            replay = _replay(uow, tenant, action, values, key, locale)
            if replay is not None:
                return replay
        ctx = Context(uow, tenant, actor, uow.now(), engine_config.load())
        try:
            outcome = HANDLERS[action.id](ctx, **values)
        except BetalError as error:
            uow.rollback()
            result = refused(action.id, error, locale, tenant.zone)
            if write and not preview:
                _record_refusal(database, tenant, actor, action, values, key, result)
            return result
        if action.permission.value not in {p.value for p in ctx.checked}:
            raise AssertionError(f"{action.id} ran without checking {action.permission}")
        exit_code = 0 if outcome.ok else 1
        result = _render(action, outcome, locale, tenant.zone, list(uow.changes), preview,
                         exit_code)
        if preview or not write:
            return result
        if _commit_with_record(uow, tenant, actor, action, values, key, result):
            return result
    # Another process stored the same idempotency key first: return its result.
    with database.unit_of_work() as uow:
        return _replay(uow, tenant, action, values, key, locale)


def _commit_with_record(uow, tenant, actor, action, values, key, result) -> bool:
    """Audit, remember the result under its key, and commit; False when the key was taken
    by a concurrent request in the meantime (the unit of work is then rolled back)."""
    _audit(uow, tenant, actor, action, values, result)
    try:
        if key:
            _remember(uow, tenant, action, values, key, result)
        uow.commit()
    except IntegrityError:
        uow.rollback()
        return False
    return True


def _audit(uow, tenant, actor, action, values, result) -> None:
    params = json.dumps(_redacted(action, values), ensure_ascii=False, sort_keys=True)
    uow.audit_events.add(AuditEvent(
        id=new_id("ev"), tenant_id=tenant.id, actor_id=actor.id, action=action.id,
        params=params, outcome=result.code, at=uow.now(),
    ))
    LOGGER.info("%s by %s in %s: %s %s", action.id, actor.id, tenant.id, result.code, params)


def _replay(uow, tenant, action, values, key, locale) -> ActionResult | None:
    table = schema.idempotency_keys
    row = uow.connection.execute(
        select(table).where(table.c.tenant_id == tenant.id, table.c.key == key)
    ).first()
    if row is None:
        return None
    if row.action != action.id or row.request_hash != _request_hash(
            uow, tenant, action, values):
        raise InputError(
            "idempotency-conflict",
            N_("The idempotency key '{key}' was already used for a different request. Use a "
               "new key for a new request."), key=key)
    stored = json.loads(row.result)
    exit_code = stored.pop("exit_code")
    result = ActionResult.from_dict(stored, exit_code)
    result.replayed = True
    return result


def _remember(uow, tenant, action, values, key, result) -> None:
    table = schema.idempotency_keys
    wall = datetime.now(UTC).replace(tzinfo=None)
    uow.connection.execute(delete(table).where(table.c.created_at < wall - IDEMPOTENCY_RETENTION))
    stored = result.to_dict() | {"exit_code": result.exit_code}
    uow.connection.execute(insert(table).values(
        tenant_id=tenant.id, key=key, action=action.id,
        request_hash=_request_hash(uow, tenant, action, values),
        result=json.dumps(stored, ensure_ascii=False), created_at=wall,
    ))


def _record_refusal(database, tenant, actor, action, values, key, result) -> None:
    """Audit a refused change and, with a key, remember the refusal as its result."""
    with database.unit_of_work() as uow:
        _commit_with_record(uow, tenant, actor, action, values, key, result)
