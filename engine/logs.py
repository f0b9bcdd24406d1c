"""Betal's log: one line per action run, with secret parameters redacted.

The file is ``$BETAL_LOG``, else ``betal.log`` in the user's log directory. Nothing that
identifies a card beyond its brand and last four digits is ever written to it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOGGER = logging.getLogger("betal")


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
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
