"""Sign in: pick one of the account's admins, and give their passphrase when they have
one. The skeleton shows at once; the admins arrive from the backend's worker when the
database is open, and the sign-in itself runs in a worker too (a passphrase takes a
memory-hard hash to check)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui import keymap, messages
from tui.glossary import ROLES
from tui.i18n import N_, _, get_locale, set_locale, set_zone
from tui.text import plain
from tui.widgets.header_bar import HeaderBar
from tui.widgets.option_list import PagedOptionList
from tui.widgets.passphrase_prompt import PassphrasePrompt
from tui.widgets.too_small import TooSmall
from tui.widgets.words import Words


def _footer():
    """The footer, imported when it is first shown: after the first frame."""
    from tui.widgets.footer import LocalizedFooter

    return LocalizedFooter()


class SignInScreen(Screen):
    NAME = "signin"
    TITLE = N_("Sign in")
    BINDINGS = [keymap.LIST["list.down"].binding(), keymap.LIST["list.up"].binding()]

    def __init__(self) -> None:
        super().__init__()
        self.admins: list = []
        self._locale = get_locale()
        self.pending: str | None = None  # the admin whose sign-in is under way

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        with Vertical(id="signin"):
            yield Words(N_("Sign in"), classes="title")
            yield Words(N_("Choose the admin you are. Billing rules decide what each role "
                           "may do."), classes="hint")
            yield Static(_("Opening the account…"), id="status")
        if self.app.is_ready:
            yield _footer()
        yield TooSmall()

    def complete(self) -> None:
        """After the first frame: the footer, then the account (see BetalApp.on_ready)."""
        if not self.query("LocalizedFooter"):
            self.mount(_footer())
        if not self.admins:
            self.app.open_account(self)

    def on_mount(self) -> None:
        self.show_header()
        if self.admins:
            self.populate()
        elif self.app.is_ready:
            self.app.open_account(self)
        # else: the app completes this screen once the first frame is on screen
        # (on_ready), so that neither the footer nor importing the database layer holds up
        # that frame.

    @on(messages.Ready)
    def ready(self, message: messages.Ready) -> None:
        self.admins = message.admins
        self.app.now = message.now
        self.populate()

    @on(messages.Failed)
    def failed(self, message: messages.Failed) -> None:
        prompts = self.query(PassphrasePrompt)
        if message.key == "signin" and prompts:
            prompts.first().refused(message.error)
        else:
            self.query_one("#status", Static).update(plain(message.error, "bold red"))

    def show_header(self) -> None:
        for bar in self.query(HeaderBar):
            bar.show(_(self.TITLE))

    def populate(self) -> None:
        if not self.query(OptionList):
            # The list comes with the admins: the first frame is the skeleton above it.
            self.query_one("#signin").mount(PagedOptionList(id="admins"))
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        if not self.query(PassphrasePrompt):
            options.focus()
        options.clear_options()
        tenant = None
        # Columns as wide as their longest entry in this language, so that an e-mail
        # address fits on its line at 80 columns.
        name_width = max((len(a.name) for a in self.admins), default=0)
        role_width = max((len(_(ROLES.get(a.role, ""))) for a in self.admins), default=0)
        for admin in self.admins:
            if admin.tenant_id != tenant:
                tenant = admin.tenant_id
                if options.option_count:
                    options.add_option(None)
                options.add_option(Option(plain(f"{admin.tenant_name} ({admin.tenant_country})",
                                                "bold"), disabled=True))
            role = _(ROLES.get(admin.role, ""))
            options.add_option(Option(plain(f"  {admin.name:<{name_width}}  {role:<{role_width}}"
                                            f"  {admin.email}"), id=admin.id))
        if highlighted is None or highlighted >= options.option_count:
            highlighted = 1 if options.option_count > 1 else None
        options.highlighted = highlighted
        self.query_one("#status", Static).update(_("Enter signs in."))
        self.show_header()

    def action_cursor_down(self) -> None:
        for options in self.query(OptionList):
            options.action_cursor_down()

    def action_cursor_up(self) -> None:
        for options in self.query(OptionList):
            options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        admin = next((a for a in self.admins if a.id == event.option.id), None)
        if admin is None:
            return
        if admin.has_passphrase:
            self.ask_passphrase(admin)
        else:
            self.sign_in(admin, None)

    def sign_in(self, admin, passphrase: str | None) -> None:
        self.pending = admin.id
        self.app.open_session(self, admin, passphrase)

    def ask_passphrase(self, admin) -> None:
        self.pending = None
        self.query(PassphrasePrompt).remove()
        self.query_one("#signin").mount(PassphrasePrompt(admin))

    @on(PassphrasePrompt.Submitted)
    def passphrase_given(self, message: PassphrasePrompt.Submitted) -> None:
        self.sign_in(message.admin, message.passphrase)

    @on(PassphrasePrompt.Cancelled)
    def passphrase_cancelled(self) -> None:
        self.pending = None
        self.query(PassphrasePrompt).remove()
        self.query_one(OptionList).focus()

    @on(messages.SignInRefused)
    def refused(self, message: messages.SignInRefused) -> None:
        if message.admin.id != self.pending:  # an earlier choice, answered late
            return
        if message.code == "passphrase-required":  # set since the list was read
            self.ask_passphrase(message.admin)
            return
        prompts = self.query(PassphrasePrompt)
        if prompts:
            prompts.first().refused(message.error)
        else:
            self.query_one("#status", Static).update(plain(message.error, "bold red"))

    @on(messages.SignedIn)
    def signed_in(self, message: messages.SignedIn) -> None:
        if message.admin.id != self.pending:  # an earlier choice, answered late
            return
        self.pending = None
        self.query(PassphrasePrompt).remove()
        app = self.app
        app.admin, app.session = message.admin, message.session
        app.context, app.context_names = {}, {}
        if app.chosen_locale is None:
            set_locale(message.admin.tenant_locale)
        set_zone(message.admin.tenant_zone)
        app.data_version += 1
        app.load(app, "refusals", "account_refusals")
        app.action_open("home")

    def relocalize(self) -> None:
        self._locale = get_locale()
        for widget in self.query("*"):
            relocalize = getattr(widget, "relocalize", None)
            if callable(relocalize):
                relocalize()
        if self.admins:
            self.populate()
        else:
            self.query_one("#status", Static).update(_("Opening the account…"))
        self.show_header()

    def on_screen_resume(self) -> None:
        self.app.admin = self.app.session = None
        self.app.account_refused = {}
        set_zone(None)
        if self._locale != get_locale():
            self.relocalize()
