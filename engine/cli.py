"""The engine's commands: ``actions``, ``run``, ``demo``, ``clock`` and ``tick``.

``tui.cli`` assembles these with the knowledge-base commands into the ``betal`` program.
Each handler returns the exit code: 0 done, 1 refused by a rule, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from engine import config as engine_config
from engine.errors import N_, BetalError, InputError
from engine.i18n import Message
from engine.locales import normalize


class Output:
    """Writes to stdout in the chosen language."""

    def __init__(self, locale: str, as_json: bool = False) -> None:
        self.locale = normalize(locale)
        self.as_json = as_json

    def t(self, msgid: str, **params: Any) -> str:
        return Message(msgid, **params).render(self.locale)

    def line(self, text: str = "") -> None:
        print(text)

    def json(self, value: Any) -> None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str))

    def error(self, error: BetalError) -> int:
        if self.as_json:
            self.json({"ok": False, **error.to_dict(self.locale)})
        else:
            print(self.t(N_("error: {message}"), message=error.render(self.locale)),
                  file=sys.stderr)
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
    run.add_argument("--as", dest="admin", required=True, metavar="ADMIN",
                     help=t(N_("the acting admin: id or e-mail")))
    run.add_argument("--tenant", help=t(N_("the tenant id (when the admin is ambiguous)")))
    run.add_argument("--preview", action="store_true",
                     help=t(N_("show what would change without changing anything")))
    run.add_argument("--idempotency-key", metavar="KEY",
                     help=t(N_("run at most once for this key")))
    json_flag(run)

    demo = command(subparsers, "demo", N_("create the demo account"), cmd_demo)
    demo.add_argument("--reset", action="store_true",
                      help=t(N_("delete everything and create the demo account again")))
    json_flag(demo)

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
                        help=t(N_("seconds to wait when nothing is due (default 5)")))
    worker.add_argument("--until-idle", action="store_true",
                        help=t(N_("stop when a pass finds nothing due")))
    json_flag(worker)

    passphrase = command(subparsers, "passphrase",
                         N_("set or change an admin's passphrase (reads BETAL_PASSPHRASE and "
                            "BETAL_NEW_PASSPHRASE, or asks)"), cmd_passphrase)
    passphrase.add_argument("--as", dest="admin", required=True, metavar="ADMIN",
                            help=t(N_("the admin: id or e-mail")))
    passphrase.add_argument("--tenant", help=t(N_("the tenant id (when the admin is ambiguous)")))


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


def open_db(args):
    from engine.store.database import open_database

    return open_database(args.db)


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

    return getpass.getpass(prompt)


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
    from engine.actions.runner import execute

    params = parse_params(args.param)
    params |= read_secrets(args.action, params, args.stdin, out)
    database = open_db(args)
    passphrase = os.environ.get("BETAL_PASSPHRASE")
    while True:
        result = execute(database, args.action, params, admin=args.admin, tenant=args.tenant,
                         preview=args.preview, idempotency_key=args.idempotency_key,
                         locale=args.locale, passphrase=passphrase)
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
    mark = "✓" if result.ok else "✗"
    stream = sys.stdout if result.exit_code == 0 else sys.stderr
    print(f"{mark} {result.message}", file=stream)
    for detail in result.details:
        out.line(f"  {detail}")
    for finding in result.findings:
        out.line(f"  • {finding['message']}")
        if finding["rule"]:
            rule = finding["rule"]
            out.line("    " + out.t(N_("see {article}#{anchor}"), article=rule["article"],
                                    anchor=rule["anchor"]))
    if result.rule and not result.findings:
        out.line("  " + out.t(N_("see {article}#{anchor}"), article=result.rule["article"],
                              anchor=result.rule["anchor"]))
    for fix in result.fixes:
        params = " ".join(f"--param {k}={v}" for k, v in fix["params"].items())
        out.line("  " + out.t(N_("next: betal run {command}"),
                              command=f"{fix['action']} {params}".strip()))
    if result.changes:
        heading = (N_("Would change (preview, nothing was changed):") if result.preview
                   else N_("Changed:"))
        out.line(out.t(heading))
        for change in result.changes:
            fields = "" if change["op"] == "create" else ", ".join(
                f"{name}: {before} → {after}" for name, (before, after) in change["fields"].items())
            out.line(f"  {change['op']} {change['entity']} {change['id']} {fields}".rstrip())
    elif result.preview:
        out.line(out.t(N_("Nothing would change.")))


def cmd_demo(args, out: Output) -> int:
    from engine import demo

    database = open_db(args)
    if args.reset:
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
        report = None if args.no_tick else run_due(uow, engine_config.load())
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
    from engine.services.billing_cycle import run_due_committed

    database = open_db(args)
    _now(database)
    report = run_due_committed(database, engine_config.load())
    if out.as_json:
        out.json(report.to_dict())
    else:
        print_report(report, out)
    return 0


def cmd_passphrase(args, out: Output) -> int:
    from engine.actions.runner import find_actor
    from engine.services import auth

    database = open_db(args)
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
        _, admin = find_actor(uow, args.admin, args.tenant)
        current = os.environ.get("BETAL_PASSPHRASE")
        if admin.passphrase_hash is not None and current is None:
            current = ask(out.t(N_("Current passphrase for {admin}: "), admin=admin.email))
        try:
            auth.set_passphrase(uow, admin, new, engine_config.load(), current=current)
        except BetalError:
            uow.commit()  # a wrong current passphrase counts towards the lockout
            raise
        uow.commit()
    out.line(out.t(N_("The passphrase of {admin} is set."), admin=admin.email))
    return 0


def cmd_worker(args, out: Output) -> int:
    from engine.worker import stop_on_signals, work

    if args.batch < 1 or args.interval < 0:
        raise InputError("invalid-parameter",
                         N_("--batch must be at least 1 and --interval zero or more."))
    database = open_db(args)
    _now(database)
    report = work(database, batch=args.batch, interval=args.interval,
                  until_idle=args.until_idle, stop=stop_on_signals(),
                  on_pass=None if out.as_json else
                  lambda step: step.anything and print_report(step, out))
    if out.as_json:
        out.json(report.to_dict())
    return 0


def print_report(report, out: Output) -> None:
    out.line(out.t(
        N_("Processed: {invoices} invoices issued, {charges} charges ({paid} paid, {declined} "
           "declined), {notices} notices sent, {past_due} subscriptions became past due."),
        invoices=report.invoices_issued, charges=report.charges, paid=report.paid,
        declined=report.declined, notices=report.notices, past_due=report.became_past_due))


def run_command(args: argparse.Namespace, out: Output) -> int:
    try:
        return args.handler(args, out)
    except BetalError as error:
        return out.error(error)

