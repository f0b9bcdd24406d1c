"""The words the help site adds to the articles: admonition titles, the action control,
"last updated", the generated section pages.

They are messages of the kb package's gettext catalogs (``kb/locale``, domain ``kb``,
English ids translated into Norsk bokmål and Nederlands; ``make messages`` extracts them),
like every other message of the knowledge-base pipeline.
"""

from __future__ import annotations

from kb.i18n import N_, gettext_for

ALERTS = {
    "NOTE": N_("Note"),
    "TIP": N_("Tip"),
    "IMPORTANT": N_("Important"),
    "WARNING": N_("Warning"),
    "CAUTION": N_("Caution"),
}
RUN = N_("Run in Betal")
COPY = N_("Copy the command")
CHANGES = N_("Changes the account")
READ_ONLY = N_("Changes nothing")
UPDATED = N_("Last updated")
OTHER_ARTICLES = N_("Other articles")
BY_LETTER = N_("By first letter")
ARTICLES = N_("Articles: {count}")
LETTER_PAGE = N_("{section}: {letter}")
OTHER_CHARACTERS = N_("Other characters")
# Known ms.collection values, by the name readers know them by
COLLECTIONS = {
    "Adm_O365": N_("Microsoft 365 admin"),
}


def text(message: str, locale: str | None, **values: object) -> str:
    """``message`` in ``locale``'s language (English when the catalogs have none)."""
    translated = gettext_for(locale)(message)
    return translated.format(**values) if values else translated
