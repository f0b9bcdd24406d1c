"""One language per build: each language is its own Material site, with its own search
index (Lunr's stemmer for that language), 404 page and sitemap.

``mkdocs build`` builds the first language of the plugin's ``languages`` at the site's root;
for each other language it runs ``mkdocs build`` again, in a process of its own, with
``BETAL_SITE_LANGUAGE`` naming the language and a folder of its own, which becomes
``<site>/<locale>/`` when both builds succeeded. The plugin in that process sees the
variable and builds that language only (see :func:`configure`). The other languages start
first, before ``betal kb check``, and are stopped when it fails; the first language's build
runs the command-line page's example once for all of them and hands each its output
(:func:`handed_example`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

from mkdocs.plugins import get_plugin_logger

LANGUAGE_ENV = "BETAL_SITE_LANGUAGE"
EXAMPLE_ENV = "BETAL_SITE_EXAMPLE"  # "stdin": the first language's build hands it over
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
    process: subprocess.Popen
    outcome: Future  # of its standard error, once it has ended


def start(config_file: str, language: Language, site_dir: str, *, strict: bool,
          executor: ThreadPoolExecutor, example: Future | None) -> Build:
    """Run ``mkdocs build`` for ``language`` into ``site_dir`` in a process of its own.

    Each language is a ``mkdocs build`` of its own, so every language is an ordinary
    Material site. It is handed the command-line page's example (the outputs by locale
    ``example`` will hold) on its standard input when the example has run; a thread of
    ``executor`` reads its output until it ends."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config_file, "-d", site_dir,
               "--strict" if strict else "--no-strict"]
    env = {**os.environ, LANGUAGE_ENV: language.locale, EXAMPLE_ENV: "stdin"}
    process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    build = Build(language.locale, site_dir, process, executor.submit(_wait, process))
    if example is None:
        _hand(build, None)
    else:
        example.add_done_callback(lambda done: _hand(build, done))
    return build


def _wait(process: subprocess.Popen) -> str:
    with process.stderr:
        text = process.stderr.read()
    process.wait()
    return text


def _hand(build: Build, example: Future | None) -> None:
    output, error = None, "no example was run"
    if example is not None:
        try:
            output, error = example.result()[build.locale], None
        except Exception as failure:  # whatever it is, the build waits for word of it
            error = str(failure) or type(failure).__name__
    try:
        with build.process.stdin:
            build.process.stdin.write(json.dumps({"output": output, "error": error}))
    except (OSError, ValueError):  # it has ended already
        pass


def handed_example() -> tuple[str | None, str | None] | None:
    """In the build of another language: the example's output and why there is none, as
    the first language's build handed them over; None when this build is on its own."""
    if os.environ.get(EXAMPLE_ENV) != "stdin" or not is_child():
        return None
    try:
        handed = json.loads(sys.stdin.read() or "null")
    except ValueError:
        handed = None
    if not isinstance(handed, dict):
        return None, "the first language's build handed over no example"
    return handed.get("output"), handed.get("error")


def stop(build: Build) -> None:
    """Stop ``build`` (the first language failed) and wait until it has ended."""
    if build.process.poll() is None:
        build.process.terminate()  # what it wrote is in its own folder, removed after
        try:
            build.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            build.process.kill()
    build.outcome.result()


def finish(build: Build) -> str | None:
    """Wait for ``build``; its warnings are logged here. The error, or None."""
    stderr = build.outcome.result()
    for line in stderr.splitlines():
        if line.startswith("WARNING"):
            log.warning(f"{build.locale}: {line.split('-', 1)[-1].strip()}")
        elif line.startswith("ERROR"):
            log.error(f"{build.locale}: {line.split('-', 1)[-1].strip()}")
    if build.process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-20:])
        return f"{build.locale}: mkdocs build exited with {build.process.returncode}:\n{tail}"
    return None
