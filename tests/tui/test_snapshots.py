"""Snapshots of every screen in Norwegian and Dutch, at 80 × 24 and 140 × 45, on the
deterministic demo account.

Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the
SVG files in ``__snapshots__`` before accepting them (a browser shows them as they are).
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import make_app, off_loop, settle, sign_in
from tui.i18n import set_locale

SIZES = {"80x24": (80, 24), "140x45": (140, 45)}

# screen -> the keys that reach it after signing in as the tenant's Global admin
SCREENS = {
    "home": [],
    "products": ["2", "j", "j", "j", "j", "j"],
    "payment-methods": ["3"],
    "billing-profiles": ["4"],
    "invoices": ["5"],
    "attempts": ["5", "right"],
    "retry-timeline": ["5", "right", "right"],
    "notices": ["6"],
    "knowledge": ["7"],
    "article": ["2", "j", "j", "j", "j", "j", "a", "tab"],
    "clock": ["8", "w"],
    "audit": ["2", "j", "j", "j", "j", "j", "s", "enter", "enter", "escape", "9"],
    "help": ["3", "question_mark"],
    "settle-form": ["2", "s"],  # Business Basic, on a card another admin added
    "settle-preview": ["2", "j", "j", "j", "j", "j", "s", "enter"],
    "add-card-form": ["3", "a", "tab", *"4242424242424241"],
    "delete-in-use": ["3", "d"],
}


# Ingrid Berg of Nordlys Regnskap AS in Norwegian; Sanne de Vries of Tulpenveld Advies B.V.
# in Dutch.
ADMIN = {"nb-NO": 0, "nl-NL": 7}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_locale("en")


def _before(keys: list[str], sign: bool = True, admin: int = 0):
    async def run_before(pilot) -> None:
        if sign:
            await sign_in(pilot, admin)
        for key in keys:
            if key == "right":
                # Tabs: move to the next tab with the keyboard.
                tabs = pilot.app.screen.query_one("Tabs")
                tabs.focus()
                await pilot.press("right")
            else:
                await pilot.press(key)
            await settle(pilot)
        await settle(pilot, rounds=4)
        # A blinking cursor would make the picture depend on the moment it is taken.
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("locale", ["nb-NO", "nl-NL"])
def test_sign_in(snap_compare, account, locale, size):
    url, _summary = account
    assert off_loop(snap_compare, make_app(url, locale=locale), terminal_size=SIZES[size],
                    run_before=_before([], sign=False))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("locale", ["nb-NO", "nl-NL"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, account, locale, screen, size):
    url, _summary = account
    assert off_loop(snap_compare, make_app(url, locale=locale), terminal_size=SIZES[size],
                    run_before=_before(SCREENS[screen], admin=ADMIN[locale]))
