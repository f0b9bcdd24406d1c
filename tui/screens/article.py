"""One article. Its troubleshooting rows and ``action:`` links can be focused (Tab, j/k)
and run with Enter for the current context: the selected subscription or payment method.
An action the signed-in admin may not run is shown disabled, with the reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from tui import messages
from tui.i18n import N_, _, get_locale, render
from tui.screens.base import BaseScreen
from tui.text import plain, visible
from tui.widgets.article_view import ArticleView


class ArticleScreen(BaseScreen):
    NAME = "article"
    TITLE = N_("Knowledge base")

    def compose_body(self) -> ComposeResult:
        yield Static(id="article-status", classes="strip")
        yield ArticleView(id="article")

    def mounted(self) -> None:
        super().mounted()
        self.query_one(ArticleView).focus()

    def reload(self) -> None:
        super().reload()
        self.app.load_article(self, get_locale(), assetid=self.context.get("assetid"),
                              slug=self.context.get("slug"))

    def update_context(self, **context) -> None:
        self.context = dict(context)
        self.reload()

    def relocalize(self) -> None:
        article = self.data.get("article")
        if article is not None and article.assetid:
            self.context = {"assetid": article.assetid}
        self.data.pop("article", None)
        super().relocalize()
        self.reload()

    def params_for(self, item) -> dict[str, str]:
        from engine.actions.registry import REGISTRY

        action = REGISTRY.get(item.action)
        context = self.app.context
        params = {p.name: context[p.name] for p in (action.params if action else ())
                  if p.name in context}
        params.update(item.params)
        return params

    def populate(self) -> None:
        article = self.data.get("article")
        view = self.query_one(ArticleView)
        status = self.query_one("#article-status", Static)
        if article is None:
            status.update(Text(_("This article is not available in this language."),
                               style="yellow") if "article" in self.data else Text(
                _("Loading…")))
            return
        if view.document is None or view.markdown != article.body:
            view.update(article.body)
        self.query_one("#article-status", Static).update(self._status())
        view.set_disabled(self._account_refusals())
        requests = {str(item.index): (item.action, self.params_for(item)) for item in view.items}
        if requests:
            self.app.check_permissions(self, requests)
        if self.context.get("anchor"):
            view.scroll_to_anchor(self.context["anchor"])

    def _status(self, extra: str = "") -> Text:
        article = self.data.get("article")
        text = Text()
        if article is not None:
            text.append_text(plain(article.title, "bold"))
        names = [name for key, name in self.app.context_names.items()
                 if name and key in self.app.context]
        if names:
            text.append("   ")
            text.append_text(plain(_("Runs for: {names}", names=", ".join(names)), "dim"))
        if extra:
            text.append("\n")
            text.append_text(plain(extra, "yellow"))
        return text

    def _account_refusals(self) -> dict[int, str]:
        """Items whose action the admin's role never allows, with the engine's reason."""
        view = self.query_one(ArticleView)
        return {item.index: render(self.app.account_refused[item.action])
                for item in view.items if item.action in self.app.account_refused}

    @on(messages.Permissions)
    def permissions(self, message: messages.Permissions) -> None:
        message.stop()
        disabled = self._account_refusals()
        disabled.update({int(k): reason for k, reason in message.refusals.items() if reason})
        self.query_one(ArticleView).set_disabled(disabled)

    @on(ArticleView.Moved)
    def moved(self, message: ArticleView.Moved) -> None:
        view = self.query_one(ArticleView)
        reason = view.disabled_items.get(message.item.index) if message.item else None
        self.query_one("#article-status", Static).update(
            self._status(_("Not available to you: {reason}", reason=reason) if reason else ""))

    @on(ArticleView.Run)
    def run(self, message: ArticleView.Run) -> None:
        view = self.query_one(ArticleView)
        reason = view.disabled_items.get(message.item.index)
        if reason:
            self.notify(visible(reason), title=_("Not available to you"), severity="warning",
                        markup=False)
            return
        self.start(message.item.action, self.params_for(message.item))

    def action_context(self) -> dict[str, str]:
        return dict(self.app.context)

    def refusal(self, action_id: str):
        return self.app.account_refused.get(action_id)
