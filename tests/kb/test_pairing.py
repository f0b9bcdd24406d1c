"""kb.pairing: which articles translate which."""

from typing import NamedTuple

import pytest

from kb.pairing import Pairing

X, Y = "4E6D34B3-E3E5-4FCD-A52E-34B54746FEEB", "29635602-3521-4663-9d85-d111f85b3a19"


class Doc(NamedTuple):
    locale: str | None
    slug: str
    assetid: str | None = None


def pairs(pairing: Pairing, articles) -> set[tuple[str, str | None]]:
    found = set()
    for article in articles:
        other = pairing.translation(article, "nl-NL" if article.locale == "nb-NO" else "nb-NO")
        found.add((f"{article.locale}/{article.slug}",
                   f"{other.locale}/{other.slug}" if other else None))
    return found


def test_the_asset_id_pairs_whatever_the_file_names():
    docs = [Doc("nb-NO", "avvist-kort", X), Doc("nl-NL", "geweigerde-kaart", " " + X.lower()),
            Doc("nb-NO", "a", Y), Doc("nl-NL", "b", Y)]
    assert pairs(Pairing(docs), docs) == {
        ("nb-NO/avvist-kort", "nl-NL/geweigerde-kaart"),
        ("nl-NL/geweigerde-kaart", "nb-NO/avvist-kort"), ("nb-NO/a", "nl-NL/b"),
        ("nl-NL/b", "nb-NO/a")}


def test_without_a_shared_asset_id_the_same_name_pairs():
    docs = [Doc("nb-NO", "a"), Doc("nl-NL", "a", Y), Doc("nb-NO", "b", X), Doc("nl-NL", "b", Y),
            Doc("nb-NO", "c", Y)]
    # Y is held by nb-NO/c alone (nl-NL/a and nl-NL/b both carry it, and neither's
    # namesake does): nothing pairs by id, and the names pair
    assert pairs(Pairing(docs), docs) == {
        ("nb-NO/a", "nl-NL/a"), ("nl-NL/a", "nb-NO/a"), ("nb-NO/b", "nl-NL/b"),
        ("nl-NL/b", "nb-NO/b"), ("nb-NO/c", None)}


def test_a_name_taken_by_an_asset_id_pair_is_not_paired_again():
    docs = [Doc("nb-NO", "a", X), Doc("nl-NL", "a", Y), Doc("nl-NL", "b", X)]
    assert pairs(Pairing(docs), docs) == {
        ("nb-NO/a", "nl-NL/b"), ("nl-NL/b", "nb-NO/a"), ("nl-NL/a", None)}


def test_a_copy_holds_nothing_and_pairs_by_name_only():
    original, copy, translation = Doc("nb-NO", "a", X), Doc("nb-NO", "copy", X), Doc(
        "nl-NL", "a", X)
    pairing = Pairing([copy, original, translation])
    assert pairing.holds(original) and not pairing.holds(copy)
    assert pairing.translation(original, "nl-NL") == translation
    assert pairing.translation(copy, "nl-NL") is None
    assert pairing.sharing(copy) == (original,) and pairing.sharing(translation) == ()
    assert pairing.find("nb-NO", assetid=X.lower()) == original


def test_when_nothing_tells_which_holds_an_id_none_does():
    docs = [Doc(locale, name, X) for locale in ("nb-NO", "nl-NL") for name in ("a", "b")]
    pairing = Pairing(docs)
    assert not any(pairing.holds(doc) for doc in docs)
    assert pairs(pairing, docs) == {("nb-NO/a", "nl-NL/a"), ("nl-NL/a", "nb-NO/a"),
                                    ("nb-NO/b", "nl-NL/b"), ("nl-NL/b", "nb-NO/b")}
    assert pairing.find("nl-NL", assetid=X) == docs[2]  # the first by name


@pytest.mark.parametrize("assetid", [None, "", "  "])
def test_no_asset_id_is_no_asset_id(assetid):
    docs = [Doc("nb-NO", "a", assetid), Doc("nb-NO", "b", assetid), Doc("nl-NL", "a")]
    pairing = Pairing(docs)
    assert pairing.sharing(docs[0]) == () and pairing.translation(docs[0], "nl-NL") == docs[2]
    assert pairing.find("nb-NO", assetid=assetid, slug="b") == docs[1]


def test_groups_hold_every_article_once_and_the_missing_translations():
    docs = [Doc("nl-NL", "z"), Doc("nb-NO", "a", X), Doc("nl-NL", "b", X), Doc(None, "x")]
    assert Pairing(docs).groups() == [{"nb-NO": docs[1], "nl-NL": docs[2]},
                                      {"nb-NO": None, "nl-NL": docs[0]}]


def test_find_by_id_else_by_name():
    docs = [Doc("nb-NO", "a", X), Doc("nb-NO", "b")]
    pairing = Pairing(docs)
    assert pairing.find("nb-NO", assetid=X, slug="b") == docs[0]
    assert pairing.find("nb-NO", assetid=Y, slug="b") == docs[1]
    assert pairing.find("nl-NL", assetid=X, slug="a") is None
