"""``betal kb import``: turn a seed article into a clean article to review by hand, in a
knowledge base that may hold it already.

Two kinds of input arrive:

- Learn Markdown with front matter whose sentences carry side-by-side translation markup
  (``<span data-ttu-id>`` with the English original in a ``sxs-lookup`` span). The markup
  and the English go; the localization pipeline's keys go; the H1's ``<a name>`` becomes
  an explicit heading id; bold "Note:"-style paragraphs become Learn alerts.
- A plain-text export without front matter or Markdown. Its title, headings, numbered
  steps, alerts ("Obs!", "Viktig", "Tips"), troubleshooting table and related-articles list
  are rebuilt from the layout, and front matter is generated.

Either way the result has complete front matter with Betal's own metadata
(:mod:`kb.scaffold`: the source's ``ROBOTS``, authors and manager go) and ``ms.date``
zero-padded (today's date when there is none).

An article of ``--out`` with the source's ``ms.assetid``, else its title, else its file
name, is the article the source is: it is updated (with ``--force``) rather than joined
by a duplicate, keeping its file, ``ms.assetid`` and metadata; ``--dry-run`` shows the
change as a diff. A new article's ``ms.assetid`` is the source's, else its translation's,
else the one the engine's rules cite, else a new GUID.

Headings get the ids both languages share, in English: a heading's ``<a name>``, else its
English original's slug (side-by-side markup), else the id of the same heading in the
article updated or in a translation with the same headings. The file name is a slug made
from such an anchor or the title, and the file is written only inside ``--out``, through
a new file put in place (a link there is replaced, never followed).
"""

from __future__ import annotations

import datetime
import os
import re
import uuid
from typing import NamedTuple

