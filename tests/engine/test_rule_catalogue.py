"""Every rule of the design is in the catalogue, cites a seed, and has tests."""

from __future__ import annotations

import re

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


def test_every_rule_is_stated_by_seed_sentences_each_held_by_tests():
    """The seed conformance suite (tests/seeds) names, for every rule, the sentences that
    state it, and every sentence has tests marked with it."""
    from tests.seeds.rules_doc import markers
    from tests.seeds.sentences import SENTENCES

    tests = markers()
    for rule_id in DESIGN_RULES:
        sentences = [ref for ref, sentence in SENTENCES.items() if sentence.rule == rule_id]
        assert sentences and all(tests.get(ref) for ref in sentences), rule_id
