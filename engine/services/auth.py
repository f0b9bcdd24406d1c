"""Passphrases for admins of shared accounts: the sign-in policy, lockouts, one-time codes.

Passphrases are hashed with scrypt (``hashlib.scrypt``, OpenSSL's implementation), a
memory-hard key-derivation function, each with its own random salt. The cost is OWASP's
current recommendation for scrypt (Password Storage Cheat Sheet: N=2^17, r=8, p=1, about
128 MiB of memory per hash): a stolen hash then costs an attacker that much memory for
every guess. A hash made with a lower cost is remade at the next successful sign-in.

A tenant's sign-in policy (failures before a lockout, how long it lasts, the shortest
passphrase) lives in the database and only a Global admin changes it; until one does, the
defaults in ``defaults.toml`` apply. A user's own configuration file cannot weaken it.

An admin who has no passphrase sets their first one with a one-time code that a Global
admin issues; changing one needs the current one. Every sign-in failure, lockout,
passphrase change, code and policy change is in the audit log.

Lockouts use wall-clock time: the simulated billing clock must not unlock an account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from engine.config import Config
from engine.domain.model import Admin, AdminRole, AuditEvent
from engine.errors import N_, InputError, RuleRefusal
from engine.services.context import new_id

# OWASP Password Storage Cheat Sheet, scrypt: "a minimum CPU/memory cost parameter of
# (2^17), a minimum block size of 8 (1024 bytes), and a parallelization parameter of 1".
SCRYPT_N, SCRYPT_R, SCRYPT_P, _LENGTH = 2**17, 8, 1, 32
# The most a stored hash may ask for: a hash is data from the database, and a forged one
# must not make a sign-in take gigabytes.
_MAX_N, _MAX_R, _MAX_P = 2**20, 16, 4
MAX_PASSPHRASE_LENGTH = 1024
CODE_LIFETIME = timedelta(hours=24)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread

# Bounds a Global admin may set the policy within.
POLICY_LIMITS = {"max_failures": (1, 100), "lockout_minutes": (1, 7 * 24 * 60),
                 "min_passphrase_length": (8, 200)}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def scrypt_hash(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    """The one place Betal hashes: every check, for a known admin or not, runs this."""
    return hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=2 * 128 * r * (n + p + 2))


def hash_passphrase(passphrase: str) -> str:
    salt = os.urandom(16)
    digest = scrypt_hash(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, _LENGTH)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        values = int(n), int(r), int(p), base64.b64decode(salt), base64.b64decode(digest)
    except (ValueError, TypeError):
        return None
    n_, r_, p_ = values[:3]
    if scheme != "scrypt" or not (2 <= n_ <= _MAX_N and n_ & (n_ - 1) == 0
                                  and 1 <= r_ <= _MAX_R and 1 <= p_ <= _MAX_P):
        return None
    return values


def verify_passphrase(passphrase: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    actual = scrypt_hash(passphrase, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


# A hash of nothing anyone knows, at today's cost: checking a passphrase for an admin who
# does not exist does the same work as for one who does.
_NOBODY = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(bytes(16))}${_b64(bytes(_LENGTH))}"


def check_unknown_admin(passphrase: str | None) -> None:
    """The work of checking ``passphrase``, for an admin who does not exist."""
    if passphrase is not None:
        verify_passphrase(passphrase, _NOBODY)


def wall_clock() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def audit(uow, admin: Admin, action: str, outcome: str, *, actor: Admin | None = None,
          **params) -> None:
    """An audit event about ``admin``'s sign-in; ``actor`` when someone else acted."""
    uow.audit_events.add(AuditEvent(
        id=new_id("ev"), tenant_id=admin.tenant_id, actor_id=(actor or admin).id,
        action=action, params=json.dumps({"admin": admin.id, **params}, sort_keys=True),
        outcome=outcome, at=wall_clock(),
        result="done" if outcome in ("ok", "issued", "set", "changed") else "refused"))


