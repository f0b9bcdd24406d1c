"""``betal kb check --fix``: apply the fixes that are safe, and change nothing else.

Safe fixes: zero-pad ``ms.date``, rename a misspelled key when the suggestion is
unambiguous, give a missing ``ms.assetid`` to both translations, drop side-by-side
translation markup. Each edit is spliced into the original text at the position the
front-matter reader reports, so every other byte (quotes, spacing, comments, line
endings, a byte-order mark) stays as it was; re-emitting the YAML would normalize those.
ruamel.yaml's round-trip loader then reads the fixed front matter back and the file is
written only if it holds exactly the original keys and values with the fixed ones
changed.
"""

from __future__ import annotations

import os
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from kb import pool
from kb.article import Article, read_bytes, write_text
from kb.config import ConfigError
from kb.i18n import N_
from kb.markup import strip as strip_markup
from kb.pairing import Pairing
from kb.paths import OTHER_LOCALE

PARALLEL_FROM = 100  # files to fix before starting worker processes pays for itself
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
# Where a new ms.assetid goes: after the first of these keys the file has, as in the seeds.
_ASSETID_AFTER = ("ms.custom", "ms.collection", "localization_priority", "ROBOTS",
                  "ms.topic", "ms.date", "title")


@dataclass
class Outcome:
    fixed: int = 0
    files: list[str] = field(default_factory=list)
    refused: list[tuple[str, str, dict]] = field(default_factory=list)  # (path, msgid, params)


def apply(report, jobs: int | None = None) -> Outcome:
    """Apply the fixes of ``report``'s fixable problems to the files, in ``jobs`` processes
    when there are many (:func:`kb.pool.default_jobs` when None)."""
    by_path: dict[str, list[tuple]] = defaultdict(list)
    for problem in report.problems:
        if problem.fix is not None:
            by_path[problem.path].append((problem.fix.kind, problem.fix.data))
    shown_to_key = {shown: key for key, shown in report.targets.items()}
    assigned = _assetids(report, by_path, shown_to_key)
    for key in assigned:
        shown = report.targets.get(key) or report.facts[key].path
        if ("assign-assetid", ()) not in by_path[shown]:
            by_path[shown].append(("assign-assetid", ()))
    files = [(shown, fixes, assigned.get(shown_to_key.get(shown) or os.path.abspath(shown)))
             for shown, fixes in sorted(by_path.items())]
    outcome = Outcome()
    for shown, fixes, result in pool.map(_fix_job, files,
                                         jobs=jobs if len(files) >= PARALLEL_FROM else 1):
        if isinstance(result, tuple):
            outcome.refused.append((shown, *result))
        elif result:
            outcome.files.append(shown)
            outcome.fixed += len(fixes)
    return outcome


def _fix_job(job) -> tuple[str, list, bool | str]:
    shown, fixes, assetid = job
    try:
        return shown, fixes, fix_file(shown, fixes, assetid)
    except (_Refused, ConfigError) as refused:
        return shown, fixes, (refused.msgid, refused.params)
    except OSError as error:
        return shown, fixes, (N_("{error}"), {"error": error.strerror or str(error)})


class _Refused(Exception):
    def __init__(self, msgid: str, **params) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def _assetids(report, by_path, shown_to_key) -> dict[str, str]:
    """The ``ms.assetid`` each article that lacks one gets: its translation's, or a new
    one shared by both."""
    by_root: dict[str | None, list] = {}
    for facts in report.facts.values():
        by_root.setdefault(facts.root, []).append(facts)
    pairings = {root: Pairing(found) for root, found in by_root.items()}
    wanted = [shown_to_key[shown] for shown, fixes in by_path.items()
              if shown in shown_to_key and ("assign-assetid", ()) in fixes]
    assigned: dict[str, str] = {}
    for key in wanted:
        if key in assigned:
            continue
        facts = report.facts.get(key)
        if facts is None:
            continue
        other = None
        if facts.locale in OTHER_LOCALE:
            other = pairings[facts.root].translation(facts, OTHER_LOCALE[facts.locale])
        if other is not None and other.assetid:
            assigned[key] = other.assetid
            continue
        assetid = str(uuid.uuid4())
        assigned[key] = assetid
        if other is not None and other.readable and _lacks_assetid(other.key):
            assigned[other.key] = assetid
    return assigned


def _lacks_assetid(path: str) -> bool:
    try:
        article = Article.read(path)
    except OSError:
        return False
    entry = article.front.get("ms.assetid")
    return article.readable and (entry is None or entry.value in (None, ""))


