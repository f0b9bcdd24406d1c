"""Run the rules over a set of files and collect what they find.

Files are read once each: the file rules run on the article and its :class:`Facts` are
kept; then the rules that compare articles run over the facts. Files in a locale folder
(``nb-NO/``, ``nl-NL/``) are compared with the whole knowledge base around them, so that
checking one changed file still finds a duplicate ``ms.assetid`` or a missing
translation; only the files asked about are reported on.

Nothing raises out of :func:`check` for any file content: a rule that fails is itself
reported as a problem on the file. Bad usage (a path that does not exist) raises
:class:`kb.config.ConfigError`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence

from kb.config import Config, ConfigError
from kb.facts import Facts
from kb.i18n import N_
from kb.pairing import Pairing
from kb.paths import LOCALES, OTHER_LOCALE, article_paths, locate, locate_all
from kb.problems import ERROR, Fix, Problem
from kb.schema import BETAL, Schema, parse_date
from kb.silences import is_silenced

INTERNAL = "internal-error"


class Report:
    """The problems found in ``files`` files; ``facts`` of every article read (by absolute
    path) and the ``targets`` asked about (absolute path: path as shown)."""

    def __init__(self, problems=None, files: int = 0, facts=None, targets=None) -> None:
        self.problems: list[Problem] = problems or []
        self.files = files
        self.facts: dict[str, Facts] = facts or {}
        self.targets: dict[str, str] = targets or {}

    def count(self, severity: str) -> int:
        return sum(1 for problem in self.problems if problem.severity == severity)

    @property
    def exit_code(self) -> int:
        return 1 if any(problem.severity == ERROR for problem in self.problems) else 0


class Context:
    """What the rules that compare articles see: every article's facts."""

    def __init__(self, facts: dict[str, Facts], targets: dict[str, str], trees: set[str],
                 folders: dict[str, str] | None = None, probes: list | None = None,
                 skipped: list[str] | None = None):
        self.by_key = facts
        self.skipped = skipped or []  # paths as shown of what is not a regular file
        self._folders = folders or {}
        self.facts = list(facts.values())
        self.targets_shown = targets  # absolute path: path as shown, of the files asked about
        self.trees = trees
        self._pairings: dict[str, Pairing] | None = None
        self._locales: dict[tuple[str, str], bool] = {}
        self._exists: dict[str, bool] = {}
        # every question asked of the file system, with its answer, so that a saved report
        # is reused only while the answers are the same
        self.probes: list[tuple] = [] if probes is None else probes

    def targets(self) -> Iterable[Facts]:
        return (facts for facts in self.facts if facts.key in self.targets_shown)

    def other_locale(self, facts: Facts) -> str | None:
        return OTHER_LOCALE.get(facts.locale)

    def pairing(self, root: str | None) -> Pairing:
        """The translations among the articles of the knowledge base at ``root``."""
        if self._pairings is None:
            by_root: dict[str, list[Facts]] = {}
            for facts in self.facts:
                if facts.locale:
                    by_root.setdefault(facts.root, []).append(facts)
            self._pairings = {key: Pairing(found) for key, found in by_root.items()}
        return self._pairings.get(root) or Pairing(())

    def translation(self, facts: Facts) -> Facts | None:
        """The article's other-language version (see :mod:`kb.pairing`)."""
        other = self.other_locale(facts)
        return self.pairing(facts.root).translation(facts, other) if other else None

    def blamed(self, one: Facts, other: Facts) -> Facts:
        """Which of two translations a difference between them is reported on, once: the
        one asked about when only one of them was; else the one that is behind (the older
        ``ms.date``); else the one in the later locale folder (nb-NO is the knowledge
        base's first language, which the other follows)."""
        asked = [facts for facts in (one, other) if facts.key in self.targets_shown]
        if len(asked) == 1:
            return asked[0]
        days = [parse_date(facts.date) for facts in (one, other)]
        if None not in days and days[0] != days[1]:
            return one if days[0] < days[1] else other
        order = {locale: index for index, locale in enumerate(LOCALES)}
        return max(one, other, key=lambda facts: (order.get(facts.locale, len(order)),
                                                  facts.path))

    def has_locale(self, root: str, locale: str) -> bool:
        key = (root, locale)
        if key not in self._locales:
            self._locales[key] = _probe(self.probes, "folder", os.path.join(root, locale))
        return self._locales[key]

    def expected_translation_path(self, facts: Facts) -> str:
        other = self.other_locale(facts)
        return self.display(os.path.join(facts.root, other, *facts.slug.split("/")) + ".md")

    def display(self, path: str) -> str:
        """A path as the writer should read it: relative to the current folder."""
        if path in self.targets_shown:
            return self.targets_shown[path]
        for folder, shown in self._folders.items():
            if _inside(path, folder):
                rest = path[len(folder) + 1:]
                return os.path.join(shown, rest) if shown else rest
        try:
            return os.path.relpath(path)
        except ValueError:
            return path

    def resolve(self, facts: Facts, relative: str) -> str:
        return os.path.normpath(os.path.join(os.path.dirname(facts.key), relative))

    def exists(self, path: str) -> bool:
        if path in self.by_key:
            return True
        if path not in self._exists:
            self._exists[path] = _probe(self.probes, "file", path)
        return self._exists[path]

    def load(self, path: str) -> Facts | None:
        """The facts of a Markdown file, read now when it is not among the checked ones."""
        if path in self.by_key:
            return self.by_key[path]
        if not self.exists(path):
            return None
        from kb.article import Article
        from kb.facts import facts_of

        root, locale, slug = locate(path)
        _probe(self.probes, "stamp", path)
        try:
            article = Article.read(path, locale, slug)  # refuses a FIFO: OSError
            facts = facts_of(article, path, root)._replace(path=self.display(path))
        except OSError:
            return None
        self.by_key[path] = facts
        return facts


