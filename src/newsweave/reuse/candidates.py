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

import numpy as np
from numpy.typing import NDArray

from newsweave.reuse.minhash import NearDuplicateIndex
from newsweave.reuse.tokens import shingles

SHINGLE = 5
#: Pairs sharing at least this many rare 5-grams are compared.
MIN_SHARED_SHINGLES = 3
#: A 5-gram found in more reports than this is boilerplate ("this article was first
#: published by", an outlet's sign-off). A fixed count, not a share of the corpus: a
#: share lets such lists grow with the corpus, and their pairs with its square.
MAX_POSTINGS = 100
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
    """Return the pairs that share at least `MIN_SHARED_SHINGLES` rare word 5-grams.

    An inverted index built by sorting, not a dict of lists: a dict holding every
    5-gram of 100,000 reports (about 50 million, most of them in one report
    only) took several GB, while sorted arrays take 16 bytes a 5-gram. The
    5-grams are split by value into parts of at most `_PART` so the sort never
    holds all of them at once.
    """
    keys = list(tokens)
    grams = [np.unique(shingles(ids, SHINGLE)) for ids in tokens.values()]
    total = sum(len(found) for found in grams)
    parts = max(1, -(-total // _PART))
    counts: list[NDArray[np.int64]] = []
    for part in range(parts):
        chosen = grams if parts == 1 else [found[found % parts == part] for found in grams]
        counts.append(_pairs_sharing(chosen, len(keys)))
    codes, shared = np.unique(np.concatenate(counts), return_counts=True)
    kept = codes[shared >= MIN_SHARED_SHINGLES]
    first, second = np.divmod(kept, len(keys))
    return {
        _ordered(keys[a], keys[b]) for a, b in zip(first.tolist(), second.tolist(), strict=True)
    }


#: 5-grams sorted at once when building the inverted index (16 bytes each).
_PART = 20_000_000


def _pairs_sharing(grams: Sequence[NDArray[np.uint64]], reports: int) -> NDArray[np.int64]:
    """Return a code (i * reports + j, i < j) per rare 5-gram shared by reports i and j."""
    lengths = np.fromiter((len(found) for found in grams), dtype=np.int64, count=len(grams))
    values = np.concatenate(grams) if len(grams) else np.empty(0, dtype=np.uint64)
    owners = np.repeat(np.arange(len(grams), dtype=np.int64), lengths)
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else order
    sizes = np.diff(np.r_[starts, len(values)])
    codes = []
    # A posting list of k reports gives k(k-1)/2 pairs; lists of one size at a time.
    for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_POSTINGS)]).tolist():
        members = owners[starts[sizes == size][:, None] + np.arange(size)]
        first, second = np.triu_indices(size, 1)
        codes.append((members[:, first] * reports + members[:, second]).ravel())
    return np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)


def cross_language_pairs(
    keys: Sequence[str], languages: Sequence[str | None], leads: NDArray[np.float32]
) -> set[tuple[str, str]]:
    """Return pairs in different languages whose lead embeddings are close.

    Each language but the commonest is compared with the reports in other
    languages, a block of rows at a time: the cost is the minority's reports
    times all reports, and the memory one block's cosines.
    """
    groups: dict[str | None, list[int]] = defaultdict(list)
    for index, language in enumerate(languages):
        groups[language].append(index)
    if len(groups) < 2:
        return set()
    language_of = np.array([list(groups).index(language) for language in languages])
    commonest = max(groups, key=lambda language: len(groups[language]))
    pairs = set()
    for language, rows in groups.items():
        if language == commonest:
            continue
        for start in range(0, len(rows), _BLOCK):
            block = np.array(rows[start : start + _BLOCK])
            close = (leads[block] @ leads.T) >= LEAD_SIMILARITY
            close &= language_of[None, :] != language_of[block][:, None]
            for i, j in zip(*np.nonzero(close), strict=True):
                pairs.add(_ordered(keys[int(block[i])], keys[int(j)]))
    return pairs


#: Lead rows compared with all leads at once.
_BLOCK = 1024


def candidate_pairs(
    tokens: Mapping[str, TokenIds], extra: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """Return every candidate pair, sorted, each once, from each report's token ids."""
    pairs = near_duplicate_pairs(tokens) | shared_shingle_pairs(tokens) | set(extra)
    return sorted(pairs)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
