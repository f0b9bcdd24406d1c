"""Articles to test with: a valid one, variations of it, and small knowledge bases."""

from __future__ import annotations

from pathlib import Path

from kb.checker import check

ASSETID = "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb"

FRONT = """\
---
title: {title}
ms.author: cmcatee
author: cmcatee-MSFT
manager: mnirkhe
ms.date: 04/21/2020
ms.audience: Admin
ms.topic: article
ROBOTS: NOINDEX, NOFOLLOW
localization_priority: Normal
ms.collection: Adm_O365
ms.custom:
- "443"
- "1500018"
ms.assetid: {assetid}
ms.contentlocale: {locale}
ms.translationtype: HT
---
"""

BODY = """\
# {title} {{#declined-credit-card}}

Kontroller kortopplysningene.

## Kontakt banken {{#contact-your-bank}}

1. Ring banken.
2. Be dem godkjenne kortet.

> [!NOTE]
> Et nytt kort må aktiveres.

[Gjør opp saldo](action:balance.settle)
"""

TITLES = {"nb-NO": "Avvist kredittkort", "nl-NL": "Geweigerde creditcard"}


def article(locale: str = "nb-NO", assetid: str = ASSETID, body: str | None = None,
            front: str | None = None) -> str:
    title = TITLES[locale]
    front = FRONT.format(title=title, assetid=assetid, locale=locale) if front is None else front
    return front + (BODY.format(title=title) if body is None else body)


def tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path: content) under ``root``; the root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def pair(root: Path, nb: str | bytes | None = None, nl: str | bytes | None = None,
         name: str = "declined-credit-card.md") -> Path:
    """A knowledge base holding one article in both languages (valid unless given)."""
    return tree(root, {f"nb-NO/{name}": article("nb-NO") if nb is None else nb,
                       f"nl-NL/{name}": article("nl-NL") if nl is None else nl})


def findings(paths, rule: str | None = None, **options):
    """The problems ``betal kb check`` finds at ``paths`` (of ``rule`` only, if given)."""
    paths = [str(path) for path in (paths if isinstance(paths, list | tuple) else [paths])]
    report = check(paths, **options)
    return [p for p in report.problems if rule is None or p.rule == rule]


def lines(problems) -> list[int]:
    return [problem.line for problem in problems]