def _probe(probes: list, kind: str, path: str):
    """Ask the file system about ``path``, note the question and answer in ``probes``."""
    if kind == "folder":
        answer = os.path.isdir(path)
    elif kind == "file":
        answer = os.path.exists(path) and _exact_case(path)
    else:
        answer = _stamp(path)
    probes.append((kind, path, answer))
    return answer


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def _exact_case(path: str) -> bool:
    """Whether ``path`` exists with exactly this case (it matters on the web server even
    where the file system ignores it)."""
    directory, name = os.path.split(path)
    try:
        return name in os.listdir(directory or ".")
    except OSError:
        return False


def collect(paths: Sequence[str]) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """({absolute path: path as shown} of the files to check, the same of the folders
    given, the paths as shown of what is there but not a regular file)."""
    targets: dict[str, str] = {}
    folders: dict[str, str] = {}
    skipped: list[str] = []
    for given in paths:
        absolute = os.path.abspath(given)
        if os.path.isdir(absolute):
            prefix = "" if os.path.normpath(given) == "." else given.rstrip("/" + os.sep)
            folders[absolute] = prefix
            cut = len(absolute) + 1
            lead = prefix + os.sep if prefix else ""
            passed_over: list[str] = []
            for path in article_paths(absolute, passed_over):
                targets[path] = lead + path[cut:]
            skipped.extend(lead + path[cut:] for path in passed_over)
        elif os.path.isfile(absolute):
            targets[absolute] = given
        elif os.path.lexists(absolute):
            skipped.append(given)
        else:
            raise ConfigError(N_("There is no file or folder '{path}'."), path=given)
    return targets, folders, skipped


def _trees(roots: set[str], folders: dict[str, str], probes: list) -> set[str]:
    """Knowledge-base roots checked whole: both locale folders exist and were given."""
    trees = set()
    for root in sorted(roots):
        if not all(_probe(probes, "folder", os.path.join(root, locale)) for locale in LOCALES):
            continue
        whole = any(_inside(root, folder) for folder in folders)
        if whole or all(os.path.join(root, locale) in folders for locale in LOCALES):
            trees.add(root)
    return trees


BATCH = 64  # files analyzed a step at a time
PARALLEL_FROM = 400  # files to read before starting worker processes pays for itself


