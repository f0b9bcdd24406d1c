"""The engine's configuration: retry schedule, grace periods, lifecycle, country rules, prices.

Defaults live in ``defaults.toml`` beside this module; each value that a seed states cites
it there, and the rest are marked as Betal's own choices. A TOML file named by the
``BETAL_CONFIG`` environment variable is merged over them. Every value is checked when it
is loaded: a schedule outside the seed's 3-4 weeks, a price of zero, a negative number of
days is a clear :class:`ConfigError` (exit 2), never a wrong bill later.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from engine.domain.countries import COUNTRIES
from engine.domain.lifecycle import Stages
from engine.domain.method_rules import BankAccountRules
from engine.domain.money import MAX_UNIT_PRICE
from engine.errors import N_, BetalError, InputError

DEFAULTS = Path(__file__).with_name("defaults.toml")
# Rule retry-window (seed 001): "multiple times in the 3-4 weeks after the invoice date".
RETRY_WINDOW_DAYS = (21, 28)
MIN_ATTEMPTS = 3  # retries-remaining: after one or two declines another attempt comes


class ConfigError(InputError):
    """A configuration value Betal cannot bill with (exit 2)."""

    def __init__(self, key: str, problem: str, **params: Any) -> None:
        from engine.i18n import Message

        super().__init__("config-invalid", N_("Configuration '{key}': {problem}"),
                         key=key, problem=Message(problem, **params))


@dataclass(frozen=True)
class TestCard:
    state: str
    country: str | None = None
    bank_postal_code: str | None = None


@dataclass(frozen=True)
class Config:
    attempt_days: tuple[int, ...]
    invoice_terms_days: int
    notice_lingers: timedelta
    support_wait: timedelta
    bank_accounts: BankAccountRules
    stages: Stages
    prices: dict[str, dict[str, int]]
    test_cards: dict[str, TestCard] = field(default_factory=dict)
    max_failed_signins: int = 5
    lockout: timedelta = timedelta(minutes=15)
    min_passphrase_length: int = 10

    @property
    def automatic_attempts(self) -> int:
        return len(self.attempt_days)

    @property
    def retry_window_days(self) -> int:
        """The seed's retry window: attempts come within four weeks of the invoice date."""
        return RETRY_WINDOW_DAYS[1]


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _get(raw: dict, path: str) -> Any:
    value: Any = raw
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ConfigError(path, N_("it is missing"))
        value = value[part]
    return value


def _whole(raw: dict, path: str, low: int, high: int) -> int:
    value = _get(raw, path)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(path, N_("'{value}' is not a whole number from {low} to {high}"),
                          value=value, low=low, high=high)
    return value


def _schedule(raw: dict) -> tuple[int, ...]:
    path = "billing.attempt_days"
    days = _get(raw, path)
    if not isinstance(days, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) for d in days):
        raise ConfigError(path, N_("a list of whole numbers of days is expected"))
    low, high = RETRY_WINDOW_DAYS
    if len(days) < MIN_ATTEMPTS or days[0] != 0:
        raise ConfigError(path, N_("the first attempt is on the invoice date (0) and at "
                                   "least {count} attempts are made"), count=MIN_ATTEMPTS)
    if any(b <= a for a, b in pairwise(days)):
        raise ConfigError(path, N_("the days must rise: {days}"), days=days)
    if not low <= days[-1] <= high:
        raise ConfigError(path, N_("the last attempt must come {low} to {high} days after the "
                                   "invoice date (3-4 weeks), not {days}"),
                          low=low, high=high, days=days[-1])
    return tuple(days)


def _prices(raw: dict) -> dict[str, dict[str, int]]:
    products = _get(raw, "products")
    currencies = {country.currency for country in COUNTRIES.values()}
    if not isinstance(products, dict) or not products:
        raise ConfigError("products", N_("at least one product with its prices is expected"))
    prices = {}
    for name, by_currency in products.items():
        if not isinstance(by_currency, dict):
            raise ConfigError(f"products.{name}", N_("prices by currency are expected"))
        for currency in by_currency:
            if currency not in currencies:
                raise ConfigError(f"products.{name}.{currency}",
                                  N_("'{currency}' is not a currency of Betal's countries"),
                                  currency=currency)
            price = by_currency[currency]
            if isinstance(price, bool) or not isinstance(price, int) or not (
                    1 <= price <= MAX_UNIT_PRICE):
                raise ConfigError(f"products.{name}.{currency}",
                                  N_("'{value}' is not a price: a whole number of minor units "
                                     "from {low} to {high}"),
                                  value=price, low=1, high=MAX_UNIT_PRICE)
        prices[name] = dict(by_currency)
    return prices


def _bank_accounts(raw: dict) -> BankAccountRules:
    def countries(path: str) -> frozenset[str]:
        value = _get(raw, path)
        if not isinstance(value, list) or not all(v in COUNTRIES for v in value):
            raise ConfigError(path, N_("a list of Betal's country codes is expected"))
        return frozenset(value)

    closed_from = _get(raw, "countries.bank_accounts_closed_from")
    try:
        day = date.fromisoformat(str(closed_from))
    except ValueError:
        raise ConfigError("countries.bank_accounts_closed_from",
                          N_("'{value}' is not a date (YYYY-MM-DD)"), value=closed_from) from None
    return BankAccountRules(unavailable_in=countries("countries.bank_accounts_unavailable_in"),
                            closed_in=countries("countries.bank_accounts_closed_in"),
                            closed_from=day)


def from_mapping(raw: dict) -> Config:
    year = 3660
    lingers = _whole(raw, "past_due.notice_lingers_hours", 0, 24 * 30)
    wait = _whole(raw, "past_due.support_wait_hours", 0, 24 * 30)
    return Config(
        attempt_days=_schedule(raw),
        invoice_terms_days=_whole(raw, "billing.invoice_terms_days", 1, 365),
        notice_lingers=timedelta(hours=lingers),
        support_wait=timedelta(hours=wait),
        bank_accounts=_bank_accounts(raw),
        stages=Stages(
            past_due_days=_whole(raw, "lifecycle.expire_after_days", 1, year),
            expired_days=_whole(raw, "lifecycle.disable_after_days", 1, year),
            disabled_days=_whole(raw, "lifecycle.delete_after_days", 1, year)),
        prices=_prices(raw),
        test_cards={
            number: TestCard(**card) for number, card in _get(raw, "issuer.test_cards").items()
        },
        max_failed_signins=_whole(raw, "auth.max_failures", 1, 100),
        lockout=timedelta(minutes=_whole(raw, "auth.lockout_minutes", 1, 60 * 24 * 30)),
        min_passphrase_length=_whole(raw, "auth.min_passphrase_length", 8, 1024),
    )


@cache
def load(path: str | None = None) -> Config:
    """The configuration: defaults merged with ``path`` or ``$BETAL_CONFIG`` if set."""
    raw = load_raw(path)
    try:
        return from_mapping(raw)
    except ConfigError as error:
        raise InputError(
            "config-invalid",
            N_("The configuration file {path} (BETAL_CONFIG) has a value Betal cannot use: "
               "'{key}': {problem}"), path=_override(path) or DEFAULTS, **error.params,
        ) from None
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
