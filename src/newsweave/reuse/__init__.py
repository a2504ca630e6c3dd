"""The reuse stage: which reports copy, rewrite or quote which, and how many origins they have.

candidates (MinHash-LSH, shared rare n-grams, cross-language leads)
  → evidence per pair (verbatim passages, matched sentences; shared quotes left out)
  → related pairs, oriented (time, then evidence) and classified
  → pairs explained by a common source dropped
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

from newsweave.embeddings import Embedder
from newsweave.reuse.candidates import candidate_pairs, cross_language_pairs
from newsweave.reuse.derivation import (
    Oriented,
    explained_by_common_source,
    orient,
    related,
    to_derivation,
)
from newsweave.reuse.evidence import ReportView, SentenceVectors, compare, prepare
from newsweave.reuse.origins import count_origins, origin_groups
from newsweave.scale import Executor, SerialExecutor, chunked
from newsweave.types import Article, Derivation, Sentence

#: How many leading sentences stand for a report when looking for translations.
_LEAD_SENTENCES = 3
#: Reports prepared, and candidate pairs compared, per task of a parallel executor.
_REPORTS = 200
_PAIRS = 200


def find_derivations(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    embedder: Embedder | None = None,
    executor: Executor | None = None,
) -> tuple[Derivation, ...]:
    """Return the derivations between the articles, source first, in input order.

    Reworded sentences are found from their words; an `embedder` adds those
    reworded beyond word overlap and sentences translated into another language.
    An `executor` prepares the reports and compares the candidate pairs in
    parallel; candidates are found here, from every report's tokens at once.
    """
    executor = executor or SerialExecutor()
    prepared = executor.map_chunks(
        _prepare_all, [(a, tuple(sentences.get(a.id, ()))) for a in articles], chunk=_REPORTS
    )
    views = {view.article.id: view for view in prepared}
    extra: set[tuple[str, str]] = set()
    if embedder is not None and len({a.language for a in articles}) > 1:
        extra = _translation_candidates(views, embedder)
    pairs = candidate_pairs({key: view.tokens for key, view in views.items()}, extra)
    # Each task gets its pairs and the views they name, each view once.
    work = [
        ({key: views[key] for pair in part for key in pair}, part)
        for part in chunked(pairs, _PAIRS)
    ]
    compared = executor.map_chunks(partial(_compare_all, embedder=embedder), work, chunk=1)
    oriented: dict[tuple[str, str], Oriented] = {}
    for pair in compared:
        if pair is not None:
            oriented[(pair.source.article.id, pair.derived.article.id)] = pair
    # Only a pair that is a derivation can explain another away: a third report
    # that merely restates a few of y's sentences is not where y took them from.
    derivations = {key: to_derivation(pair) for key, pair in oriented.items()}
    sources_of: dict[str, list[Oriented]] = {}
    for key, found in derivations.items():
        if found is not None:
            sources_of.setdefault(found.derived, []).append(oriented[key])
    kept = [
        found
        for key, found in derivations.items()
        if found is not None and not explained_by_common_source(oriented[key], sources_of)
    ]
    order = {a.id: i for i, a in enumerate(articles)}
    kept.sort(key=lambda d: (order[d.derived], order[d.source]))
    return tuple(kept)


def _prepare_all(items: Sequence[tuple[Article, tuple[Sentence, ...]]]) -> list[ReportView]:
    return [prepare(article, found) for article, found in items]


def _compare_all(
    work: Sequence[tuple[Mapping[str, ReportView], Sequence[tuple[str, str]]]],
    *,
    embedder: Embedder | None,
) -> list[Oriented | None]:
    """Return each pair oriented, source first, or None where they are not related."""
    vectors = SentenceVectors(embedder) if embedder is not None else None
    found: list[Oriented | None] = []
    for views, pairs in work:
        for a, b in pairs:
            evidence = compare(views[a], views[b], vectors)
            found.append(orient(evidence) if related(evidence) else None)
    return found


def _translation_candidates(
    views: Mapping[str, ReportView], embedder: Embedder
) -> set[tuple[str, str]]:
    keys = list(views)
    leads = [
        " ".join(views[k].sentence_texts[:_LEAD_SENTENCES]) or views[k].article.text[:500]
        for k in keys
    ]
    vectors = embedder.embed(leads)
    return cross_language_pairs(keys, [views[k].article.language for k in keys], vectors)


__all__ = ["count_origins", "find_derivations", "origin_groups"]