def analyze_batch(jobs: list[tuple], schema: Schema = BETAL) -> list[tuple[tuple, list]]:
    """Facts and findings of each file, as plain tuples (what the cache stores), found a
    step at a time: every file read, then each rule over every file, then the facts of
    each (the same code over many files in a row keeps the processor's caches warm). The
    findings of a file come in the order the rules are documented."""
    from kb.article import Article, read_bytes
    from kb.facts import facts_of
    from kb.rules import FILE_RULES

    articles = []
    found: list[list] = []
    for key, shown, _, locale, slug in jobs:
        try:
            data = read_bytes(key)
        except OSError as error:
            articles.append(None)
            found.append([(1, 1, INTERNAL, N_("The file cannot be read: {error}"),
                           {"error": error.strerror or str(error)}, None)])
            continue
        articles.append(Article.from_bytes(shown, data, locale, slug))
        found.append([])
    for rule in FILE_RULES:
        for article, problems in zip(articles, found, strict=True):
            if article is None:
                continue
            try:
                for problem in rule.check(article, schema):
                    fix = problem.fix
                    problems.append((*problem[1:6], (fix.kind, fix.data) if fix else None))
            except Exception as error:  # a rule's bug must not hide the other findings
                problems.append((1, 1, INTERNAL, N_("Rule {rule} failed on this file: {error}"),
                                 {"rule": rule.ID, "error": f"{type(error).__name__}: {error}"},
                                 None))
    results = []
    for (key, _, root, _, _), article, problems in zip(jobs, articles, found, strict=True):
        facts = None
        if article is not None:
            try:
                facts = tuple(facts_of(article, key, root))
            except Exception as error:
                problems.append((1, 1, INTERNAL, N_("The file cannot be summarized: {error}"),
                                 {"error": f"{type(error).__name__}: {error}"}, None))
        results.append((facts, problems))
    return results


def check(paths: Sequence[str], config: Config | None = None, *,
          cache_dir: str | os.PathLike | None = None, jobs: int | None = None,
          reuse: bool = True) -> Report:
    """Check the Markdown files at ``paths`` (files or folders), reading them in ``jobs``
    processes (:func:`kb.pool.default_jobs` when None).

    With a ``cache_dir``, a report saved there is reused when nothing it depends on has
    changed (``reuse=False`` reads on; a reused report has no ``facts``, which --fix needs).
    """
    from kb.cache import Cache

    config = config or Config()
    targets, folders, skipped = collect(paths)
    places, shown, roots = _with_surroundings(targets, folders)
    cache = Cache(cache_dir)
    cache.load(repr(config.schema))
    stamps = {key: _stamp(key) for key in places}
    fingerprint = _fingerprint(targets, folders, skipped, stamps, config)
    saved = cache.report(fingerprint) if reuse else None
    if saved is not None and all(_probe([], kind, path) == answer
                                 for kind, path, answer in saved[0]):
        return Report([Problem(*fields, Fix(*fix) if fix else None)
                       for *fields, fix in saved[1]], len(targets), {}, targets)
    facts, found = _read(places, shown, stamps, cache, config.schema, jobs)
    report = Report(files=len(targets), facts=facts, targets=targets)
    probes: list[tuple] = []
    context = Context(facts, targets, _trees(roots, folders, probes), folders, probes,
                      skipped)
    report.problems = _problems(found, context, config)
    cache.put_report(fingerprint, probes, [(*problem[:7], tuple(problem.fix) if problem.fix
                                            else None) for problem in report.problems])
    cache.save()
    return report


def _fingerprint(targets, folders, skipped, stamps, config: Config) -> str:
    """What a report depends on besides the file system's answers, in a few bytes."""
    import zlib

    text = repr((list(targets.items()), sorted(folders.items()), skipped,
                 list(stamps.items()), sorted(config.severity.items()),
                 sorted(config.disable), repr(config.schema), os.getcwd()))
    return f"{len(text)}:{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}"


