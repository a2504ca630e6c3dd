"""The summarize stage: an extractive summary in which every sentence cites its reports.

Sentences are chosen by closeness to the story's TF-IDF centroid with maximal
marginal relevance against those already chosen, within a word budget, then put
in reading order (earliest report first, then position in the report). Each
chosen sentence cites its own report and every other report of the story with a
sentence that says nearly the same (cosine ≥ `cite_similarity`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from newsweave.errors import ParameterError
from newsweave.types import Article, Sentence, Span, SummarySentence

DEFAULT_WORDS = 120
# How much a candidate's similarity to chosen sentences counts against it.
_REDUNDANCY = 0.6
_CITE_SIMILARITY = 0.6
# Sentences shorter than this are datelines, captions or fragments.
_MIN_WORDS = 6


def summarize_sentences(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    words: int = DEFAULT_WORDS,
    cite_similarity: float = _CITE_SIMILARITY,
) -> tuple[SummarySentence, ...]:
    """Return summary sentences for the articles taken as one story, within `words` words."""
    if words <= 0:
        raise ParameterError.invalid("words", "a positive number of words", words)
    pool = [
        s for a in articles for s in sentences.get(a.id, ()) if len(s.text.split()) >= _MIN_WORDS
    ]
    if not pool:
        return ()
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectors = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode").fit_transform(
            [s.text for s in pool]
        )
    except ValueError:
        return ()
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    relevance = np.asarray(vectors @ (centroid / norm)).ravel()
    similarity = np.asarray((vectors @ vectors.T).toarray())

    chosen: list[int] = []
    budget = words
    candidates = set(range(len(pool)))
    while candidates:

        def score(i: int) -> float:
            redundancy = max((similarity[i, j] for j in chosen), default=0.0)
            return float(relevance[i] - _REDUNDANCY * redundancy)

        best = max(candidates, key=score)
        candidates.discard(best)
        length = len(pool[best].text.split())
        if length > budget:
            continue
        if chosen and max(similarity[best, j] for j in chosen) >= cite_similarity:
            continue  # says what a chosen sentence already says
        chosen.append(best)
        budget -= length

    order = {
        a.id: (a.published.value.timestamp() if a.published else float("inf"), i)
        for i, a in enumerate(articles)
    }
    chosen.sort(key=lambda i: (order[pool[i].article_id], pool[i].start))
    summary = []
    for i in chosen:
        evidence = [pool[i].span]
        cited = {pool[i].article_id}
        for j in np.argsort(-similarity[i]):
            other = pool[int(j)]
            if similarity[i, j] < cite_similarity:
                break
            if other.article_id not in cited:
                cited.add(other.article_id)
                evidence.append(Span(other.article_id, other.start, other.end))
        summary.append(SummarySentence(pool[i].text, tuple(evidence)))
    return tuple(summary)
