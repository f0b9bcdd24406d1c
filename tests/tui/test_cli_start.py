"""``betal`` with only --db and --locale starts the TUI without building the command
line's parser; everything else goes to the parser, which explains what is wrong."""

from __future__ import annotations

import pytest

from tui.cli import _tui_options, main


@pytest.mark.parametrize("argv, expected", [
    ([], {"db": None, "locale": None}),
    (["--db", "sqlite:///x.db"], {"db": "sqlite:///x.db", "locale": None}),
    (["--locale", "nl-NL", "--db=x.db"], {"db": "x.db", "locale": "nl-NL"}),
    (["--locale=en"], {"db": None, "locale": "en"}),
])
def test_options_that_only_start_the_tui(argv, expected):
    assert _tui_options(argv) == expected


@pytest.mark.parametrize("argv", [
    ["demo"], ["--db", "x.db", "tick"], ["-h"], ["--help"], ["--db"], ["--locale", "fr-FR"],
    ["--locale=nb"], ["--verbose"],
])
def test_anything_else_goes_to_the_parser(argv):
    assert _tui_options(argv) is None


def test_the_parser_still_names_a_language_it_does_not_know(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--locale", "fr-FR"])
    assert exit_.value.code == 2
    assert "fr-FR" in capsys.readouterr().err