def _with_surroundings(targets, folders):
    """Where each file is ({path: (root, locale, slug)}), how to show it, and the roots:
    the files asked about and every article of the knowledge bases they belong to."""
    places = locate_all(targets)
    shown = dict(targets)
    roots = {place[0] for place in places.values() if place[0] is not None}
    for root in sorted(roots):
        for locale in LOCALES:
            folder = os.path.join(root, locale)
            if any(_inside(folder, given) for given in folders):
                continue  # walked already
            prefix = _relative(folder)
            more = [key for key in article_paths(folder) if key not in places]
            places.update(locate_all(more))
            for key in more:
                shown[key] = prefix + key[len(folder):]
    return places, shown, roots


def _read(places, shown, stamps, cache, schema, jobs):
    """({path: facts}, {path: findings as tuples}): from the cache while a file is
    unchanged, else by reading it (in several processes when there are many)."""
    facts: dict[str, Facts] = {}
    found: dict[str, list] = {}
    work = []
    for key, place in places.items():
        stamp = stamps[key]
        entry = cache.get(key, stamp) if stamp else None
        if entry is not None:
            if entry[1] is not None:
                facts[key] = Facts(shown[key], key, *place, *entry[1])
            found[key] = entry[2]
            continue
        work.append((key, shown[key], *place))
    from kb import pool

    if len(work) < PARALLEL_FROM:
        jobs = 1
    elif jobs != 1:  # what reading needs, imported here once: forked workers inherit it
        import kb.article
        import kb.facts
        import kb.rules  # noqa: F401
    results = pool.map_batches(functools.partial(analyze_batch, schema=schema), work,
                               batch_size=BATCH, jobs=jobs)
    for (key, *_), (fact, problems) in zip(work, results, strict=True):
        if fact is not None:
            facts[key] = Facts(*fact)
        found[key] = problems
        if stamps[key] is not None:
            cache.put(key, stamps[key], fact[_KEPT:] if fact is not None else None, problems)
    return facts, found


def _problems(found, context: Context, config: Config) -> list[Problem]:
    """The problems of the files asked about, configured, silenced and sorted: their own
    findings and those of the rules that compare articles."""
    from kb.rules import RULES, SET_RULES

    severity = {rule_id: config.severity_of(rule_id, module.SEVERITY)
                for rule_id, module in RULES.items() if rule_id not in config.disable}
    facts, targets = context.by_key, context.targets_shown
    problems = []
    for key, path in targets.items():
        fact = facts.get(key)
        silenced = fact is not None and (fact.silences or fact.file_silences)
        for line, column, rule, msgid, params, fix in found.get(key, ()):
            level = severity.get(rule, ERROR if rule == INTERNAL else None)
            if level is None or (silenced and is_silenced(rule, line, fact.silences,
                                                         fact.file_silences)):
                continue
            problems.append(Problem(path, line, column, rule, msgid, params, level,
                                    Fix(fix[0], tuple(fix[1])) if fix else None))
    by_path = {path: key for key, path in targets.items()}
    others = {fact.path for key, fact in facts.items() if key not in targets}
    for rule in SET_RULES:
        if rule.ID not in severity:
            continue
        try:
            for problem in rule.check_set(context):
                problem = _configured(problem, severity, facts, by_path, others)
                if problem is not None:
                    problems.append(problem)
        except Exception as error:  # a rule's bug must not hide the other findings
            problems.append(Problem(
                next(iter(targets.values()), "."), 1, 1, INTERNAL,
                N_("Rule {rule} failed: {error}"),
                {"rule": rule.ID, "error": f"{type(error).__name__}: {error}"}))
    problems.sort(key=Problem.sort_key)
    return problems


# Facts fields the cache leaves out because the file's path gives them: path, key, root,
# locale, slug.
_KEPT = 5


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _configured(problem: Problem, severity, facts, by_path, others) -> Problem | None:
    """A set rule's problem with its configured severity; None when it is about a file not
    asked about (but read for comparison), or silenced there."""
    key = by_path.get(problem.path)
    if key is None and problem.path in others:
        return None
    fact = facts.get(key) if key else None
    if fact is not None and is_silenced(problem.rule, problem.line, fact.silences,
                                        fact.file_silences):
        return None
    level = severity[problem.rule]
    return problem if level == problem.severity else problem._replace(severity=level)
