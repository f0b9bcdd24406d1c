"""Bad input fails the build with the file, line and rule id, and publishes nothing: the
site that was there before stays as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.helpers import build, edit, site_config


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def previous_site(kb_copy) -> Path:
    """A site folder that an earlier build left."""
    site = kb_copy.parent / "site"
    (site / "nl-NL").mkdir(parents=True)
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    (site / "nl-NL" / "index.html").write_text("de vorige site", encoding="utf-8")
    return site


def assert_failed_and_untouched(result, previous_site: Path, *where: str) -> None:
    assert result.returncode != 0
    output = result.stderr + result.stdout
    for expected in where:
        assert re.search(expected, output), (expected, output)
    files = sorted(p.relative_to(previous_site).as_posix() for p in previous_site.rglob("*"))
    assert files == ["index.html", "nl-NL", "nl-NL/index.html"]
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not list(previous_site.parent.glob(".site.*")), "a staging folder was left behind"


def test_broken_front_matter(kb_copy, previous_site):
    article = kb_copy / "nb-NO" / "payment-declined.md"
    line = line_of(article, "ms.date:")
    edit(article, "ms.date: 11/23/2026", "ms.date: [11/23/2026")
    result = build(site_config(kb_copy.parent, kb_copy))
    assert_failed_and_untouched(
        result, previous_site,
        # YAML finds the unclosed list on the line after it opens
        rf"kb/nb-NO/payment-declined\.md:({line}|{line + 1}):\d+: yaml-syntax ")


def test_unknown_action(kb_copy, previous_site):
    article = kb_copy / "nl-NL" / "declined-credit-card.md"
    line = line_of(article, "action:balance.settle")
    edit(article, "action:balance.settle)", "action:balance.setle)")
    result = build(site_config(kb_copy.parent, kb_copy))
    assert_failed_and_untouched(
        result, previous_site,
        rf"kb/nl-NL/declined-credit-card\.md:{line}:\d+: action-link Unknown action "
        r"'balance\.setle': did you mean 'balance\.settle'\?")


def test_script_in_an_article(kb_copy, previous_site):
    article = kb_copy / "nb-NO" / "past-due-account.md"
    line = line_of(article, "## ")
    edit(article, "\n## ", "\n<script>alert('hei')</script>\n## ")
    result = build(site_config(kb_copy.parent, kb_copy))
    assert_failed_and_untouched(
        result, previous_site,
        rf"kb/nb-NO/past-due-account\.md:{line}:1: unsafe-html <script> is not allowed")


@pytest.mark.parametrize("locale", ["nb-NO", "nl-NL"])
def test_a_strict_warning_keeps_the_previous_site(kb_copy, previous_site, locale):
    """MkDocs aborts a strict build after writing every page; the stage keeps those pages
    out of the site folder, whichever process built the language with the warning."""
    article = kb_copy / locale / "payment-declined.md"
    edit(article, "\n## ", "\n[Een pagina die er niet is](niet-hier.md)\n\n## ")
    # betal kb check would stop this before MkDocs sees it: let MkDocs find it
    (kb_copy.parent / "pyproject.toml").write_text(
        '[tool.betal.kb]\ndisable = ["link-target"]\n', encoding="utf-8")
    result = build(site_config(kb_copy.parent, kb_copy), "--strict")
    # the other language's build fails on its warning, and fails this one
    assert_failed_and_untouched(result, previous_site, r"niet-hier\.md",
                                r"Aborted with (1 warnings in strict mode|a BuildError)")
