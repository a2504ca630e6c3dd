"""Which pairs of reports are worth comparing, found without comparing all pairs.

Three sources of candidates: near-duplicates from MinHash-LSH; pairs that share
rare word n-grams (an inverted index, as passim does), which finds partial
reuse and quotation too short to move a whole-text Jaccard; and, when reports
come in several languages, pairs whose leads embed close together (possible
translations).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from newsweave.reuse.minhash import NearDuplicateIndex
from newsweave.reuse.tokens import shingles

SHINGLE = 5
#: Pairs sharing at least this many rare 5-grams are compared.
MIN_SHARED_SHINGLES = 3
#: A 5-gram found in more reports than this (and this share of all) is boilerplate.
MAX_POSTINGS = 50
#: Leads across languages at or above this cosine are compared.
LEAD_SIMILARITY = 0.6


TokenIds = NDArray[np.uint64]


def near_duplicate_pairs(tokens: Mapping[str, TokenIds]) -> set[tuple[str, str]]:
    """Return the pairs MinHash-LSH finds as near-duplicates (estimated Jaccard ≥ 0.5)."""
    index = NearDuplicateIndex()
    for key, ids in tokens.items():
        index.add(key, ids)
    return {_ordered(str(a), str(b)) for a, b, _ in index.near_duplicates()}


def shared_shingle_pairs(tokens: Mapping[str, TokenIds]) -> set[tuple[str, str]]:
    """Return the pairs that share at least `MIN_SHARED_SHINGLES` rare word 5-grams."""
    postings: dict[int, list[str]] = defaultdict(list)
    for key, ids in tokens.items():
        for value in np.unique(shingles(ids, SHINGLE)).tolist():
            postings[value].append(key)
    limit = max(MAX_POSTINGS, int(0.01 * len(tokens)))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for keys in postings.values():
        if 1 < len(keys) <= limit:
            for a, b in combinations(keys, 2):
                counts[_ordered(a, b)] += 1
    return {pair for pair, count in counts.items() if count >= MIN_SHARED_SHINGLES}


def cross_language_pairs(
    keys: Sequence[str], languages: Sequence[str | None], leads: NDArray[np.float32]
) -> set[tuple[str, str]]:
    """Return pairs in different languages whose lead embeddings are close."""
    similarity = leads @ leads.T
    pairs = set()
    for i, j in zip(*np.nonzero(np.triu(similarity >= LEAD_SIMILARITY, k=1)), strict=True):
        if languages[i] != languages[j]:
            pairs.add(_ordered(keys[int(i)], keys[int(j)]))
    return pairs


def candidate_pairs(
    tokens: Mapping[str, TokenIds], extra: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """Return every candidate pair, sorted, each once, from each report's token ids."""
    pairs = near_duplicate_pairs(tokens) | shared_shingle_pairs(tokens) | set(extra)
    return sorted(pairs)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
