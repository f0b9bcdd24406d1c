"""Run an action: check its parameters, find tenant and admin, run it in a unit of work.

A preview runs the action and rolls it back, so it reports exactly the changes a real run
would make. A real run is audited with its actor and, with an idempotency key, recorded so
that the same request returns the first result instead of running twice.

An idempotency key belongs to one admin of one tenant. The same key from another admin is
refused as a conflict that says nothing of the first request or its result; a refusal
stored under one admin's key holds the key for that admin only, so another admin's request
with it runs (and takes the key).
"""

from __future__ import annotations

import hashlib
import json
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from engine import config as engine_config
from engine import rules
from engine.actions import registry
from engine.actions.base import Action
from engine.actions.change_text import shown_changes
from engine.actions.handlers import HANDLERS
from engine.domain.model import Admin, AuditEvent, Tenant
from engine.errors import N_, BetalError, InputError
from engine.i18n import Message
from engine.locales import normalize
from engine.logs import LOGGER
from engine.safe_text import codepoint, first_control
from engine.services import auth
from engine.services.context import Context, new_id
from engine.services.outcome import Outcome
from engine.store import schema
from engine.store.retry import retrying

IDEMPOTENCY_RETENTION = timedelta(hours=48)
MAX_KEY_LENGTH = 200  # schema.idempotency_keys.c.key


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
    param: str | None = None  # the parameter an input error is about, for a form's field

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action, "ok": self.ok, "code": self.code, "message": self.message,
            "preview": self.preview, "replayed": self.replayed, "changes": self.changes,
            "details": self.details, "findings": self.findings, "fixes": self.fixes,
            "rule": self.rule, "data": self.data, "locale": self.locale, "param": self.param,
        }

    @property
    def kind(self) -> str:
        """``done``, ``declined`` (the bank said no; the attempt is recorded) or ``refused``
        (a rule or the input stopped it; nothing was done)."""
        if self.ok:
            return "done"
        return "declined" if self.changes else "refused"

    @classmethod
    def from_dict(cls, stored: dict[str, Any], exit_code: int) -> ActionResult:
        return cls(exit_code=exit_code, **stored)


def cite(rule_id: str | None, *locales: str) -> dict[str, str] | None:
    """The article heading that states a rule, with its address on the help site in the
    first of ``locales`` the site is in (see engine.site.article_url)."""
    from engine.site import article_url

    if not rule_id or rule_id not in rules.RULES:
        return None
    rule = rules.RULES[rule_id]
    return {"id": rule.id, "article": rule.article, "anchor": rule.anchor,
            "assetid": rule.assetid, "url": article_url(rule, *locales)}


def refused(action_id: str, error: BetalError, locale: str, zone: str | None = None, *,
            preview: bool = False, tenant_locale: str | None = None) -> ActionResult:
    return ActionResult(action=action_id, ok=False, code=error.code,
                        message=error.render(locale, zone), exit_code=error.exit_code,
                        preview=preview, rule=cite(error.code, locale, tenant_locale or locale),
                        locale=locale, param=_param_of(error))


def _param_of(error: BetalError) -> str | None:
    """The parameter an input error is about: the one it names, or the first missing one."""
    if error.code == "invalid-parameter":
        return error.params.get("name")
    if error.code == "missing-parameter" and error.params.get("names"):
        return error.params["names"][0]
    return None


def check_key(key: str | None) -> None:
    """Refuse an idempotency key that is empty, too long or not plain text."""
    if key is None:
        return
    if not key.strip():
        raise InputError("invalid-idempotency-key",
                         N_("The idempotency key is empty. Give a unique text, such as a "
                            "UUID, or leave --idempotency-key out."))
    if len(key) > MAX_KEY_LENGTH:
        raise InputError("invalid-idempotency-key",
                         N_("The idempotency key is {length} characters long; at most {most} "
                            "are allowed."), length=len(key), most=MAX_KEY_LENGTH)
    control = first_control(key)
    if control is not None:
        raise InputError("invalid-idempotency-key",
                         N_("The idempotency key contains a control character ({char})."),
                         char=codepoint(control))


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
        try:
            _, actor = find_actor(uow, admin, tenant_id)
        except InputError:
            auth.check_unknown_admin(passphrase)  # as long as checking a known admin
            raise
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


@dataclass(frozen=True)
class _Request:
    """Who asked for what: what the result's hints and records are made for."""

    action: Action
    values: dict[str, str]
    tenant: Tenant
    actor: Admin
    given_tenant: str | None
    key: str | None
    locale: str
    preview: bool

    def command(self, fix: dict[str, Any]) -> str:
        """The ``betal run`` command that carries out ``fix`` as this admin; a required
        parameter the fix does not name is left for the reader (``--param name=NAME``)."""
        words = ["betal", "run", fix["action"], "--as", self.actor.email]
        if self.given_tenant:
            words += ["--tenant", self.tenant.id]
        params = dict(fix["params"])
        target = registry.REGISTRY.get(fix["action"])
        for param in target.params if target else ():
            if param.required and not param.secret and param.name not in params:
                params[param.name] = param.name.upper()
        words += [part for name, value in params.items()
                  for part in ("--param", f"{name}={value}")]
        return " ".join(shlex.quote(word) for word in words)


