"""What both pages share: citation chips, highlight segments, names and dates of reports.

A report's text is cut into segments at every highlight boundary (shared
passages, dates, numbers, quotes, the cited sentence), so overlapping
highlights nest without breaking the text. Report text is never marked up
here: the templates escape it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol
from urllib.parse import quote

from newsweave.display import display_date
from newsweave.types import Article, Derivation, Span

#: How "B <verb> A" reads for each derivation kind.
VERBS = {
    "copy": "copies",
    "rewrite": "rewrites",
    "partial": "reuses part of",
    "quotation": "quotes from",
}


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
class DerivationLine:
    source: Chip
    derived: Chip
    kind: str
    verb: str
    shared: str
    confidence: str


def article_href(article_id: str, span: Span | None = None) -> str:
    """Return the link to a report, at a cited span when one is given."""
    path = f"/articles/{quote(article_id, safe='')}"
    return f"{path}?hl={span.start}-{span.end}#hl" if span else path


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


def chip_for(
    article_id: str, by_id: Mapping[str, Article], number: Mapping[str, int], span: Span | None
) -> Chip:
    article = by_id.get(article_id)
    if article is None:
        return Chip(article_id, None, f"report {article_id}", f"report {article_id}", "#")
    published = published_text(article)
    return Chip(
        article_id,
        number.get(article_id),
        report_name(article),
        f"{report_name(article)}, {published or 'date unknown'}",
        article_href(article_id, span),
    )


def derivation_line(derivation: Derivation, chip: ChipMaker) -> DerivationLine:
    return DerivationLine(
        source=chip(derivation.source),
        derived=chip(derivation.derived),
        kind=derivation.kind,
        verb=VERBS[derivation.kind],
        shared=f"{derivation.shared_fraction:.0%}",
        confidence=f"{derivation.confidence:.2f}",
    )


def report_name(article: Article) -> str:
    return article.outlet or article.title or article.path or f"report {article.id}"


def name_of(article_id: str, by_id: Mapping[str, Article]) -> str:
    article = by_id.get(article_id)
    return report_name(article) if article else f"report {article_id}"


def iso_published(article: Article | None) -> str | None:
    return article.published.isoformat() if article and article.published else None


def published_text(article: Article | None) -> str | None:
    return display_date(iso_published(article))


class ChipMaker(Protocol):
    """The `chip(article_id, span=None)` helpers above."""

    def __call__(self, article_id: str, span: Span | None = None) -> Chip: ...
