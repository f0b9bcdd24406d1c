"""What a new article starts from: Betal's metadata, front matter in the Learn order, and
``betal kb new``.

``betal kb new`` creates an article in both languages; ``betal kb import``
(:mod:`kb.importer`) gives the articles it makes the same metadata. It is Betal's own:
its articles are indexable (no ``ROBOTS: NOINDEX``) and written by Betal, not by the
author or manager of the organisation an article was imported from.

Both files of ``betal kb new`` get complete front matter (the same fresh ``ms.assetid``,
today's date, ``ms.translationtype: HT``) and an H1 whose id is the slug, then a stand-in
paragraph that the ``stub`` rule will not let publish until it is written.
"""

from __future__ import annotations

import datetime
import os
import re
import uuid

from kb.config import ConfigError
from kb.frontmatter import may_be_plain
from kb.i18n import N_
from kb.paths import LOCALES, is_slug
from kb.rules.stub import PLACEHOLDERS  # the stand-in text the stub rule refuses

# Betal's metadata, for every article it creates or imports.
DEFAULTS = {"ms.author": "betal-kb", "author": "betal-kb", "ms.audience": "Admin",
            "ms.topic": "article", "localization_priority": "Normal",
            "ms.collection": "Adm_O365", "ms.custom": ["betal-kb"]}
# Metadata of the organisation an imported article comes from, which Betal does not keep.
SOURCE_KEYS = ("ms.author", "author", "manager", "ROBOTS")
# The body ``betal kb new`` writes, in each language.
# The keys of generated front matter, in the Learn order.
ORDER = ("title", "ms.author", "author", "manager", "ms.date", "ms.audience", "ms.topic",
         "ms.service", "ROBOTS", "localization_priority", "ms.collection", "ms.custom",
         "ms.assetid", "ms.contentlocale", "ms.translationtype")


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
        if os.path.lexists(path):
            raise ConfigError(N_("{path} exists already."), path=path)
    today = today or datetime.date.today()
    assetid = str(uuid.uuid4())
    titles = {"nb-NO": title.strip(), "nl-NL": (title_nl or title).strip()}
    for locale, path in zip(LOCALES, paths, strict=True):
        meta = {"title": titles[locale], **DEFAULTS, "ms.date": today.strftime("%m/%d/%Y"),
                "ms.assetid": assetid, "ms.contentlocale": locale, "ms.translationtype": "HT"}
        text = (render_front_matter(meta) + f"\n# {titles[locale]} {{#{slug.split('/')[-1]}}}"
                f"\n\n{PLACEHOLDERS[locale]}\n")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return paths


def render_front_matter(meta: dict) -> str:
    """``meta`` as front matter between ``---`` lines, its keys in the Learn order."""
    keys = [key for key in ORDER if key in meta] + [key for key in meta if key not in ORDER]
    lines = ["---"]
    for key in keys:
        value = meta[key]
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"- {_quoted(item)}" for item in value)
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _quoted(value) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _scalar(value) -> str:
    """``value`` plain when YAML reads it back as the same text, else quoted."""
    text = "" if value is None else str(value)
    plain = re.fullmatch(r"[A-Za-zÀ-ÿ0-9(][^:#\n]*", text) and not text.endswith(" ")
    return text if plain and may_be_plain(text) else _quoted(text)
