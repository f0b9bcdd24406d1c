"""End to end: the real ``betal`` command in tmux, driven with send-keys and read with
capture-pane. Sign in, open the past-due subscription's article in Norwegian, run Settle
balance from it, and see the subscription no longer past due; and type a whole form in one
burst, as an autotype tool or a fast typist does, and find every character where it was
typed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import tui
from engine.store.database import copy_sqlite_account

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def betal_command() -> list[str]:
    """The installed ``betal`` script when it runs this checkout's code, else this checkout's
    ``python -m tui.cli`` (a developer's worktree beside an editable install elsewhere)."""
    script = Path(sys.executable).parent / "betal"
    if script.exists():
        found = subprocess.run([sys.executable, "-c", "import tui; print(tui.__file__)"],
                               cwd="/", capture_output=True, text=True).stdout.strip()
        if found and Path(found).resolve() == Path(tui.__file__).resolve():
            return [str(script)]
    return [sys.executable, "-m", "tui.cli"]


class Tmux:
    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True,
                              check=True).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """``text`` in one write to the terminal, with no pause between characters (a tab
        is the Tab key)."""
        self.run("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def wait_until(self, condition, timeout: float = 45, what: str = "the condition") -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{what} did not happen; the screen shows:\n{self.screen()}")

    def wait_for(self, text: str, timeout: float = 45) -> str:
        return self.wait_until(lambda screen: text in screen, timeout, repr(text))


@pytest.fixture
def tmux(tmp_path, demo_template):
    # The demo account of a fixed day (conftest.TODAY), with its card vault beside it.
    copy_sqlite_account(demo_template[0], tmp_path / "betal.db")
    name = f"betal-{uuid.uuid4().hex[:8]}"
    command = " ".join(f"'{part}'" for part in [*betal_command(), "--locale", "nb-NO"])
    environment = {
        "BETAL_DB": str(tmp_path / "betal.db"),
        "BETAL_KEYMAP": str(tmp_path / "no-keymap.toml"),
        "TERM": "xterm-256color",
    }
    env = " ".join(f"{k}='{v}'" for k, v in environment.items())
    # Start a plain shell at the wanted size first, then the command in it, so that betal
    # never sees the terminal being resized while it starts.
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "50",
                    "-c", str(ROOT), "sh"], check=True, env={**os.environ, "TMUX": ""})
    session = Tmux(name)
    session.run("resize-window", "-t", name, "-x", "160", "-y", "50")
    # COLUMNS and LINES (pytest's workers set them) would override the pane's real size.
    session.run("send-keys", "-t", name, f"exec env -u COLUMNS -u LINES {env} {command}",
                "Enter")
    yield session
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_settle_balance_from_the_article_in_norwegian(tmux):
    tmux.wait_for("Enter logger på", timeout=120)
    tmux.wait_for("Ingrid Berg")
    tmux.keys("Enter")
    tmux.wait_for("Trenger oppmerksomhet")
    tmux.keys("2")
    tmux.wait_until(lambda screen: "Lisenser" in screen and "Business Standard" in screen,
                    what="Your products with its rows")
    tmux.keys("/")
    tmux.wait_for("Filtrer: skriv")
    tmux.keys("Standard")
    tmux.wait_until(lambda screen: "Business Basic" not in screen)
    tmux.keys("Enter")
    screen = tmux.wait_for("Abonnementet har en forfalt betaling")
    assert "Business Standard" in screen and "Forfalt" in screen
    tmux.keys("a")
    tmux.wait_for("Har kontoen en forfalt betaling?")
    tmux.wait_for("Gjør opp saldo ▶")
    tmux.keys("Tab")
    tmux.keys("Enter")
    # The card to pay with: its own, chosen.
    screen = tmux.wait_until(lambda screen: "Betalingsmåte" in screen
                             and "● Visa som slutter på 4242" in screen,
                             what="the Settle balance form with the subscription's card chosen")
    assert "Gjør opp saldo" in screen
    tmux.keys("Enter")
    screen = tmux.wait_for("Forhåndsvisning: ingenting er endret ennå.")
    assert "✓" not in screen
    tmux.keys("Enter")
    screen = tmux.wait_for("Endret:")
    assert "✓" in screen
    tmux.keys("Escape")
    tmux.wait_until(lambda screen: "Endret:" not in screen, what="the dialog closing")
    tmux.keys("Escape")
    screen = tmux.wait_until(lambda screen: "Ingenting har forfalt" in screen
                             and "Aktiv" in screen, what="the subscription shown active")
    assert "Abonnementet har en forfalt betaling" not in screen
    tmux.keys("q")


def test_a_form_typed_in_one_burst_keeps_every_character_in_its_field(tmux, tmp_path):
    from engine.store.database import open_database

    tmux.wait_for("Enter logger på", timeout=120)
    tmux.wait_for("Ingrid Berg")
    tmux.keys("Enter")
    tmux.wait_for("Trenger oppmerksomhet")
    tmux.keys("3")
    tmux.wait_for("Lagt til av")
    tmux.keys("a")
    tmux.wait_for("Kortnummer eller IBAN")
    # (Not the form's own examples, which show in empty fields.)
    fields = {"number": "4000056655665556", "expiry": "12/30", "code": "123",
              "holder": "Kari Nordmann", "street": "Kirkegata 5", "city": "Bergen",
              "region": "Vestland", "postal": "5003", "phone": "+47 55 12 34 56"}
    # The kind list has the focus: Tab to the number, then everything in one write.
    tmux.type("\t" + "\t".join(fields.values()))
    # Each value on the line of its own field's label (the list behind the dialog shows
    # other cards' details, on other lines), and the number masked: its field masks it when
    # it has handled the Tab that left it, which on a busy machine can come a frame after
    # the last field shows its text.
    expected = (("Navn på kort eller konto", "Kari Nordmann"),
                ("Faktureringsadresse", "Kirkegata 5"), ("Poststed", "Bergen"),
                ("Fylke eller delstat", "Vestland"), ("Utløpsdato", "12/30"),
                ("Postnummer", "5003"), ("Telefonnummer", "+47 55 12 34 56"),
                ("Kortnummer", "••••••••••••5556"))

    def lines(screen: str, label: str) -> list[str]:
        return [line for line in screen.splitlines() if label in line]

    screen = tmux.wait_until(
        lambda screen: all(any(value in line for line in lines(screen, label))
                           for label, value in expected),
        what="every value on its own field's line, the card number masked")
    assert all("123" not in line for line in lines(screen, "Sikkerhetskode"))  # never shown
    tmux.keys("C-s")
    tmux.wait_for("Forhåndsvisning: ingenting er endret ennå.")
    tmux.keys("Enter")
    tmux.wait_for("✓")
    tmux.keys("Escape")
    tmux.keys("q")
    database = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    with database.unit_of_work(write=False) as uow:
        [added] = [m for m in uow.payment_methods.where() if m.holder_name == "Kari Nordmann"]
    database.dispose()
    assert (added.last4, added.exp_month, added.exp_year) == ("5556", 12, 2030)
    assert (added.address_line, added.city, added.region, added.postal_code, added.phone) == (
        "Kirkegata 5", "Bergen", "Vestland", "5003", "+47 55 12 34 56")
