"""Configuration Betal cannot bill with is a clear error (exit 2), never a wrong bill."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest

from engine.config import DEFAULTS, ConfigError, from_mapping


def defaults() -> dict:
    return tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("section", "key", "value"), [
    ("products", "Business Basic", {"NOK": 0}),
    ("products", "Business Basic", {"NOK": -700}),
    ("products", "Business Basic", {"NOK": 10**12}),
    ("products", "Business Basic", {"NOK": 70.5}),
    ("products", "Business Basic", {"XYZ": 700}),
    ("billing", "attempt_days", [0, 40]),
    ("billing", "invoice_terms_days", 0),
    ("past_due", "support_wait_hours", -1),
    ("lifecycle", "expire_after_days", 0),
    ("countries", "bank_accounts_closed_from", "26.01.2021"),
    ("countries", "bank_accounts_closed_in", ["XX"]),
])
def test_a_value_betal_cannot_bill_with_is_refused(section, key, value):
    raw = defaults()
    raw[section][key] = value
    with pytest.raises(ConfigError) as error:
        from_mapping(raw)
    assert error.value.code == "config-invalid" and error.value.exit_code == 2
    assert section in error.value.render("en")


def test_a_missing_key_is_named():
    raw = defaults()
    del raw["past_due"]["support_wait_hours"]
    with pytest.raises(ConfigError) as error:
        from_mapping(raw)
    assert "past_due.support_wait_hours" in error.value.render("en")


@pytest.mark.parametrize("content", [
    "[billing\nattempt_days = [0, 10]", "[billing]\nattempt_days = [0, 10, 40]\n",
    "[products]\n\"Business Basic\" = { NOK = 0 }\n"])
def test_the_command_line_says_what_is_wrong_in_one_line_and_exits_2(tmp_path, content):
    config = tmp_path / "betal.toml"
    config.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "b.db"), "demo"],
        env=os.environ | {"BETAL_CONFIG": str(config)}, capture_output=True, text=True,
        check=False)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "betal.toml" in result.stderr or "billing" in result.stderr or \
        "products" in result.stderr
