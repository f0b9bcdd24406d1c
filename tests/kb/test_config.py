"""[tool.betal.kb]: another repository's front matter is checked by configuration alone."""

import re
from pathlib import Path

import pytest

from kb.config import ConfigError, load, parse
from kb.schema import BETAL
from tests.kb.helpers import findings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "kb-check.md"

# The front matter of microsoft-365-docs' microsoft-365/commerce/billing-and-payments/
# manage-payment-methods.md, with a short body of our own.
MICROSOFT_365_DOCS = """\
---
title: "Manage payment methods"
f1.keywords:
- CSH
ms.author: cmcatee
author: cmcatee-MSFT
manager: scotv
ms.reviewer: jamitche, jmueller
audience: Admin
ms.topic: article
ms.service: o365-administration
ms.localizationpriority: high
ms.collection:
- M365-subscription-management
- Adm_O365
ms.custom:
- TopSMBIssues
- commerce_billing
search.appverid: MET150
description: "Buy business products or services from Microsoft by using an existing payment method."
ms.date: 04/02/2021
---

# Manage payment methods

You can use a credit or debit card, or bank account to pay for the things you buy.

## Before you begin

You must be a Global or Billing admin to do the tasks in this article.
"""


def documented_configuration(tmp_path: Path) -> Path:
    text = DOCS.read_text(encoding="utf-8")
    marker = text.index("<!-- the configuration tests/kb/test_config.py checks")
    toml = re.search(r"```toml\n(.*?)```", text[marker:], re.DOTALL).group(1)
    path = tmp_path / "pyproject.toml"
    path.write_text(toml, encoding="utf-8")
    return path


def test_a_microsoft_365_docs_article_passes_with_the_documented_configuration(tmp_path):
    article = tmp_path / "docs" / "manage-payment-methods.md"
    article.parent.mkdir()
    article.write_text(MICROSOFT_365_DOCS, encoding="utf-8")
    assert {p.rule for p in findings(article)} >= {"unknown-key", "required-key"}
    config = load(documented_configuration(tmp_path))
    assert findings(article, config=config) == []
    wrong = MICROSOFT_365_DOCS.replace("ms.localizationpriority: high",
                                       "ms.localizationpriority: hihg")
    article.write_text(wrong.replace("audience: Admin\n", ""), encoding="utf-8")
    problems = findings(article, config=config)
    assert sorted((p.rule, p.params.get("key")) for p in problems) == [
        ("allowed-value", "ms.localizationpriority"), ("required-key", "audience")]
    assert [p.params.get("suggestion") for p in problems if p.rule == "allowed-value"] == ["high"]


def test_configured_keys_extend_betals_and_values_replace_its_vocabularies():
    config = parse({"required": ["title"], "keys": {"audience": "text"},
                    "values": {"ms.topic": ["faq"], "ms.audience": []}})
    schema = config.schema
    assert schema.required == ("title",)
    assert schema.keys["audience"] == "text" and schema.keys["ms.date"] == BETAL.keys["ms.date"]
    assert schema.values["ms.topic"] == ("faq",) and "ms.audience" not in schema.values
    assert schema.values["ROBOTS"] == BETAL.values["ROBOTS"]


@pytest.mark.parametrize(("section", "says"), [
    ({"required": "title"}, "'required' must be a list"),
    ({"keys": {"audience": "string"}}, "shape"),
    ({"values": {"ms.topic": "article"}}, "list of the values"),
    ({"required": ["audience"]}, "'audience' is not a known key"),
    ({"values": {"audience": ["Admin"]}}, "'audience' is not a known key"),
    ({"colour": "red"}, "no option 'colour'"),
])
def test_a_configuration_mistake_is_a_clear_usage_error(section, says):
    with pytest.raises(ConfigError) as caught:
        parse(section, "pyproject.toml")
    assert says in caught.value.render("en")
