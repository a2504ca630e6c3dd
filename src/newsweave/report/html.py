"""Render a dossier as one self-contained HTML page for people to read.

Two steps: `_page` turns the loosely typed dossier dict (as written to dossier.json,
where any string may be null and stages not built yet give empty lists) into small
view objects with every label, date and link already decided; the Jinja2 template
only lays them out. Keeping the decisions here means the template never guesses
about nulls, and each rule (how a citation is numbered, what a section shows)
lives in one place with one test; how values read (dates, links, counts) is
`newsweave.display`'s, shared with the web UI.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsweave.compare import unique_details
from newsweave.display import count_noun, display_date, format_value, percent, safe_href
from newsweave.dossier import facts_from_dict, story_from_dict
from newsweave.extract import group_dates, group_quantities
from newsweave.types import Placement

_TEMPLATE = "report.html.j2"

# How "B <verb> A" reads for each derivation kind; the keys are the contract's kinds.
_VERBS = {
    "copy": "copies",
    "rewrite": "rewrites",
    "partial": "reuses part of",
    "quotation": "quotes from",
}

# A shared passage longer than this is cut: the excerpt is there to recognise
# the passage, the full text is in "All reports".
_EXCERPT_CHARS = 320
_PASSAGES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation chip: the report's number on the page, its anchor, and its hover text."""

    article_id: str
    number: int | None
    anchor: str | None
    name: str
    label: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One report as the page shows it, with its number (its position in the dossier)."""

    id: str
    number: int
    anchor: str
    name: str
    label: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_display: str | None
    url: str | None
    href: str | None
    language: str | None
    dateline: str | None
    kind: str | None
    path: str | None
    source_id: str | None
    notes: tuple[str, ...]
    paragraphs: tuple[str, ...]
    words: int
    text: str
    stories: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A row of a story's "Reports" table; `article` is None for an id the dossier lacks."""

    article_id: str
    article: ArticleView | None
    first: bool
    #: Why the stories stage put the report in this story (its placement), if known.
    why: str | None = None


@dataclass(frozen=True, slots=True)
class PassageView:
    """A shared passage: excerpts of it in the source and in the derived report."""

    source: str | None
    derived: str | None


@dataclass(frozen=True, slots=True)
class DerivationView:
    """One "who copied whom" line: derived <verb> source, how much, how sure."""

    source: Cite
    derived: Cite
    kind: str
    verb: str
    shared: str
    confidence: str | None
    passage_count: int
    passages: tuple[PassageView, ...]


