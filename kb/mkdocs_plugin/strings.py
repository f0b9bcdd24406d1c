"""The words the help site adds to the articles, as messages of the ``site`` gettext domain
(see :mod:`.i18n`): admonition titles, the command blocks, the generated pages, the 404
page, the feedback widget."""

from __future__ import annotations

from kb.mkdocs_plugin.i18n import N_

ALERTS = {
    "NOTE": N_("Note"),
    "TIP": N_("Tip"),
    "IMPORTANT": N_("Important"),
    "WARNING": N_("Warning"),
    "CAUTION": N_("Caution"),
}
# the command block of an action link
COPY = N_("Copy the command")
CHANGES = N_("This changes your account. Run it with --preview first: that shows what "
             "would change and changes nothing. Then run it without --preview.")
READ_ONLY = N_("This changes nothing in your account.")
ASKS_SECRET = N_("Betal asks for {labels} without showing what you type. In a script, "
                 "give them on standard input, one line each:")
CHOICES = N_("{name} is one of: {values}.")
PLACEHOLDERS = N_("Replace the words in capitals with your own values: see {link}.")
# page metadata
UPDATED = N_("Last updated")
PERMALINK = N_("Permanent link")
# generated section pages
OTHER_ARTICLES = N_("Other articles")
BY_LETTER = N_("By first letter")
ARTICLES = N_("Articles: {count}")
LETTER_PAGE = N_("{section}: {letter}")
OTHER_CHARACTERS = N_("Other characters")
COLLECTIONS = {
    "Adm_O365": N_("Microsoft 365 admin"),
}
# the 404 page
NOT_FOUND = N_("Page not found")
NOT_FOUND_TEXT = N_("There is no page at this address. It may have moved: search for it "
                    "with the search box, or start from the home page.")
HOME = N_("Go to the home page")
# feedback and support
FEEDBACK = N_("Was this page helpful?")
HELPFUL = N_("This page was helpful")
NOT_HELPFUL = N_("This page could be improved")
THANKS = N_("Thank you for your feedback.")
STILL_STUCK = N_("Thank you for your feedback. Still stuck? Contact support:")
SUPPORT = N_("Still stuck? Contact support")
# the command-line page
CLI_TITLE = N_("Betal from the command line")
CLI_INTRO = N_("Every fix in these articles can also be run from a terminal with the `betal` "
               "command. The commands on this site are made from Betal's own list of "
               "actions, so they take exactly the parameters Betal accepts.")
CLI_PLACEHOLDERS = N_("The words in capitals")
CLI_ADMIN = N_("`ADMIN`: you, the admin who runs the command: your e-mail address or your "
               "admin id (`ad_...`). Betal checks that your role may do what the command "
               "does.")
CLI_SUBSCRIPTION = N_("`SUBSCRIPTION`: a subscription's id (`sub_...`). The decline notices "
                      "and the output of `betal run` name it; the Betal terminal UI shows it "
                      "on the Your products screen (key 2).")
CLI_PAYMENT_METHOD = N_("`PAYMENT_METHOD` and `REPLACEMENT`: a payment method's id (`pm_...`). "
                        "`betal run payment-method.add` prints it when it adds one; the Betal "
                        "terminal UI shows it on the Payment methods screen (key 3).")
CLI_OTHERS = N_("`MM/YY`: a card's expiry month and year. Any other word in capitals stands "
                "for the value of the parameter of that name.")
CLI_DEMO = N_("On the demo account (`betal demo`), `betal demo --json` lists every id.")
CLI_SECRETS = N_("A card number or security code is never a `--param`: the command line is "
                 "visible to other users and kept in the shell's history. Betal asks for it "
                 "without showing what you type, or reads it from standard input "
                 "(`--stdin NAME`, one line each).")
CLI_EXIT = N_("Betal exits with 0 when the action is done, with 1 when a billing rule refuses "
              "it (the message says which rule, and this site explains it), and with 2 for "
              "a mistake in the command or a value.")
CLI_EXAMPLE = N_("An example")
CLI_EXAMPLE_TEXT = N_("This command shows whether a subscription is past due and what to do:")
CLI_EXAMPLE_OUTPUT = N_("What it printed on the demo account when this page was made:")
CLI_ACTIONS = N_("The actions")
CLI_PARAMETER = N_("Parameter")
CLI_MEANING = N_("Meaning")
CLI_VALUES = N_("Allowed values")
CLI_REQUIRED = N_("Required")
CLI_YES = N_("yes")
CLI_NO = N_("no")
CLI_NO_PARAMETERS = N_("This action takes no parameters besides `--as`.")
CLI_SECRET_VALUE = N_("asked without echo, or read with `--stdin {name}`")
CLI_ANY_TEXT = N_("text")
CLI_ID = N_("an id starting with `{prefix}_`")
CLI_EXPIRY = N_("`MM/YY` or `MM/YYYY`")
CLI_COUNTRY = N_("a two-letter country code")
CLI_PHONE = N_("a phone number")
CLI_POSTAL = N_("a postal code")
# Material's palette toggle
DARK_MODE = N_("Switch to dark mode")
LIGHT_MODE = N_("Switch to light mode")
BREADCRUMBS = N_("Breadcrumbs")
# Material's strings its Norwegian and Dutch translations leave in English
MATERIAL = {
    "header": N_("Header"),
    "footer": N_("Footer"),
}
