"""The reuse stage: which reports copy, rewrite or quote which, and how many origins they have.

candidates (MinHash-LSH, shared rare n-grams, cross-language leads)
  → evidence per pair (verbatim passages, matched sentences; shared quotes left out)
  → related pairs, oriented (time, then evidence) and classified
  → pairs explained by a common source dropped
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np
from numpy.typing import NDArray

from newsweave.embeddings import Embedder
from newsweave.reuse.candidates import candidate_pairs, cross_language_pairs
from newsweave.reuse.derivation import (
    Oriented,
    explained_by_common_source,
    orient,
    related,
    to_derivation,
)
from newsweave.reuse.evidence import ReportView, SentenceVectors, compare_many, prepare
from newsweave.reuse.origins import count_origins, origin_groups
from newsweave.reuse.tokens import tokenize
from newsweave.scale import Executor, SerialExecutor, chunked
from newsweave.types import Article, Derivation, Sentence

#: How many leading sentences stand for a report when looking for translations.
_LEAD_SENTENCES = 3
#: Reports tokenized, and candidate pairs compared, per task of an executor.
_REPORTS = 200
_PAIRS = 200

Pair = tuple[str, str]


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
    ids = executor.map_chunks(_token_ids, [a.text for a in articles], chunk=_REPORTS)
    extra: set[tuple[str, str]] = set()
    if embedder is not None and len({a.language for a in articles}) > 1:
        extra = _translation_candidates(articles, sentences, embedder)
    pairs = candidate_pairs({a.id: i for a, i in zip(articles, ids, strict=True)}, extra)
    # Compared in the reports' order, so the pairs of one task name reports near one
    # another and the caches (prepared views, sentence embeddings) keep hitting.
    position = {a.id: i for i, a in enumerate(articles)}
    pairs.sort(key=lambda pair: sorted((position[pair[0]], position[pair[1]])))
    # A task gets its pairs and the reports they name, each once, and prepares
    # those reports itself: a prepared view weighs more than the report.
    by_id = {article.id: article for article in articles}
    work = [
        (
            {key: (by_id[key], tuple(sentences.get(key, ()))) for pair in part for key in pair},
            part,
        )
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


def _token_ids(texts: Sequence[str]) -> list[NDArray[np.uint64]]:
    return [tokenize(text).ids for text in texts]


def _compare_all(
    work: Sequence[tuple[Mapping[str, tuple[Article, tuple[Sentence, ...]]], Sequence[Pair]]],
    *,
    embedder: Embedder | None,
) -> list[Oriented | None]:
    """Return each pair oriented, source first, or None where they are not related."""
    vectors = SentenceVectors(embedder) if embedder is not None else None
    found: list[Oriented | None] = []
    for reports, pairs in work:
        views = {
            key: _VIEWS.get(article, found_sentences)
            for key, (article, found_sentences) in reports.items()
        }
        for evidence in compare_many([(views[a], views[b]) for a, b in pairs], vectors):
            found.append(orient(evidence) if related(evidence) else None)
    return found


class _ViewCache:
    """The last views prepared in this process, by article id.

    Pairs come sorted, so a report recurs in nearby tasks; keeping its view
    spares preparing it again. An id names a report's content, not its
    metadata (a publication date, say), so a hit counts only for the very same
    article and sentences. Bounded: about 20 KB a view.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._views: OrderedDict[str, tuple[Article, tuple[Sentence, ...], ReportView]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, article: Article, sentences: Sequence[Sentence]) -> ReportView:
        with self._lock:
            kept = self._views.get(article.id)
        if kept is not None and kept[0] == article and kept[1] == tuple(sentences):
            with self._lock:
                if article.id in self._views:
                    self._views.move_to_end(article.id)
            return kept[2]
        view = prepare(article, sentences)
        with self._lock:
            self._views[article.id] = (article, tuple(sentences), view)
            while len(self._views) > self.size:
                self._views.popitem(last=False)
        return view


_VIEWS = _ViewCache(5_000)


def _translation_candidates(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], embedder: Embedder
) -> set[tuple[str, str]]:
    leads = [
        " ".join(s.text for s in sentences.get(a.id, ())[:_LEAD_SENTENCES]) or a.text[:500]
        for a in articles
    ]
    vectors = embedder.embed(leads)
    return cross_language_pairs([a.id for a in articles], [a.language for a in articles], vectors)


__all__ = ["count_origins", "find_derivations", "origin_groups"]
