"""``betal kb import``: turn a seed article into a clean article to review by hand.

Two kinds of input arrive:

- Learn Markdown with front matter whose sentences carry side-by-side translation markup
  (``<span data-ttu-id>`` with the English original in a ``sxs-lookup`` span). The markup
  and the English go; the localization pipeline's keys go; the H1's ``<a name>`` becomes
  an explicit heading id; bold "Note:"-style paragraphs become Learn alerts.
- A plain-text export without front matter or Markdown. Its title, headings, numbered
  steps, alerts ("Obs!", "Viktig", "Tips"), troubleshooting table and related-articles list
  are rebuilt from the layout, and front matter is generated.

Either way the result has complete front matter with Betal's own metadata
(:mod:`kb.scaffold`: the source's ``ROBOTS``, authors and manager go): ``ms.assetid`` is
the translation's when the other language is already imported, else the one the engine's
rules cite for this article, else a new GUID; ``ms.date`` is zero-padded (today's date
when there is none).
"""

from __future__ import annotations

import datetime
import os
import re
import uuid
from typing import NamedTuple

from kb.config import ConfigError
from kb.frontmatter import normalize_newlines, parse
from kb.i18n import N_
from kb.links import slugify
from kb.markup import strip as strip_markup
from kb.paths import LOCALES, OTHER_LOCALE, is_slug
from kb.scaffold import DEFAULTS, SOURCE_KEYS, render_front_matter
from kb.schema import DATE, GUID

ALERTS = {
    "NOTE": ("obs", "obs!", "merk", "merknad", "opmerking", "notitie", "note"),
    "IMPORTANT": ("viktig", "belangrijk", "important"),
    "TIP": ("tips", "tip"),
    "WARNING": ("advarsel", "waarschuwing", "warning"),
    "CAUTION": ("forsiktig", "let op", "voorzichtig", "caution"),
}
_LABELS = {label: kind for kind, labels in ALERTS.items() for label in labels}
_ACTION_HEADER = {"nb-NO": "Handling", "nl-NL": "Actie"}
_RELATED = {"nb-NO": "Relaterte artikler", "nl-NL": "Gerelateerde artikelen"}
_PROBLEM_HEADERS = ("problem", "probleem", "issue")
_ARTICLE_SUFFIX = re.compile(r"\((?:artikkel|artikel|article)\)\s*$", re.IGNORECASE)
_STEP = re.compile(r"^(\s*)(\d+)[.)]\s+(.*)$")
_SENTENCE_END = re.compile(r"[.!?][»\"”']?(?=\s+[A-ZÆØÅÉ«\"“])")
_H1_ANCHOR = re.compile(r"^#\s*<a\s+name=\"([^\"]+)\"\s*>\s*</a>\s*(.*)$", re.MULTILINE)
_BOLD_LABEL = re.compile(r"^\*\*([^*]+?)\*\*\s*([:!]?)\s*[:!]?\s*(.*)$", re.DOTALL)
_WHOLE_BOLD = re.compile(r"^\*\*([^*]+)\*\*$")
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_PIPELINE_KEYS = ("ms.openlocfilehash", "ms.sourcegitcommit", "ms.lasthandoff",
                  "ms.locfileid")


