"""Random input for the whole TUI: keys in bursts, pastes (bracketed or typed key by key),
language switches and terminal resizes, from a seeded generator, so that a failure can be
replayed exactly.

Keys are posted to the app the way a terminal's input reaches it: a burst arrives all at
once, faster than the app handles it, and only then does the driver wait for the screen to
catch up. Quitting is moved to a key the generator never sends (by the user's keymap file,
as a user would); the palette's Quit command can still be chosen, and then the app ends
cleanly (:class:`Quit`) and the caller starts it again to spend the rest of the keys.

Used by tests/tui/test_random_input.py, and for a longer run by ``make fuzz-tui``.
"""

from __future__ import annotations

import asyncio
import random
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from textual import events

QUIT_KEY = "f10"  # the keymap the run uses moves "app.quit" here; never generated
SIZES = ((80, 24), (140, 45), (100, 30), (56, 14))  # the last is below the minimum
PRINTABLE = string.ascii_letters + string.digits + " .,-/@+:'\"()[]æøåÆØÅéüß€"
SPECIAL = ("tab", "shift+tab", "enter", "escape", "backspace", "delete", "up", "down",
           "left", "right", "pageup", "pagedown", "home", "end", "ctrl+s", "space")
RARE = ("f1", "question_mark", "ctrl+p", "ctrl+c", "f2")  # help, palette, quit hint, language
# The keys that open screens and dialogs: sent more often than chance would.
COMMANDS = "123456789aercdswxjkgG/"
NAMED = {"\t": "tab", "\r": "enter", "\n": "enter", "\x1b": "escape", "\x7f": "backspace",
         " ": "space"}
NASTY = ("\x1b[31mred\x1b[0m", "[bold red]x[/]", "\r\n", "\x07", "\u202eevil", "[link=x]y",
         "😀", "\x00", "a" * 300)
WAIT = 30.0  # seconds the screen may take to catch up before it counts as a hang
CATCH_UP = 0.5  # the share of bursts after which the driver waits for the app


def key_event(character: str) -> events.Key:
    """The Key event a terminal's parser makes of one typed character."""
    if character in NAMED:
        return events.Key(NAMED[character], character if character == " " else None)
    if character.isalnum():
        return events.Key(character, character)
    if ord(character) < 32:
        return events.Key(f"ctrl+{chr(ord(character) + 96)}", character)
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = character
    return events.Key(name, character)


def named_key(key: str) -> events.Key:
    character = {"tab": "\t", "enter": "\r", "escape": "\x1b", "space": " ",
                 "backspace": "\x7f"}.get(key)
    return events.Key(key, character)


@dataclass
class Stats:
    keys: int = 0
    long_paste: int = 0  # the 10,000 characters typed at once, besides ``keys``
    pastes: int = 0
    resizes: int = 0
    languages: int = 0
    screens: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)
    log: list[str] = field(default_factory=list)

    def note(self, entry: str) -> None:
        self.log.append(entry)
        del self.log[:-40]  # the last steps, to replay a failure by eye


class Hang(AssertionError):
    pass


class Quit(Exception):
    """The app ended cleanly (exit code 0): the palette's Quit command was chosen."""


def random_text(rng: random.Random, longest: int, *, exactly: bool = False) -> str:
    parts = []
    length = longest if exactly else rng.randint(1, longest)
    while sum(map(len, parts)) < length:
        roll = rng.random()
        if roll < 0.1:
            parts.append(rng.choice(NASTY))
        elif roll < 0.2:
            parts.append(rng.choice("\t\r\x1b"))
        else:
            parts.append("".join(rng.choice(PRINTABLE) for _ in range(rng.randint(1, 12))))
    return "".join(parts)[:length]


