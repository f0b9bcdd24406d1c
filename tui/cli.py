"""The ``betal`` program: the engine's and the knowledge base's commands, and the TUI.

This module sits at the top of the dependency graph (tui -> engine, tui -> kb), which is why
the command line that ties all three together lives here.
"""

from __future__ import annotations

import argparse
import os
import sys

from engine import cli as engine_cli
from engine.errors import N_, BetalError
from engine.i18n import LOCALES, gettext_for, is_supported, normalize
from engine.logs import configure as configure_logging
from kb import cli as kb_cli


def _locale_from(argv: list[str]) -> str:
    """The --locale given on the command line, else $BETAL_LOCALE, else $LANG, else English."""
    for index, arg in enumerate(argv):
        if arg == "--locale" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--locale="):
            return normalize(arg.split("=", 1)[1])
    for variable in ("BETAL_LOCALE", "LC_ALL", "LANG"):
        value = os.environ.get(variable)
        if value and is_supported(normalize(value)) and normalize(value) != "en":
            return normalize(value)
    return "en"


def _common_options(t, *, top: bool) -> argparse.ArgumentParser:
    """--db and --locale, accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    default = None if top else argparse.SUPPRESS
    common.add_argument("--db", metavar="URL", default=default,
                        help=t(N_("database URL or SQLite file (default: $BETAL_DB, else a "
                                  "file in your data directory)")))
    common.add_argument("--locale", choices=LOCALES, default=default,
                        help=t(N_("language: nb-NO, nl-NL or en")))
    return common


def build_parser(locale: str) -> argparse.ArgumentParser:
    t = gettext_for(locale)
    parser = argparse.ArgumentParser(
        prog="betal",
        description=t(N_("Betal: troubleshoot business billing. Without a command, starts "
                         "the terminal UI on the demo account.")),
        parents=[_common_options(t, top=True)],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    engine_cli.add_commands(commands, t, parents=[_common_options(t, top=False)])
    kb_cli.add_commands(commands, t, parents=[_common_options(t, top=False)])
    return parser


def _environment_locale() -> str | None:
    """The language the environment asks for ($BETAL_LOCALE, $LC_ALL, $LANG), if supported."""
    for variable in ("BETAL_LOCALE", "LC_ALL", "LANG"):
        value = os.environ.get(variable)
        if value and normalize(value) != "en" and is_supported(normalize(value)):
            return normalize(value)
    return None


def start_tui(args, out: engine_cli.Output) -> int:
    """Open the account (in the app's first worker, after the first frame) and run the TUI
    in --locale, else the environment's language, else the signed-in tenant's.

    Without a terminal (a pipe, a script, CI) there is nothing to draw on: it shows the
    demo account the TUI would open on instead, as ``betal demo`` does."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from engine import demo

        database = engine_cli.open_db(args)
        if demo.exists(database) is None:
            demo.create(database)
        args.reset = False
        return engine_cli.cmd_demo(args, out)
    from tui.app import BetalApp

    app = BetalApp(args.db, locale=args.locale or _environment_locale())
    app.run()
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    configure_logging()
    locale = _locale_from(argv)
    parser = build_parser(locale)
    args = parser.parse_args(argv)
    out = engine_cli.Output(args.locale or locale, getattr(args, "json", False))
    if args.command is None:
        args.handler = start_tui
    try:
        return engine_cli.run_command(args, out)
    except BetalError as error:
        return out.error(error)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