@dataclass(frozen=True, slots=True)
class CitedText:
    """A sentence with the reports that carry it (summary, claim, quote, event, conflict side)."""

    text: str
    cites: tuple[Cite, ...]
    independent_sources: int | None = None
    speaker: str | None = None
    date: str | None = None
    date_display: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictView:
    """What the reports disagree about, and each side."""

    about: str
    sides: tuple[CitedText, ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story with every section ready to lay out."""

    id: str
    anchor: str
    title: str
    storyline_id: str | None
    #: The title and anchor of the story this one follows in its storyline.
    follows: tuple[str, str] | None
    first: Cite | None
    independent_sources: int | None
    reports: tuple[ReportRow, ...]
    summary: tuple[CitedText, ...]
    derivations: tuple[DerivationView, ...]
    claims: tuple[CitedText, ...]
    conflicts: tuple[ConflictView, ...]
    quotes: tuple[QuoteView, ...]
    timeline: tuple[CitedText, ...]
    #: The dated events of the other stories of its storyline, in time order.
    storyline_timeline: tuple[CitedText, ...] = ()
    entities: tuple[FactView, ...] = ()
    #: The abstractive summary (when asked for) and the sentences its check dropped.
    abstract: tuple[CitedText, ...] = ()
    abstract_dropped: tuple[tuple[str, str], ...] = ()
    #: Per report, the claims only its own source carries.
    details: tuple[tuple[Cite, tuple[str, ...]], ...] = ()
    dates: tuple[FactView, ...] = ()
    quantities: tuple[FactView, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A statement of the quote ledger: its first wording, and the other reports' wordings."""

    speaker: str | None
    text: str
    cites: tuple[Cite, ...]
    direct: bool
    others: tuple[tuple[Cite, str], ...]


@dataclass(frozen=True, slots=True)
class FactView:
    """A fact of the story and the reports that state it: an entity, a date, a number."""

    value: str
    detail: str
    words: tuple[str, ...]
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything the template shows."""

    generated_at: str | None
    generated_display: str | None
    articles: tuple[ArticleView, ...]
    stories: tuple[StoryView, ...]
    skipped: tuple[tuple[str, str], ...]
    pending: frozenset[str] = frozenset()


def render_report(dossier: Mapping[str, Any]) -> str:
    """Return a self-contained HTML page (inline CSS, no JavaScript, no external assets).

    Every text from the reports is escaped; only http and https URLs become links.
    Missing or null fields are shown as unknown, and a section with nothing in it
    says so rather than disappearing.
    """
    return _environment().get_template(_TEMPLATE).render(page=_page(dossier))


@cache
def _environment() -> Environment:
    """Return the Jinja2 environment, built on first use and shared afterwards."""
    environment = Environment(
        loader=PackageLoader("newsweave", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["count"] = count_noun
    return environment


def _page(dossier: Mapping[str, Any]) -> PageView:
    """Return the view of a whole dossier."""
    raw_articles = _records(dossier, "articles")
    raw_stories = _records(dossier, "stories")
    stories_of: dict[str, list[tuple[str, str]]] = {}
    for story in raw_stories:
        entry = (_anchor("s", _text(story, "id") or ""), _story_title(story))
        for article_id in _strings(story, "article_ids"):
            stories_of.setdefault(article_id, []).append(entry)

    articles = tuple(
        _article(record, number, tuple(stories_of.get(_text(record, "id") or "", ())))
        for number, record in enumerate(raw_articles, start=1)
    )
    by_id = {article.id: article for article in articles}
    titles = {_text(record, "id") or "": _story_title(record) for record in raw_stories}
    generated_at = _text(dossier, "generated_at")
    return PageView(
        generated_at=generated_at,
        generated_display=display_date(generated_at),
        articles=articles,
        stories=tuple(
            _story(record, by_id, titles, _storyline_events(record, raw_stories))
            for record in raw_stories
        ),
        skipped=tuple(
            (_text(item, "source") or "unknown input", _text(item, "reason") or "no reason given")
            for item in _records(dossier, "skipped")
        ),
        pending=frozenset(_strings(dossier, "pending_sections")),
    )


def _article(
    record: Mapping[str, Any], number: int, stories: tuple[tuple[str, str], ...]
) -> ArticleView:
    """Return the view of one report."""
    article_id = _text(record, "id") or f"report-{number}"
    title, outlet = _text(record, "title"), _text(record, "outlet")
    published, url = _text(record, "published"), _text(record, "url")
    name = outlet or title or f"Report {number}"
    shown_date = display_date(published)
    text = _raw_text(record, "text")
    return ArticleView(
        id=article_id,
        number=number,
        anchor=_anchor("a", article_id),
        name=name,
        label=f"{name} ({shown_date or 'date unknown'})",
        title=title,
        outlet=outlet,
        author=_text(record, "author"),
        published=published,
        published_display=shown_date,
        url=url,
        href=safe_href(url),
        language=_text(record, "language"),
        dateline=_text(record, "dateline"),
        kind=_text(record, "kind"),
        path=_text(record, "path"),
        source_id=_text(record, "source_id"),
        notes=_strings(record, "notes"),
        paragraphs=tuple(part.strip() for part in text.split("\n\n") if part.strip()),
        words=len(text.split()),
        text=text,
        stories=stories,
    )


def _placement(record: Mapping[str, Any], story_id: str) -> str:
    """Return the line that says why a report is in its story, from its placement record."""
    signals = record.get("signals")
    return Placement(
        article_id=_text(record, "article_id") or "",
        story_id=story_id,
        opened=record.get("opened") is True,
        score=_float(record, "score") or 0.0,
        signals={
            str(k): v
            for k, v in (signals.items() if isinstance(signals, dict) else ())
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        },
        shared=_strings(record, "shared"),
    ).describe()


def _story(
    record: Mapping[str, Any],
    by_id: Mapping[str, ArticleView],
    titles: Mapping[str, str],
    storyline_events: Sequence[Mapping[str, Any]] = (),
) -> StoryView:
    """Return the view of one story, citations numbered by the reports' positions."""
    story_id = _text(record, "id") or ""
    first_id = _text(record, "first_reported_by")
    follows = _text(record, "follows")
    why = {_text(p, "article_id"): _placement(p, story_id) for p in _records(record, "placements")}
    return StoryView(
        id=story_id,
        anchor=_anchor("s", story_id),
        title=_story_title(record),
        storyline_id=_text(record, "storyline_id"),
        follows=(titles.get(follows, follows), _anchor("s", follows)) if follows else None,
        first=_cite(first_id, by_id) if first_id else None,
        independent_sources=_int(record, "independent_sources"),
        reports=tuple(
            ReportRow(
                article_id, by_id.get(article_id), article_id == first_id, why.get(article_id)
            )
            for article_id in _strings(record, "article_ids")
        ),
        summary=tuple(_cited(item, by_id) for item in _records(record, "summary")),
        abstract=tuple(_cited(item, by_id) for item in _records(record, "abstract")),
        abstract_dropped=tuple(
            (_text(item, "text") or "", _text(item, "reason") or "")
            for item in _records(record, "abstract_dropped")
        ),
        derivations=tuple(_derivation(item, by_id) for item in _records(record, "derivations")),
        claims=tuple(
            _cited(item, by_id) for item in _records(record, "claims") if len(_cited_ids(item)) > 1
        ),
        details=_details(record, by_id),
        conflicts=tuple(
            ConflictView(
                about=_text(item, "about") or "unnamed detail",
                sides=tuple(_cited(side, by_id) for side in _records(item, "values")),
            )
            for item in _records(record, "conflicts")
        ),
        quotes=tuple(_quote(item, by_id) for item in _records(record, "quotes")),
        timeline=tuple(_cited(item, by_id) for item in _records(record, "timeline")),
        storyline_timeline=tuple(_cited(item, by_id) for item in storyline_events),
        entities=tuple(
            FactView(
                _text(item, "name") or "",
                _text(item, "kind") or "",
                _strings(item, "aliases"),
                tuple(_cite(i, by_id) for i in _cited_ids(item)),
            )
            for item in _records(record, "entities")
        ),
        **_facts(record, by_id),
    )


def _details(
    record: Mapping[str, Any], by_id: Mapping[str, ArticleView]
) -> tuple[tuple[Cite, tuple[str, ...]], ...]:
    """Return, report by report, what only its own source says (richest in facts first)."""
    story = story_from_dict(record)
    details = unique_details(story.claims, story.facts)
    return tuple(
        (_cite(article_id, by_id), tuple(c.text for c in details[article_id]))
        for article_id in story.story.article_ids
        if details.get(article_id)
    )


def _quote(record: Mapping[str, Any], by_id: Mapping[str, ArticleView]) -> QuoteView:
    """Return a statement of the ledger; wordings pair with the evidence spans, in order."""
    ids = [_text(span, "article_id") or "" for span in _records(record, "evidence")]
    wordings = _strings(record, "wordings")
    cited = _cited(record, by_id)
    return QuoteView(
        speaker=cited.speaker,
        text=cited.text,
        cites=cited.cites[:1],
        direct=record.get("direct") is not False,
        others=tuple((_cite(i, by_id), w) for i, w in zip(ids[1:], wordings[1:], strict=False)),
    )


def _facts(
    record: Mapping[str, Any], by_id: Mapping[str, ArticleView]
) -> dict[str, tuple[FactView, ...]]:
    """Return the story's dates and quantities, grouped as `newsweave show` groups them."""
    facts = [
        facts_from_dict(f) for f in (record.get("facts") or {}).values() if isinstance(f, dict)
    ]

    def cites(spans: Iterable[str]) -> tuple[Cite, ...]:
        return tuple(_cite(i, by_id) for i in dict.fromkeys(spans))

    return {
        "dates": tuple(
            FactView(
                value or "unresolved",
                "resolved against the story's date"
                if any(d.relative and d.anchor == "story" for d in found)
                else "",
                tuple(dict.fromkeys(d.text for d in found)),
                cites(d.span.article_id for d in found),
            )
            for value, found in group_dates(facts)
        ),
        "quantities": tuple(
            FactView(
                interval,
                "",
                tuple(dict.fromkeys(q.text for q in found)),
                cites(q.span.article_id for q in found),
            )
            for interval, found in group_quantities(facts)
        ),
    }


def _storyline_events(
    record: Mapping[str, Any], stories: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Return the timeline events of the other stories in the story's storyline, by date."""
    line = _text(record, "storyline_id")
    if line is None:
        return []
    events = [
        event
        for other in stories
        if other is not record and _text(other, "storyline_id") == line
        for event in _records(other, "timeline")
    ]
    return sorted(events, key=lambda e: _text(e, "date") or "")


def _story_title(record: Mapping[str, Any]) -> str:
    """Return a story's title, or a placeholder that says it has none."""
    return _text(record, "title") or "Untitled story"


def _derivation(record: Mapping[str, Any], by_id: Mapping[str, ArticleView]) -> DerivationView:
    """Return the view of one derivation, with excerpts of its first shared passages."""
    kind = _text(record, "kind") or "unknown"
    passages = _records(record, "passages")
    confidence = _float(record, "confidence")
    return DerivationView(
        source=_cite(_text(record, "source") or "", by_id),
        derived=_cite(_text(record, "derived") or "", by_id),
        # An unexpected kind still gets a sentence, and a CSS class the page knows.
        kind=kind if kind in _VERBS else "other",
        verb=_VERBS.get(kind, f"reuses ({kind})"),
        shared=percent(_float(record, "shared_fraction")),
        confidence=f"{confidence:.2f}" if confidence is not None else None,
        passage_count=len(passages),
        passages=tuple(
            PassageView(
                source=_excerpt(_mapping(passage, "source"), by_id),
                derived=_excerpt(_mapping(passage, "derived"), by_id),
            )
            for passage in passages[:_PASSAGES_SHOWN]
        ),
    )


def _excerpt(span: Mapping[str, Any], by_id: Mapping[str, ArticleView]) -> str | None:
    """Return the text a span points at, cut to a readable length, or None if out of range."""
    article = by_id.get(_text(span, "article_id") or "")
    start, end = _int(span, "start"), _int(span, "end")
    if article is None or start is None or end is None or not 0 <= start < end <= len(article.text):
        return None
    excerpt = " ".join(article.text[start:end].split())
    if len(excerpt) > _EXCERPT_CHARS:
        excerpt = excerpt[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    return excerpt


def _cited(record: Mapping[str, Any], by_id: Mapping[str, ArticleView]) -> CitedText:
    """Return a sentence with its citations; reads whichever optional fields the record has."""
    date = _text(record, "date")
    return CitedText(
        text=_text(record, "text") or "",
        cites=tuple(_cite(article_id, by_id) for article_id in _cited_ids(record)),
        independent_sources=_int(record, "independent_sources"),
        speaker=_text(record, "speaker"),
        date=date,
        date_display=display_date(date),
        value=format_value(record.get("value")) if "value" in record else None,
    )


def _cited_ids(record: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the article ids a record cites: its `article_ids`, else those of its evidence."""
    ids = _strings(record, "article_ids")
    if ids:
        return tuple(dict.fromkeys(ids))
    evidence = (_text(span, "article_id") for span in _records(record, "evidence"))
    return tuple(dict.fromkeys(article_id for article_id in evidence if article_id))


def _cite(article_id: str, by_id: Mapping[str, ArticleView]) -> Cite:
    """Return the citation chip for an article id; an id the dossier lacks gets no link."""
    article = by_id.get(article_id)
    if article is None:
        return Cite(article_id, None, None, f"report {article_id}", f"unknown report {article_id}")
    return Cite(article_id, article.number, article.anchor, article.name, article.label)


def _anchor(prefix: str, identifier: str) -> str:
    """Return an HTML id for a story or article; whitespace is replaced, as ids may not hold it."""
    return f"{prefix}-{'_'.join(identifier.split()) or 'unnamed'}"


def _text(record: Mapping[str, Any], key: str) -> str | None:
    """Return a field as stripped text, or None when it is missing, null or blank."""
    value = record.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _raw_text(record: Mapping[str, Any], key: str) -> str:
    """Return a field as text exactly as given (offsets point into it), "" when missing."""
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _int(record: Mapping[str, Any], key: str) -> int | None:
    """Return a field as an int, or None when it is missing or not a whole number."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _float(record: Mapping[str, Any], key: str) -> float | None:
    """Return a field as a float, or None when it is missing or not a number."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _strings(record: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """Return a list field's non-blank strings; anything else in it is left out."""
    return tuple(str(item) for item in _items(record, key) if isinstance(item, str) and item)


def _records(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """Return a list field's mappings; a missing or null list is an empty one."""
    return [item for item in _items(record, key) if isinstance(item, Mapping)]


def _mapping(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """Return a field that should be a mapping, or an empty one."""
    value = record.get(key)
    return value if isinstance(value, Mapping) else {}


def _items(record: Mapping[str, Any], key: str) -> Iterable[Any]:
    """Return a list field's items, or nothing when it is missing, null or not a list."""
    value = record.get(key)
    return value if isinstance(value, list | tuple) else ()