# The policy ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInPolicy:
    max_failures: int
    lockout: timedelta
    min_passphrase_length: int
    set_by: str | None = None
    set_at: datetime | None = None

    def to_dict(self) -> dict:
        return {"max_failures": self.max_failures,
                "lockout_minutes": int(self.lockout.total_seconds() // 60),
                "min_passphrase_length": self.min_passphrase_length,
                "set_by": self.set_by,
                "set_at": self.set_at.isoformat() if self.set_at else None}


def policy(uow, tenant_id: str, config: Config) -> SignInPolicy:
    """The tenant's sign-in policy: what a Global admin set, else the defaults."""
    row = uow.signin_policies.of(tenant_id)
    if row is None:
        return SignInPolicy(config.max_failed_signins, config.lockout,
                            config.min_passphrase_length)
    return SignInPolicy(row.max_failures, timedelta(minutes=row.lockout_minutes),
                        row.min_passphrase_length, row.set_by, row.set_at)


def require_global_admin(actor: Admin) -> None:
    if actor.role != AdminRole.GLOBAL:
        raise RuleRefusal("global-admin-only",
                          N_("Only a Global admin can do this, and {admin} is not one."),
                          admin=actor.email)


def set_policy(uow, actor: Admin, config: Config, **changes: int | None) -> SignInPolicy:
    """Change the actor's tenant's policy (Global admins only); None keeps a value."""
    require_global_admin(actor)
    for name, value in changes.items():
        low, high = POLICY_LIMITS[name]
        if value is not None and not low <= value <= high:
            raise InputError("invalid-value",
                             N_("{name} must be from {low} to {high}."),
                             name=name.replace("_", "-"), low=low, high=high)
    current = policy(uow, actor.tenant_id, config).to_dict()
    values = {name: changes.get(name) if changes.get(name) is not None else current[name]
              for name in POLICY_LIMITS}
    uow.signin_policies.put(actor.tenant_id, **values, set_by=actor.id, set_at=wall_clock())
    audit(uow, actor, "tenant.sign-in-policy", "ok", **values)
    return policy(uow, actor.tenant_id, config)


# Signing in ------------------------------------------------------------------------------


def check_sign_in(uow, admin: Admin, passphrase: str | None, config: Config) -> str:
    """The outcome of a sign-in attempt, recorded on the admin (not yet committed).

    ``ok`` when the admin has no passphrase or gave the right one; otherwise
    ``passphrase-required``, ``sign-in-failed`` or ``account-locked``.
    """
    if admin.passphrase_hash is None:
        return "ok"
    now = wall_clock()
    if admin.locked_until and admin.locked_until > now:
        outcome = "account-locked"
    elif passphrase is None:
        return "passphrase-required"
    elif verify_passphrase(passphrase, admin.passphrase_hash):
        admin.failed_signins, admin.locked_until = 0, None
        if needs_rehash(admin.passphrase_hash):
            admin.passphrase_hash = hash_passphrase(passphrase)
        outcome = "ok"
    else:
        outcome = "sign-in-failed"
        _count_failure(uow, admin, policy(uow, admin.tenant_id, config), now)
    uow.admins.save(admin)
    audit(uow, admin, "admin.sign-in", outcome)
    return outcome


def _count_failure(uow, admin: Admin, rules: SignInPolicy, now: datetime) -> None:
    admin.failed_signins += 1
    if admin.failed_signins >= rules.max_failures:
        audit(uow, admin, "admin.lockout", "locked", failures=admin.failed_signins,
              until=(now + rules.lockout).isoformat())
        admin.failed_signins, admin.locked_until = 0, now + rules.lockout


def refusal(outcome: str, admin: Admin) -> InputError:
    if outcome == "passphrase-required":
        return InputError("passphrase-required",
                          N_("{admin} signs in with a passphrase: give it in BETAL_PASSPHRASE "
                             "or when asked."), admin=admin.email)
    if outcome == "account-locked":
        return InputError("account-locked",
                          N_("{admin} is locked out after too many wrong passphrases, until "
                             "{until}."), admin=admin.email, until=admin.locked_until)
    if outcome == "code-required":
        return InputError("one-time-code-required",
                          N_("{admin} has no passphrase yet: a Global admin issues a one-time "
                             "code for the first one ('betal one-time-code --for {admin}'), "
                             "which you give in BETAL_ONE_TIME_CODE or when asked."),
                          admin=admin.email)
    if outcome == "code-wrong":
        return InputError("one-time-code-wrong",
                          N_("That one-time code for {admin} is wrong, used or expired. Ask a "
                             "Global admin for a new one."), admin=admin.email)
    return InputError("sign-in-failed",
                      N_("Wrong passphrase for {admin}."), admin=admin.email)


# One-time codes and passphrases -------------------------------------------------------------


def _normal_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def issue_code(uow, actor: Admin, admin: Admin) -> tuple[str, datetime]:
    """A new one-time code for ``admin``'s first passphrase, and when it expires. Only a
    Global admin of the same tenant issues one; it replaces any unused earlier code."""
    require_global_admin(actor)
    if admin.tenant_id != actor.tenant_id:
        raise InputError("unknown-admin", N_("There is no admin '{admin}'."), admin=admin.id)
    if admin.passphrase_hash is not None:
        raise InputError("has-passphrase",
                         N_("{admin} already has a passphrase; they change it with the current "
                            "one ('betal passphrase')."), admin=admin.email)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    now = wall_clock()
    uow.one_time_codes.issue(
        at=now, id=new_id("otc"), tenant_id=admin.tenant_id, admin_id=admin.id,
        code_hash=hash_passphrase(code), issued_by=actor.id, expires_at=now + CODE_LIFETIME)
    audit(uow, admin, "admin.one-time-code", "issued", actor=actor,
          expires=(now + CODE_LIFETIME).isoformat())
    return "-".join(code[i:i + 4] for i in range(0, 16, 4)), now + CODE_LIFETIME


def _use_code(uow, admin: Admin, code: str) -> bool:
    """Whether ``code`` is the admin's unused, unexpired code; it is used up if so."""
    now = wall_clock()
    row = uow.one_time_codes.unused(admin.id, now)
    if row is None:
        check_unknown_admin(code)  # the same work as a check against a real code
        return False
    if not verify_passphrase(_normal_code(code), row.code_hash):
        return False
    uow.one_time_codes.use(row.id, now)
    return True


def set_passphrase(uow, admin: Admin, new: str, config: Config, *,
                   current: str | None = None, code: str | None = None) -> str:
    """Set ``admin``'s first passphrase (with a one-time ``code``) or change it (with the
    ``current`` one). Returns ``set`` or ``changed``. A wrong code or passphrase counts
    towards the lockout: commit the unit of work after a refusal too."""
    rules = policy(uow, admin.tenant_id, config)
    if len(new) < rules.min_passphrase_length:
        raise InputError("weak-passphrase",
                         N_("A passphrase needs at least {length} characters."),
                         length=rules.min_passphrase_length)
    if len(new) > MAX_PASSPHRASE_LENGTH:
        raise InputError("invalid-value",
                         N_("A passphrase can have at most {length} characters."),
                         length=MAX_PASSPHRASE_LENGTH)
    if admin.passphrase_hash is not None:
        outcome = check_sign_in(uow, admin, current, config)
        if outcome != "ok":
            raise refusal(outcome, admin)
        change = "changed"
    else:
        now = wall_clock()
        if admin.locked_until and admin.locked_until > now:
            audit(uow, admin, "admin.passphrase", "account-locked")
            raise refusal("account-locked", admin)
        if code is None:
            raise refusal("code-required", admin)
        if not _use_code(uow, admin, code):
            _count_failure(uow, admin, rules, now)
            uow.admins.save(admin)
            audit(uow, admin, "admin.passphrase", "one-time-code-wrong")
            raise refusal("code-wrong", admin)
        change = "set"
    admin.passphrase_hash = hash_passphrase(new)
    admin.failed_signins, admin.locked_until = 0, None
    uow.admins.save(admin)
    audit(uow, admin, "admin.passphrase", change)
    return change
