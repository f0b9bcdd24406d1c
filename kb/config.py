"""``[tool.betal.kb]`` in pyproject.toml: rule severities and disabled rules.

```toml
[tool.betal.kb]
severity = { table-action = "error", translation-parity = "warning" }
disable = ["link-target"]
```

The file is found by looking in the current folder and then in each parent. An unknown
rule id or severity is a usage error, so a typo cannot silently switch a check off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from kb.i18n import N_
from kb.problems import SEVERITIES


class ConfigError(Exception):
    """Bad configuration or usage; the command exits 2 with this localized message."""

    def __init__(self, msgid: str, **params) -> None:
        super().__init__(msgid.format(**params))
        self.msgid = msgid
        self.params = params

    def render(self, locale: str | None) -> str:
        from kb.i18n import render

        return render(self.msgid, self.params, locale)


class Config(NamedTuple):
    severity: dict[str, str] = {}
    disable: frozenset[str] = frozenset()
    path: str | None = None

    def severity_of(self, rule: str, default: str) -> str:
        return self.severity.get(rule, default)


def find(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` (the current folder)."""
    folder = Path(start or os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def load(path: str | os.PathLike | None = None) -> Config:
    """The configuration in ``path`` (else the nearest pyproject.toml); defaults without."""
    if path is None:
        path = find()
        if path is None:
            return Config()
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        if b"tool.betal" not in raw and b"[tool]" not in raw:
            return Config(path=str(path))  # no [tool.betal.kb]: no need to parse the TOML
        import tomllib

        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(N_("The configuration file {path} does not exist."),
                          path=str(path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:  # TOMLDecodeError is one
        raise ConfigError(N_("{path} cannot be read: {error}"), path=str(path),
                          error=str(error)) from None
    section = data.get("tool", {}).get("betal", {}).get("kb", {})
    return parse(section, str(path))


def parse(section: dict, path: str | None = None) -> Config:
    from kb.rules import RULES
    where = path or "pyproject.toml"
    unknown_options = sorted(set(section) - {"severity", "disable"})
    if unknown_options:
        raise ConfigError(N_("{path}: [tool.betal.kb] has no option '{option}' (there are "
                             "'severity' and 'disable')."), path=where,
                          option=unknown_options[0])
    severity = section.get("severity", {})
    disable = section.get("disable", [])
    if not isinstance(severity, dict) or not isinstance(disable, list):
        raise ConfigError(N_("{path}: 'severity' must be a table of rule ids and 'disable' a "
                             "list of rule ids."), path=where)
    for rule in [*severity, *disable]:
        if rule not in RULES:
            raise ConfigError(N_("{path}: there is no rule '{rule}' ('betal kb rules' lists "
                                 "them)."), path=where, rule=rule)
    for rule, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(N_("{path}: the severity of '{rule}' must be one of {levels}, "
                                 "not '{level}'."), path=where, rule=rule,
                              levels=list(SEVERITIES), level=level)
    return Config(dict(severity), frozenset(disable), path)
