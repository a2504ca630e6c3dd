"""The summarize stage: an extractive summary in which every sentence cites its reports.

- **Choosing** (`selection`): sentences that cover the story's TF-IDF centroid,
  one at a time, each raising the summary's closeness to it the most, weighted
  by a prior: a report's lead sentences, claims carried by more independent
  sources, and reports close to the rest of the story count more. A sentence
  that states a claim already chosen, or says what a chosen sentence says, is
  refused. Everything fits the word budget.
- **Citing** (`citations`): each sentence cites every report that carries its
  claim (the compare stage's claims), not only the one it was taken from;
  without claims, every report with a sentence that says nearly the same.
- **Disagreeing** (`disagreements`): where a chosen sentence states one side of
  a conflict, a note after it gives every side with its reports, cited.

Sentences are put in reading order: by the earliest report that carries them
(first published first), then by their place in that report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache

import numpy as np
from numpy.typing import NDArray

from newsweave.embeddings import Embedder
from newsweave.errors import ParameterError
from newsweave.stories.clusterer import arrival_order
from newsweave.summarize.citations import cite_by_claim, cite_by_similarity, claims_by_span
from newsweave.summarize.disagreements import disagreement, touching
from newsweave.summarize.selection import Pool, build_pool, select
from newsweave.types import Article, Claim, Conflict, Sentence, Span, SummarySentence

DEFAULT_WORDS = 120
# Two sentences this alike (TF-IDF cosine) say the same: one is not chosen
# beside the other, and without claims each cites the other's report.
_CITE_SIMILARITY = 0.6
# A report's lead sentence weighs 1 + 4 times more than an unranked one, the
# weight falling with the square root of its place: news puts the point first.
_LEAD_WEIGHT = 4.0
# A claim carried by k independent sources weighs 1 + 0.5·ln k.
_SUPPORT_WEIGHT = 0.5

# A candidate's place in the pool → the spans it cites.
_Citer = Callable[[int], tuple[Span, ...]]


def summarize_story(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    claims: Sequence[Claim] = (),
    conflicts: Sequence[Conflict] = (),
    words: int = DEFAULT_WORDS,
    embedder: Embedder | None = None,
    cite_similarity: float = _CITE_SIMILARITY,
) -> tuple[SummarySentence, ...]:
    """Return the story's summary within `words` words, each sentence citing its reports.

    `claims` and `conflicts` are the compare stage's for these articles. A note
    stating a conflict counts toward `words`, and is added only with the
    sentence that states one of its sides. `embedder`, when given, also keeps
    a translation of a chosen sentence out and, without claims, lets it be cited.
    """
    if words <= 0:
        raise ParameterError.invalid("words", "a positive number of words", words)
    if not 0 < cite_similarity <= 1:
        raise ParameterError.invalid("cite_similarity", "a float in (0, 1]", cite_similarity)
    pool = build_pool(articles, sentences, embedder=embedder)
    if pool is None:
        return ()
    by_id = {a.id: a for a in articles}
    by_span = claims_by_span(claims)
    claim_of = [by_span.get(s.span) for s in pool.sentences]

    @cache
    def evidence(i: int) -> tuple[Span, ...]:
        if claims:
            return cite_by_claim(pool.sentences[i].span, claim_of[i])
        return cite_by_similarity(pool, i, cite_similarity)

    def stated(chosen: Sequence[int]) -> set[Conflict]:
        return {c for j in chosen for c in touching(conflicts, evidence(j))}

    def admit(i: int, chosen: Sequence[int]) -> int | None:
        claim = claim_of[i]
        if claim is not None and any(claim_of[j] == claim for j in chosen):
            return None  # its claim is in the summary already
        if pool.says_same(i, chosen, cite_similarity).any():
            return None
        notes = set(touching(conflicts, evidence(i))) - stated(chosen)
        return _words(pool.sentences[i].text) + sum(
            _words(disagreement(c, by_id).text) for c in notes
        )

    chosen = select(pool, _prior(pool, claim_of), words=words, admit=admit)
    return _in_reading_order(chosen, articles, pool, evidence, conflicts)


def summarize_sentences(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    words: int = DEFAULT_WORDS,
    cite_similarity: float = _CITE_SIMILARITY,
) -> tuple[SummarySentence, ...]:
    """Return summary sentences for the articles taken as one story, within `words` words.

    Without claims: each sentence cites the reports with a sentence that says
    nearly the same (TF-IDF cosine ≥ `cite_similarity`).
    """
    return summarize_story(articles, sentences, words=words, cite_similarity=cite_similarity)


def _prior(pool: Pool, claim_of: Sequence[Claim | None]) -> NDArray[np.float64]:
    """Return how much each candidate's gain counts: lead, independent support, its report."""
    support = np.array([max(c.independent_sources, 1) if c else 1 for c in claim_of], dtype=float)
    lead = 1 + _LEAD_WEIGHT / np.sqrt(1 + pool.lead_rank)
    prior: NDArray[np.float64] = lead * (1 + _SUPPORT_WEIGHT * np.log(support)) * pool.report_weight
    return prior


def _in_reading_order(
    chosen: Sequence[int],
    articles: Sequence[Article],
    pool: Pool,
    evidence: _Citer,
    conflicts: Sequence[Conflict],
) -> tuple[SummarySentence, ...]:
    """Return the chosen sentences by their earliest report's place, each conflict noted once."""
    rank = {articles[k].id: n for n, k in enumerate(arrival_order(articles))}

    def place(i: int) -> tuple[int, int]:
        return min((rank.get(s.article_id, len(rank)), s.start) for s in evidence(i))

    by_id = {a.id: a for a in articles}
    summary: list[SummarySentence] = []
    noted: set[Conflict] = set()
    for i in sorted(chosen, key=place):
        summary.append(SummarySentence(pool.sentences[i].text, evidence(i)))
        for conflict in touching(conflicts, evidence(i)):
            if conflict not in noted:
                noted.add(conflict)
                summary.append(disagreement(conflict, by_id))
    return tuple(summary)


def _words(text: str) -> int:
    return len(text.split())


__all__ = ["DEFAULT_WORDS", "summarize_sentences", "summarize_story"]
