"""Every rule of the design is in the catalogue, cites a seed, and has tests."""

from __future__ import annotations

import re
from pathlib import Path

from engine.rules import ARTICLES, RULES

DESIGN_RULES = {
    "decline-notice", "retry-window", "retries-remaining", "settle-balance",
    "past-due-lingers", "details-must-match", "issuer-refusals", "new-card-not-linked",
    "admin-roles", "card-ownership", "billing-profile-roles", "same-country",
    "bank-availability", "number-immutable", "replace-everywhere", "profile-cards-only",
    "change-one", "delete-unused-only", "blocked-cookies", "contact-support",
}


def test_the_catalogue_holds_every_rule_of_the_design():
    assert set(RULES) == DESIGN_RULES


def test_every_rule_cites_an_article_and_a_seed():
    for rule in RULES.values():
        assert rule.article in ARTICLES and rule.anchor and rule.seeds, rule.id
        assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", rule.assetid)


def test_every_rule_has_a_test_marked_with_it():
    """Each rule id appears in a ``pytest.mark.rule(...)`` (or ``rule(...)``) marker."""
    tests = "\n".join(p.read_text(encoding="utf-8")
                      for p in Path(__file__).parent.rglob("test_*.py"))
    marked = set(re.findall(r'rule\("([a-z-]+)"\)', tests))
    assert DESIGN_RULES - marked == set()
