"""Citing a summary sentence: every report that carries what it says.

With the compare stage's claims, a sentence cites every report of its claim
(the claim's evidence spans), not only the report it was taken from. Without
claims, it cites each report with a sentence that says nearly the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.summarize.selection import Pool
from newsweave.types import Claim, Span


def claims_by_span(claims: Sequence[Claim]) -> dict[Span, Claim]:
    """Return the claim each sentence span carries."""
    return {span: claim for claim in claims for span in claim.evidence}


def cite_by_claim(span: Span, claim: Claim | None) -> tuple[Span, ...]:
    """Return the sentence's own span, then every other report's sentence of its claim."""
    if claim is None:
        return (span,)
    cited = {span.article_id}
    others = []
    for other in claim.evidence:
        if other.article_id not in cited:
            cited.add(other.article_id)
            others.append(other)
    return (span, *others)


def cite_by_similarity(pool: Pool, i: int, threshold: float) -> tuple[Span, ...]:
    """Return sentence `i`'s span, then one span in each other report that says the same."""
    own = pool.sentences[i]
    others = [j for j in range(len(pool)) if pool.sentences[j].article_id != own.article_id]
    same = pool.says_same(i, others, threshold)
    cited = {own.article_id}
    evidence = [own.span]
    for j, alike in zip(others, same, strict=True):
        report = pool.sentences[j].article_id
        if alike and report not in cited:
            cited.add(report)
            evidence.append(pool.sentences[j].span)
    return tuple(evidence)
