"""The checker's warm cache: each file's findings and facts, reused while the file is
unchanged.

An entry is keyed by the file's absolute path and reused only while its size and
modification time are the same. The whole cache is dropped when the pipeline's code (or
the engine's actions and rules it checks against) changes, or on a new day (``ms.date``
may no longer be in the future). Configuration is applied after the cache, so changing
it needs no rebuild. It lives in ``.betal-cache/`` (gitignored) as one marshal file,
written atomically.
"""

from __future__ import annotations

import datetime
import marshal
import os
import zlib

FORMAT = 1
NAME = "kb-check.marshal"


def code_version() -> str:
    """A fingerprint of the code whose output the cache holds."""
    import engine.actions
    import kb

    actions = os.path.dirname(engine.actions.__file__)
    files = [os.path.join(os.path.dirname(actions), "rules.py")]
    for folder in (os.path.dirname(kb.__file__), actions):
        for directory, subdirectories, names in os.walk(folder):
            subdirectories[:] = sorted(d for d in subdirectories
                                       if d not in ("__pycache__", "nb-NO", "nl-NL", "locale"))
            files.extend(os.path.join(directory, name) for name in sorted(names)
                         if name.endswith(".py"))
    stamps = []
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return f"{FORMAT}:{zlib.crc32(';'.join(stamps).encode()):08x}"


class Cache:
    def __init__(self, folder: str | os.PathLike | None) -> None:
        self.path = os.path.join(folder, NAME) if folder is not None else None
        self.version = ""
        self.files: dict[str, tuple] = {}
        self.changed = False

    def load(self) -> None:
        if self.path is None:
            return
        self.version = f"{code_version()}:{datetime.date.today().isoformat()}"
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read()
            data = marshal.loads(raw)  # far faster than marshal.load on the file object
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(data, dict) and data.get("version") == self.version:
            self.files = data.get("files", {})

    def get(self, key: str, stamp: tuple[int, int]) -> tuple | None:
        entry = self.files.get(key)
        if entry is not None and entry[0] == stamp:
            return entry
        return None

    def put(self, key: str, stamp: tuple[int, int], facts: tuple, problems: list) -> None:
        self.files[key] = (stamp, facts, problems)
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            folder = os.path.dirname(self.path)
            os.makedirs(folder, exist_ok=True)
            gitignore = os.path.join(folder, ".gitignore")
            if not os.path.exists(gitignore):
                with open(gitignore, "w", encoding="utf-8") as handle:
                    handle.write("*\n")
            temporary = f"{self.path}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                marshal.dump({"version": self.version, "files": self.files}, handle)
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs time

