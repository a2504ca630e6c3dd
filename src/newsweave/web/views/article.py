"""The article page: a report's text with what newsweave found in it, and its derivations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newsweave.display import safe_href
from newsweave.dossier import StoryDossier
from newsweave.types import Article, Span
from newsweave.web.views.common import (
    Chip,
    DerivationLine,
    Mark,
    Segment,
    chip_for,
    derivation_line,
    name_of,
    published_text,
    report_name,
    segment,
)


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
        return chip_for(article_id, by_id, number, span)

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
        title=article.title or report_name(article),
        outlet=article.outlet,
        author=article.author,
        published=published_text(article),
        url=article.url,
        href=safe_href(article.url),
        language=article.language,
        notes=article.notes,
        segments=segment(article.text, marks),
        stories=tuple((s.id, s.story.title or "Untitled story") for s in stories),
        derived_from=tuple(derivation_line(d, chip) for d in into),
        derived_into=tuple(derivation_line(d, chip) for d in out),
        highlighted=article.text[highlight[0] : highlight[1]] if highlight else None,
        counts=counts,
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
                other = name_of(derivation.source, by_id)
                marks.append(
                    Mark(passage.derived.start, passage.derived.end, "reused", f"from {other}")
                )
            elif passage.source.article_id == article_id:
                other = name_of(derivation.derived, by_id)
                marks.append(
                    Mark(passage.source.start, passage.source.end, "reused", f"reused by {other}")
                )
    return marks
