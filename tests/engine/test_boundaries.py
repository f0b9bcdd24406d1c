"""The packages depend on each other one way only (see pyproject.toml's import-linter
contracts): the engine imports neither tui nor kb, and nothing outside tui imports textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_import_linter_contracts_hold():
    result = subprocess.run([Path(sys.executable).with_name("lint-imports")], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_using_the_engine_loads_neither_textual_nor_the_other_packages():
    code = (
        "import sys; from engine.actions import registry, runner; import engine.cli; "
        "import engine.demo; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'kb')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_declarations_load_neither_the_services_nor_the_store():
    code = (
        "import sys; from engine.actions import registry; registry.all_actions(); "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
        "or m.startswith(('engine.services', 'engine.store', 'engine.actions.handlers'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_checking_the_knowledge_base_loads_no_database_library(tmp_path):
    """`betal kb check` runs in writers' CI on every push: it needs no database, so the
    command line loads SQLAlchemy only for a command that opens one."""
    (tmp_path / "nb-NO").mkdir()
    code = (
        "import sys; from tui.cli import main; "
        f"code = main(['kb', 'check', {str(tmp_path)!r}]); "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'sqlalchemy']; "
        "print(code, bad); sys.exit(1 if bad or code != 0 else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
