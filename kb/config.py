"""``[tool.betal.kb]`` in pyproject.toml: rule severities, disabled rules, and the front
matter's schema when a repository's conventions are not Betal's.

```toml
[tool.betal.kb]
severity = { table-action = "error", translation-parity = "warning" }
disable = ["link-target"]
required = ["title", "ms.date", "ms.topic"]      # the required keys, instead of Betal's

[tool.betal.kb.keys]                              # more known keys, with their shape
"ms.localizationpriority" = "text"                # text, text-or-list or any

[tool.betal.kb.values]                            # closed vocabularies, instead of Betal's
"ms.topic" = ["article", "how-to", "troubleshooting"]
"ms.audience" = []                                # any value
```

The file is found by looking in the current folder and then in each parent. An unknown
option, rule id, severity or shape is a usage error, so a typo cannot silently switch a
check off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from kb.i18n import N_
from kb.problems import SEVERITIES
from kb.schema import BETAL, SHAPES, Schema

OPTIONS = ("severity", "disable", "required", "keys", "values")


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
    schema: Schema = BETAL

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
    unknown_options = sorted(set(section) - set(OPTIONS))
    if unknown_options:
        raise ConfigError(N_("{path}: [tool.betal.kb] has no option '{option}' (there are "
                             "{options})."), path=where, option=unknown_options[0],
                          options=list(OPTIONS))
    severity = section.get("severity", {})
    disable = section.get("disable", [])
    if not isinstance(severity, dict) or not _texts(disable):
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
    return Config(dict(severity), frozenset(disable), path, _schema(section, where))


def _schema(section: dict, where: str) -> Schema:
    required = section.get("required")
    keys = section.get("keys", {})
    values = section.get("values", {})
    if required is not None and not _texts(required):
        raise ConfigError(N_("{path}: 'required' must be a list of keys."), path=where)
    if not isinstance(keys, dict) or not all(shape in SHAPES for shape in keys.values()):
        raise ConfigError(N_("{path}: [tool.betal.kb.keys] gives each key a shape: one of "
                             "{shapes}."), path=where, shapes=list(SHAPES))
    if not isinstance(values, dict) or not all(map(_texts, values.values())):
        raise ConfigError(N_("{path}: [tool.betal.kb.values] gives each key a list of the "
                             "values it may have."), path=where)
    schema = BETAL.configured(keys, required, values)
    unknown = [key for key in [*(required or []), *values] if key not in schema.keys]
    if unknown:
        raise ConfigError(N_("{path}: '{key}' is not a known key: add it to "
                             "[tool.betal.kb.keys]."), path=where, key=unknown[0])
    return schema


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