from kb.article import NotARegularFile, load_articles, read_bytes, write_text
from kb.config import ConfigError
from kb.frontmatter import normalize_newlines, parse
from kb.i18n import N_
from kb.links import plain_text, slugify
from kb.markup import originals
from kb.markup import strip as strip_markup
from kb.pairing import Pairing
from kb.paths import LOCALES, OTHER_LOCALE, is_slug
from kb.scaffold import DEFAULTS, SOURCE_KEYS, render_front_matter
from kb.schema import DATE, GUID
from kb.text import decode

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
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$", re.MULTILINE)
_HEADING_TEXT = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]*\{#[^}]*\})?[ \t]*$")
_NAME = re.compile(r"<a\s+name\s*=\s*[\"']([^\"']*)[\"']\s*>\s*</a>\s*", re.IGNORECASE)
_SAFE_ANCHOR = re.compile(r"[a-z0-9][a-z0-9-]*")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SLUG_LENGTH = 80  # at most, for a file name made from a title or anchor
_BOLD_LABEL = re.compile(r"^\*\*([^*]+?)\*\*\s*([:!]?)\s*[:!]?\s*(.*)$", re.DOTALL)
_WHOLE_BOLD = re.compile(r"^\*\*([^*]+)\*\*$")
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_PIPELINE_KEYS = ("ms.openlocfilehash", "ms.sourcegitcommit", "ms.lasthandoff",
                  "ms.locfileid")


def import_file(source: str, locale: str, out: str, *, slug: str | None = None,
                force: bool = False, dry_run: bool = False,
                today: datetime.date | None = None) -> Outcome:
    """Import ``source`` as an article in ``locale`` under ``out``: a new article, or an
    update of the one it already is. With ``dry_run`` nothing is written."""
    if locale not in LOCALES:
        raise ConfigError(N_("The article's locale must be one of {locales}, not '{locale}'."),
                          locales=list(LOCALES), locale=locale)
    if slug is not None and not is_slug(slug):
        raise ConfigError(N_("'{slug}' is not a slug: use lower-case letters, digits and "
                             "hyphens, like declined-credit-card."), slug=slug)
    draft = convert(_read(source), locale, slug=slug)
    present = _articles(out, locale)
    existing, found_by = _recognise(draft, locale, present)
    if existing is not None and slug is not None and slug != existing.slug:
        raise ConfigError(N_("This article is {path} already (the same {match}): leave out "
                             "--slug to update it."), path=existing.path, match=found_by)
    article_slug = existing.slug if existing is not None else draft.slug
    other = OTHER_LOCALE[locale]
    translation = Pairing(_articles(out, other)).find(
        other, assetid=_guid(draft.meta.get("ms.assetid")), slug=article_slug)
    meta = _meta(draft, locale, article_slug, existing, translation, today)
    body = _anchored(draft, article_slug, existing, translation)
    text = render_front_matter(meta) + "\n" + body.strip("\n") + "\n"
    path = _path_inside(out, locale, article_slug)
    before = existing.text if existing is not None else _current(path)
    if not dry_run:
        if before is not None and not force:
            raise ConfigError(N_("{path} exists already: give --dry-run to see what the "
                                 "import would change, --force to change it."), path=path)
        write_text(path, text)  # a link at path is replaced, never followed
    return Outcome(path, text, before, found_by, not dry_run)


class Outcome(NamedTuple):
    """What an import did, or would do with ``--dry-run``."""

    path: str
    text: str  # the article after the import
    before: str | None  # what the file held before, None for a new article
    found_by: str | None  # how the article was recognised: its ms.assetid, title or file
    written: bool

    def diff(self) -> str:
        """A unified diff from what the file held to what the import gives."""
        import difflib

        before = self.before.splitlines(keepends=True) if self.before is not None else []
        return "".join(difflib.unified_diff(
            before, self.text.splitlines(keepends=True),
            "/dev/null" if self.before is None else self.path, self.path))


class Draft(NamedTuple):
    """What a source says, before it meets the knowledge base."""

    meta: dict  # its front matter, without the pipeline's and the source organisation's keys
    title: str
    body: str
    slug: str  # --slug, else the H1's <a name>, else from the title
    anchors: dict[str, str]  # heading text: the shared English anchor the source gives it


def convert(text: str, locale: str, *, slug: str | None = None) -> Draft:
    """What the source ``text`` (a seed or export) holds, as a clean article in
    ``locale``."""
    front, body_offset, _ = parse(text)
    if front.present and front.closed:
        meta = {key: value for key, value in front.mapping().items()
                if key not in _PIPELINE_KEYS and key not in SOURCE_KEYS}
        body, anchors, first = _clean_markdown(text[body_offset:])
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        heading = _first_heading(body)
    else:
        meta, anchors, first = {}, {}, None
        heading, body = _from_plain_text(text, locale)
        title = heading
    title = (title or heading or slug or "").strip()
    return Draft(meta, title or "article", body,
                 slug or _shortened(first or anchor_for(title or "article")), anchors)


def _read(source: str) -> str:
    try:
        raw = read_bytes(source)  # refuses a FIFO rather than waiting on it
    except NotARegularFile:
        raise ConfigError(N_("{path} is not a regular file (a FIFO, a device or a broken "
                             "link): there is nothing to import."), path=source) from None
    except OSError as error:
        raise ConfigError(N_("{path} cannot be read: {error}"), path=source,
                          error=error.strerror or str(error)) from None
    text, undecodable = decode(raw)
    if undecodable is not None:
        raise ConfigError(N_("{path} is not UTF-8 text (line {line}, column {column}): save "
                             "it as UTF-8 and import it again."), path=source,
                          line=undecodable[0], column=undecodable[1])
    text = normalize_newlines(text)
    if not text.strip():
        raise ConfigError(N_("{path} is empty: there is nothing to import."), path=source)
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise ConfigError(N_("{path} holds a control character (line {line}, column "
                             "{column}), which an article cannot: is it text?"), path=source,
                          line=line, column=column)
    return text


def _articles(out: str, locale: str) -> list:

    return load_articles(out, locale) if os.path.isdir(os.path.join(out, locale)) else []


def _recognise(draft: Draft, locale: str, present: list) -> tuple:
    """(the article of the knowledge base the source is, how it was recognised): the one
    with its ms.assetid, else with its title, else at its file name; (None, None)."""
    pairing = Pairing(present)
    found = pairing.find(locale, assetid=_guid(draft.meta.get("ms.assetid")))
    if found is not None:
        return found, "ms.assetid"
    title = draft.title.casefold()
    found = next((a for a in present if a.title and a.title.casefold() == title), None)
    if found is not None:
        return found, N_("title")
    found = pairing.find(locale, slug=draft.slug)
    return (found, N_("file name")) if found is not None else (None, None)


def _meta(draft: Draft, locale: str, slug: str, existing, translation,
          today: datetime.date | None) -> dict:
    """The front matter: the source's, with the knowledge base's own metadata of the
    article it updates, its identity, and Betal's defaults for what is missing."""
    meta = dict(draft.meta)
    if existing is not None and existing.readable:
        meta.update({key: value for key, value in existing.meta.items()
                     if key not in ("title", "ms.date", "ms.translationtype")})
    meta["title"] = draft.title
    meta["ms.contentlocale"] = locale
    meta["ms.date"] = _date(draft.meta.get("ms.date"), today or datetime.date.today())
    meta["ms.assetid"] = _assetid(draft, slug, existing, translation)
    for key, value in {**DEFAULTS, "ms.translationtype": "MT"}.items():
        if not meta.get(key):
            meta[key] = value
    return meta


def _path_inside(out: str, locale: str, slug: str) -> str:
    """``out/locale/slug.md``, refused unless it is inside ``out`` once every link on the
    way is followed."""
    base = os.path.realpath(out)
    path = os.path.join(out, locale, *slug.split("/")) + ".md"
    real = os.path.realpath(path)
    if os.path.commonpath([base, real]) != base or real == base:
        raise ConfigError(N_("{path} leads outside {out}: nothing was written."), path=path,
                          out=out)
    return path


def _current(path: str) -> str | None:
    """What is at ``path`` (None when nothing is)."""
    if not os.path.lexists(path):
        return None
    try:
        return normalize_newlines(read_bytes(path).decode("utf-8", "replace"))
    except OSError:
        return ""


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


def _assetid(draft: Draft, slug: str, existing, translation) -> str:
    """The article's own, else the source's, else its translation's, else the one the
    engine's rules cite for it, else a new GUID."""
    from engine.rules import ARTICLES

    for found in (getattr(existing, "assetid", None), draft.meta.get("ms.assetid"),
                  getattr(translation, "assetid", None), ARTICLES.get(slug)):
        if _guid(found):
            return found.strip()
    return str(uuid.uuid4())


def _guid(value) -> str | None:
    return value.strip() if isinstance(value, str) and GUID.match(value.strip()) else None


def anchor_for(text: str) -> str:
    """A heading id for ``text``: MkDocs' slug, with the Nordic letters it would drop
    spelled out first (``Før du starter`` becomes ``for-du-starter``)."""
    return slugify(text.translate(_NORDIC)) or "section"


_NORDIC = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss"})


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#\s+(.*?)(?:\s*\{#[^}]*\})?\s*$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


# -- Learn Markdown ------------------------------------------------------------------------


def _clean_markdown(body: str) -> tuple[str, dict[str, str], str | None]:
    """The body without translation markup and bold labels as alerts; the anchor each
    heading's ``<a name>`` or English original gives it (by heading text); the H1's."""
    body, anchors, first = _source_anchors(body)
    body = strip_markup(body)
    paragraphs = re.split(r"\n[ \t]*\n", body)
    cleaned = [_alert_or_heading(paragraph) for paragraph in paragraphs]
    lines = "\n\n".join(cleaned).split("\n")
    return "\n".join(_tidy(line) for line in lines), anchors, first


def _source_anchors(body: str) -> tuple[str, dict[str, str], str | None]:
    """The body with the ``<a name>`` tags of its headings taken out; the anchor each
    heading is given, by its text: its ``<a name>``, else the slug of its English original
    (side-by-side markup), for headings and for the bold lines that become headings; the
    H1's anchor."""
    anchors: dict[str, str] = {}
    first = None
    lines = body.split("\n")
    for number, line in enumerate(lines):
        heading = _HEADING.match(line)
        rest = heading.group(2) if heading else line
        names = _NAME.findall(rest) if heading else []
        english = " ".join(originals(rest))
        if heading:
            rest = _NAME.sub("", rest)
            lines[number] = f"{heading.group(1)} {rest.strip()}"
        elif not (english and _WHOLE_BOLD.match(strip_markup(line).strip())):
            continue
        anchor = (_anchor(names[0]) if names else None) or (
            anchor_for(plain_text(english)) if english.strip() else None)
        text = plain_text(strip_markup(rest))
        if anchor and text:
            anchors.setdefault(text, anchor)
            if heading and len(heading.group(1)) == 1 and first is None:
                first = anchor
    return "\n".join(lines), anchors, first


def _anchored(draft: Draft, slug: str, existing, translation) -> str:
    """The draft's body with an explicit id on every heading, the same in both languages:
    the one the source gives the heading; else the id of the same heading in the article
    it updates (the most alike heading text of the same level) or, when the translation
    has exactly the same headings by level, of the heading in the same place there; else
    (the H1) the slug, or the id it has, or one made from its text."""
    from kb.links import outline

    headings = outline(draft.body).headings
    kept = _alike(headings, existing.outline.headings) if existing is not None else {}
    placed = {}
    if translation is not None:
        theirs = translation.outline.headings
        if [h.level for h in theirs] == [h.level for h in headings]:
            placed = {index: heading.anchor for index, heading in enumerate(theirs)}
    lines = draft.body.split("\n")
    for index, heading in enumerate(headings):
        own = slug.rsplit("/", 1)[-1] if heading.level == 1 else (
            heading.anchor if heading.explicit else None)
        anchor = _anchor(draft.anchors.get(heading.text) or kept.get(index)
                         or placed.get(index) or own or anchor_for(heading.text))
        match = _HEADING_TEXT.match(lines[heading.line - 1])
        if match is not None:
            lines[heading.line - 1] = f"{match.group(1)} {match.group(2)} {{#{anchor}}}"
    return "\n".join(lines)


def _alike(headings, known) -> dict[int, str]:
    """{index in ``headings``: the anchor of the ``known`` heading of the same level whose
    text is most alike}, each known heading given once, the most alike pairs first."""
    from difflib import SequenceMatcher

    scored = sorted(((SequenceMatcher(None, mine.text.casefold(), theirs.text.casefold())
                      .ratio(), index, other)
                     for index, mine in enumerate(headings)
                     for other, theirs in enumerate(known) if mine.level == theirs.level),
                    key=lambda found: -found[0])
    given: dict[int, str] = {}
    taken: set[int] = set()
    for ratio, index, other in scored:
        if ratio >= 0.6 and index not in given and other not in taken:
            given[index] = known[other].anchor
            taken.add(other)
    return given


def _shortened(slug: str) -> str:
    """``slug`` cut to :data:`SLUG_LENGTH` characters at a hyphen, so that it can name a
    file."""
    if len(slug) <= SLUG_LENGTH:
        return slug
    cut = slug.rfind("-", 0, SLUG_LENGTH + 1)
    return slug[:cut if cut > 0 else SLUG_LENGTH].rstrip("-")


def _anchor(name: str | None) -> str | None:
    """``name`` as a heading id and file name: lower-case letters, digits and hyphens
    (``../../x`` becomes ``x``)."""
    if not name:
        return None
    return name if _SAFE_ANCHOR.fullmatch(name) else anchor_for(name)


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


def _from_plain_text(text: str, locale: str) -> tuple[str, str]:
    """(title, Markdown body) of a plain-text export."""
    blocks = [block for block in re.split(r"\n[ \t]*\n", text.strip("\n")) if block.strip()]
    if not blocks:
        return "", ""
    title = blocks[0].strip().split("\n")[0].strip()
    out = [f"# {title}"]
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
