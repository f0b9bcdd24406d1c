"""One reading of locale tags for the engine, the knowledge base and the terminal UI."""

import pytest

from engine import locales


@pytest.mark.parametrize(("tag", "expected"), [
    ("nb-NO", "nb-NO"), ("nb_NO", "nb-NO"), ("no", "nb-NO"), ("NB-no", "nb-NO"),
    ("nn_NO.UTF-8", "nb-NO"), ("nl", "nl-NL"), ("nl_NL.UTF-8", "nl-NL"), ("nl-BE", "nl-NL"),
    ("en", "en"), ("en_US.UTF-8", "en"), ("de-DE", "en"), ("", "en"), (None, "en"),
    ("C.UTF-8", "en"),
])
def test_normalize(tag, expected):
    assert locales.normalize(tag) == expected


def test_catalog_code():
    assert [locales.catalog_code(t) for t in ("nb", "nl-NL", "fr")] == ["nb_NO", "nl_NL", "en"]


def test_kb_and_tui_have_no_reader_of_their_own():
    import kb.i18n
    import tui.i18n

    assert kb.i18n.normalize is locales.normalize
    assert tui.i18n.normalize is locales.normalize
