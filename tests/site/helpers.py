"""Build the help site the way a writer does: `mkdocs build` on a copy of mkdocs.yml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("nb-NO", "nl-NL")
PREFIX = {"nb-NO": "", "nl-NL": "nl-NL/"}


def knowledge_base(folder: Path) -> Path:
    """A copy of kb/'s articles in ``folder``/kb."""
    target = folder / "kb"
    for locale in LOCALES:
        shutil.copytree(ROOT / "kb" / locale, target / locale)
    return target


def site_config(folder: Path, docs_dir: Path, site_url: str | None = None,
                **plugin_options) -> Path:
    """The project's mkdocs.yml, building ``docs_dir`` into ``folder``/site."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(folder / "site")
    if site_url is not None:
        config["site_url"] = site_url
    if plugin_options:
        plugins = config["plugins"]
        index = next(i for i, item in enumerate(plugins)
                     if item == "betal-kb" or (isinstance(item, dict) and "betal-kb" in item))
        options = plugins[index]["betal-kb"] if isinstance(plugins[index], dict) else {}
        plugins[index] = {"betal-kb": {**(options or {}), **plugin_options}}
    path = folder / "mkdocs.yml"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, allow_unicode=True, sort_keys=False)
    return path


def build(config: Path, *args: str) -> subprocess.CompletedProcess:
    """``mkdocs build -f config``, run from the project's root like a writer would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("BETAL_SITE_LANGUAGE", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
