"""The engine's commands: ``actions``, ``run``, ``demo``, ``clock``, ``tick``, ``worker``
and the shared account's ``passphrase``, ``one-time-code`` and ``sign-in-policy``.

``tui.cli`` assembles these with the knowledge-base commands into the ``betal`` program.
Each handler returns the exit code: 0 done, 1 refused by a rule, 2 bad usage or input.
Everything printed goes through :class:`Output`, which escapes control characters, so text
stored by one admin cannot take over another admin's terminal.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import Any

from engine.errors import N_, BetalError, InputError
from engine.i18n import Message
from engine.locales import environment_locale, normalize
from engine.safe_text import escape, escape_json

# The longest wait between two worker passes: a day.
MAX_INTERVAL = 86400.0


class Output:
    """Writes to stdout in the chosen language, every line escaped (engine.safe_text)."""

    def __init__(self, locale: str, as_json: bool = False) -> None:
        self.locale = normalize(locale)
        self.as_json = as_json

    def t(self, msgid: str, **params: Any) -> str:
        return Message(msgid, **params).render(self.locale)

    def line(self, text: str = "", *, err: bool = False, flush: bool = False) -> None:
        print(escape(text), file=sys.stderr if err else sys.stdout, flush=flush)

    def json(self, value: Any) -> None:
        print(escape_json(json.dumps(value, ensure_ascii=False, indent=2, default=str)))

    def error(self, error: BetalError) -> int:
        if self.as_json:
            self.json({"ok": False, **error.to_dict(self.locale)})
        else:
            self.line(self.t(N_("error: {message}"), message=error.render(self.locale)),
                      err=True)
        return error.exit_code


def add_commands(subparsers, t, parents=()) -> None:
    """Register the engine's subcommands. ``t`` translates help texts; ``parents`` holds
    the options every command takes (--db, --locale)."""

    def command(group, name: str, help_text: str, handler=None) -> argparse.ArgumentParser:
        parser = group.add_parser(name, help=t(help_text), parents=list(parents))
        if handler is not None:
            parser.set_defaults(handler=handler)
        return parser

    def json_flag(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help=t(N_("print JSON")))

    def as_admin(parser: argparse.ArgumentParser, help_text: str) -> None:
        parser.add_argument("--as", dest="admin", required=True, metavar="ADMIN",
                            help=t(help_text))
        parser.add_argument("--tenant",
                            help=t(N_("the tenant id (when the admin is ambiguous)")))

    actions = command(subparsers, "actions", N_("list the actions and their parameters"),
                      cmd_actions)
    json_flag(actions)

    run = command(subparsers, "run", N_("run an action"), cmd_run)
    run.add_argument("action", help=t(N_("the action id, e.g. balance.settle")))
    run.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help=t(N_("a parameter of the action (repeatable)")))
    run.add_argument("--stdin", action="append", default=[], metavar="NAME",
                     help=t(N_("read parameter NAME from standard input, one line each in "
                               "the order given (asked without echo on a terminal); a card "
                               "number or security code is only ever read this way")))
    as_admin(run, N_("the acting admin: id or e-mail"))
    run.add_argument("--preview", action="store_true",
                     help=t(N_("show what would change without changing anything")))
    run.add_argument("--idempotency-key", metavar="KEY",
                     help=t(N_("run at most once for this key")))
    json_flag(run)

    demo = command(subparsers, "demo", N_("create the demo account"), cmd_demo)
    demo.add_argument("--reset", action="store_true",
                      help=t(N_("delete everything and create the demo account again")))
    demo.add_argument("--yes", action="store_true",
                      help=t(N_("reset without asking first")))
    json_flag(demo)

    init = command(subparsers, "init",
                   N_("make a new, empty database a live account (real time, no demo) or a "
                      "sandbox (simulated time)"), cmd_init)
    init.add_argument("mode", choices=("live", "sandbox"),
                      help=t(N_("live or sandbox")))
    json_flag(init)

    tenant = command(subparsers, "tenant", N_("create a tenant"))
    tenant_commands = tenant.add_subparsers(dest="tenant_command", required=True)
    create = command(tenant_commands, "create",
                     N_("create a tenant with its first Global admin"), cmd_tenant_create)
    create.add_argument("--name", required=True, help=t(N_("the organisation's name")))
    create.add_argument("--country", required=True,
                        help=t(N_("its country: NO, NL, SE, BE, FR, IT, LU, PT, ES or US")))
    create.add_argument("--admin-name", required=True,
                        help=t(N_("the first Global admin's name")))
    create.add_argument("--admin-email", required=True,
                        help=t(N_("the first Global admin's e-mail address")))
    json_flag(create)

    clock = command(subparsers, "clock", N_("show or advance the simulated clock"))
    clock_commands = clock.add_subparsers(dest="clock_command", required=True)
    json_flag(command(clock_commands, "show", N_("show the simulated time"), cmd_clock_show))
    advance = command(clock_commands, "advance", N_("move the simulated time on"),
                      cmd_clock_advance)
    advance.add_argument("duration", help=t(N_("how far: 7d, 2w, 36h, 90m")))
    advance.add_argument("--no-tick", action="store_true",
                         help=t(N_("only move the clock; do not process what falls due")))
    json_flag(advance)

    tick = command(subparsers, "tick",
                   N_("process everything that is due: charges, retries, notices"), cmd_tick)
    json_flag(tick)

    worker = command(subparsers, "worker",
                     N_("keep processing what falls due (several workers may share a "
                        "PostgreSQL database)"), cmd_worker)
    worker.add_argument("--batch", type=int, default=500, metavar="N",
                        help=t(N_("items of each kind per pass (default 500)")))
    worker.add_argument("--interval", type=float, default=5.0, metavar="SECONDS",
                        help=t(N_("seconds to wait when nothing is due (default 5, at most "
                                  "86400)")))
    worker.add_argument("--until-idle", action="store_true",
                        help=t(N_("stop when a pass finds nothing due")))
    json_flag(worker)

    passphrase = command(subparsers, "passphrase",
                         N_("set or change an admin's passphrase: the first one with a one-time "
                            "code from a Global admin (BETAL_ONE_TIME_CODE), a new one with the "
                            "current one (BETAL_PASSPHRASE); the new one from "
                            "BETAL_NEW_PASSPHRASE, or asked"), cmd_passphrase)
    as_admin(passphrase, N_("the admin: id or e-mail"))

    code = command(subparsers, "one-time-code",
                   N_("issue a one-time code for an admin's first passphrase (Global admins)"),
                   cmd_one_time_code)
    as_admin(code, N_("the Global admin issuing it: id or e-mail"))
    code.add_argument("--for", dest="target", required=True, metavar="ADMIN",
                      help=t(N_("the admin who sets a passphrase with it: id or e-mail")))
    json_flag(code)

    policy = command(subparsers, "sign-in-policy",
                     N_("show the tenant's sign-in policy, or change it (Global admins)"),
                     cmd_sign_in_policy)
    as_admin(policy, N_("the admin: id or e-mail"))
    policy.add_argument("--max-failures", type=int, metavar="N",
                        help=t(N_("wrong passphrases in a row before a lockout")))
    policy.add_argument("--lockout-minutes", type=int, metavar="MINUTES",
                        help=t(N_("how long a lockout lasts")))
    policy.add_argument("--min-length", type=int, metavar="N",
                        help=t(N_("the fewest characters a new passphrase may have")))
    json_flag(policy)


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError("invalid-parameter",
                             N_("'{pair}' is not NAME=VALUE."), pair=pair)
        if name.strip() in params:
            raise InputError("invalid-parameter",
                             N_("Parameter '{name}' is given twice."), name=name.strip())
        params[name.strip()] = value
    return params


def _config():
    """Betal's configuration (engine.config), imported by the commands that use it: the
    rules' figures are not needed to build the command line or to check articles."""
    from engine import config

    return config.load()


