"""One reading of locale tags for the engine, the knowledge base and the terminal UI."""

import pytest

from engine import locales


@pytest.mark.parametrize(("tag", "expected"), [
    ("nb-NO", "nb-NO"), ("nb_NO", "nb-NO"), ("no", "nb-NO"), ("NB-no", "nb-NO"),
    ("nn_NO.UTF-8", "nb-NO"), ("nl", "nl-NL"), ("nl_NL.UTF-8", "nl-NL"), ("nl-BE", "nl-NL"),
    ("en", "en"), ("en_US.UTF-8", "en"), ("de-DE", "en"), ("", "en"), (None, "en"),
    ("C.UTF-8", "en"),
])
def test_normalize(tag, expected):
    assert locales.normalize(tag) == expected


def test_catalog_code():
    assert [locales.catalog_code(t) for t in ("nb", "nl-NL", "fr")] == ["nb_NO", "nl_NL", "en"]


def test_kb_and_tui_have_no_reader_of_their_own():
    import kb.i18n
    import tui.i18n

    assert kb.i18n.normalize is locales.normalize
    assert tui.i18n.normalize is locales.normalize


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, None), ({"LANG": "C.UTF-8"}, None), ({"LANG": "en_GB.UTF-8"}, None),
    ({"LANG": "nb_NO.UTF-8"}, "nb-NO"), ({"LC_ALL": "nl_NL.UTF-8", "LANG": "nb_NO.UTF-8"}, "nl-NL"),
    ({"BETAL_LOCALE": "nb", "LC_ALL": "nl_NL.UTF-8"}, "nb-NO"), ({"LANG": "de_DE.UTF-8"}, None),
])
def test_the_environment_asks_for_a_language_betal_speaks(monkeypatch, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert locales.environment_locale() == expected


def test_a_locale_on_the_command_line_comes_before_the_environment(monkeypatch):
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert locales.requested_locale(["run", "--locale", "nb-NO"]) == "nb-NO"
    assert locales.requested_locale(["run", "--locale=en"]) == "en"
    assert locales.requested_locale(["run"]) == "nl-NL"
    monkeypatch.delenv("LANG")
    assert locales.requested_locale(["run"]) == "en"


def test_the_command_line_has_one_reader_of_the_requested_language():
    import kb.cli
    import tui.cli

    assert not hasattr(tui.cli, "_environment_locale")
    assert not hasattr(tui.cli, "_locale_from")
    assert kb.cli.requested_locale is locales.requested_locale
