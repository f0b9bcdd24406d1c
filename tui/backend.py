"""The only module of the terminal UI that talks to the engine.

Every call runs in a thread worker and posts its result as a message (:mod:`tui.messages`)
to the widget that asked, so the UI thread never waits for the database. Workers that take
a passphrase or an action's parameters (a card number, a security code) have a fixed
description: Textual would otherwise describe them by their arguments in its log. SQLAlchemy,
Alembic, Babel and the engine's services are imported here lazily, inside the workers, so
the first frame never waits for them either.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from textual import work
from textual.message_pump import MessagePump

from tui import messages
from tui.i18n import get_locale, get_zone

# What a preview answers when the signed-in admin may not run an action (the rule ids).
PERMISSION_REFUSALS = frozenset({"admin-roles", "billing-profile-roles", "card-ownership"})
# How many invoice keys one query reads ahead (20 pages of the invoice table).
KEY_WINDOW = 2000
# One page query at a time: concurrent scans of one SQLite file only slow each other down.
_PAGES = threading.Lock()


def _say(error: BaseException) -> str:
    from engine.errors import BetalError

    if isinstance(error, BetalError):
        return error.render(get_locale(), get_zone())
    return f"{type(error).__name__}: {error}"


def _refuse_parameter(reply_to: MessagePump, problem) -> bool:
    """Post ParamRefused for the parameter(s) ``problem`` (an InputError) names; False when
    it names none (the runner then reports it as any other refusal)."""
    from engine.i18n import Message

    if problem.code == "invalid-parameter" and isinstance(problem.params.get("problem"),
                                                           Message):
        reply_to.post_message(messages.ParamRefused(
            problem.params["name"], problem.params["problem"].render(get_locale())))
        return True
    if problem.code == "missing-parameter" and isinstance(problem.params.get("names"), list):
        from tui.i18n import _

        for name in problem.params["names"]:
            reply_to.post_message(messages.ParamRefused(name, _("Required")))
        return True
    return False


class Backend:
    """Mixed into the App: the account database, the signed-in admin, and the workers."""

    db_url: str | None = None
    database: Any = None
    admin: Any = None  # engine.queries.AdminRow once signed in
    session: Any = None  # engine.actions.runner.Session of that admin

    @property
    def tenant_id(self) -> str | None:
        return self.admin.tenant_id if self.admin else None

    # Opening --------------------------------------------------------------------------

    @work(thread=True, group="open", exclusive=True)
    def open_account(self, reply_to: MessagePump) -> None:
        try:
            from engine import demo, queries
            from engine.store.database import open_database

            if self.database is None:
                self.database = open_database(self.db_url)
            demo.for_start(self.database)  # the demo, unless it holds an account of its own
            with self.database.unit_of_work(write=False) as uow:
                admins, now = queries.admins(uow), uow.now()
            # Babel and the action runner are imported here, before the UI thread needs
            # them: two threads importing one package at once can deadlock on its locks.
            from tui.i18n import warm_up

            warm_up()
            import engine.actions.runner  # noqa: F401  (ready for the first action)

            reply_to.post_message(messages.Ready(admins, now))
        except Exception as error:
            reply_to.post_message(messages.Failed("open", _say(error)))

    @work(thread=True, group="signin", exclusive=True, description="sign in")
    def open_session(self, reply_to: MessagePump, admin: Any, passphrase: str | None) -> None:
        """Sign ``admin`` (an AdminRow) in, checking the passphrase when they have one."""
        try:
            from engine.actions import runner
            from engine.errors import BetalError

            try:
                session = runner.open_session(self.database, admin.id, admin.tenant_id,
                                              passphrase)
            except BetalError as refusal:
                reply_to.post_message(messages.SignInRefused(admin, refusal.code,
                                                             _say(refusal)))
                return
            reply_to.post_message(messages.SignedIn(admin, session))
        except Exception as error:
            reply_to.post_message(messages.Failed("signin", _say(error)))

    # Read models ----------------------------------------------------------------------

    def load(self, reply_to: MessagePump, key: str, query: str, **kwargs: Any) -> None:
        """Run ``engine.queries.<query>(uow, tenant_id, **kwargs)`` (as the signed-in admin,
        for the read models that show a viewer what they may see); post ``Loaded(key)``."""
        self._load(reply_to, key, query, kwargs)

    @work(thread=True, group="load")
    def _load(self, reply_to: MessagePump, key: str, query: str, kwargs: dict) -> None:
        try:
            import inspect

            from engine import queries

            with self.database.unit_of_work(write=False) as uow:
                if query == "now":
                    data = uow.now()
                elif query == "retry_windows":
                    from engine.config import load as load_config

                    config = load_config()
                    data = queries.retry_windows(uow, self.tenant_id, config.attempt_days,
                                                 config.retry_window_days, **kwargs)
                else:
                    function = getattr(queries, query)
                    if "viewer" in inspect.signature(function).parameters:
                        kwargs = {**kwargs, "viewer": self.admin.id}
                    data = function(uow, self.tenant_id, **kwargs)
            reply_to.post_message(messages.Loaded(key, data))
        except Exception as error:
            reply_to.post_message(messages.Failed(key, _say(error)))

    @work(thread=True, group="pages")
    def load_page(self, reply_to: MessagePump, offset: int, limit: int,
                  after: Any = None, before: Any = None, tenant_id: str | None = None,
                  search: str | None = None) -> None:
        """A page of invoices. Keys come in windows of many pages (by keyset after the
        last known key, or by offset for a jump) and are kept; a page's rows are then
        fetched by id, so paging through a window costs one cheap query a page."""
        try:
            from engine import queries

            tenant = tenant_id or self.tenant_id
            window = self._key_window(tenant, search)
            with _PAGES, self.database.unit_of_work(write=False) as uow:
                if "total" not in window:
                    window["total"] = queries.invoice_count(uow, tenant, search)
                total = window["total"]
                keys: dict[int, Any] = window["keys"]
                wanted = range(offset, min(offset + limit, total))
                if any(index not in keys for index in wanted):
                    # The first window is small, for a quick first frame; the read-ahead
                    # below fetches the larger ones.
                    size = 2 * limit if not keys else KEY_WINDOW
                    if offset - 1 in keys:
                        found = queries.invoice_keys(uow, tenant, after=keys[offset - 1],
                                                     limit=size, search=search)
                    else:
                        found = queries.invoice_keys(uow, tenant, offset=offset, limit=size,
                                                     search=search)
                    keys.update(zip(range(offset, offset + len(found)), found, strict=False))
                ids = [keys[index][1] for index in wanted if index in keys]
                rows = queries.invoices_by_id(uow, ids, tenant)
                reply_to.post_message(messages.PageLoaded(offset, rows, total, search))
                # Read ahead: keep at least half a window of keys beyond this page.
                end = offset
                while end in keys:
                    end += 1
                if (end < total and end - offset < KEY_WINDOW // 2
                        and not window.get("reading")):
                    window["reading"] = True
                    try:
                        found = queries.invoice_keys(uow, tenant, after=keys[end - 1],
                                                     limit=KEY_WINDOW, search=search)
                        keys.update(zip(range(end, end + len(found)), found, strict=False))
                    finally:
                        window["reading"] = False
        except Exception as error:
            reply_to.post_message(messages.Failed("pages", _say(error)))

    def _key_window(self, tenant: str | None, search: str | None) -> dict:
        cache = self.__dict__.setdefault("_invoice_keys", {})
        key = (tenant, search or None, getattr(self, "data_version", 0))
        if key not in cache:
            cache.clear()
            cache[key] = {"keys": {}}
        return cache[key]

    # Actions ----------------------------------------------------------------------------

    @work(thread=True, group="action", description="run an action")
    def perform(self, reply_to: MessagePump, steps: list[tuple[str, dict[str, str]]],
                *, preview: bool) -> None:
        """Preview the first of ``steps`` (action id, parameters), or run them in turn until
        one does not succeed. A parameter the engine refuses comes back as ParamRefused,
        before anything runs."""
        try:
            from engine.actions import registry, runner
            from engine.errors import InputError

            results = []
            for action_id, params in steps[:1] if preview else steps:
                action = registry.REGISTRY.get(action_id)
                if action is not None:
                    try:
                        registry.validate(action, params)
                    except InputError as problem:
                        if _refuse_parameter(reply_to, problem):
                            return
                result = runner.execute(
                    self.database, action_id, params, admin=self.admin.id,
                    tenant=self.tenant_id, preview=preview,
                    idempotency_key=None if preview else uuid.uuid4().hex,
                    locale=get_locale(), session=self.session)
                results.append(result)
                if not result.ok:
                    break
            if not preview:  # changes, or a refusal in the audit log
                self.post_message(messages.DataChanged())
            reply_to.post_message(messages.ActionDone(results, preview,
                                                      self._citations(results)))
        except Exception as error:
            reply_to.post_message(messages.Failed("action", _say(error)))

    def _citations(self, results: list) -> dict[tuple[str, str], tuple[str, str | None]]:
        """The titles and headings of the articles the results' rules cite (read here, in
        the worker, in the reader's language)."""
        from tui import knowledge

        wanted = set()
        for result in results:
            for rule in [result.rule, *(f.get("rule") for f in result.findings)]:
                if rule:
                    wanted.add((rule["assetid"], rule["anchor"]))
        found = {}
        for assetid, anchor in wanted:
            for locale in self._kb_locales(get_locale()):
                article = knowledge.find(locale, assetid=assetid)
                if article is not None:
                    found[assetid, anchor] = (article.title, article.heading(anchor))
                    break
        return found

    @work(thread=True, group="permissions", exclusive=True,
          description="check the article's actions")
    def check_permissions(self, reply_to: MessagePump,
                          requests: dict[str, tuple[str, dict[str, str]]]) -> None:
        """Preview each (action, params): which ones the admin may not run, and why."""
        try:
            from engine.actions import registry, runner

            refusals: dict[str, str | None] = {}
            for key, (action_id, params) in requests.items():
                action = registry.REGISTRY.get(action_id)
                if action is None or any(p.required and p.name not in params
                                         for p in action.params):
                    refusals[key] = None
                    continue
                result = runner.execute(self.database, action_id, params, admin=self.admin.id,
                                        tenant=self.tenant_id, preview=True,
                                        locale=get_locale(), session=self.session)
                refusals[key] = result.message if result.code in PERMISSION_REFUSALS else None
            reply_to.post_message(messages.Permissions(refusals))
        except Exception as error:
            reply_to.post_message(messages.Failed("permissions", _say(error)))

    # The clock ----------------------------------------------------------------------------

    @work(thread=True, group="clock", exclusive=True)
    def advance_clock(self, reply_to: MessagePump, duration: str) -> None:
        try:
            from engine import config as engine_config
            from engine import queries
            from engine.clock import parse_duration
            from engine.services.billing_cycle import run_due

            span = parse_duration(duration)
            reply_to.post_message(messages.Progress(0, 3))
            with self.database.unit_of_work() as uow:
                before = uow.now()
                uow.set_now(before + span)
                reply_to.post_message(messages.Progress(1, 3))
                run_due(uow, engine_config.load())
                now = uow.now()
                uow.commit()
            reply_to.post_message(messages.Progress(2, 3))
            with self.database.unit_of_work(write=False) as uow:
                report = queries.clock_report(uow, self.tenant_id, before=before, after=now)
            reply_to.post_message(messages.Progress(3, 3))
            reply_to.post_message(messages.ClockAdvanced(report))
            self.post_message(messages.DataChanged())
        except Exception as error:
            reply_to.post_message(messages.Failed("clock", _say(error)))

    # The knowledge base -------------------------------------------------------------------

    def _kb_locales(self, locale: str) -> list[str]:
        """The articles exist in nb-NO and nl-NL: in English, show the tenant's language."""
        tenant = self.admin.tenant_locale if self.admin else "nb-NO"
        return list(dict.fromkeys([locale, tenant, "nb-NO", "nl-NL"]))

    @work(thread=True, group="kb")
    def load_articles(self, reply_to: MessagePump, locale: str) -> None:
        try:
            from tui import knowledge

            articles = []
            for candidate in self._kb_locales(locale):
                articles = knowledge.list_articles(candidate)
                if articles:
                    break
            reply_to.post_message(messages.Loaded("articles", articles))
        except Exception as error:
            reply_to.post_message(messages.Failed("articles", _say(error)))

    @work(thread=True, group="kb-article", exclusive=True)
    def load_article(self, reply_to: MessagePump, locale: str, assetid: str | None = None,
                     slug: str | None = None) -> None:
        try:
            from tui import knowledge

            article = None
            for candidate in self._kb_locales(locale):
                article = knowledge.find(candidate, assetid=assetid, slug=slug)
                if article is not None:
                    break
            reply_to.post_message(messages.Loaded("article", article))
        except Exception as error:
            reply_to.post_message(messages.Failed("article", _say(error)))