def open_db(args, *, create: bool = False):
    """The database of ``--db``; only ``create=True`` makes a new SQLite file."""
    from engine.store.database import open_database

    return open_database(args.db, create=create)


def cmd_actions(args, out: Output) -> int:
    from engine.actions.registry import all_actions

    actions = all_actions()
    if out.as_json:
        out.json([action.to_dict(out.locale) for action in actions])
        return 0
    for action in actions:
        flag = out.t(N_("changes data")) if action.mutates else out.t(N_("read-only"))
        out.line(f"{action.id:38} {out.t(action.title)}  [{flag}, {action.permission.value}]")
        for param in action.params:
            need = "*" if param.required else " "
            out.line(f"    {need} {param.name:16} {param.type:16} {out.t(param.label)}")
    out.line()
    out.line(out.t(N_("* required. Run one with: betal run ACTION --as ADMIN --param NAME=VALUE")))
    return 0


def ask(prompt: str) -> str | None:
    """Read a secret from the terminal, or None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(escape(prompt))


def read_secrets(action_id: str, params: dict[str, str], names: list[str],
                 out: Output) -> dict[str, str]:
    """The parameters read from standard input: each name of ``--stdin``, then every
    required secret parameter not given yet. A secret given as ``--param`` is refused:
    the command line is visible to other users and kept in the shell's history."""
    from engine.actions import registry

    try:
        action = registry.get(action_id)
    except InputError:
        return {}  # the runner reports the unknown action
    registry.check_names(action, [*params, *names])
    for name in params:
        param = action.param(name)
        if param is not None and param.secret:
            raise InputError(
                "secret-on-command-line",
                N_("'{name}' ({label}) is never given on the command line, where other users "
                   "and the shell history can read it. Leave it out and Betal asks for it, or "
                   "pipe it in with --stdin {name}."),
                name=name, label=Message(param.label))
    wanted = list(dict.fromkeys(
        [*names, *(p.name for p in action.params if p.secret and p.required
                   and p.name not in params)]))
    values = {}
    for name in wanted:
        if name in params:
            raise InputError("invalid-parameter",
                             N_("Parameter '{name}' is given twice."), name=name)
        label = out.t(action.param(name).label)
        value = ask(f"{label}: ") if sys.stdin.isatty() else sys.stdin.readline()
        value = (value or "").rstrip("\r\n")
        if value:
            values[name] = value
    return values


