"""Build the languages side by side, one process each.

mkdocs-static-i18n builds the default language, then runs MkDocs' build again for each other
language, one after the other, in one process. The languages share nothing but the theme's
assets and the search index, so the plugin forks a process per other language right after
the checks: the child builds its language into the same staging folder and hands back what
the parent needs (its search entries, its sitemap entries, its warning count); the parent
builds the default language, then merges. On two cores a two-language site takes half the
time.

The child changes only its own copy of the build's state (it is a fork): it builds its
language with i18n's re-entrant build, as i18n itself would, but leaves the files both
processes would write (theme assets, search index, 404 page) to the parent.

The checks run before the fork, on every core (see :func:`kb.checker.default_processes`),
so the child starts with what it needs from them (the translations' pairs, for the
language switcher) and both processes then have the same work left.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
import tempfile
import traceback
from typing import Any, NamedTuple

SHARED_TEMPLATES = ("404.html", "sitemap.xml")


class Child(NamedTuple):
    pid: int
    locale: str
    result: str  # a file the child writes its outcome to


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def start(config, i18n, locale: str, prepare) -> Child:
    """Fork a process that builds ``locale``. In the child, ``prepare()`` runs first and
    returns a function whose mapping, called after the build, joins the outcome."""
    handle, result = tempfile.mkstemp(prefix="betal-kb-", suffix=".pickle")
    os.close(handle)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return Child(pid, locale, result)
    code = 1
    try:
        outcome = _build(config, i18n, locale, prepare)
        code = 0
    except BaseException as error:  # reported to the parent, which fails the build
        outcome = {"error": _describe(error)}
    try:
        with open(result, "wb") as handle:
            pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if not isinstance(error, Exception) or type(error).__module__.startswith("mkdocs"):
        return text
    return text + "\n" + "".join(traceback.format_exception(error)[-3:])


def _build(config, i18n, locale: str, prepare) -> dict[str, Any]:
    from mkdocs import utils
    from mkdocs.commands.build import build

    counter = WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    utils.clean_directory = lambda directory: None  # the parent's pages are in there
    config.theme.static_templates.difference_update(SHARED_TEMPLATES)
    without_search_write(config)
    i18n.current_language = locale
    i18n.building = True  # i18n must not start the other languages again
    collect = prepare()
    build(config)
    return {"search": list(i18n.search_entries), "warnings": counter.count, **collect()}


def without_search_write(config) -> None:
    """Stop the search plugin from writing its index after each language: the parent
    writes the merged index once."""
    events = config.plugins.events.get("post_build", [])
    search = [plugin for name, plugin in config.plugins.items()
              if name in ("search", "material/search")]
    for plugin in search:
        events[:] = [event for event in events
                     if getattr(event, "__self__", None) is not plugin]


def finish(child: Child) -> dict[str, Any]:
    """Wait for ``child`` and return its outcome."""
    _, status = os.waitpid(child.pid, 0)
    try:
        with open(child.result, "rb") as handle:
            outcome = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError):
        outcome = {"error": f"the process building {child.locale} ended without an outcome "
                            f"(status {status})"}
    finally:
        _remove(child.result)
    return outcome


def stop(child: Child) -> None:
    """End ``child`` when the parent's build failed."""
    import signal

    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(child.pid, signal.SIGTERM)
        os.waitpid(child.pid, 0)
    _remove(child.result)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


class WarningCounter(logging.Handler):
    """Counts warnings and errors, as MkDocs does for --strict (which it checks only after
    the last plugin event)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1
