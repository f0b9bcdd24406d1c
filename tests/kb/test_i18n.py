"""Every message a writer sees is in the kb catalogs, translated, with its placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo

import kb

LOCALE_DIR = Path(kb.__file__).parent / "locale"


def messages() -> set[str]:
    found = extract_from_dir(Path(kb.__file__).parent, keywords={"N_": None, "_": None},
                             method_map=[("mkdocs_plugin/**.py", "ignore"),  # domain site
                                         ("**.py", "python")])
    return {message for _, _, message, _, _ in found}


@pytest.mark.parametrize("code", ["nb_NO", "nl_NL"])
def test_every_message_is_translated_with_the_same_placeholders(code):
    with open(LOCALE_DIR / code / "LC_MESSAGES" / "kb.mo", "rb") as handle:
        catalog = read_mo(handle)
    translated = {message.id: message.string for message in catalog if message.id}
    for message in messages():
        assert translated.get(message), f"{code}: no translation of {message!r}"
        assert sorted(re.findall(r"{\w+}", message)) == sorted(
            re.findall(r"{\w+}", translated[message])), message
