"""One language per build: each language is its own Material site, with its own search
index (Lunr's stemmer for that language), 404 page and sitemap.

``mkdocs build`` builds the first language of the plugin's ``languages`` at the site's root;
for each other language it runs ``mkdocs build`` again, in a process of its own, with
``BETAL_SITE_LANGUAGE`` naming the language and a folder of its own, which becomes
``<site>/<locale>/`` when both builds succeeded. The plugin in that process sees the
variable and builds that language only (see :func:`configure`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

from mkdocs.plugins import get_plugin_logger

LANGUAGE_ENV = "BETAL_SITE_LANGUAGE"
log = get_plugin_logger("betal-kb")


class Language(NamedTuple):
    locale: str
    name: str
    site_name: str | None = None
    site_description: str | None = None


def from_config(languages) -> list[Language]:
    return [Language(item.locale, item.name, item.site_name, item.site_description)
            for item in languages]


def current(languages: Sequence[Language]) -> Language:
    """The language this process builds: the one ``BETAL_SITE_LANGUAGE`` names, else the
    default (the first)."""
    wanted = os.environ.get(LANGUAGE_ENV)
    for language in languages:
        if language.locale == wanted:
            return language
    if wanted:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{LANGUAGE_ENV}={wanted} is none of the site's languages "
                          f"({', '.join(item.locale for item in languages)}).")
    return languages[0]


def is_child() -> bool:
    return bool(os.environ.get(LANGUAGE_ENV))


def folder(language: Language, default: Language) -> str:
    """Where a language's pages are, from the site's root: '' or 'nl-NL/'."""
    return "" if language.locale == default.locale else f"{language.locale}/"


def root_url(site_url: str | None, language: Language, default: Language) -> str | None:
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + folder(language, default)


def configure(config, language: Language, default: Language, permalink_title: str) -> None:
    """Make ``config`` the configuration of ``language``'s site: its articles' folder, its
    address, its name, Material's strings and search language (``theme.language``, which
    names the plugin's ``partials/languages/<locale>.html``)."""
    config.docs_dir = os.path.join(config.docs_dir, language.locale)
    config.site_url = root_url(config.site_url, language, default)
    if language.site_name:
        config.site_name = language.site_name
    if language.site_description:
        config.site_description = language.site_description
    config.theme["language"] = language.locale
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = permalink_title


class Build(NamedTuple):
    locale: str
    site_dir: str  # the folder it builds into, moved to <site>/<locale>/ after
    outcome: Future  # of a subprocess.CompletedProcess


def start(config_file: str, language: Language, site_dir: str, *, strict: bool,
          executor: ThreadPoolExecutor) -> Build:
    """Run ``mkdocs build`` for ``language`` into ``site_dir`` in a process of its own.

    Each language is a ``mkdocs build`` of its own (a process, started by a thread of
    ``executor`` that only waits for it), so every language is an ordinary Material site."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config_file, "-d", site_dir,
               "--strict" if strict else "--no-strict"]
    env = {**os.environ, LANGUAGE_ENV: language.locale}
    outcome = executor.submit(subprocess.run, command, env=env, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, check=False)
    return Build(language.locale, site_dir, outcome)


def finish(build: Build) -> str | None:
    """Wait for ``build``; its warnings are logged here. The error, or None."""
    result = build.outcome.result()
    for line in result.stderr.splitlines():
        if line.startswith("WARNING"):
            log.warning(f"{build.locale}: {line.split('-', 1)[-1].strip()}")
        elif line.startswith("ERROR"):
            log.error(f"{build.locale}: {line.split('-', 1)[-1].strip()}")
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-20:])
        return f"{build.locale}: mkdocs build exited with {result.returncode}:\n{tail}"
    return None


