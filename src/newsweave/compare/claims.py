"""Claims: the sentences of a story's reports that state the same proposition.

Two sentences of different reports state one claim when the reuse stage's rule
says one restates the other (`newsweave.reuse.evidence.restates`, measured on
MRPC): enough content words in common, or, with the multilingual embedder, a
close paraphrase or a translation. The most alike pairs are joined first and a
claim takes at most one sentence from each report, so a report that says two
related things does not glue two claims together.

Content words are counted as a sparse matrix, so all sentence pairs of a story
cost one sparse product, not a Python loop over pairs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from newsweave.embeddings import Embedder
from newsweave.grouping import join_best_first
from newsweave.reuse.evidence import content_words, restates
from newsweave.reuse.tokens import tokenize
from newsweave.types import Article, Sentence

# Sentences with fewer content words are too short to carry a claim of their own.
_MIN_WORDS = 3
# Above this many sentences the dense embedding matrix is skipped (words only).
_MAX_EMBEDDED = 4000


@dataclass(frozen=True)
class Unit:
    """A sentence of a report that may carry a claim."""

    article_id: str
    sentence: Sentence
    words: frozenset[str]
    language: str


@dataclass(frozen=True)
class Alignment:
    """The claim groups of a story and the scores of the sentence pairs behind them."""

    units: tuple[Unit, ...]
    groups: tuple[tuple[int, ...], ...]
    #: (i, j) -> restatement score, for every pair of units that restate each other.
    scores: Mapping[tuple[int, int], float]
    #: Dice overlap of content words and embedding cosine, unit by unit.
    lexical: NDArray[np.float64]
    semantic: NDArray[np.float32] | None


def units_of(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]
) -> list[Unit]:
    """Return the sentences of the reports that are long enough to carry a claim."""
    units = []
    for article in articles:
        language = article.language or "en"
        for sentence in sentences.get(article.id, ()):
            words = content_words(tokenize(sentence.text).words, language)
            if len(words) >= _MIN_WORDS:
                units.append(Unit(article.id, sentence, words, language))
    return units


def align(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    embedder: Embedder | None = None,
    order: Sequence[str] = (),
) -> Alignment:
    """Return the story's sentences grouped into claims, one sentence per report at most.

    `order` ranks the reports (first published first): each group lists its
    sentences in that order.
    """
    units = units_of(articles, sentences)
    lexical = dice_matrix([u.words for u in units])
    semantic = None
    if embedder is not None and 0 < len(units) <= _MAX_EMBEDDED:
        vectors = embedder.embed([u.sentence.text for u in units])
        semantic = vectors @ vectors.T
    languages = np.array([u.language for u in units])
    same = languages[:, None] == languages[None, :] if len(units) else np.zeros((0, 0), bool)
    score, match = restates(lexical, semantic, same_language=True)
    if semantic is not None:
        across, across_match = restates(lexical, semantic, same_language=False)
        score = np.where(same, score, across)
        match = np.where(same, match, across_match)
    else:
        match = match & same
    reports = np.array([u.article_id for u in units])
    different = reports[:, None] != reports[None, :] if len(units) else match
    rows, cols = np.nonzero(np.triu(match & different, k=1))
    pairs = sorted(
        ((float(score[i, j]), int(i), int(j)) for i, j in zip(rows, cols, strict=True)),
        reverse=True,
    )
    groups = join_best_first([u.article_id for u in units], pairs)
    rank = {article_id: i for i, article_id in enumerate(order)}
    ordered = tuple(
        tuple(sorted(g, key=lambda k: (rank.get(units[k].article_id, len(rank)), k)))
        for g in groups
    )
    return Alignment(
        tuple(units),
        ordered,
        {(i, j): s for s, i, j in pairs},
        lexical,
        semantic,
    )


def dice_matrix(word_sets: Sequence[frozenset[str]]) -> NDArray[np.float64]:
    """Return the Dice overlap of every pair of word sets, by one sparse product."""
    if not word_sets:
        return np.zeros((0, 0))
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, words in enumerate(word_sets):
        for word in words:
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(word_sets), len(vocabulary))
    )
    shared: NDArray[np.float64] = (matrix @ matrix.T).toarray()
    sizes = np.array([len(words) for words in word_sets], dtype=np.float64)
    sums = sizes[:, None] + sizes[None, :]
    dice: NDArray[np.float64] = np.divide(
        2 * shared, sums, out=np.zeros_like(shared), where=sums > 0
    )
    return dice
