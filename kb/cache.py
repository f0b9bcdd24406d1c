"""The checker's warm cache: each file's findings and facts, reused while the file is
unchanged, and the last reports.

A file's entry is keyed by its absolute path and reused only while its size and
modification time are the same. A report is reused only for the same files asked about,
the same size and modification time of every file read, the same configuration and
current folder, and only while every file-system question the rules asked (does this
link target exist, is there an nl-NL folder) still has the same answer. The whole cache
is dropped when the pipeline's code (or the engine's, whose actions and rules it checks
against) or the configured schema of the front matter changes, or on a new day
(``ms.date`` may no longer be in the future). It lives in ``.betal-cache/`` (gitignored)
as two marshal files, each written atomically: the reports, which a run that reuses one
reads alone, and the files' entries, read only when a file has to be looked at.
"""

from __future__ import annotations

import datetime
import marshal
import os
import zlib

FORMAT = 3
NAME = "kb-check.marshal"
REPORTS_NAME = "kb-check-reports.marshal"
REPORTS = 4


def code_version() -> str:
    """A fingerprint of the code whose output the cache holds: this package and the engine
    (whose actions, parameter types and rules the checks follow)."""
    import engine.rules
    import kb

    files = []
    for module in (kb, engine.rules):
        folder = os.path.dirname(module.__file__)
        for directory, subdirectories, names in os.walk(folder):
            subdirectories[:] = sorted(d for d in subdirectories if d not in _NOT_CODE)
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


_NOT_CODE = {"__pycache__", "nb-NO", "nl-NL", "locale", "migrations"}


class Cache:
    def __init__(self, folder: str | os.PathLike | None) -> None:
        self.folder = folder
        self.version = ""
        self.reports: dict[str, tuple] = {}
        self._files: dict[str, tuple] | None = None
        self._changed: set[str] = set()

    def load(self, settings: str = "") -> None:
        """Read the saved reports, unless the code, the day or the ``settings`` they were
        written with (the front matter's schema) have changed since."""
        if self.folder is None:
            return
        digest = zlib.crc32(settings.encode("utf-8", "surrogatepass"))
        self.version = f"{code_version()}:{datetime.date.today().isoformat()}:{digest:08x}"
        self.reports = self._read(REPORTS_NAME)

    @property
    def files(self) -> dict[str, tuple]:
        """Each file's entry, read from disk the first time one is asked for."""
        if self._files is None:
            self._files = self._read(NAME)
        return self._files

    def get(self, key: str, stamp: tuple[int, int]) -> tuple | None:
        entry = self.files.get(key)
        if entry is not None and entry[0] == stamp:
            return entry
        return None

    def put(self, key: str, stamp: tuple[int, int], facts: tuple, problems: list) -> None:
        self.files[key] = (stamp, facts, problems)
        self._changed.add(NAME)

    def report(self, key: str) -> tuple | None:
        """(file-system questions with their answers, problems) saved under ``key``."""
        return self.reports.get(key)

    def put_report(self, key: str, probes: list, problems: list) -> None:
        # a few reports: one per set of paths checked (kb/, a changed file, ...)
        while len(self.reports) >= REPORTS:
            del self.reports[next(iter(self.reports))]
        self.reports[key] = (probes, problems)
        self._changed.add(REPORTS_NAME)

    def save(self) -> None:
        if self.folder is None or not self._changed:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            gitignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(gitignore):
                with open(gitignore, "w", encoding="utf-8") as handle:
                    handle.write("*\n")
            for name in sorted(self._changed):
                self._write(name, self.files if name == NAME else self.reports)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs time

    def _read(self, name: str) -> dict:
        if self.folder is None:
            return {}
        try:
            with open(os.path.join(self.folder, name), "rb") as handle:
                raw = handle.read()
            data = marshal.loads(raw)  # far faster than marshal.load on the file object
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if isinstance(data, dict) and data.get("version") == self.version and isinstance(
                data.get("entries"), dict):
            return data["entries"]
        return {}

    def _write(self, name: str, entries: dict) -> None:
        path = os.path.join(self.folder, name)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            marshal.dump({"version": self.version, "entries": entries}, handle)
        os.replace(temporary, path)
