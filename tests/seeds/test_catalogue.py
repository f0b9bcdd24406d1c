"""The seed conformance suite is complete and docs/rules.md is current."""

from __future__ import annotations

import html
import importlib
from pathlib import Path

import pytest

from engine.rules import RULES
from tests.seeds import rules_doc
from tests.seeds.sentences import SEEDS, SENTENCES

SEED_DIR = Path(__file__).parents[2].parent / "shared" / "seeds"


def test_at_least_45_checkable_sentences_each_with_a_test():
    tests = rules_doc.markers()
    assert len(SENTENCES) >= 45
    assert [ref for ref in SENTENCES if not tests.get(ref)] == []


def test_every_marker_names_a_catalogued_sentence():
    assert sorted(set(rules_doc.markers()) - set(SENTENCES)) == []


def test_every_sentence_states_a_rule_and_every_rule_has_sentences():
    assert {s.rule for s in SENTENCES.values()} - set(RULES) == set()
    assert set(RULES) - {s.rule for s in SENTENCES.values()} == set()


def test_every_rule_names_functions_that_exist():
    for rule in RULES.values():
        assert rule.implemented_by, rule.id
        for dotted in rule.implemented_by:
            found, parts = None, dotted.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                try:
                    found = importlib.import_module(".".join(parts[:cut]))
                except ModuleNotFoundError:
                    continue
                for name in parts[cut:]:
                    found = getattr(found, name)
                break
            assert found is not None, dotted


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="the seed articles are not beside the repo")
def test_every_reference_points_at_the_line_that_says_it():
    for ref, sentence in SENTENCES.items():
        seed, place = ref.split(":")
        line = int(place.split(".")[0])
        text = (SEED_DIR / SEEDS[seed]).read_text(encoding="utf-8").split("\n")[line - 1]
        assert sentence.quote in html.unescape(text).replace("\u2019", "'"), ref


def test_docs_rules_md_is_generated_from_the_catalogue():
    assert rules_doc.DOC.read_text(encoding="utf-8") == rules_doc.render(), \
        "run make rules-doc"
