"""The ``betal`` program: the engine's and the knowledge base's commands, and the TUI.

This module sits at the top of the dependency graph (tui -> engine, tui -> kb), which is why
the command line that ties all three together lives here. It is also where the program
meets its surroundings: a reader that goes away (``betal actions | head``) ends it quietly,
as a well-behaved Unix tool ends, and whatever goes wrong is one line, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import TYPE_CHECKING

from engine.locales import LOCALES, environment_locale, requested_locale
from engine.logs import LOGGER
from engine.logs import configure as configure_logging

if TYPE_CHECKING:
    import argparse

# What a shell reports for a program that a closed pipe ended (128 + SIGPIPE).
EXIT_READER_GONE = 128 + signal.SIGPIPE


def _tui_options(argv: list[str]) -> dict[str, str | None] | None:
    """``{"db": ..., "locale": ...}`` when ``argv`` only starts the TUI (``--db`` and
    ``--locale`` with a language Betal speaks, nothing else); None for anything the full
    parser must read: a command, help, an option it has to complain about."""
    options: dict[str, str | None] = {"db": None, "locale": None}
    rest = iter(argv)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name not in ("--db", "--locale"):
            return None
        if not equals:
            value = next(rest, None)
            if value is None:
                return None
        if name == "--locale" and value not in LOCALES:
            return None
        options[name[2:]] = value
    return options


def _common_options(t, *, top: bool) -> argparse.ArgumentParser:
    """--db and --locale, accepted before or after the command."""
    import argparse

    from engine.errors import N_

    common = argparse.ArgumentParser(add_help=False)
    default = None if top else argparse.SUPPRESS
    common.add_argument("--db", metavar="URL", default=default,
                        help=t(N_("database URL or SQLite file (default: $BETAL_DB, else a "
                                  "file in your data directory)")))
    common.add_argument("--locale", choices=LOCALES, default=default,
                        help=t(N_("language: nb-NO, nl-NL or en")))
    return common


def build_parser(locale: str) -> argparse.ArgumentParser:
    import argparse

    from engine import cli as engine_cli
    from engine.errors import N_
    from engine.i18n import gettext_for
    from kb import cli as kb_cli

    class Parser(argparse.ArgumentParser):
        """Its complaints quote what was typed, so they are escaped like all output."""

        def error(self, message: str):
            from engine.safe_text import escape

            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: error: {escape(message)}\n")

    t = gettext_for(locale)
    parser = Parser(
        prog="betal",
        description=t(N_("Betal: troubleshoot business billing. Without a command, starts "
                         "the terminal UI on the demo account.")),
        parents=[_common_options(t, top=True)],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    engine_cli.add_commands(commands, t, parents=[_common_options(t, top=False)])
    kb_cli.add_commands(commands, t, parents=[_common_options(t, top=False)])
    return parser


def run_tui(db: str | None, locale: str | None) -> int:
    """The TUI in ``locale``, else the environment's language, else the signed-in tenant's.
    The account opens in the app's first worker, after the first frame."""
    from tui.app import BetalApp

    app = BetalApp(db, locale=locale or environment_locale())
    app.run()
    return app.return_code or 0


def start_tui(args, out) -> int:
    """The TUI, as :func:`run_tui` starts it.

    Without a terminal (a pipe, a script, CI) there is nothing to draw on: it shows the
    demo account the TUI would open on instead, as ``betal demo`` does; an account of its
    own (live, or tenants that are not the demo's) never gets the demo."""
    if not _has_terminal():
        from engine import cli as engine_cli
        from engine import demo
        from engine.errors import N_

        database = engine_cli.open_db(args, create=True)
        if demo.for_start(database) is None:
            out.line(out.t(N_("{url} holds an account of its own: start betal in a terminal to "
                              "open it."), url=database.url))
            return 0
        args.reset = False
        return engine_cli.cmd_demo(args, out)
    return run_tui(args.db, args.locale)


def _has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            code = _main(sys.argv[1:] if argv is None else argv)
        except SystemExit:  # argparse's help and usage errors
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is seen below
        return code
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """The reader of our output went away: say nothing more, as ``yes | head`` does.

    Both streams point at /dev/null from here on, so that Python's own flush at exit
    finds nothing to complain about."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # not a real file: a test's capture
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
    return EXIT_READER_GONE


def _main(argv: list[str]) -> int:
    configure_logging()
    tui_options = _tui_options(argv)
    if tui_options is not None and _has_terminal():
        # The way most starts go: no parser, no engine or knowledge-base imports before
        # the first frame.
        return run_tui(**tui_options)
    from engine import cli as engine_cli
    from engine.errors import N_, BetalError, InputError

    locale = requested_locale(argv)
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
    except BrokenPipeError:
        raise
    except Exception as error:  # a fault of Betal's own: one line here, the whole in the log
        LOGGER.exception("betal %s failed", args.command)
        from engine.logs import log_path

        return out.error(InputError(
            "internal-error",
            N_("Betal failed unexpectedly ({error}); a change it had begun is rolled back. The "
               "log {log} has the details."), error=type(error).__name__, log=str(log_path())))


if __name__ == "__main__":
    sys.exit(main())
