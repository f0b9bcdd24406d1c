"""The engine's configuration: retry schedule, grace periods, country tables and prices.

Defaults live in ``defaults.toml`` beside this module, with the seed each value comes from.
A TOML file named by the ``BETAL_CONFIG`` environment variable is merged over them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from engine.errors import N_, BetalError, InputError

DEFAULTS = Path(__file__).with_name("defaults.toml")


@dataclass(frozen=True)
class TestCard:
    state: str
    country: str | None = None
    bank_postal_code: str | None = None


@dataclass(frozen=True)
class Config:
    attempt_days: tuple[int, ...]
    retry_window_days: int
    invoice_terms_days: int
    notice_lingers: timedelta
    support_wait: timedelta
    bank_accounts_closed_from: date
    bank_accounts_closed_in: frozenset[str]
    bank_accounts_unavailable_in: frozenset[str]
    prices: dict[str, dict[str, int]]
    test_cards: dict[str, TestCard] = field(default_factory=dict)
    max_failed_signins: int = 5
    lockout: timedelta = timedelta(minutes=15)
    min_passphrase_length: int = 10

    @property
    def automatic_attempts(self) -> int:
        return len(self.attempt_days)


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def from_mapping(raw: dict) -> Config:
    billing, past_due, countries = raw["billing"], raw["past_due"], raw["countries"]
    attempt_days = tuple(int(d) for d in billing["attempt_days"])
    if not attempt_days or list(attempt_days) != sorted(attempt_days) or attempt_days[0] < 0:
        raise ValueError("billing.attempt_days must be a non-empty ascending list of days")
    return Config(
        attempt_days=attempt_days,
        retry_window_days=int(billing["retry_window_days"]),
        invoice_terms_days=int(billing["invoice_terms_days"]),
        notice_lingers=timedelta(hours=past_due["notice_lingers_hours"]),
        support_wait=timedelta(hours=past_due["support_wait_hours"]),
        bank_accounts_closed_from=date.fromisoformat(countries["bank_accounts_closed_from"]),
        bank_accounts_closed_in=frozenset(countries["bank_accounts_closed_in"]),
        bank_accounts_unavailable_in=frozenset(countries["bank_accounts_unavailable_in"]),
        prices={name: dict(by_currency) for name, by_currency in raw["products"].items()},
        test_cards={
            number: TestCard(**card) for number, card in raw["issuer"]["test_cards"].items()
        },
        max_failed_signins=int(raw["auth"]["max_failures"]),
        lockout=timedelta(minutes=raw["auth"]["lockout_minutes"]),
        min_passphrase_length=int(raw["auth"]["min_passphrase_length"]),
    )


@cache
def load(path: str | None = None) -> Config:
    """The configuration: defaults merged with ``path`` or ``$BETAL_CONFIG`` if set."""
    raw = load_raw(path)
    try:
        return from_mapping(raw)
    except BetalError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(
            "config-invalid",
            N_("The configuration file {path} (BETAL_CONFIG) has a value Betal cannot use: "
               "{problem}"), path=_override(path) or DEFAULTS, problem=_one_line(error),
        ) from None


@cache
def load_raw(path: str | None = None) -> dict:
    """The configuration as read, before checking: the defaults merged with the file."""
    raw = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    override = _override(path)
    if override:
        raw = _merge(raw, _read_override(Path(override)))
    return raw


def _override(path: str | None) -> str | None:
    return path or os.environ.get("BETAL_CONFIG") or None


def _read_override(path: Path) -> dict:
    """The file named by BETAL_CONFIG; what is wrong with it as one InputError."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("config-missing",
                         N_("The configuration file {path} named by BETAL_CONFIG does not "
                            "exist."), path=str(path)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError("config-invalid",
                         N_("The configuration file {path} (BETAL_CONFIG) cannot be read: "
                            "{problem}"), path=str(path), problem=_one_line(error)) from None
    if "auth" in raw:
        raise InputError("config-invalid",
                         N_("The configuration file {path} (BETAL_CONFIG) sets [auth], but the "
                            "sign-in policy is kept in the database, where a Global admin sets "
                            "it with 'betal sign-in-policy'. Remove [auth] from the file."),
                         path=str(path))
    return raw


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
