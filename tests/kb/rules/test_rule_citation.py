from engine.rules import ARTICLES
from tests.kb.helpers import article, findings, pair

ANCHORS = {
    "declined-credit-card": ["declined-credit-card", "check-card-details", "contact-your-bank"],
    "payment-declined": ["automatic-retries", "link-new-card"],
    "past-due-account": ["settle-balance", "after-payment"],
    "manage-payment-methods": [
        "before-you-begin", "payment-methods-you-can-use", "update-payment-method-details",
        "replace-payment-method", "change-payment-method-single-subscription",
        "delete-payment-method", "troubleshoot-payment-methods"],
}


def cited(root, leave_out=None, drop=None):
    for slug, anchors in ANCHORS.items():
        if slug == drop:
            continue
        body = "".join(f"## Del {{#{a}}}\n\nTekst.\n\n" for a in anchors if a != leave_out)
        files = {locale: article(locale, assetid=ARTICLES[slug], body=body)
                 for locale in ("nb-NO", "nl-NL")}
        pair(root, nb=files["nb-NO"], nl=files["nl-NL"], name=f"{slug}.md")
    return root


def test_a_missing_heading_is_reported_on_the_article(tmp_path):
    problems = findings(cited(tmp_path, leave_out="settle-balance"), "rule-citation")
    assert [(p.path.split("/")[-2:], p.params["rules"]) for p in problems] == [
        (["nb-NO", "past-due-account.md"], ["settle-balance"]),
        (["nl-NL", "past-due-account.md"], ["settle-balance"])]


def test_a_missing_article_is_reported_on_the_index(tmp_path):
    problems = findings(cited(tmp_path, drop="payment-declined"), "rule-citation")
    assert [p.path.split("/")[-2:] for p in problems] == [["nb-NO", "index.md"],
                                                          ["nl-NL", "index.md"]]


def test_only_a_whole_knowledge_base_is_checked_for_citations(tmp_path):
    cited(tmp_path, leave_out="settle-balance")
    assert findings(tmp_path / "nb-NO", "rule-citation") == []


def test_every_citation_resolves(tmp_path):
    assert findings(cited(tmp_path), "rule-citation") == []
