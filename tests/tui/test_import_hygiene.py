"""Dependencies point one way: the engine and the knowledge base never import textual, and
the TUI's first frame needs neither SQLAlchemy nor Babel (they load in the backend's
workers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_engine_and_kb_never_import_textual():
    modules = _modules_after(
        "import importlib, pkgutil, engine, kb\n"
        "for pkg in (engine, kb):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n")
    assert "engine.queries" in modules
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_the_app_module_imports_no_database_or_babel():
    modules = _modules_after("import tui.app")
    heavy = {m.split(".")[0] for m in modules} & {"sqlalchemy", "alembic", "babel"}
    assert not heavy, heavy


def test_the_command_reaches_the_tui_without_the_parser_or_the_engine():
    modules = _modules_after("import tui.cli")
    assert not modules & {"argparse", "engine.cli", "kb", "engine.i18n", "engine.config"}
