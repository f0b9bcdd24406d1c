"""Betal's log: one line per action run, with secret parameters redacted.

The file is ``$BETAL_LOG``, else ``betal.log`` in the user's log directory. Nothing that
identifies a card beyond its brand and last four digits is ever written to it. Each record
is one line: control characters in what it quotes (a name, an id someone typed) are
escaped, so stored text cannot forge a line or reach a terminal that shows the log.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from engine.safe_text import escape

LOGGER = logging.getLogger("betal")


class OneLineFormatter(logging.Formatter):
    """Formats a record's message on one line, its control characters escaped. A traceback
    keeps its lines, each escaped and indented: only a record starts at the line's start."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:
        lines = super().formatException(ei).splitlines()
        return "\n".join("    " + escape(line) for line in lines)


def log_path() -> Path:
    configured = os.environ.get("BETAL_LOG")
    if configured:
        return Path(configured)
    from platformdirs import user_log_path

    return user_log_path("betal", appauthor=False) / "betal.log"


def configure() -> None:
    """Send the ``betal`` logger to the log file (once per process)."""
    if LOGGER.handlers:
        return
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return  # a read-only home must not stop the program; it only loses its log
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
