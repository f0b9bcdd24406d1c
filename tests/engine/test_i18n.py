"""Every message exists in nb-NO, nl-NL and English, and Babel formats money and dates."""

from __future__ import annotations

import re
import string
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from engine.domain.money import Money
from engine.i18n import format_value, render
from engine.locales import normalize

LOCALE_DIR = Path(__file__).parents[2] / "engine" / "locale"
CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/engine.po"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_catalogs():
    assert {p.parts[-3] for p in CATALOGS} == {"nb_NO", "nl_NL"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_message_is_translated_with_the_same_placeholders(path):
    template = read_po((LOCALE_DIR / "engine.pot").open("rb"))
    catalog = read_po(path.open("rb"))
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and
                                                       catalog.get(m.id).string)]
    assert missing == [], f"untranslated in {path.parts[-3]} (run make messages): {missing}"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        assert placeholders(message.string) == placeholders(message.id), message.id


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_compiled_catalogs_match_their_sources(path):
    source = {m.id: m.string for m in read_po(path.open("rb")) if m.id}
    compiled = {m.id: m.string for m in read_mo(path.with_suffix(".mo").open("rb")) if m.id}
    assert compiled == source, "run make messages to compile the catalogs"


def test_the_template_holds_every_marked_message():
    """Catches a message added in code without running ``make messages``."""
    template = {m.id for m in read_po((LOCALE_DIR / "engine.pot").open("rb")) if m.id}
    root = Path(__file__).parents[2]
    sources = [*root.joinpath("engine").rglob("*.py"), root / "tui" / "cli.py"]
    marked = re.compile(r'N_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)')
    found = set()
    for source in sources:
        for match in marked.finditer(source.read_text(encoding="utf-8")):
            found.add("".join(eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"',
                                                                 match[1])))
    assert found - template == set()


def test_a_message_renders_in_each_language():
    msgid = "{product} is not past due."
    assert render(msgid, {"product": "Business Basic"}, "en") == "Business Basic is not past due."
    assert render(msgid, {"product": "X"}, "nb-NO") != render(msgid, {"product": "X"}, "nl-NL")


def test_money_dates_and_durations_follow_the_locale():
    money = Money(362500, "NOK")
    assert format_value(money, "nb-NO").replace("\xa0", " ") == "3 625,00 kr"
    assert format_value(Money(1170, "EUR"), "nl-NL").replace("\xa0", " ") == "€ 11,70"
    assert format_value(date(2026, 11, 23), "nl-NL") == "23 november 2026"
    assert "nov" in format_value(datetime(2026, 11, 23, 12), "nb-NO")
    assert format_value(timedelta(hours=48), "nb-NO") == "48 timer"
    assert format_value(timedelta(hours=48), "nl-NL") == "48 uur"


@pytest.mark.parametrize("given,expected", [
    ("nb_NO.UTF-8", "nb-NO"), ("no", "nb-NO"), ("NL-nl", "nl-NL"), ("C.UTF-8", "en"),
    ("", "en"), ("de-DE", "en"),
])
def test_locale_names_are_normalized(given, expected):
    assert normalize(given) == expected