def _render(uow, request: _Request, outcome: Outcome, exit_code: int) -> ActionResult:
    locale, zone = request.locale, request.tenant.zone
    sites = (locale, request.tenant.locale)  # the help site in the reader's language if any

    def text(message: Message) -> str:
        return message.render(locale, zone)

    def fixes(items) -> list[dict[str, Any]]:
        return [fix.to_dict() | {"command": request.command(fix.to_dict())} for fix in items]

    return ActionResult(
        action=request.action.id, ok=outcome.ok, code=outcome.code,
        message=text(outcome.message), exit_code=exit_code, preview=request.preview,
        changes=shown_changes(uow, request.actor, list(uow.changes), locale, zone),
        details=[text(m) for m in outcome.details],
        findings=[{"code": f.code, "message": text(f.message), "rule": cite(f.rule, *sites),
                   "blocking": f.blocking, "fixes": fixes(f.fixes)}
                  for f in outcome.findings],
        fixes=fixes(outcome.fixes),
        rule=cite(outcome.rule, *sites),
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
        check_key(idempotency_key)
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
        return refused(action_id, error, chosen_locale or "en", preview=preview)


def _execute(database, action, values, admin, tenant_id, preview, key, locale) -> ActionResult:
    write = action.mutates
    with database.unit_of_work(write=write) as uow:
        tenant, actor = find_actor(uow, admin, tenant_id)
        request = _Request(action, values, tenant, actor, tenant_id,
                           key if write and not preview else None,
                           locale or tenant.locale, preview)
        if request.key:
            replay = _replay(uow, request)
            if replay is not None:
                return replay
        ctx = Context(uow, tenant, actor, uow.now(), engine_config.load())
        try:
            outcome = HANDLERS[action.id](ctx, **values)
        except BetalError as error:
            uow.rollback()
            result = refused(action.id, error, request.locale, tenant.zone, preview=preview,
                             tenant_locale=tenant.locale)
            if write and not preview:
                _record_refusal(database, request, result)
            return result
        if action.permission.value not in {p.value for p in ctx.checked}:
            raise AssertionError(f"{action.id} ran without checking {action.permission}")
        result = _render(uow, request, outcome, 0 if outcome.ok else 1)
        if preview or not write:
            return result
        if _commit_with_record(uow, request, result):
            return result
    # Another process stored the same idempotency key first: return its result.
    with database.unit_of_work() as uow:
        replay = _replay(uow, request)
    if replay is None:
        raise _conflict(request.key)
    return replay


def _commit_with_record(uow, request: _Request, result: ActionResult,
                        refusal: bool = False) -> bool:
    """Audit, remember the result under its key, and commit; False when the key was taken
    by a concurrent request in the meantime (the unit of work is then rolled back). The
    log line is written once the change is committed."""
    params = _audit(uow, request, result)
    try:
        if request.key:
            _remember(uow, request, result, refusal)
        uow.commit()
    except IntegrityError:
        uow.rollback()
        return False
    LOGGER.info("%s by %s in %s: %s %s", request.action.id, request.actor.id,
                request.tenant.id, result.code, params)
    return True


def _audit(uow, request: _Request, result: ActionResult) -> str:
    params = json.dumps(_redacted(request.action, request.values), ensure_ascii=False,
                        sort_keys=True)
    uow.audit_events.add(AuditEvent(
        id=new_id("ev"), tenant_id=request.tenant.id, actor_id=request.actor.id,
        action=request.action.id, params=params, outcome=result.code, result=result.kind,
        at=uow.now(),
    ))
    return params


def _conflict(key: str) -> InputError:
    # The same words whoever used the key first: they say nothing of that request.
    return InputError(
        "idempotency-conflict",
        N_("The idempotency key '{key}' was already used for a different request. Use a "
           "new key for a new request."), key=key)


def _stored(uow, request: _Request):
    table = schema.idempotency_keys
    return uow.connection.execute(
        select(table).where(table.c.tenant_id == request.tenant.id, table.c.key == request.key)
    ).first()


def _replay(uow, request: _Request) -> ActionResult | None:
    """The stored result for this request's key; None when the request is to run."""
    row = _stored(uow, request)
    if row is None:
        return None
    if row.admin_id != request.actor.id:
        if row.refused:
            return None  # another admin's refusal: it holds the key for them only
        raise _conflict(request.key)
    if row.action != request.action.id or row.request_hash != _request_hash(
            uow, request.tenant, request.action, request.values):
        raise _conflict(request.key)
    stored = json.loads(row.result)
    exit_code = stored.pop("exit_code")
    result = ActionResult.from_dict(stored, exit_code)
    result.replayed = True
    return result


def _remember(uow, request: _Request, result: ActionResult, refusal: bool) -> None:
    table = schema.idempotency_keys
    wall = datetime.now(UTC).replace(tzinfo=None)
    uow.connection.execute(delete(table).where(table.c.created_at < wall - IDEMPOTENCY_RETENTION))
    # Another admin's refusal under this key gives way (see _replay); anything else
    # under it makes the insert fail, and the caller replays or refuses.
    uow.connection.execute(delete(table).where(
        table.c.tenant_id == request.tenant.id, table.c.key == request.key,
        table.c.admin_id != request.actor.id, table.c.refused.is_(True)))
    stored = result.to_dict() | {"exit_code": result.exit_code}
    uow.connection.execute(insert(table).values(
        tenant_id=request.tenant.id, key=request.key, admin_id=request.actor.id,
        refused=refusal, action=request.action.id,
        request_hash=_request_hash(uow, request.tenant, request.action, request.values),
        result=json.dumps(stored, ensure_ascii=False), created_at=wall,
    ))


def _record_refusal(database, request: _Request, result: ActionResult) -> None:
    """Audit a refused change and, with a key, remember the refusal as its result."""
    with database.unit_of_work() as uow:
        _commit_with_record(uow, request, result, refusal=True)
