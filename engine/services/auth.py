"""Passphrases for admins of shared accounts, with a lockout after repeated failures.

Passphrases are hashed with scrypt (``hashlib.scrypt``, OpenSSL's implementation), a
memory-hard key-derivation function, each with its own random salt. Lockouts use
wall-clock time: the simulated billing clock must not unlock an account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from datetime import UTC, datetime

from engine.config import Config
from engine.domain.model import Admin, AuditEvent
from engine.errors import N_, InputError
from engine.services.context import new_id

_N, _R, _P, _LENGTH = 2**14, 8, 1, 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_passphrase(passphrase: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_LENGTH)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(passphrase.encode(), salt=base64.b64decode(salt), n=int(n),
                            r=int(r), p=int(p), dklen=len(expected))
    return hmac.compare_digest(actual, expected)


def wall_clock() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _audit(uow, admin: Admin, outcome: str) -> None:
    uow.audit_events.add(AuditEvent(
        id=new_id("ev"), tenant_id=admin.tenant_id, actor_id=admin.id, action="admin.sign-in",
        params=json.dumps({}), outcome=outcome, at=wall_clock()))


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
        outcome = "ok"
    else:
        admin.failed_signins += 1
        if admin.failed_signins >= config.max_failed_signins:
            admin.failed_signins, admin.locked_until = 0, now + config.lockout
        outcome = "sign-in-failed"
    uow.admins.save(admin)
    _audit(uow, admin, outcome)
    return outcome


def refusal(outcome: str, admin: Admin) -> InputError:
    if outcome == "passphrase-required":
        return InputError("passphrase-required",
                          N_("{admin} signs in with a passphrase: give it in BETAL_PASSPHRASE "
                             "or when asked."), admin=admin.email)
    if outcome == "account-locked":
        return InputError("account-locked",
                          N_("{admin} is locked out after too many wrong passphrases, until "
                             "{until}."), admin=admin.email, until=admin.locked_until)
    return InputError("sign-in-failed",
                      N_("Wrong passphrase for {admin}."), admin=admin.email)


def set_passphrase(uow, admin: Admin, new: str, config: Config,
                   current: str | None = None) -> None:
    """Set or change an admin's passphrase; changing one needs the current one."""
    if admin.passphrase_hash is not None:
        outcome = check_sign_in(uow, admin, current, config)
        if outcome != "ok":
            raise refusal(outcome, admin)
    if len(new) < config.min_passphrase_length:
        raise InputError("weak-passphrase",
                         N_("A passphrase needs at least {length} characters."),
                         length=config.min_passphrase_length)
    admin.passphrase_hash = hash_passphrase(new)
    admin.failed_signins, admin.locked_until = 0, None
    uow.admins.save(admin)
