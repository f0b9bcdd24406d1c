"""``betal kb new``: a new article in both languages, ready to write.

Both files get complete front matter (the same fresh ``ms.assetid``, today's date,
``ms.translationtype: HT``) and an H1 whose id is the slug, so that the pair passes
``betal kb check`` from the start.
"""

from __future__ import annotations

import datetime
import os
import uuid

from kb.config import ConfigError
from kb.i18n import N_
from kb.importer import AUTHORS, DEFAULTS, render_front_matter
from kb.paths import LOCALES, is_slug

_FIRST_PARAGRAPH = {"nb-NO": "Skriv artikkelen her.", "nl-NL": "Schrijf hier het artikel."}


def scaffold(root: str, slug: str, title: str, *, title_nl: str | None = None,
             today: datetime.date | None = None) -> list[str]:
    """Create ``root/nb-NO/SLUG.md`` and ``root/nl-NL/SLUG.md``; their paths."""
    if not is_slug(slug):
        raise ConfigError(N_("'{slug}' is not a slug: use lower-case letters, digits and "
                             "hyphens, like declined-credit-card."), slug=slug)
    if not title.strip():
        raise ConfigError(N_("The title is empty."))
    paths = [os.path.join(root, locale, *slug.split("/")) + ".md" for locale in LOCALES]
    for path in paths:
        if os.path.exists(path):
            raise ConfigError(N_("{path} exists already."), path=path)
    today = today or datetime.date.today()
    assetid = str(uuid.uuid4())
    titles = {"nb-NO": title.strip(), "nl-NL": (title_nl or title).strip()}
    for locale, path in zip(LOCALES, paths, strict=True):
        meta = {"title": titles[locale], **AUTHORS, "ms.date": today.strftime("%m/%d/%Y"),
                **DEFAULTS, "ms.assetid": assetid, "ms.contentlocale": locale,
                "ms.translationtype": "HT"}
        text = (render_front_matter(meta) + f"\n# {titles[locale]} {{#{slug.split('/')[-1]}}}"
                f"\n\n{_FIRST_PARAGRAPH[locale]}\n")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return paths
