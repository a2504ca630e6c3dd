"""What the web pages show, decided in Python so the templates only lay it out.

A story page and an article page are built from the store's typed objects
(`StoryDossier`, `Article`). Every citation becomes a chip that links to the
cited report at the cited sentence (`/articles/ID?hl=START-END#hl`), and a
report's text is cut into segments at every highlight boundary (shared
passages, dates, numbers, quotes, the cited sentence), so overlapping
highlights nest without breaking the text. Report text is never marked up
here: the templates escape it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol
from urllib.parse import quote

from markupsafe import Markup

from newsweave.compare import unique_details
from newsweave.display import display_date, safe_href
from newsweave.dossier import StoryDossier
from newsweave.types import Article, Derivation, Quote, Span
from newsweave.web.charts import (
    GraphEdge,
    GraphNode,
    TimelineMark,
    TimelinePoint,
    provenance_graph,
    timeline_chart,
)

#: How "B <verb> A" reads for each derivation kind.
VERBS = {
    "copy": "copies",
    "rewrite": "rewrites",
    "partial": "reuses part of",
    "quotation": "quotes from",
}
#: Colours for pairs of shared passages in the side-by-side view (CSS classes pair-0 ...).
PAIR_COLOURS = 6


@dataclass(frozen=True, slots=True)
class Chip:
    """A citation: the report's short name, its number on the page, and where it links."""

    article_id: str
    number: int | None
    name: str
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class Cited:
    """A sentence and the chips of the reports that carry it."""

    text: str
    chips: tuple[Chip, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text with the highlights that cover all of it."""

    text: str
    classes: str = ""
    title: str = ""
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlight to put on [start, end) of a report's text."""

    start: int
    end: int
    kind: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class ReportColumn:
    """A report in the side-by-side view: who, when, and its text with shared passages."""

    chip: Chip
    title: str | None
    published: str | None
    first: bool
    independent: bool
    segments: tuple[Segment, ...]
    why: str | None


@dataclass(frozen=True, slots=True)
class ConflictPanel:
    about: str
    kind: str
    sides: tuple[tuple[str, Cited], ...]


@dataclass(frozen=True, slots=True)
class DerivationLine:
    source: Chip
    derived: Chip
    kind: str
    verb: str
    shared: str
    confidence: str


@dataclass(frozen=True, slots=True)
class QuoteLine:
    speaker: str
    text: str
    direct: bool
    first: Chip | None
    others: tuple[tuple[Chip, str], ...]


@dataclass(frozen=True, slots=True)
class StoryPageView:
    """Everything the story page shows."""

    id: str
    title: str
    reports: int
    independent_sources: int | None
    first: Chip | None
    first_published: str | None
    outlets: tuple[str, ...]
    summary: tuple[Cited, ...]
    abstract: tuple[Cited, ...]
    conflicts: tuple[ConflictPanel, ...]
    agreed: tuple[Cited, ...]
    details: tuple[tuple[Chip, tuple[Cited, ...]], ...]
    columns: tuple[ReportColumn, ...]
    derivations: tuple[DerivationLine, ...]
    graph: Markup
    quotes: tuple[QuoteLine, ...]
    timeline: tuple[tuple[str, Cited], ...]
    timeline_chart: Markup
    entities: tuple[tuple[str, str, tuple[str, ...]], ...]
    storyline_id: str | None
    follows: str | None


@dataclass(frozen=True, slots=True)
class ArticlePageView:
    """Everything the article page shows."""

    id: str
    title: str
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    href: str | None
    language: str | None
    notes: tuple[str, ...]
    segments: tuple[Segment, ...]
    stories: tuple[tuple[str, str], ...]
    derived_from: tuple[DerivationLine, ...]
    derived_into: tuple[DerivationLine, ...]
    highlighted: str | None
    counts: Mapping[str, int] = field(default_factory=dict)


def article_href(article_id: str, span: Span | None = None) -> str:
    """Return the link to a report, at a cited span when one is given."""
    path = f"/articles/{quote(article_id, safe='')}"
    return f"{path}?hl={span.start}-{span.end}#hl" if span else path


def story_page(story: StoryDossier, articles: Sequence[Article]) -> StoryPageView:
    """Return the story page's view; `articles` are the story's reports (any order)."""
    order = _publication_order(story, articles)
    number = {article.id: n for n, article in enumerate(order, start=1)}
    by_id = {article.id: article for article in order}

    def chip(article_id: str, span: Span | None = None) -> Chip:
        return _chip(article_id, by_id, number, span)

    def cited(text: str, evidence: Iterable[Span], note: str | None = None) -> Cited:
        chips: dict[str, Chip] = {}
        for span in evidence:
            chips.setdefault(span.article_id, chip(span.article_id, span))
        return Cited(text, tuple(chips.values()), note)

    first = story.story.first_reported_by
    derived = {d.derived for d in story.derivations}
    details = unique_details(story.claims, story.facts)
    return StoryPageView(
        id=story.id,
        title=story.story.title or "Untitled story",
        reports=len(story.story.article_ids),
        independent_sources=story.independent_sources,
        first=chip(first) if first else None,
        first_published=_published(by_id.get(first or "")),
        outlets=tuple(dict.fromkeys(a.outlet for a in order if a.outlet)),
        summary=tuple(cited(s.text, s.evidence) for s in story.summary),
        abstract=tuple(cited(s.text, s.evidence) for s in story.abstract),
        conflicts=tuple(
            ConflictPanel(
                c.about,
                c.kind,
                tuple((_value(v.value), cited(v.text, v.evidence)) for v in c.values),
            )
            for c in story.conflicts
        ),
        agreed=tuple(
            cited(c.text, c.evidence, f"{c.independent_sources} independent sources")
            for c in sorted(story.claims, key=lambda c: -c.independent_sources)
            if c.independent_sources > 1
        ),
        details=tuple(
            (chip(article_id), tuple(cited(c.text, c.evidence) for c in claims))
            for article_id in (a.id for a in order)
            if (claims := details.get(article_id))
        ),
        columns=_columns(story, order, chip, derived),
        derivations=tuple(_derivation_line(d, chip) for d in story.derivations),
        graph=provenance_graph(
            [
                GraphNode(a.id, _name(a), _iso(a), article_href(a.id), first=a.id == first)
                for a in order
            ],
            [GraphEdge(d.source, d.derived, d.kind, d.shared_fraction) for d in story.derivations],
        ),
        quotes=tuple(_quote_line(q, chip) for q in story.quotes),
        timeline=tuple(
            (display_date(e.date.isoformat()) or e.date.isoformat(), cited(e.text, e.evidence))
            for e in story.timeline
        ),
        timeline_chart=_timeline_chart(story, by_id),
        entities=tuple(
            (e.name, e.kind, tuple(a for a in e.aliases if a != e.name)) for e in story.entities
        ),
        storyline_id=story.story.storyline_id,
        follows=story.story.follows,
    )


def article_page(
    article: Article,
    stories: Sequence[StoryDossier],
    neighbours: Mapping[str, Article],
    highlight: tuple[int, int] | None = None,
) -> ArticlePageView:
    """Return the article page's view: its text with everything found in it highlighted.

    `stories` are the stories that hold the article; `neighbours` the other
    reports its derivations name (for their names and links).
    """
    by_id = {**neighbours, article.id: article}
    number: dict[str, int] = {}

    def chip(article_id: str, span: Span | None = None) -> Chip:
        return _chip(article_id, by_id, number, span)

    marks = [*_fact_marks(article.id, stories), *_reuse_marks(article.id, stories, by_id)]
    if highlight and 0 <= highlight[0] < highlight[1] <= len(article.text):
        marks.append(Mark(highlight[0], highlight[1], "cited", "the cited sentence"))
    counts: dict[str, int] = {}
    for mark in marks:
        counts[mark.kind] = counts.get(mark.kind, 0) + 1
    derivations = [d for s in stories for d in s.derivations]
    into = [d for d in derivations if d.derived == article.id]
    out = [d for d in derivations if d.source == article.id]
    return ArticlePageView(
        id=article.id,
        title=article.title or _name(article),
        outlet=article.outlet,
        author=article.author,
        published=_published(article),
        url=article.url,
        href=safe_href(article.url),
        language=article.language,
        notes=article.notes,
        segments=segment(article.text, marks),
        stories=tuple((s.id, s.story.title or "Untitled story") for s in stories),
        derived_from=tuple(_derivation_line(d, chip) for d in into),
        derived_into=tuple(_derivation_line(d, chip) for d in out),
        highlighted=article.text[highlight[0] : highlight[1]] if highlight else None,
        counts=counts,
    )


def segment(text: str, marks: Iterable[Mark]) -> tuple[Segment, ...]:
    """Return `text` cut at every mark boundary, each piece with the marks over it.

    The first piece of a "cited" mark carries the anchor `hl`, so a link to
    `#hl` scrolls to the cited sentence.
    """
    kept = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    pieces: list[Segment] = []
    anchored = False
    for start, end in pairwise(cuts):
        over = [m for m in kept if m.start <= start and end <= m.end]
        anchor = None
        if not anchored and any(m.kind == "cited" for m in over):
            anchor, anchored = "hl", True
        pieces.append(
            Segment(
                text[start:end],
                " ".join(dict.fromkeys(m.kind for m in over)),
                " · ".join(dict.fromkeys(m.title for m in over if m.title)),
                anchor,
            )
        )
    return tuple(pieces)


def _chip(
    article_id: str, by_id: Mapping[str, Article], number: Mapping[str, int], span: Span | None
) -> Chip:
    article = by_id.get(article_id)
    if article is None:
        return Chip(article_id, None, f"report {article_id}", f"report {article_id}", "#")
    published = _published(article)
    return Chip(
        article_id,
        number.get(article_id),
        _name(article),
        f"{_name(article)}, {published or 'date unknown'}",
        article_href(article_id, span),
    )


def _columns(
    story: StoryDossier,
    order: Sequence[Article],
    chip: _ChipMaker,
    derived: set[str],
) -> tuple[ReportColumn, ...]:
    """Return the reports side by side, each pair of shared passages in one colour."""
    marks: dict[str, list[Mark]] = {}
    for pair, derivation in enumerate(story.derivations):
        kind = f"shared pair-{pair % PAIR_COLOURS}"
        for passage in derivation.passages:
            source, copy = passage.source, passage.derived
            marks.setdefault(source.article_id, []).append(
                Mark(source.start, source.end, kind, f"{VERBS[derivation.kind]} (as source)")
            )
            marks.setdefault(copy.article_id, []).append(
                Mark(copy.start, copy.end, kind, f"{VERBS[derivation.kind]} the other report")
            )
    why = {p.article_id: p.describe() for p in story.story.placements}
    return tuple(
        ReportColumn(
            chip=chip(article.id),
            title=article.title,
            published=_published(article),
            first=article.id == story.story.first_reported_by,
            independent=article.id not in derived,
            segments=segment(article.text, marks.get(article.id, ())),
            why=why.get(article.id),
        )
        for article in order
    )


def _fact_marks(article_id: str, stories: Sequence[StoryDossier]) -> list[Mark]:
    marks: list[Mark] = []
    for story in stories:
        facts = story.facts.get(article_id)
        if facts:
            marks += [
                Mark(d.span.start, d.span.end, "date", f"date: {d.value or 'unresolved'}")
                for d in facts.dates
            ]
            marks += [
                Mark(q.span.start, q.span.end, "number", f"number: {q.describe()}")
                for q in facts.quantities
            ]
        for q in story.quotes:
            marks += [
                Mark(s.start, s.end, "quote", f"quote of {q.speaker or 'an unknown speaker'}")
                for s in q.evidence
                if s.article_id == article_id
            ]
    return marks


def _reuse_marks(
    article_id: str, stories: Sequence[StoryDossier], by_id: Mapping[str, Article]
) -> list[Mark]:
    marks: list[Mark] = []
    for derivation in (d for s in stories for d in s.derivations):
        for passage in derivation.passages:
            if passage.derived.article_id == article_id:
                other = _name_of(derivation.source, by_id)
                marks.append(
                    Mark(passage.derived.start, passage.derived.end, "reused", f"from {other}")
                )
            elif passage.source.article_id == article_id:
                other = _name_of(derivation.derived, by_id)
                marks.append(
                    Mark(passage.source.start, passage.source.end, "reused", f"reused by {other}")
                )
    return marks


def _timeline_chart(story: StoryDossier, by_id: Mapping[str, Article]) -> Markup:
    points = [
        TimelinePoint(
            event.date.isoformat(),
            _iso(by_id.get(span.article_id)),
            _name_of(span.article_id, by_id),
            event.text,
            article_href(span.article_id, span),
        )
        for event in story.timeline
        for span in event.evidence
    ]
    marks = [TimelineMark(e.date.isoformat(), e.text) for e in story.timeline]
    return timeline_chart(points, events=marks)


def _quote_line(statement: Quote, chip: _ChipMaker) -> QuoteLine:
    spans = statement.evidence
    wordings = statement.wordings or (statement.text,)
    return QuoteLine(
        speaker=statement.speaker or "unknown speaker",
        text=statement.text,
        direct=statement.direct,
        first=chip(spans[0].article_id, spans[0]) if spans else None,
        others=tuple(
            (chip(span.article_id, span), wording)
            for span, wording in zip(spans[1:], wordings[1:], strict=False)
        ),
    )


def _derivation_line(derivation: Derivation, chip: _ChipMaker) -> DerivationLine:
    return DerivationLine(
        source=chip(derivation.source),
        derived=chip(derivation.derived),
        kind=derivation.kind,
        verb=VERBS[derivation.kind],
        shared=f"{derivation.shared_fraction:.0%}",
        confidence=f"{derivation.confidence:.2f}",
    )


def _publication_order(story: StoryDossier, articles: Sequence[Article]) -> list[Article]:
    """Return the story's reports: its first report, the dated by time, then the undated.

    The first report leads even where a report dated only to the day would sort
    before it (a day reads as its midnight): the reuse stage decided who was first.
    """
    by_id = {article.id: article for article in articles}
    first = story.story.first_reported_by
    members = [by_id[i] for i in story.story.article_ids if i in by_id and i != first]
    dated = [(a.published.value, a) for a in members if a.published]
    dated.sort(key=lambda pair: pair[0])
    lead = [by_id[first]] if first is not None and first in by_id else []
    return lead + [a for _, a in dated] + [a for a in members if not a.published]


def _name(article: Article) -> str:
    return article.outlet or article.title or article.path or f"report {article.id}"


def _name_of(article_id: str, by_id: Mapping[str, Article]) -> str:
    article = by_id.get(article_id)
    return _name(article) if article else f"report {article_id}"


def _iso(article: Article | None) -> str | None:
    return article.published.isoformat() if article and article.published else None


def _published(article: Article | None) -> str | None:
    return display_date(_iso(article))


def _value(value: str | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, float) else value


class _ChipMaker(Protocol):
    """The `chip(article_id, span=None)` helpers above."""

    def __call__(self, article_id: str, span: Span | None = None) -> Chip: ...
