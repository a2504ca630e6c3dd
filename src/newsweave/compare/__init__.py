"""The compare stage: claims across a story's reports, their support, and conflicts.

- **Claims** (`claims.align`): the sentences that state one proposition,
  however worded or translated, one per report.
- **Support**: the reports that carry each claim, the independent sources
  behind it (copies and rewrites of one another count once, from the reuse
  stage's derivations) and the first report that carried it. A claim with one
  independent source is a detail only that source gives.
- **Conflicts** (`conflicts.find_conflicts`): typed values (dates, numbers,
  names) that cannot both hold, with each side's sentences and reports.
- **Relations** (`relations.relate`): the Cross-document Structure Theory
  relation each aligned sentence pair shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from newsweave.compare.claims import Alignment, align
from newsweave.compare.conflicts import Judge, find_conflicts
from newsweave.compare.relations import relate
from newsweave.embeddings import Embedder
from newsweave.reuse import count_origins
from newsweave.stories.clusterer import arrival_order
from newsweave.types import (
    Article,
    Claim,
    Conflict,
    Derivation,
    Facts,
    Relation,
    Sentence,
    Span,
)


@dataclass(frozen=True)
class Comparison:
    """What the compare stage found in one story."""

    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    relations: tuple[Relation, ...] = ()


def compare_story(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    derivations: Sequence[Derivation],
    facts: Mapping[str, Facts],
    *,
    embedder: Embedder | None = None,
    judge: Judge | None = None,
) -> Comparison:
    """Return the claims, conflicts and sentence relations of one story's reports.

    `judge`, when given (an entailment model, say), is asked about every pair of
    aligned sentences the typed values leave in agreement; the pairs it finds
    contradictory are labeled `contradiction`.
    """
    order = [articles[i].id for i in arrival_order(articles)]
    alignment = align(articles, sentences, embedder=embedder, order=order)
    claims = _claims(alignment, derivations)
    conflicts = find_conflicts(alignment, facts, articles, derivations)
    relations = relate(alignment, articles, conflicts)
    if judge is not None:
        relations = tuple(_judged(r, alignment, judge) for r in relations)
    return Comparison(claims, conflicts, relations)


def _judged(relation: Relation, alignment: Alignment, judge: Judge) -> Relation:
    if relation.kind == "contradiction":
        return relation
    text = {u.sentence.span: u.sentence.text for u in alignment.units}
    if judge.contradicts(text[relation.source], text[relation.target]):
        return replace(relation, kind="contradiction")
    return relation


def _claims(alignment: Alignment, derivations: Sequence[Derivation]) -> tuple[Claim, ...]:
    """Return a claim per group of aligned sentences, most supported first."""
    claims = []
    for group in alignment.groups:
        units = [alignment.units[k] for k in group]
        reports = [u.article_id for u in units]
        claims.append(
            Claim(
                text=units[0].sentence.text,
                evidence=tuple(u.sentence.span for u in units),
                independent_sources=count_origins(reports, derivations),
                first_reported_by=reports[0],
            )
        )
    position = {c.evidence[0]: i for i, c in enumerate(claims)}
    return tuple(
        sorted(
            claims,
            key=lambda c: (-c.independent_sources, -len(c.evidence), position[c.evidence[0]]),
        )
    )


def unique_details(claims: Sequence[Claim], facts: Mapping[str, Facts]) -> dict[str, list[Claim]]:
    """Return, by report, the claims only its own source carries: what it adds.

    Claims with more typed facts in them (numbers, dates, names) come first:
    "$310 million in aid" is a detail, "He chose instead to focus on..." less so.
    """
    details: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.independent_sources == 1 and claim.first_reported_by:
            details.setdefault(claim.first_reported_by, []).append(claim)
    for found in details.values():
        found.sort(key=lambda c: -_richness(c, facts))
    return details


def _richness(claim: Claim, facts: Mapping[str, Facts]) -> int:
    span = claim.evidence[0]
    found = facts.get(span.article_id)
    if found is None:
        return 0

    def inside(fact_span: Span) -> bool:
        return span.start <= fact_span.start < span.end

    # A number is a detail par excellence, then a date, then each one named.
    numbers = sum(inside(q.span) for q in found.quantities)
    dates = sum(inside(d.span) for d in found.dates)
    names = len({m.entity for m in found.mentions if inside(m.span)})
    return 5 * numbers + 2 * dates + names


__all__ = ["Comparison", "Judge", "compare_story", "unique_details"]
