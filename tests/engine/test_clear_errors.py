"""Bad surroundings get exit 2 and one line in the user's language, never a traceback, and
lose nothing: a --db that is not a database, a damaged or newer one, an unknown kind of
URL, a full disk mid-action, a broken BETAL_CONFIG, a worker interval of forever."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from engine.store import database as db_module
from tests.engine.test_cli import table_counts
from tui.cli import main

ROOT = Path(__file__).parents[2]


def betal(*args: str, env: dict[str, str] | None = None, tmp: Path) -> subprocess.CompletedProcess:
    """The real program in its own process, as a script would run it."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], cwd=ROOT, capture_output=True, text=True,
        check=False, timeout=120,
        env={"PATH": "/usr/bin:/bin", "BETAL_LOG": str(tmp / "betal.log"),
             "XDG_DATA_HOME": str(tmp / "data"), **(env or {})})


def assert_one_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_a_db_that_is_a_text_file_is_named_and_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("meeting at ten\n" * 200, encoding="utf-8")
    before = notes.read_bytes()
    result = betal("--db", str(notes), "--locale", "en", "clock", "show", tmp=tmp_path)
    assert_one_line(result, "notes.txt", "not a database")
    assert notes.read_bytes() == before
    result = betal("--db", str(notes), "--locale", "nb-NO", "run", "browser.cookies", "--as",
                   "x", tmp=tmp_path)
    assert_one_line(result, "notes.txt", "ikke en database")


def test_a_db_of_another_program_is_refused_not_changed(tmp_path):
    other = tmp_path / "places.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("create table bookmarks (url text)")
    connection.commit()
    connection.close()
    result = betal("--db", str(other), "--locale", "nl-NL", "demo", tmp=tmp_path)
    assert_one_line(result, "places.sqlite", "ander programma")
    connection = sqlite3.connect(other)
    tables = [r[0] for r in connection.execute("select name from sqlite_master")]
    connection.close()
    assert tables == ["bookmarks"]