def import_file(source: str, locale: str, out: str, *, slug: str | None = None,
                force: bool = False, today: datetime.date | None = None) -> str:
    """Import ``source`` as an article in ``locale`` under ``out``; the new file's path."""
    if locale not in LOCALES:
        raise ConfigError(N_("The article's locale must be one of {locales}, not '{locale}'."),
                          locales=list(LOCALES), locale=locale)
    if slug is not None and not is_slug(slug):
        raise ConfigError(N_("'{slug}' is not a slug: use lower-case letters, digits and "
                             "hyphens, like declined-credit-card."), slug=slug)
    from kb.article import read_bytes

    try:
        raw = read_bytes(source)  # refuses a FIFO rather than waiting on it
    except OSError as error:
        raise ConfigError(N_("{path} cannot be read: {error}"), path=source,
                          error=error.strerror or str(error)) from None
    text = normalize_newlines(raw.decode("utf-8", "replace").lstrip("\ufeff"))
    article = convert(text, locale, out=out, slug=slug, today=today)
    path = os.path.join(out, locale, article.slug + ".md")
    if os.path.exists(path) and not force:
        raise ConfigError(N_("{path} exists already: give --force to overwrite it."),
                          path=path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(article.text)
    return path


class Imported(NamedTuple):
    slug: str
    text: str


def convert(text: str, locale: str, *, out: str | None = None, slug: str | None = None,
            today: datetime.date | None = None) -> Imported:
    """The clean article for ``text`` (a seed) in ``locale``."""
    today = today or datetime.date.today()
    front, body_offset, _ = parse(text)
    if front.present and front.closed:
        meta = {key: value for key, value in front.mapping().items()
                if key not in _PIPELINE_KEYS and key not in SOURCE_KEYS}
        body, anchor = _clean_markdown(text[body_offset:])
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        heading = _first_heading(body)
        slug = slug or anchor or anchor_for(heading or title or "article")
    else:
        meta = {}
        heading, body = _from_plain_text(text, locale, slug)
        title = heading
        slug = slug or anchor_for(heading or "article")
    meta["title"] = title or heading or slug
    meta["ms.contentlocale"] = locale
    meta["ms.date"] = _date(meta.get("ms.date"), today)
    meta["ms.assetid"] = _assetid(meta.get("ms.assetid"), locale, slug, out)
    for key, value in {**DEFAULTS, "ms.translationtype": "MT"}.items():
        if not meta.get(key):
            meta[key] = value
    return Imported(slug, render_front_matter(meta) + "\n" + body.strip("\n") + "\n")


def _date(value, today: datetime.date) -> str:
    if isinstance(value, str):
        match = DATE.match(value.strip())
        if match:
            month, day, year = (int(part) for part in match.groups())
            try:
                datetime.date(year, month, day)
                return f"{month:02d}/{day:02d}/{year:04d}"
            except ValueError:
                pass
    return today.strftime("%m/%d/%Y")


def _assetid(value, locale: str, slug: str, out: str | None) -> str:
    if isinstance(value, str) and GUID.match(value.strip()):
        return value.strip()
    if out:
        other = os.path.join(out, OTHER_LOCALE[locale], slug + ".md")
        if os.path.exists(other):
            from kb.article import Article

            assetid = Article.read(other).assetid
            if assetid and GUID.match(assetid):
                return assetid
    from engine.rules import ARTICLES

    return ARTICLES.get(slug) or str(uuid.uuid4())


def anchor_for(text: str) -> str:
    """A heading id for ``text``: MkDocs' slug, with the Nordic letters it would drop
    spelled out first (``Før du starter`` becomes ``for-du-starter``)."""
    return slugify(text.translate(_NORDIC)) or "section"


_NORDIC = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss"})


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#\s+(.*?)(?:\s*\{#[^}]*\})?\s*$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


# -- Learn Markdown ------------------------------------------------------------------------


def _clean_markdown(body: str) -> tuple[str, str | None]:
    """The body without translation markup, its H1 anchor as an explicit id, bold labels
    as alerts; and that anchor."""
    body = strip_markup(body)
    anchor = None
    match = _H1_ANCHOR.search(body)
    if match:
        anchor = match.group(1)
        body = body[:match.start()] + f"# {match.group(2).strip()} {{#{anchor}}}" + \
            body[match.end():]
    paragraphs = re.split(r"\n[ \t]*\n", body)
    cleaned = [_alert_or_heading(paragraph) for paragraph in paragraphs]
    lines = "\n\n".join(cleaned).split("\n")
    return "\n".join(_tidy(line) for line in lines), anchor


def _tidy(line: str) -> str:
    """``line`` without trailing blanks and with one space between sentences."""
    indent = line[: len(line) - len(line.lstrip())]
    return indent + _SPACES.sub(" ", line.strip())


def _alert_or_heading(paragraph: str) -> str:
    stripped = paragraph.strip()
    whole = _WHOLE_BOLD.match(stripped)
    if whole and "\n" not in stripped:
        title = whole.group(1).strip()
        return f"## {title} {{#{anchor_for(title)}}}"
    label = _BOLD_LABEL.match(stripped)
    if label:
        name = label.group(1).strip().rstrip(":!").strip().lower()
        kind = _LABELS.get(name) or _LABELS.get(name + "!")
        if kind and label.group(3).strip():
            content = label.group(3).strip()
            content = content[0].upper() + content[1:]
            return _alert(kind, content)
    return paragraph


def _alert(kind: str, content: str, indent: str = "") -> str:
    lines = [f"{indent}> [!{kind}]"]
    lines.extend(f"{indent}> {line.strip()}" if line.strip() else f"{indent}>"
                 for line in content.split("\n"))
    return "\n".join(lines)


# -- plain text ----------------------------------------------------------------------------


def _from_plain_text(text: str, locale: str, slug: str | None = None) -> tuple[str, str]:
    """(title, Markdown body) of a plain-text export."""
    blocks = [block for block in re.split(r"\n[ \t]*\n", text.strip("\n")) if block.strip()]
    if not blocks:
        return "", ""
    title = blocks[0].strip().split("\n")[0].strip()
    out = [f"# {title} {{#{slug or anchor_for(title)}}}"]
    if "\n" in blocks[0].strip():
        blocks[0] = blocks[0].strip().split("\n", 1)[1]
    else:
        blocks = blocks[1:]
    headings: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        stripped = block.strip()
        label = _LABELS.get(stripped.lower())
        if label and index + 1 < len(blocks):
            indent = "   " if block.startswith("  ") else ""
            out.append(_alert(label, blocks[index + 1].strip(), indent))
            index += 2
            continue
        lines = [line for line in block.split("\n") if line.strip()]
        if all(_STEP.match(line) for line in lines):
            out.append("\n".join(f"{m.group(2)}. {m.group(3).strip()}"
                                 for m in map(_STEP.match, lines)))
            index += 1
            continue
        if lines and lines[0].strip().lower().split(" ")[0] in _PROBLEM_HEADERS \
                and len(lines) > 1:
            table, index = _table(blocks, index, locale)
            out.append(table)
            continue
        if all(_ARTICLE_SUFFIX.search(line) for line in lines):
            heading = _RELATED.get(locale, "Related articles")
            out.append(f"## {heading} {{#related-articles}}")
            out.append("\n".join(f"- {line.strip()}" for line in lines))
            index += 1
            continue
        if len(lines) == 1 and _is_heading(stripped, blocks, index):
            level = 3 if headings and stripped.startswith(headings[-1]) else 2
            if level == 2:
                headings.append(stripped)
            out.append(f"{'#' * level} {stripped} {{#{anchor_for(stripped)}}}")
            index += 1
            continue
        out.append("\n".join(line.strip() for line in lines))
        index += 1
    return title, "\n\n".join(out) + "\n"


def _is_heading(line: str, blocks: list[str], index: int) -> bool:
    return (len(line) <= 90 and not re.search(r"[.:;!?,»)]$", line) and ":" not in line
            and index + 1 < len(blocks) and line[0].isupper())


def _table(blocks: list[str], index: int, locale: str) -> tuple[str, int]:
    """A troubleshooting table from the blocks at ``index``: its header line, then rows
    ("problem. solution ..."); a block that follows a blank line inside the table starts
    with a paragraph that continues the previous row's solution."""
    lines = [line.strip() for line in blocks[index].split("\n") if line.strip()]
    first, _, second = lines[0].partition(" ")
    rows: list[list[str]] = []
    pending = lines[1:]
    index += 1
    while True:
        for line in pending:
            split = _SENTENCE_END.search(line)
            if split is None:
                if rows:
                    rows[-1][1] += "<br><br>" + line
                continue
            rows.append([line[:split.end()].strip(), line[split.end():].strip()])
        if index >= len(blocks):
            break
        following = [line.strip() for line in blocks[index].split("\n") if line.strip()]
        if not rows or not following or all(_ARTICLE_SUFFIX.search(f) for f in following) \
                or _LABELS.get(following[0].lower()) or _STEP.match(following[0]):
            break
        rows[-1][1] += "<br><br>" + following[0]
        pending = following[1:]
        index += 1
    action = _ACTION_HEADER.get(locale, "Action")
    table = [f"| {first} | {second.strip()} | {action} |", "|:--|:--|:--|"]
    table.extend(f"| {problem.replace('|', '/')} | {solution.replace('|', '/')} |  |"
                 for problem, solution in rows)
    return "\n".join(table), index
