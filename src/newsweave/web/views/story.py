"""The story page: summary, conflicts, the reports side by side, provenance, quotes, timeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from newsweave.compare import unique_details
from newsweave.display import display_date
from newsweave.dossier import StoryDossier
from newsweave.types import Article, Quote, Span
from newsweave.web.charts import (
    GraphEdge,
    GraphNode,
    TimelineMark,
    TimelinePoint,
    provenance_graph,
    timeline_chart,
)
from newsweave.web.views.common import (
    VERBS,
    Chip,
    ChipMaker,
    Cited,
    DerivationLine,
    Mark,
    Segment,
    article_href,
    chip_for,
    derivation_line,
    iso_published,
    name_of,
    published_text,
    report_name,
    segment,
)

#: Colours for pairs of shared passages in the side-by-side view (CSS classes pair-0 ...).
PAIR_COLOURS = 6


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


def story_page(story: StoryDossier, articles: Sequence[Article]) -> StoryPageView:
    """Return the story page's view; `articles` are the story's reports (any order)."""
    order = _publication_order(story, articles)
    number = {article.id: n for n, article in enumerate(order, start=1)}
    by_id = {article.id: article for article in order}

    def chip(article_id: str, span: Span | None = None) -> Chip:
        return chip_for(article_id, by_id, number, span)

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
        first_published=published_text(by_id.get(first or "")),
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
        derivations=tuple(derivation_line(d, chip) for d in story.derivations),
        graph=provenance_graph(
            [
                GraphNode(
                    a.id, report_name(a), iso_published(a), article_href(a.id), first=a.id == first
                )
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


def _columns(
    story: StoryDossier,
    order: Sequence[Article],
    chip: ChipMaker,
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
            published=published_text(article),
            first=article.id == story.story.first_reported_by,
            independent=article.id not in derived,
            segments=segment(article.text, marks.get(article.id, ())),
            why=why.get(article.id),
        )
        for article in order
    )


def _timeline_chart(story: StoryDossier, by_id: Mapping[str, Article]) -> Markup:
    points = [
        TimelinePoint(
            event.date.isoformat(),
            iso_published(by_id.get(span.article_id)),
            name_of(span.article_id, by_id),
            event.text,
            article_href(span.article_id, span),
        )
        for event in story.timeline
        for span in event.evidence
    ]
    marks = [TimelineMark(e.date.isoformat(), e.text) for e in story.timeline]
    return timeline_chart(points, events=marks)


def _quote_line(statement: Quote, chip: ChipMaker) -> QuoteLine:
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


def _value(value: str | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, float) else value