def cmd_run(args, out: Output) -> int:
    from engine.actions.runner import check_key, execute

    check_key(args.idempotency_key)
    params = parse_params(args.param)
    params |= read_secrets(args.action, params, args.stdin, out)
    database = open_db(args)
    passphrase = os.environ.get("BETAL_PASSPHRASE")
    while True:
        result = execute(database, args.action, params, admin=args.admin, tenant=args.tenant,
                         preview=args.preview, idempotency_key=args.idempotency_key,
                         locale=args.locale or environment_locale(), passphrase=passphrase)
        if result.code != "passphrase-required" or passphrase is not None:
            break
        passphrase = ask(out.t(N_("Passphrase for {admin}: "), admin=args.admin))
        if passphrase is None:
            break
    if out.as_json:
        out.json(result.to_dict())
        return result.exit_code
    if not args.locale and result.locale:
        out.locale = result.locale
    print_result(result, out)
    return result.exit_code


def print_result(result, out: Output) -> None:
    """A result as the command line shows it.

    A preview says first that nothing has changed; for an action that changes the account
    it then lists what running it would change, and never shows an outcome ("✓ Paid …")
    as if it had happened."""
    from engine.actions.registry import REGISTRY

    action = REGISTRY.get(result.action)
    lines = [line for change in result.changes for line in change.get("lines", ())]
    if result.preview:
        out.line(out.t(N_("Preview: nothing has changed.")))
    if result.preview and action is not None and action.mutates and result.exit_code != 2:
        if lines:
            out.line(out.t(N_("Running it would change this:")))
            for line in lines:
                out.line(f"  • {line}")
        elif result.ok:
            out.line(out.t(N_("Running it would change nothing: {message}"),
                           message=result.message))
        else:
            out.line(f"✗ {result.message}")
        print_guidance(result, out, details=not lines)
        if lines:
            out.line(out.t(N_("To do it, run the same command without --preview.")))
        return
    if result.replayed:
        # A retried request: say that nothing ran again before showing the first answer,
        # which is given as it was then (in the language it was asked in).
        out.line(out.t(N_("Not run again: a request with this idempotency key was already "
                          "made. Its result, as it was given then:")),
                 err=result.exit_code != 0)
    mark = "✓" if result.ok else "✗"
    out.line(f"{mark} {result.message}", err=result.exit_code != 0)
    print_guidance(result, out)
    if lines:
        out.line(out.t(N_("Changed:")))
        for line in lines:
            out.line(f"  • {line}")


