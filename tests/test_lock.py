"""requirements.lock pins every dependency pyproject.toml names, each with hashes, so a fresh
machine installs what the tests ran with; a new dependency updates the lock (make lock)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).parents[1]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonical(name): version
            for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", text, re.M)}


def test_every_dependency_is_pinned_within_what_pyproject_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"] +
              project["optional-dependencies"]["test"]]
    pins = locked()
    for requirement in wanted:
        name = canonical(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run make lock"
        assert SpecifierSet(str(requirement.specifier)).contains(pins[name], prereleases=True), \
            (requirement, pins[name])


def test_every_pin_has_a_hash():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text.split("\n", 6)[-1]):
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, block.split("\n", 1)[0]
