"""Choosing a story's summary sentences: coverage of its centroid under a word budget.

The story is a TF-IDF centroid of its reports; the summary grows one sentence
at a time, each time by the sentence that most raises the cosine between the
summary's own vector and that centroid (Ghalandari 2017, "Revisiting the
centroid-based method"). A sentence that repeats what is already chosen adds
little to that cosine, so redundancy is paid for without a separate penalty.
Each gain is scaled by a prior the caller gives (how early in its report the
sentence is, how many independent sources carry its claim, how central its
report is), and sentences that say what a chosen one says are refused.

Written by hand: summarization libraries (sumy among them) give back bare
sentences with no offsets, no word budget and no say over priors or
redundancy, which a cited summary needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from newsweave.embeddings import Embedder
from newsweave.reuse.evidence import TRANSLATION_MATCH
from newsweave.types import Article, Sentence

# Sentences shorter than this are datelines, captions, bylines or fragments.
_MIN_WORDS = 8
# ...though a story made only of short sentences still gets a summary.
_MIN_WORDS_ANY = 3
# A sentence ends like one: headlines, captions and scraped menus do not.
_ENDS_A_SENTENCE = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")
# A report counts toward the centroid by the square of its closeness to the
# others, so a stray page (a site's boilerplate, a different event) counts little.
_REPORT_WEIGHT_POWER = 2.0

#: Given the sentence, its place and what it costs: how many words, or None to refuse it.
Admit = Callable[[int, Sequence[int]], int | None]


@dataclass(frozen=True)
class Pool:
    """The candidate sentences of a story, their vectors, and the story's centroid.

    `vectors` are L2-normalized TF-IDF rows; `embedded`, where an embedder was
    given, L2-normalized sentence embeddings. `lead_rank` is each sentence's
    place among its report's candidates (0: the report's lead) and
    `report_weight` how close its report is to the story's other reports, in [0, 1].
    """

    sentences: tuple[Sentence, ...]
    vectors: sparse.csr_matrix
    centroid: NDArray[np.float64]
    lead_rank: NDArray[np.float64]
    report_weight: NDArray[np.float64]
    embedded: NDArray[np.float32] | None = None

    def __len__(self) -> int:
        return len(self.sentences)

    def says_same(self, i: int, others: Sequence[int], threshold: float) -> NDArray[np.bool_]:
        """Return, for each of `others`, whether it says what sentence `i` says.

        Shared words (TF-IDF cosine ≥ `threshold`) decide within a language; the
        embedding, where there is one, also catches a translation.
        """
        if not others:
            return np.zeros(0, dtype=bool)
        rows = list(others)
        lexical = np.asarray((self.vectors[rows] @ self.vectors[i].T).toarray()).ravel()
        same = lexical >= threshold
        if self.embedded is not None:
            same |= self.embedded[rows] @ self.embedded[i] >= TRANSLATION_MATCH
        return np.asarray(same, dtype=bool)


def build_pool(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    embedder: Embedder | None = None,
) -> Pool | None:
    """Return the story's candidate sentences with their vectors, or None when it has none."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    chosen = _candidates(articles, sentences, _MIN_WORDS, whole=True) or _candidates(
        articles, sentences, _MIN_WORDS_ANY, whole=False
    )
    if not chosen:
        return None
    try:
        vectors = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode").fit_transform(
            [s.text for s in chosen]
        )
    except ValueError:  # no word left to weigh (numbers and punctuation only)
        return None
    reports = [s.article_id for s in chosen]
    weights, centroid = _report_weights(sparse.csr_matrix(vectors), reports)
    embedded = embedder.embed([s.text for s in chosen]) if embedder is not None else None
    return Pool(
        tuple(chosen),
        sparse.csr_matrix(vectors),
        centroid,
        _lead_ranks(reports),
        np.array([weights[r] for r in reports]),
        embedded,
    )


def select(pool: Pool, prior: NDArray[np.float64], *, words: int, admit: Admit) -> list[int]:
    """Return the chosen sentences (pool indices, in the order chosen) within `words` words.

    Each round takes the sentence whose addition most raises the summary's
    cosine with the centroid, times its `prior`; `admit` may refuse it or say
    what it costs (its words, and any words it brings along). Sentences that
    share no word with the centroid are never taken.
    """
    vectors = pool.vectors
    relevance = np.asarray(vectors @ pool.centroid).ravel()
    lengths = np.array([len(s.text.split()) for s in pool.sentences])
    open_ = (relevance > 0) & (lengths <= words)
    summary = np.zeros(vectors.shape[1])
    chosen: list[int] = []
    covered = 0.0
    budget = words
    while open_.any():
        # |s + v|² = |s|² + 2 s·v + 1 for unit rows v: one sparse product per round.
        overlap = np.asarray(vectors @ summary).ravel()
        norms = np.sqrt(np.maximum(summary @ summary + 2 * overlap + 1, 1e-12))
        gain = ((summary @ pool.centroid + relevance) / norms - covered) * prior
        best = int(np.argmax(np.where(open_, gain, -np.inf)))
        open_[best] = False
        cost = admit(best, chosen)
        if cost is None or cost > budget:
            continue
        chosen.append(best)
        budget -= cost
        open_ &= lengths <= budget  # what no longer fits never will
        summary += vectors[best].toarray().ravel()
        covered = float(summary @ pool.centroid / np.linalg.norm(summary))
    return chosen


def _candidates(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    min_words: int,
    *,
    whole: bool,
) -> list[Sentence]:
    return [
        s
        for a in articles
        for s in sentences.get(a.id, ())
        if len(s.text.split()) >= min_words and (not whole or _ENDS_A_SENTENCE.search(s.text))
    ]


def _lead_ranks(reports: Sequence[str]) -> NDArray[np.float64]:
    """Return each sentence's place among the candidates of its own report."""
    seen: dict[str, int] = {}
    ranks = []
    for report in reports:
        ranks.append(seen.get(report, 0))
        seen[report] = ranks[-1] + 1
    return np.array(ranks, dtype=np.float64)


def _report_weights(
    vectors: sparse.csr_matrix, reports: Sequence[str]
) -> tuple[dict[str, float], NDArray[np.float64]]:
    """Return each report's closeness to the others (the closest 1.0) and the weighted centroid."""
    names = list(dict.fromkeys(reports))
    index = {name: k for k, name in enumerate(names)}
    membership = sparse.csr_matrix(
        (np.ones(len(reports)), ([index[r] for r in reports], range(len(reports)))),
        shape=(len(names), len(reports)),
    )
    documents = np.asarray((membership @ vectors).toarray())
    documents /= np.maximum(np.linalg.norm(documents, axis=1, keepdims=True), 1e-12)
    if len(names) > 1:
        closeness = documents @ documents.T
        np.fill_diagonal(closeness, 0.0)
        mean = closeness.sum(axis=1) / (len(names) - 1)
        weight = mean / mean.max() if mean.max() > 0 else np.ones(len(names))
    else:
        weight = np.ones(1)
    centroid = (weight[:, None] ** _REPORT_WEIGHT_POWER * documents).sum(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    return {name: float(weight[k]) for k, name in enumerate(names)}, centroid
