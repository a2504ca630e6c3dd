"""Near-duplicate candidates without comparing all pairs: MinHash with LSH banding.

datasketch's `MinHash`/`MinHashLSH` are the reference, and newsweave follows
their scheme (k-word shingles, a signature of `num_perm` minima, bands chosen
to minimise weighted false positives and negatives at a Jaccard threshold). It
is written again here for speed at millions of reports: datasketch hashes every
shingle with SHA-1 in Python and then applies `num_perm` permutations to each;
newsweave hashes token ids to shingles with numpy and fills the signature by
one-permutation hashing (one hash per shingle). bench/near_duplicates.py runs
both on the same reports and prints recall and speed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from newsweave.errors import ParameterError
from newsweave.reuse.tokens import shingles

DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE = 5
DEFAULT_THRESHOLD = 0.5


_EMPTY = np.uint32(np.iinfo(np.uint32).max)
# splitmix64's multiplier: mixes a shingle hash so that its top bits pick a bin uniformly.
_MIX = np.uint64(0x9E3779B97F4A7C15)


def signature(
    shingle_hashes: NDArray[np.uint64], num_perm: int = DEFAULT_NUM_PERM
) -> NDArray[np.uint32]:
    """Return the MinHash signature (num_perm 32-bit minima) of a set of shingle hashes."""
    row: NDArray[np.uint32] = signatures([shingle_hashes], num_perm)[0]
    return row


def signatures(
    groups: Sequence[NDArray[np.uint64]], num_perm: int = DEFAULT_NUM_PERM
) -> NDArray[np.uint32]:
    """Return the MinHash signatures of many shingle sets at once, one row per set.

    One-permutation hashing with densification (Li, Owen & Zhang 2012;
    Shrivastava & Li 2014): each shingle is hashed once, its hash picks one of
    `num_perm` bins and keeps the minimum there; an empty bin borrows from the
    next filled bin to its right. The Jaccard estimate is that of `num_perm`
    permutations at the cost of one hash per shingle, computed for a whole
    batch in a few numpy operations. An empty set's row stays all-empty.
    """
    count = len(groups)
    flat = np.concatenate([*groups, np.zeros(0, dtype=np.uint64)])
    owner = np.repeat(np.arange(count, dtype=np.int64), [len(g) for g in groups])
    with np.errstate(over="ignore"):
        mixed = (flat ^ (flat >> np.uint64(31))) * _MIX
        mixed ^= mixed >> np.uint64(29)
    cell = owner * num_perm + ((mixed >> np.uint64(32)) % np.uint64(num_perm)).astype(np.int64)
    values = (mixed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    table = np.full(count * num_perm, _EMPTY, dtype=np.uint32)
    np.minimum.at(table, cell, values)
    return _densify(table.reshape(count, num_perm))


def batch_shingles(token_ids: Sequence[NDArray[np.uint64]], size: int) -> list[NDArray[np.uint64]]:
    """Return `shingles(ids, size)` for every report, computed over the batch at once."""
    lengths = np.array([len(ids) for ids in token_ids], dtype=np.int64)
    if not len(lengths) or lengths.min() < size:
        return [shingles(ids, size) for ids in token_ids]  # short reports: one shingle each
    flat = shingles(np.concatenate(token_ids), size)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    # A report's shingles start at its first token and stop `size - 1` before its end.
    return [flat[start : end - size + 1] for start, end in zip(starts, ends, strict=True)]


def _densify(table: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """Fill each empty bin from the next filled bin to its right (wrapping round).

    The borrowed value is shifted by the distance, so two reports borrowing
    alike agree only when the bins they borrow from do.
    """
    num_perm = table.shape[1]
    doubled = np.concatenate([table, table], axis=1)
    position = np.where(doubled != _EMPTY, np.arange(2 * num_perm), 2 * num_perm)
    following = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :num_perm]
    empty = table == _EMPTY
    fillable = empty & (following < 2 * num_perm)
    rows, columns = np.nonzero(fillable)
    sources = following[rows, columns]
    distance = (sources - columns).astype(np.uint64)
    with np.errstate(over="ignore"):
        borrowed = doubled[rows, sources].astype(np.uint64) + distance * np.uint64(0x9E3779B1)
    filled = table.copy()
    filled[rows, columns] = (borrowed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return filled


def estimate_jaccard(a: NDArray[np.uint32], b: NDArray[np.uint32]) -> float:
    """Return the Jaccard similarity two signatures estimate."""
    return float(np.mean(a == b))


def _probability_integral(threshold: float, bands: int, rows: int, *, above: bool) -> float:
    grid = np.linspace(threshold, 1.0, 200) if above else np.linspace(0.0, threshold, 200)
    collide = 1.0 - (1.0 - grid**rows) ** bands
    values = 1.0 - collide if above else collide
    return float(np.trapezoid(values, grid))


@lru_cache(maxsize=64)
def optimal_bands(
    threshold: float, num_perm: int, false_positive_weight: float = 0.5
) -> tuple[int, int]:
    """Return (bands, rows) minimising the weighted false positive and negative areas.

    The same criterion as datasketch's `MinHashLSH`, so both index alike.
    """
    best, chosen = float("inf"), (1, num_perm)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            error = false_positive_weight * _probability_integral(
                threshold, bands, rows, above=False
            ) + (1 - false_positive_weight) * _probability_integral(
                threshold, bands, rows, above=True
            )
            if error < best:
                best, chosen = error, (bands, rows)
    return chosen


@dataclass
class NearDuplicateIndex:
    """An LSH index of MinHash signatures: add reports, then ask for candidate pairs.

    Bands are kept as one 64-bit hash per (report, band) in arrays, and
    candidates are found by sorting each band's hashes: equal neighbours share
    a bucket. That is the banding done as a sort (or a shuffle, on a cluster),
    with no per-report dictionary work.
    """

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = DEFAULT_NUM_PERM
    shingle_size: int = DEFAULT_SHINGLE
    keys_: list[Hashable] = field(default_factory=list)
    _signatures: list[NDArray[np.uint32]] = field(default_factory=list)
    _bands: list[NDArray[np.uint64]] = field(default_factory=list)
    _known: set[Hashable] = field(default_factory=set)
    _empty: list[NDArray[np.bool_]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ParameterError.invalid("threshold", "a float in (0, 1]", self.threshold)
        if self.num_perm < 2:
            raise ParameterError.invalid("num_perm", "an integer of at least 2", self.num_perm)
        self.bands, self.rows = optimal_bands(self.threshold, self.num_perm)

    @property
    def signatures_(self) -> NDArray[np.uint32]:
        """Return every indexed report's signature, one row per key, in order of adding."""
        if not self._signatures:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        return np.concatenate(self._signatures)

    def add(self, key: Hashable, token_ids: NDArray[np.uint64]) -> None:
        """Index a report by its token ids (see `tokens.token_ids`)."""
        self.add_many([key], [token_ids])

    def add_many(self, keys: Sequence[Hashable], token_ids: Sequence[NDArray[np.uint64]]) -> None:
        """Index many reports at once (much faster than one by one)."""
        if len(keys) != len(token_ids):
            raise ParameterError("add_many needs one array of token ids per key")
        fresh = set(keys)
        if len(fresh) != len(keys) or fresh & self._known:
            repeated = next(k for k in keys if k in self._known or list(keys).count(k) > 1)
            raise ParameterError(
                f"key {repeated!r} is given twice or is already in the index; keys must be unique"
            )
        table = signatures(batch_shingles(token_ids, self.shingle_size), self.num_perm)
        self.keys_.extend(keys)
        self._known |= fresh
        self._signatures.append(table)
        self._bands.append(_band_hashes(table, self.bands, self.rows))
        # A report with no shingles has nothing in common with anything, not with
        # another empty report either.
        self._empty.append(np.all(table == _EMPTY, axis=1))

    def candidate_pairs(self) -> Iterator[tuple[Hashable, Hashable]]:
        """Yield each pair of reports that shares a band bucket, once, earlier key first."""
        for i, j in self._candidate_indices():
            yield self.keys_[i], self.keys_[j]

    def near_duplicates(self) -> Iterator[tuple[Hashable, Hashable, float]]:
        """Yield candidate pairs whose estimated Jaccard reaches the threshold, with it."""
        pairs = self._candidate_indices()
        if not len(pairs):
            return
        table = self.signatures_
        similarity = np.mean(table[pairs[:, 0]] == table[pairs[:, 1]], axis=1)
        for (i, j), value in zip(pairs.tolist(), similarity.tolist(), strict=True):
            if value >= self.threshold:
                yield self.keys_[i], self.keys_[j], value

    def _candidate_indices(self) -> NDArray[np.int64]:
        if not self._bands:
            return np.zeros((0, 2), dtype=np.int64)
        bands = np.concatenate(self._bands)
        count = len(bands)
        indexed = np.flatnonzero(~np.concatenate(self._empty))
        found: list[NDArray[np.int64]] = []
        for band in range(self.bands):
            column = bands[indexed, band]
            # `sort` indexes `column` (non-empty reports only); `order` maps back to keys.
            sort = np.argsort(column, kind="stable")
            order = indexed[sort]
            ordered = column[sort]
            same = ordered[1:] == ordered[:-1]
            if not same.any():
                continue
            # Runs of equal hashes are buckets; emit every pair within each run.
            starts = np.flatnonzero(np.concatenate(([True], ~same)))
            ends = np.concatenate((starts[1:], [len(ordered)]))
            for first, last in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
                members = np.sort(order[first:last])
                i, j = np.triu_indices(len(members), k=1)
                found.append(members[i] * count + members[j])
        if not found:
            return np.zeros((0, 2), dtype=np.int64)
        codes = np.unique(np.concatenate(found))
        return np.stack([codes // count, codes % count], axis=1)


def _band_hashes(table: NDArray[np.uint32], bands: int, rows: int) -> NDArray[np.uint64]:
    """Return one 64-bit hash per (signature, band) of the band's `rows` values."""
    blocks = table[:, : bands * rows].reshape(len(table), bands, rows).astype(np.uint64)
    hashed = np.zeros((len(table), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(rows):
            hashed = (hashed ^ blocks[:, :, row]) * _MIX
            hashed ^= hashed >> np.uint64(32)
    return hashed