async def catch_up(app, pilot, stats: Stats, *, workers: bool = False) -> None:
    """Wait until the app has handled what was sent (and, with ``workers``, until the
    engine's answers are in); a wait longer than WAIT is a hang."""
    try:
        if workers:
            await asyncio.wait_for(app.workers.wait_for_complete(), WAIT)
        await asyncio.wait_for(pilot.pause(), WAIT)
    except TimeoutError as error:
        raise Hang("the app did not catch up within "
                   f"{WAIT:.0f} s; last steps:\n" + "\n".join(stats.log)) from error
    if app.return_code == 0:
        # Let the app's own loop end (it handles the keys queued before the Quit) before
        # the test leaves run_test, whose shutdown would otherwise take the screens away
        # from under those keys.
        await wait_until_stopped(app, stats)
        raise Quit
    if app.return_code is not None or not app.is_running:
        raise AssertionError("the app stopped; last steps:\n" + "\n".join(stats.log))


async def wait_until_stopped(app, stats: Stats) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT
    while app.is_running:
        if asyncio.get_running_loop().time() > deadline:
            raise Hang(f"the app did not stop within {WAIT:.0f} s of Quit; last steps:\n"
                       + "\n".join(stats.log))
        await asyncio.sleep(0.01)


def _where(app) -> str:
    screen = app.screen
    name = type(screen).__name__
    spec = getattr(screen, "spec_id", None)
    return f"{name}:{spec}" if spec else name


async def hammer(app, pilot, rng: random.Random, keys: int, *, long_paste: bool = True,
                 stats: Stats | None = None) -> Stats:
    """Send random keys (and pastes, resizes, language switches) to ``app`` until ``stats``
    counts ``keys`` of them, or until the app is quit from its palette (:class:`Quit`);
    ``stats`` (given, to read after a failure or to go on after a quit) counts what was
    sent and keeps the last steps."""
    from tui.i18n import get_locale

    stats = stats if stats is not None else Stats()
    pasted_long = not long_paste or stats.long_paste > 0
    while stats.keys < keys:
        roll = rng.random()
        where = _where(app)
        stats.screens[where.split(":")[0]] += 1
        if ":" in where:
            stats.actions[where.split(":")[1]] += 1
        if roll < 0.02:
            size = rng.choice(SIZES)
            stats.note(f"resize {size}")
            stats.resizes += 1
            await pilot.resize_terminal(*size)
        elif roll < 0.04:
            stats.languages += 1
            stats.note(f"language from {get_locale()}")
            app.post_message(named_key("f2"))
            stats.keys += 1
        elif roll < 0.08:
            text = random_text(rng, 400)
            stats.note(f"paste {text[:60]!r} ({len(text)} characters)")
            stats.pastes += 1
            app.post_message(events.Paste(text))
        elif roll < 0.11 or (not pasted_long and stats.keys > keys // 2):
            # A paste without bracketed paste: every character is a key press.
            # Once per run, half way, one of 10,000 characters.
            long = not pasted_long and stats.keys > keys // 2
            pasted_long = pasted_long or long
            text = random_text(rng, 10_000 if long else rng.randint(20, 600), exactly=long)
            stats.note(f"typed paste {text[:60]!r} ({len(text)} characters) on {where}")
            for character in text:
                app.post_message(key_event(character))
            if long:
                stats.long_paste = len(text)
            else:
                stats.keys += len(text)
        else:
            burst = []
            for _ in range(rng.randint(1, 25)):
                pick = rng.random()
                if pick < 0.5:
                    burst.append(key_event(rng.choice(PRINTABLE)))
                elif pick < 0.8:
                    burst.append(named_key(rng.choice(SPECIAL)))
                elif pick < 0.97:
                    burst.append(key_event(rng.choice(COMMANDS)))
                else:
                    burst.append(named_key(rng.choice(RARE)))
            stats.note(f"keys {[e.key for e in burst]} on {where}")
            for event in burst:
                app.post_message(event)
            stats.keys += len(burst)
        if rng.random() < CATCH_UP:
            await catch_up(app, pilot, stats, workers=rng.random() < 0.3)
    await catch_up(app, pilot, stats, workers=True)
    return stats
