"""Shared passages between two reports: verbatim and near-verbatim runs of words.

In the spirit of passim: word n-grams the two reports share are anchors;
anchors on (nearly) the same diagonal, close to each other, chain into one
passage, so a passage survives small edits (a few words changed, added or
dropped; an inserted clause longer than `MAX_DRIFT` words splits it); each
passage is then extended word by word at both ends while the words agree.
Offsets are characters of each report's normalized text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsweave.reuse.tokens import Tokens, shingles

ANCHOR_SIZE = 4
# Anchors further apart than this many words start a new passage.
MAX_GAP = 6
# How far (in words) a chained anchor may drift off the passage's diagonal.
MAX_DRIFT = 3
# An n-gram repeated this often within one report is boilerplate, not evidence.
MAX_REPEATS = 3
# Shorter runs are stock phrases ("to build a joint flood barrier on the").
MIN_WORDS = 10


@dataclass(frozen=True)
class TokenPassage:
    """A shared run: token ranges [start, end) in report a and in report b."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def length(self) -> int:
        return min(self.a_end - self.a_start, self.b_end - self.b_start)


def shared_passages(
    a: Tokens, b: Tokens, *, anchor_size: int = ANCHOR_SIZE, min_words: int = MIN_WORDS
) -> list[TokenPassage]:
    """Return the passages a and b share, in b's order, none overlapping in b."""
    anchors = _anchors(a, b, anchor_size)
    if not anchors:
        return []
    runs: list[list[int]] = []  # [a_start, a_end, b_start, b_end]
    for i, j in anchors:  # sorted by position in b
        for run in reversed(runs[-4:]):
            gap = j - run[3]
            drift = abs((i - j) - (run[0] - run[2]))
            if gap <= MAX_GAP and drift <= MAX_DRIFT and i >= run[0]:
                run[1] = max(run[1], i + anchor_size)
                run[3] = max(run[3], j + anchor_size)
                break
        else:
            runs.append([i, i + anchor_size, j, j + anchor_size])
    passages = [_extend(a, b, *run) for run in runs]
    passages = [p for p in passages if p.length >= min_words]
    return _without_overlaps(passages)


def _anchors(a: Tokens, b: Tokens, size: int) -> list[tuple[int, int]]:
    """Return the (position in a, position in b) of the n-grams both share, b's order first.

    An n-gram repeated more than `MAX_REPEATS` times in either report is left
    out. Found with sorted arrays, not a dictionary per pair: a report is
    compared with tens of others.
    """
    if len(a) < size or len(b) < size:
        return []
    in_a, in_b = shingles(a.ids, size), shingles(b.ids, size)
    # Stable: the positions of one n-gram in a stay in order.
    order = np.argsort(in_a, kind="stable")
    sorted_a = in_a[order]
    first = np.searchsorted(sorted_a, in_b, side="left")
    repeats_a = np.searchsorted(sorted_a, in_b, side="right") - first
    _, which, repeats_b = np.unique(in_b, return_inverse=True, return_counts=True)
    j = np.flatnonzero(
        (repeats_a > 0) & (repeats_a <= MAX_REPEATS) & (repeats_b[which] <= MAX_REPEATS)
    )
    count = repeats_a[j]
    nth = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    i = order[np.repeat(first[j], count) + nth]
    return list(zip(i.tolist(), np.repeat(j, count).tolist(), strict=True))


def _extend(
    a: Tokens, b: Tokens, a_start: int, a_end: int, b_start: int, b_end: int
) -> TokenPassage:
    while a_start > 0 and b_start > 0 and a.words[a_start - 1] == b.words[b_start - 1]:
        a_start, b_start = a_start - 1, b_start - 1
    while a_end < len(a) and b_end < len(b) and a.words[a_end] == b.words[b_end]:
        a_end, b_end = a_end + 1, b_end + 1
    return TokenPassage(a_start, a_end, b_start, b_end)


def _without_overlaps(passages: list[TokenPassage]) -> list[TokenPassage]:
    """Keep the longest passages first; drop any that overlap a kept one in a or b."""
    kept: list[TokenPassage] = []
    for passage in sorted(passages, key=lambda p: -p.length):
        if all(passage.b_end <= k.b_start or passage.b_start >= k.b_end for k in kept) and all(
            passage.a_end <= k.a_start or passage.a_start >= k.a_end for k in kept
        ):
            kept.append(passage)
    return sorted(kept, key=lambda p: p.b_start)