def test_a_truncated_database_is_reported_as_damaged(demo_template, tmp_path):
    source, summary = demo_template
    damaged = tmp_path / "damaged.db"
    data = source.read_bytes()
    damaged.write_bytes(data[: len(data) // 3])
    admin = summary["scenarios"]["past-due"]["admin"]
    subscription = summary["scenarios"]["past-due"]["subscription"]
    result = betal("--db", str(damaged), "--locale", "en", "run", "past-due.status", "--as",
                   admin, "--param", f"subscription={subscription}", tmp=tmp_path)
    assert_one_line(result, "damaged")


def test_a_database_from_a_newer_betal_is_not_touched(demo_db, tmp_path):
    _, path, _ = demo_db
    connection = sqlite3.connect(path)
    connection.execute("update alembic_version set version_num = '0999'")
    connection.commit()
    connection.close()
    before = table_counts(path)
    result = betal("--db", str(path), "--locale", "en", "tick", tmp=tmp_path)
    assert_one_line(result, "newer version of Betal", "0999", db_module.HEAD)
    assert table_counts(path) == before


@pytest.mark.parametrize("url,fragment", [
    ("mysql://root:secret@dbhost/betal", "mysql"),
    ("ftp://example.org/betal.db", "ftp"),
])
def test_an_unknown_kind_of_database_url_is_named_without_its_password(tmp_path, url,
                                                                       fragment):
    result = betal("--db", url, "--locale", "en", "clock", "show", tmp=tmp_path)
    assert_one_line(result, fragment, "postgresql://")
    assert "secret" not in result.stderr


@pytest.mark.parametrize("args", [
    ("clock", "show"), ("tick",), ("run", "browser.cookies", "--as", "x"),
    ("run", "payment.diagnose", "--as", "x", "--param", "subscription=sub_123456"),
    ("worker", "--until-idle"), ("sign-in-policy", "--as", "x"),
])
def test_a_mistyped_path_creates_no_database(tmp_path, args):
    typo = tmp_path / "betal.bd"
    result = betal("--db", str(typo), "--locale", "en", *args, tmp=tmp_path)
    assert_one_line(result, "betal.bd", "betal demo")
    assert not typo.exists()
    assert not list(tmp_path.glob("betal.bd*"))


def test_an_empty_file_is_not_turned_into_a_database_by_a_read_only_command(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = betal("--db", str(empty), "--locale", "en", "clock", "show", tmp=tmp_path)
    assert_one_line(result, "empty.db", "betal demo")
    assert empty.stat().st_size == 0


def test_the_demo_still_creates_its_database(tmp_path):
    path = tmp_path / "new" / "betal.db"
    assert betal("--db", str(path), "demo", "--json", tmp=tmp_path).returncode == 0
    assert path.exists()


def fill(path: Path, subscriptions: int) -> None:
    """More subscriptions like the first one, and the file packed tight."""
    connection = sqlite3.connect(path)
    columns = [row[1] for row in connection.execute("pragma table_info(subscriptions)")]
    first = dict(zip(columns, connection.execute("select * from subscriptions").fetchone(),
                     strict=True))
    connection.executemany(
        f"insert into subscriptions values ({', '.join('?' * len(columns))})",
        [tuple({**first, "id": f"sub_fill{i:08d}"}[name] for name in columns)
         for i in range(subscriptions)])
    connection.commit()
    connection.execute("vacuum")
    connection.close()


def test_a_full_disk_mid_action_changes_nothing(demo_db, monkeypatch, capsys):
    """SQLite's max_page_count stands in for the disk: the file may not grow, and a month
    of billing needs new pages half-way through."""
    database, path, _ = demo_db
    database.dispose()
    fill(path, subscriptions=2000)  # pages packed full: the next invoices need new ones
    before = table_counts(path)
    pages = sqlite3.connect(path).execute("pragma page_count").fetchone()[0]
    real = db_module.sqlite_engine

    def small_disk(url, **kwargs):
        engine = real(url, **kwargs)
        event.listen(engine, "connect", lambda connection, _: connection.execute(
            f"PRAGMA max_page_count={pages}"))
        return engine

    monkeypatch.setattr(db_module, "sqlite_engine", small_disk)
    code = main(["--db", str(path), "--locale", "nb-NO", "clock", "advance", "31d"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert "full" in err or "fullt" in err, err
    assert "ingenting ble endret" in err
    monkeypatch.undo()
    assert table_counts(path) == before, "nothing half-written"
    code = main(["--db", str(path), "clock", "show", "--json"])
    assert json.loads(capsys.readouterr().out)["now"].startswith("2026-11-20")


@pytest.mark.parametrize("content,fragment", [
    (None, "does not exist"),
    ("[billing\nattempt_days = [0, 10]\n", "line"),
    ("[billing]\nattempt_days = 'soon'\n", "cannot use"),
    (b"\xff\xfe not text", "cannot be read"),
])
def test_a_broken_config_file_is_one_line(tmp_path, content, fragment):
    config = tmp_path / "betal.toml"
    if isinstance(content, bytes):
        config.write_bytes(content)
    elif content is not None:
        config.write_text(content, encoding="utf-8")
    result = betal("--db", str(tmp_path / "x.db"), "--locale", "en", "demo",
                   env={"BETAL_CONFIG": str(config)}, tmp=tmp_path)
    assert_one_line(result, "betal.toml", fragment)


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e12"])
def test_a_worker_interval_must_be_a_sensible_number_of_seconds(demo_db, tmp_path, value):
    _, path, _ = demo_db
    for locale, words in (("en", "--interval"), ("nb-NO", "sekunder"), ("nl-NL", "seconden")):
        result = betal("--db", str(path), "--locale", locale, "worker", f"--interval={value}",
                       tmp=tmp_path)
        assert_one_line(result, words)


def test_a_fault_of_betals_own_is_one_line_and_the_log_has_the_rest(demo_db, monkeypatch,
                                                                    capsys, tmp_path):
    from engine import cli as engine_cli
    from engine import logs

    _, path, _ = demo_db
    log = tmp_path / "betal.log"
    monkeypatch.setenv("BETAL_LOG", str(log))
    monkeypatch.setattr(logs.LOGGER, "handlers", [])  # main() sends it to this log

    def broken(args, out):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(engine_cli, "cmd_tick", broken)
    code = main(["--db", str(path), "--locale", "en", "tick"])
    for handler in logs.LOGGER.handlers:
        handler.close()
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "ZeroDivisionError" in err
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")
