"""What a path tells about an article: the locale folder it is in and its slug.

Articles live in one folder per locale (``kb/nb-NO/``, ``kb/nl-NL/``); the same relative
path in each folder is the same article in the other language, and its ``slug`` is that
path without ``.md`` (``declined-credit-card``, ``includes/note``).
"""

from __future__ import annotations

import os
import re

LOCALES = ("nb-NO", "nl-NL")
OTHER_LOCALE = {LOCALES[0]: LOCALES[1], LOCALES[1]: LOCALES[0]}


def locale_and_slug(path: str | os.PathLike) -> tuple[str | None, str]:
    """The locale folder an article sits in (the nearest one) and its slug inside it."""
    _, locale, slug = locate(os.path.normpath(os.fspath(path)))
    return locale, slug


def locate(path: str) -> tuple[str | None, str | None, str]:
    """(knowledge-base root, locale, slug) of a normalized path; root and locale are None
    outside a locale folder."""
    parts = path.split(os.sep)
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] in LOCALES:
            slug = "/".join(parts[index + 1:])
            return (os.sep.join(parts[:index]) or os.sep, parts[index],
                    slug[:-3] if slug.endswith(".md") else slug)
    name = parts[-1]
    return None, None, name[:-3] if name.endswith(".md") else name


def locate_all(paths) -> dict[str, tuple[str | None, str | None, str]]:
    """:func:`locate` for many paths, working out each folder once."""
    folders: dict[str, tuple] = {}
    found = {}
    for path in paths:
        folder, _, name = path.rpartition(os.sep)
        place = folders.get(folder)
        if place is None:
            root, locale, slug = locate(path)
            prefix = slug[: len(slug) - len(name) + 3] if locale else None
            place = folders[folder] = (root, locale, prefix)
        root, locale, prefix = place
        stem = name[:-3] if name.endswith(".md") else name
        found[path] = (root, locale, prefix + stem) if locale else (None, None, stem)
    return found


def article_paths(folder: str | os.PathLike, skipped: list[str] | None = None) -> list[str]:
    """Every ``.md`` file under ``folder``, sorted, skipping hidden and private folders and
    the message catalogs. A ``.md`` that is not a regular file (a FIFO, a device, a broken
    link) is left out, since reading it could hang or never end; its path is added to
    ``skipped`` when that is given."""
    found: list[str] = []
    _walk(os.fspath(folder), found, skipped if skipped is not None else [])
    return found


def _walk(directory: str, found: list[str], skipped: list[str]) -> None:
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        name = entry.name
        if entry.is_dir():
            if not entry.is_symlink() and not name.startswith((".", "_")) and name != "locale":
                folders.append(entry.path)
        elif name.endswith(".md"):
            (found if entry.is_file() else skipped).append(directory + os.sep + name)
    for folder in folders:
        _walk(folder, found, skipped)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*$")


def is_slug(text: str) -> bool:
    """Whether ``text`` can name an article: lower-case letters, digits and hyphens, in
    folders separated by ``/`` (never ``..`` or an absolute path)."""
    return bool(_SLUG.match(text))


def is_relative(target: str) -> bool:
    """Whether a link target names a file next to the article (not a URL, not site-absolute,
    not only an anchor)."""
    return bool(target) and target[0] not in "#/?" and not _SCHEME.match(target)


def split_target(target: str) -> tuple[str, str | None]:
    """(path, anchor or None) of a relative link target; any query string is dropped."""
    path, hash_sign, anchor = target.partition("#")
    path = path.partition("?")[0]
    return path, anchor if hash_sign else None