def fix_file(path: str, fixes, assetid: str | None = None) -> bool:
    """Apply ``fixes`` ((kind, data) pairs) to the file at ``path``; whether it changed."""
    data = read_bytes(path)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        original = data[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused(N_("the file is not UTF-8")) from None
    article = Article.from_bytes(path, data)
    lines = _split(original)
    head_size = article.body_line - 1
    head, body = lines[:head_size], "".join(text + end for text, end in lines[head_size:])
    kinds = {kind for kind, _ in fixes}
    expected_changes: dict[str, object] = {}
    renames: dict[str, str] = {}
    for kind, data_ in fixes:
        if kind == "pad-date":
            entry = article.front.get("ms.date")
            if entry is None or entry.value != data_[0] or entry.value_line != entry.end_line:
                raise _Refused(N_("ms.date changed since it was checked"))
            _replace_value(head, entry, data_[1])
            expected_changes["ms.date"] = data_[1]
        elif kind == "rename-key":
            old, new, line = data_
            if not 1 <= line <= len(head) or not head[line - 1][0].startswith(old):
                raise _Refused(N_("key '{key}' is not on line {line} any more"), key=old,
                               line=line)
            rest = head[line - 1][0][len(old):]
            if not re.match(r"[ ]*:", rest):
                raise _Refused(N_("key '{key}' is not on line {line} any more"), key=old,
                               line=line)
            head[line - 1][0] = new + rest
            renames[old] = new
    if "assign-assetid" in kinds and assetid:
        _assign(article, head, assetid)
        expected_changes["ms.assetid"] = assetid
    if "strip-markup" in kinds:
        body = strip_markup(body)
    fixed = "".join(text + end for text, end in head) + body
    if fixed == original:
        return False
    _verify(article, original, fixed, renames, expected_changes)
    write_text(path, ("\ufeff" if bom else "") + fixed)  # whole or not at all
    return True


def _split(text: str) -> list[list[str]]:
    """[line, line break] pairs; the last line may have no break."""
    pieces = _LINE_BREAK.split(text)
    return [[pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""]
            for i in range(0, len(pieces), 2)]


def _replace_value(head, entry, value: str, keep_quotes: bool = True) -> None:
    """Put ``value`` where ``entry``'s one-line scalar is, in the same quotes."""
    line = head[entry.value_line - 1]
    start, end = entry.value_column - 1, entry.end_column - 1
    written = line[0][start:end]
    if keep_quotes and entry.style in ("double", "single"):
        quote = written[:1]
        replacement = quote + value + quote
    else:
        replacement = value
    line[0] = line[0][:start] + replacement + line[0][end:]


def _assign(article: Article, head, assetid: str) -> None:
    entry = article.front.get("ms.assetid")
    if entry is not None:
        if entry.style not in ("empty", "double", "single", "plain") or entry.value_line != \
                entry.end_line:
            raise _Refused(N_("ms.assetid is not a one-line value"))
        if entry.style == "empty":
            line = head[entry.line - 1]
            colon = line[0].index(":", entry.end_column - 1 if entry.end_column > 1 else 0)
            line[0] = line[0][:colon + 1] + " " + assetid + line[0][colon + 1:].rstrip(" ")
        else:
            _replace_value(head, entry, assetid, keep_quotes=False)
        return
    after = next((article.front.get(key) for key in _ASSETID_AFTER
                  if article.front.get(key) is not None), None)
    if after is None or after.style in ("map", "flow", "literal", "folded"):
        index = article.front.last_line - 1  # just before the closing ---
    else:
        index = after.end_line if after.style == "list" else after.line
    ending = head[0][1] or "\n"
    head.insert(index, [f"ms.assetid: {assetid}", ending])


def _verify(article: Article, original: str, fixed: str, renames, changes) -> None:
    """Refuse the fix unless ruamel.yaml's round-trip loader reads the fixed front matter
    as the original (as the checker read it) with only the fixed keys and values
    changed. Values the two readers would spell differently (timestamps, tags) make it
    refuse, which is the safe side."""
    if not renames and not changes:
        return
    before = {str(key): _plain(value) for key, value in article.front.mapping().items()}
    after = _round_trip(fixed)
    if after is None:
        raise _Refused(N_("the front matter cannot be read back"))
    expected = {renames.get(key, key): value for key, value in before.items()}
    expected.update(changes)
    if after != expected:
        raise _Refused(N_("the fixed front matter would not read back as intended"))


def _round_trip(text: str) -> dict | None:
    from ruamel.yaml import YAML

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = re.match(r"---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", text, re.DOTALL | re.MULTILINE)
    if match is None:
        return None
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    try:
        data = yaml.load(match.group(1))
    except Exception:
        return None
    return {str(key): _plain(value) for key, value in (data or {}).items()}


def _plain(value):
    """Plain dicts and lists for ruamel.yaml's commented ones (scalars compare equal)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