def print_guidance(result, out: Output, *, details: bool = True) -> None:
    """A result's details, findings, the articles that cover them and what to run next."""
    for detail in result.details if details else ():
        out.line(f"  {detail}")
    for finding in result.findings:
        out.line(f"  • {finding['message']}")
        if finding["rule"]:
            out.line("    " + out.t(N_("see {url}"), url=finding["rule"]["url"]))
    if result.rule and not result.findings:
        out.line("  " + out.t(N_("see {url}"), url=result.rule["url"]))
    for fix in result.fixes:
        out.line("  " + out.t(N_("next: {command}"), command=fix["command"]))


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; no terminal means no."""
    if not sys.stdin.isatty():
        return False
    answer = input(escape(question) + " ")
    return answer.strip().lower() in ("y", "yes", "j", "ja")


def cmd_demo(args, out: Output) -> int:
    from engine import demo

    database = open_db(args, create=True)
    if args.reset:
        with database.unit_of_work(write=False) as uow:
            if uow.live:
                from engine.store.uow import live_refusal

                raise live_refusal()
        if not args.yes and not confirm(out.t(
                N_("Delete everything in {url} and create the demo account again? [y/N]"),
                url=database.url)):
            raise InputError("not-confirmed",
                             N_("Nothing was deleted. Reset the sandbox with --yes, or answer "
                                "y when asked."))
        demo.reset(database)
    summary = demo.exists(database)
    created = summary is None
    if created:
        summary = demo.create(database)
    if out.as_json:
        out.json(summary)
        return 0
    out.line(out.t(N_("Demo account created in {url}.") if created
                   else N_("The demo account is already in {url} (--reset starts over)."),
                   url=database.url))
    for tenant in summary["tenants"]:
        out.line()
        out.line(f"{tenant['name']} ({tenant['id']}, {tenant['country']}, {tenant['locale']})")
        for admin in tenant["admins"]:
            out.line(f"  {admin['email']:28} {admin['role']:15} {admin['id']}")
        for name, subscription in tenant["subscriptions"].items():
            out.line(f"  {name:28} {subscription}")
    out.line()
    out.line(out.t(N_("Try:")))
    scenario = summary["scenarios"]["past-due"]
    out.line(f"  betal run past-due.status --as {scenario['admin']} "
             f"--param subscription={scenario['subscription']}")
    out.line(f"  betal run balance.settle --as {scenario['admin']} "
             f"--param subscription={scenario['subscription']} --preview")
    return 0


def cmd_init(args, out: Output) -> int:
    from sqlalchemy import select

    from engine.store import schema
    from engine.store.uow import LIVE, MODE_SETTING

    database = open_db(args, create=True)
    with database.unit_of_work() as uow:
        if uow.connection.execute(select(schema.tenants.c.id).limit(1)).first() is not None:
            raise InputError("not-empty",
                             N_("{url} already holds an account; only a new, empty database "
                                "is made live or a sandbox."), url=database.url)
        uow.put_setting(MODE_SETTING, args.mode)
        if args.mode != LIVE:
            uow.set_now(datetime_now())
        uow.commit()
    if out.as_json:
        out.json({"mode": args.mode, "database": database.url})
    else:
        out.line(out.t(N_("{url} is a live account: it runs on real time.") if args.mode == LIVE
                       else N_("{url} is a sandbox: its time is simulated."),
                       url=database.url))
    return 0


def datetime_now():
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(tzinfo=None)


def cmd_tenant_create(args, out: Output) -> int:
    from engine.domain.model import AdminRole
    from engine.services import accounts

    database = open_db(args)
    with database.unit_of_work() as uow:
        try:
            now = uow.now()
        except LookupError:
            raise InputError("no-account", N_("Make the database live or a sandbox first: "
                                              "'betal init live' or 'betal init "
                                              "sandbox'.")) from None
        tenant = accounts.create_tenant(uow, _config(), name=args.name,
                                        country=args.country, now=now)
        admin = accounts.add_admin(uow, tenant, name=args.admin_name, email=args.admin_email,
                                   role=AdminRole.GLOBAL)
        uow.commit()
    if out.as_json:
        out.json({"tenant": tenant.id, "admin": admin.id, "currency": tenant.currency,
                  "locale": tenant.locale})
    else:
        out.line(out.t(N_("Created {tenant} ({id}, {country}, {currency}) with its Global "
                          "admin {admin} ({admin_id})."),
                       tenant=tenant.name, id=tenant.id, country=tenant.country,
                       currency=tenant.currency, admin=admin.email, admin_id=admin.id))
    return 0


def _now(database):
    with database.unit_of_work(write=False) as uow:
        try:
            return uow.now()
        except LookupError:
            raise InputError("no-account", N_("There is no account in this database yet: run "
                                              "'betal demo' first.")) from None


def cmd_clock_show(args, out: Output) -> int:
    database = open_db(args)
    now = _now(database)
    if out.as_json:
        out.json({"now": now.isoformat()})
    else:
        out.line(out.t(N_("Simulated time: {now}"), now=now))
    return 0


def cmd_clock_advance(args, out: Output) -> int:
    from engine.clock import parse_duration
    from engine.services.billing_cycle import run_due

    span = parse_duration(args.duration)
    database = open_db(args)
    _now(database)
    with database.unit_of_work() as uow:
        uow.set_now(uow.now() + span)
        report = None if args.no_tick else run_due(uow, _config())
        now = uow.now()
        uow.commit()
    if out.as_json:
        out.json({"now": now.isoformat(), "processed": report.to_dict() if report else None})
        return 0
    out.line(out.t(N_("Simulated time: {now}"), now=now))
    if report:
        print_report(report, out)
    return 0


def cmd_tick(args, out: Output) -> int:
    from engine.worker import run_due_committed

    database = open_db(args)
    _now(database)
    report = run_due_committed(database, _config())
    if out.as_json:
        out.json(report.to_dict())
    else:
        print_report(report, out)
    return 0


# Shared accounts: passphrases, one-time codes, the sign-in policy --------------------------


def signed_in(args, out: Output, database):
    """The admin of ``--as``, signed in: with their passphrase from BETAL_PASSPHRASE, or
    asked for on a terminal, when they have one."""
    from engine.actions.runner import sign_in

    passphrase = os.environ.get("BETAL_PASSPHRASE")
    while True:
        try:
            return sign_in(database, args.admin, args.tenant, passphrase)
        except InputError as error:
            if error.code != "passphrase-required" or passphrase is not None:
                raise
            passphrase = ask(out.t(N_("Passphrase for {admin}: "), admin=args.admin))
            if passphrase is None:
                raise


def _secret(variable: str, prompt: str) -> str | None:
    value = os.environ.get(variable)
    return value if value is not None else ask(prompt)


def cmd_passphrase(args, out: Output) -> int:
    from engine.actions.runner import find_actor
    from engine.services import auth

    database = open_db(args)
    with database.unit_of_work(write=False) as uow:
        _, admin = find_actor(uow, args.admin, args.tenant)
    current = code = None
    if admin.passphrase_hash is not None:
        current = _secret("BETAL_PASSPHRASE",
                          out.t(N_("Current passphrase for {admin}: "), admin=admin.email))
    else:
        code = _secret("BETAL_ONE_TIME_CODE",
                       out.t(N_("One-time code for {admin} (from a Global admin): "),
                             admin=admin.email))
        if code is None:
            raise auth.refusal("code-required", admin)
    new = os.environ.get("BETAL_NEW_PASSPHRASE")
    if new is None:
        new = ask(out.t(N_("New passphrase: ")))
        if new is not None and ask(out.t(N_("New passphrase again: "))) != new:
            raise InputError("passphrase-mismatch", N_("The two passphrases differ."))
    if new is None:
        raise InputError("passphrase-required",
                         N_("Give the new passphrase in BETAL_NEW_PASSPHRASE or run this in a "
                            "terminal."))
    with database.unit_of_work() as uow:
        admin = uow.admins.get(admin.id, for_update=True)
        try:
            auth.set_passphrase(uow, admin, new, _config(), current=current,
                                code=code)
        except BetalError:
            uow.commit()  # a wrong passphrase or code counts towards the lockout, audited
            raise
        uow.commit()
    out.line(out.t(N_("The passphrase of {admin} is set."), admin=admin.email))
    return 0


def cmd_one_time_code(args, out: Output) -> int:
    from engine.actions.runner import find_actor
    from engine.services import auth

    database = open_db(args)
    actor = signed_in(args, out, database)
    with database.unit_of_work() as uow:
        actor = uow.admins.get(actor.id)
        _, target = find_actor(uow, args.target, actor.tenant_id)
        code, expires = auth.issue_code(uow, actor, target)
        uow.commit()
    if out.as_json:
        out.json({"admin": target.id, "email": target.email, "code": code,
                  "expires_at": expires.isoformat()})
        return 0
    out.line(out.t(N_("One-time code for {admin}: {code}"), admin=target.email, code=code))
    out.line(out.t(N_("It works once, until {until}. Give it to them privately; they set their "
                      "passphrase with 'betal passphrase --as {admin}'."),
                   until=expires, admin=target.email))
    return 0


def cmd_sign_in_policy(args, out: Output) -> int:
    from engine.services import auth

    database = open_db(args)
    actor = signed_in(args, out, database)
    changes = {"max_failures": args.max_failures, "lockout_minutes": args.lockout_minutes,
               "min_passphrase_length": args.min_length}
    with database.unit_of_work() as uow:
        if any(value is not None for value in changes.values()):
            actor = uow.admins.get(actor.id)
            policy = auth.set_policy(uow, actor, _config(), **changes)
            uow.commit()
        else:
            policy = auth.policy(uow, actor.tenant_id, _config())
        setter = uow.admins.get(policy.set_by) if policy.set_by else None
    if out.as_json:
        out.json(policy.to_dict())
        return 0
    out.line(out.t(N_("Sign-in policy: {failures} wrong passphrases in a row lock an admin out "
                      "for {lockout}; a passphrase has at least {length} characters."),
                   failures=policy.max_failures, lockout=policy.lockout,
                   length=policy.min_passphrase_length))
    out.line(out.t(N_("Set by {admin} on {date}.") if policy.set_by else
                   N_("These are Betal's defaults: no Global admin has changed them."),
                   admin=setter.email if setter else None, date=policy.set_at))
    return 0


# The worker --------------------------------------------------------------------------------


def cmd_worker(args, out: Output) -> int:
    from engine.worker import open_when_reachable, stop_on_signals, work

    if args.batch < 1:
        raise InputError("invalid-parameter", N_("--batch must be at least 1."))
    if not (math.isfinite(args.interval) and 0 <= args.interval <= MAX_INTERVAL):
        raise InputError("invalid-parameter",
                         N_("--interval must be a number of seconds from 0 to {most}, not "
                            "{value}."), most=int(MAX_INTERVAL), value=str(args.interval))
    stop = stop_on_signals()

    def open_account():
        database = open_db(args)
        _now(database)
        return database

    def unreachable(error: Exception, delay: float) -> None:
        out.line(out.t(N_("The database cannot be reached ({reason}); trying again in "
                          "{seconds} seconds."),
                       reason=_one_line(error, out.locale), seconds=round(delay)), err=True,
                 flush=True)

    def failed(error: Exception, delay: float) -> None:
        out.line(out.t(N_("A pass failed ({reason}); trying again in {seconds} seconds."),
                       reason=_one_line(error, out.locale), seconds=round(delay)), err=True,
                 flush=True)

    database = open_when_reachable(open_account, stop=stop, on_failure=unreachable)
    report = work(database, batch=args.batch, interval=args.interval,
                  until_idle=args.until_idle, stop=stop,
                  on_pass=None if out.as_json else
                  lambda step: step.anything and print_report(step, out, flush=True),
                  on_failure=failed)
    if out.as_json:
        out.json(report.to_dict())
    return 0


def _one_line(error: Exception, locale: str) -> str:
    if isinstance(error, BetalError) and error.code == "database-unavailable":
        return error.params["reason"]  # the server's own words; the address is not news
    if isinstance(error, BetalError):
        return error.render(locale)
    origin = getattr(error, "orig", None) or error
    return " ".join(str(origin).split()) or type(error).__name__


def print_report(report, out: Output, *, flush: bool = False) -> None:
    out.line(out.t(
        N_("Processed: {invoices} invoices issued, {charges} charges ({paid} paid, {declined} "
           "declined), {notices} notices sent, {past_due} subscriptions became past due."),
        invoices=report.invoices_issued, charges=report.charges, paid=report.paid,
        declined=report.declined, notices=report.notices, past_due=report.became_past_due),
        flush=flush)


def run_command(args: argparse.Namespace, out: Output) -> int:
    """Run the command's handler; a refusal or a database failure becomes its exit code and
    one line in the user's language."""
    try:
        return args.handler(args, out)
    except BetalError as error:
        return out.error(error)
    except Exception as error:
        # SQLAlchemy is imported only here: commands without a database (kb) never load it.
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError):
            raise
        from engine.store.database import database_error, resolve_url

        return out.error(database_error(error, resolve_url(getattr(args, "db", None))))
