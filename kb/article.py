"""An article as the pipeline, the TUI and the help site read it.

Where an article is (its locale folder and slug) is :mod:`kb.paths`' business; here is what
it holds: front matter, body, and the outline of the body.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kb.frontmatter import FrontMatter, normalize_newlines, parse
from kb.links import Outline, outline
from kb.paths import LOCALES, article_paths, locale_and_slug
from kb.text import blank_code, decode

__all__ = ["LOCALES", "Article", "article_paths", "load_articles", "locale_and_slug"]


@dataclass(frozen=True, eq=False)
class Article:
    path: str
    text: str
    front: FrontMatter
    body_offset: int
    body_line: int
    locale: str | None = None
    slug: str = ""
    undecodable: tuple[int, int] | None = None

    @classmethod
    def from_bytes(cls, path: str, data: bytes, locale: str | None = None,
                   slug: str | None = None) -> Article:
        text, undecodable = decode(data)
        text = normalize_newlines(text)
        front, body_offset, body_line = parse(text)
        if slug is None:
            found, slug = locale_and_slug(path)
            locale = locale or found
        return cls(path, text, front, body_offset, body_line, locale, slug, undecodable)

    @classmethod
    def read(cls, path: str | os.PathLike, locale: str | None = None,
             slug: str | None = None) -> Article:
        return cls.from_bytes(str(path), read_bytes(path), locale, slug)

    @cached_property
    def meta(self) -> dict[Any, Any]:
        return self.front.mapping()

    @cached_property
    def readable(self) -> bool:
        """Whether the front matter is there, closed, a mapping and free of YAML errors, so
        that what its keys say can be trusted."""
        front = self.front
        return front.closed and front.is_mapping and not front.errors

    @property
    def body(self) -> str:
        return self.text[self.body_offset:]

    @cached_property
    def prose(self) -> str:
        """The body with code and HTML comments blanked out, offsets unchanged."""
        return blank_code(self.body)

    @cached_property
    def outline(self) -> Outline:
        return outline(self.body, self.body_line, self.prose)

    @property
    def title(self) -> str | None:
        entry = self.front.get("title")
        title = entry.value if entry is not None else None
        if isinstance(title, str) and title.strip():
            return title.strip()
        first = next((h for h in self.outline.headings if h.level == 1), None)
        return first.text if first else None

    @property
    def assetid(self) -> str | None:
        entry = self.front.get("ms.assetid")
        value = entry.value if entry is not None else None
        return value.strip() if isinstance(value, str) and value.strip() else None


class NotARegularFile(OSError):
    """The path names a FIFO, a device or a socket, which is not read."""


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file. Anything else (a FIFO, whose reading would wait for a
    writer, a device) raises :class:`NotARegularFile` without being read."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", os.fspath(path))
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8, line breaks as they are) to ``path`` through a new file put
    in its place: a reader sees the old content or the new, never half of it, and a link
    at ``path`` is replaced, never followed. The file keeps its permissions (a new one gets
    the usual ones); its folder is made when missing. Failure is a
    :class:`kb.config.ConfigError` that names the file."""
    import uuid

    from kb.config import ConfigError
    from kb.i18n import N_

    folder = os.path.dirname(path) or "."
    temporary = os.path.join(folder, f".betal-{uuid.uuid4().hex}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            try:
                before = os.lstat(path)
            except FileNotFoundError:
                before = None
            if before is not None and stat.S_ISREG(before.st_mode):
                os.chmod(temporary, stat.S_IMODE(before.st_mode))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise ConfigError(N_("{path} cannot be written: {error}"), path=path,
                          error=error.strerror or str(error)) from None


def load_articles(root: str | os.PathLike, locale: str,
                  skipped: list[str] | None = None) -> list[Article]:
    """The articles of one locale under a knowledge-base root (``kb/``), sorted by slug.
    Paths that are not regular files are added to ``skipped`` (see
    :func:`kb.paths.article_paths`)."""
    folder = Path(root) / locale
    articles = []
    for path in article_paths(folder, skipped):
        slug = Path(path).relative_to(folder).with_suffix("").as_posix()
        try:
            articles.append(Article.read(path, locale, slug))
        except NotARegularFile:  # replaced since the folder was listed
            if skipped is not None:
                skipped.append(path)
    return sorted(articles, key=lambda article: article.slug)
