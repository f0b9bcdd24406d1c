"""The knowledge-base commands: ``betal kb check|rules|import|new|status``.

``tui.cli`` adds them to the ``betal`` program with :func:`add_commands`. Each handler
returns the exit code: 0 clean, 1 problems found (errors), 2 bad usage. Heavy modules are
imported inside the handlers, so that ``betal kb check`` starts quickly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from engine.locales import requested_locale
from kb.i18n import N_, gettext_for, render


def locale_from(argv: list[str]) -> str:
    """The language of the tool's own messages, as the rest of ``betal`` resolves it. After
    ``kb import``, --locale is the article's language, not the interface's."""
    if "kb" in argv and "import" in argv[argv.index("kb"):]:
        argv = argv[:argv.index("import", argv.index("kb"))]
    return requested_locale(argv)


def add_commands(subparsers, t, parents=()) -> None:
    """Register ``betal kb ...``. ``t`` is the engine's translator (unused: these help texts
    are in the ``kb`` catalogs); ``parents`` hold the options every command takes."""
    kt = gettext_for(locale_from(sys.argv[1:]))

    def command(group, name: str, help_text: str, handler=None, common=True):
        parser = group.add_parser(name, help=kt(help_text), description=kt(help_text),
                                  parents=list(parents) if common else [])
        if handler is not None:
            parser.set_defaults(handler=handler)
        return parser

    kb = command(subparsers, "kb", N_("check, fix, import and scaffold knowledge-base "
                                      "articles"))
    commands = kb.add_subparsers(dest="kb_command", metavar="COMMAND", required=True)

    check = command(commands, "check", N_("check articles: front matter, links, actions, "
                                          "translations"), cmd_check)
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help=kt(N_("files or folders to check (default: kb)")))
    check.add_argument("--format", default="text", metavar="FORMAT",
                       help=kt(N_("text, json, github or sarif (default: text)")))
    check.add_argument("--fix", action="store_true",
                       help=kt(N_("apply the safe fixes, then report what is left")))
    check.add_argument("--config", metavar="FILE",
                       help=kt(N_("the pyproject.toml to read [tool.betal.kb] from (default: "
                                  "the nearest one)")))
    check.add_argument("--no-cache", action="store_true",
                       help=kt(N_("read every file again instead of using .betal-cache")))
    check.add_argument("--cache-dir", metavar="DIR",
                       help=kt(N_("where to keep the cache (default: .betal-cache next to "
                                  "pyproject.toml)")))
    check.add_argument("--jobs", type=int, metavar="N",
                       help=kt(N_("processes to read and fix files with (default: one per "
                                  "CPU)")))

    rules = command(commands, "rules", N_("list the rules of 'kb check' with their "
                                          "documentation"), cmd_rules)
    rules.add_argument("--markdown", action="store_true",
                       help=kt(N_("print docs/kb-check.md, the reference generated from the "
                                  "rules")))

    # --locale here is the article's language, so this command does without the common
    # options (give the interface language before the command: betal --locale nb-NO kb ...)
    importer = command(commands, "import", N_("turn a seed or exported article into a "
                                              "clean article"), cmd_import, common=False)
    importer.add_argument("source", metavar="SOURCE", help=kt(N_("the file to import")))
    importer.add_argument("--locale", dest="article_locale", required=True,
                          metavar="LOCALE", help=kt(N_("the article's language: nb-NO or "
                                                       "nl-NL")))
    importer.add_argument("--out", required=True, metavar="DIR",
                          help=kt(N_("the knowledge-base folder (the article goes into "
                                     "DIR/LOCALE/)")))
    importer.add_argument("--slug", help=kt(N_("the file name without .md (default: from the "
                                               "title)")))
    importer.add_argument("--force", action="store_true",
                          help=kt(N_("write over the article the source already is (inside "
                                     "DIR only)")))
    importer.add_argument("--dry-run", action="store_true",
                          help=kt(N_("write nothing: show what the import would change, as "
                                     "a diff")))

    new = command(commands, "new", N_("scaffold an article in both languages"), cmd_new)
    new.add_argument("slug", metavar="SLUG", help=kt(N_("the file name without .md")))
    new.add_argument("--title", required=True,
                     help=kt(N_("the title (used for both languages unless --title-nl is "
                                "given)")))
    new.add_argument("--title-nl", help=kt(N_("the Dutch title")))
    new.add_argument("--root", default=None, metavar="DIR",
                     help=kt(N_("the knowledge-base folder (default: kb)")))

    status = command(commands, "status", N_("show each article's translation state"),
                     cmd_status)
    status.add_argument("--root", default=None, metavar="DIR",
                        help=kt(N_("the knowledge-base folder (default: kb)")))
    status.add_argument("--json", action="store_true", help=kt(N_("print JSON")))
    status.add_argument("--record", nargs="*", metavar="SLUG",
                        help=kt(N_("record that these articles' translations agree as they "
                                   "are now (all articles when no SLUG is given)")))


def default_root() -> str:
    """``kb`` in the current folder when it exists, else the articles Betal ships."""
    if os.path.isdir("kb") and any(os.path.isdir(os.path.join("kb", locale))
                                   for locale in ("nb-NO", "nl-NL")):
        return "kb"
    return str(Path(__file__).parent)


def _fail(error, locale: str) -> int:
    message = error.render(locale)
    print(render(N_("error: {message}"), {"message": message}, locale), file=sys.stderr)
    return 2


def cmd_check(args, out) -> int:
    from kb.checker import check
    from kb.config import ConfigError, find, load
    from kb.formats import FORMATS
    from kb.formats import render as render_format

    locale = out.locale
    try:
        if args.format not in FORMATS:
            raise ConfigError(N_("There is no format '{format}': use one of {formats}."),
                              format=args.format, formats=list(FORMATS))
        if args.jobs is not None and args.jobs < 1:
            raise ConfigError(N_("--jobs must be 1 or more."))
        config = load(args.config)
        paths = args.paths or [default_root()]
        cache_dir = args.cache_dir
        if cache_dir is None and not args.no_cache:
            project = Path(config.path).parent if config.path else (find() or Path(
                "pyproject.toml")).parent
            cache_dir = project / ".betal-cache"
        report = check(paths, config, cache_dir=cache_dir, jobs=args.jobs, reuse=not args.fix)
        if args.fix:
            from kb import fix

            outcome = fix.apply(report, jobs=args.jobs)
            for path, msgid, params in outcome.refused:
                print(render(N_("{path}: not fixed: {reason}"),
                             {"path": path, "reason": render(msgid, params, locale)}, locale),
                      file=sys.stderr)
            print(render(N_("Fixes applied: {fixed} (files changed: {files})."),
                         {"fixed": outcome.fixed, "files": len(outcome.files)}, locale),
                  file=sys.stderr)
            report = check(paths, config, cache_dir=cache_dir, jobs=args.jobs)
    except ConfigError as error:
        return _fail(error, locale)
    sys.stdout.write(render_format(args.format, report, locale))
    return report.exit_code


def cmd_rules(args, out) -> int:
    from kb import reference

    text = reference.markdown() if args.markdown else reference.listing(out.locale)
    sys.stdout.write(text)
    return 0


def cmd_import(args, out) -> int:
    from kb.config import ConfigError
    from kb.importer import import_file

    # --locale here is the article's: the messages are in the interface's language, given
    # before the command (betal --locale nb-NO kb import ...) or by the environment
    locale = getattr(args, "locale", None) or locale_from([])
    try:
        outcome = import_file(args.source, args.article_locale, args.out, slug=args.slug,
                              force=args.force, dry_run=args.dry_run)
    except ConfigError as error:
        return _fail(error, locale)
    t = gettext_for(locale)
    if outcome.found_by:
        print(render(N_("{path} is this article already (the same {match})."),
                     {"path": outcome.path, "match": t(outcome.found_by)}, locale),
              file=sys.stderr)
    if args.dry_run:
        sys.stdout.write(outcome.diff() or render(N_("No changes to {path}."),
                                                  {"path": outcome.path}, locale) + "\n")
        return 0
    print(outcome.path)
    return 0


def cmd_new(args, out) -> int:
    from kb.config import ConfigError
    from kb.scaffold import scaffold

    try:
        paths = scaffold(args.root or default_root(), args.slug, args.title,
                         title_nl=args.title_nl)
    except ConfigError as error:
        return _fail(error, out.locale)
    for path in paths:
        print(path)
    return 0


def cmd_status(args, out) -> int:
    from kb.config import ConfigError
    from kb.status import record, render_status, status

    root = args.root or default_root()
    skipped: list[str] = []
    try:
        if args.record is not None:
            recorded = record(root, args.record)
            print(render(N_("Recorded as agreeing: {slugs}."), {"slugs": recorded or ["-"]},
                         out.locale), file=sys.stderr)
        rows = status(root, skipped)
    except ConfigError as error:
        return _fail(error, out.locale)
    for path in skipped:
        print(render(N_("{path}: skipped: not a regular file (a FIFO, a device or a broken "
                        "link)."), {"path": path}, out.locale), file=sys.stderr)
    sys.stdout.write(render_status(rows, out.locale, as_json=args.json))
    return 0
