"""MinHash signatures, their Jaccard estimates, LSH bands and the near-duplicate index."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.errors import ParameterError
from newsweave.reuse.minhash import (
    NearDuplicateIndex,
    batch_shingles,
    estimate_jaccard,
    optimal_bands,
    signature,
    signatures,
)
from newsweave.reuse.tokens import shingles, token_ids

EMPTY = np.zeros(0, dtype=np.uint64)

REPORT = (
    "The Veltra city council voted on Tuesday to close the old harbour bridge for repairs "
    "after engineers found deep cracks in two of its stone piers. Cars will be sent over "
    "the northern ring road while the work lasts, and a free shuttle boat will carry people "
    "on foot between the two banks every twenty minutes from early morning until midnight. "
    "The repairs are expected to take eight months and to cost about twelve million euros."
)
# The same report with two words changed, far apart.
COPY = REPORT.replace("Tuesday", "Wednesday").replace("midnight", "eleven")
UNRELATED = (
    "A small bakery in the mountain village of Orsk won the national bread prize this year "
    "with a rye loaf baked in a wood oven that the owner's grandfather built in the fifties. "
    "The jury praised the crust and the sour taste, and orders have come in from three cities "
    "since the result was announced on the radio last Sunday evening by the prize committee."
)


def overlapping(true_jaccard: float, size: int = 300) -> tuple[np.ndarray, np.ndarray, float]:
    """Return two `size`-element integer sets whose Jaccard is close to `true_jaccard`, and it."""
    shared = round(2 * size * true_jaccard / (1 + true_jaccard))
    a = np.arange(size, dtype=np.uint64)
    b = np.arange(size - shared, 2 * size - shared, dtype=np.uint64)
    return a, b, shared / (2 * size - shared)


def test_identical_sets_have_equal_signatures():
    values = np.array([11, 5, 900, 42, 7], dtype=np.uint64)

    assert signature(values).tolist() == signature(values[::-1].copy()).tolist()
    assert estimate_jaccard(signature(values), signature(values)) == 1.0
    assert signature(values).shape == (128,)


@pytest.mark.parametrize("jaccard", [0.5, 0.8, 0.2])
def test_estimated_jaccard_is_close_to_the_true_one(jaccard):
    a, b, truth = overlapping(jaccard)

    estimate = estimate_jaccard(signature(a), signature(b))

    assert abs(estimate - truth) <= 0.12, (estimate, truth)


def test_disjoint_sets_estimate_near_zero():
    a, b = np.arange(300, dtype=np.uint64), np.arange(300, 600, dtype=np.uint64)

    assert estimate_jaccard(signature(a), signature(b)) <= 0.05


def test_batch_signatures_equal_single_signatures():
    groups = [
        np.arange(40, dtype=np.uint64),
        EMPTY,
        np.array([3], dtype=np.uint64),
        np.arange(1000, 1500, dtype=np.uint64),
    ]

    table = signatures(groups)

    assert table.shape == (4, 128)
    assert [row.tolist() for row in table] == [signature(g).tolist() for g in groups]


def test_empty_set_gives_an_all_empty_row_that_matches_nothing():
    empty = signature(EMPTY)
    full = signature(np.arange(50, dtype=np.uint64))

    assert set(empty.tolist()) == {2**32 - 1}
    assert estimate_jaccard(empty, full) == 0.0


def test_two_empty_reports_are_not_near_duplicates():
    index = NearDuplicateIndex()
    index.add_many(["blank-1", "blank-2"], [EMPTY, EMPTY])

    assert list(index.near_duplicates()) == []


def test_batch_shingles_equal_per_report_shingles():
    reports = [token_ids(REPORT), token_ids(UNRELATED), token_ids(COPY)]

    batch = batch_shingles(reports, 5)

    assert [s.tolist() for s in batch] == [shingles(ids, 5).tolist() for ids in reports]


def test_batch_shingles_with_short_reports_equal_per_report_shingles():
    reports = [token_ids(REPORT), token_ids("Ferry cancelled"), EMPTY, token_ids(UNRELATED)]

    batch = batch_shingles(reports, 5)

    assert [s.tolist() for s in batch] == [shingles(ids, 5).tolist() for ids in reports]
    assert [len(s) for s in batch][1:3] == [1, 0]


def test_optimal_bands_for_half_threshold():
    bands, rows = optimal_bands(0.5, 128)

    assert bands * rows <= 128
    assert (bands, rows) == (25, 5)


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.5, 128), (0.8, 128), (0.3, 64)])
def test_optimal_bands_match_datasketch(threshold, num_perm):
    lsh = pytest.importorskip("datasketch.lsh")

    ours = optimal_bands(threshold, num_perm)

    assert ours == tuple(lsh._optimal_param(threshold, num_perm, 0.5, 0.5))


def test_index_finds_a_copy_with_two_words_changed_and_not_an_unrelated_report():
    index = NearDuplicateIndex()
    index.add("original", token_ids(REPORT))
    index.add("unrelated", token_ids(UNRELATED))
    index.add("copy", token_ids(COPY))

    found = [(a, b) for a, b, _ in index.near_duplicates()]
    similarity = {(a, b): value for a, b, value in index.near_duplicates()}

    assert found == [("original", "copy")]
    assert similarity[("original", "copy")] >= 0.5


def test_add_many_equals_repeated_add():
    keys = ["original", "unrelated", "copy"]
    ids = [token_ids(REPORT), token_ids(UNRELATED), token_ids(COPY)]
    one_by_one = NearDuplicateIndex()
    for key, report in zip(keys, ids, strict=True):
        one_by_one.add(key, report)
    at_once = NearDuplicateIndex()
    at_once.add_many(keys, ids)

    assert at_once.keys_ == one_by_one.keys_ == keys
    assert at_once.signatures_.tolist() == one_by_one.signatures_.tolist()
    assert list(at_once.candidate_pairs()) == list(one_by_one.candidate_pairs())
    assert list(at_once.near_duplicates()) == list(one_by_one.near_duplicates())


def test_a_key_already_in_the_index_is_refused_with_the_key_named():
    index = NearDuplicateIndex()
    index.add("report-17", token_ids(REPORT))

    with pytest.raises(ParameterError, match="report-17"):
        index.add("report-17", token_ids(COPY))
    assert index.keys_ == ["report-17"]  # the refused report was not indexed


def test_a_key_given_twice_in_one_batch_is_refused_with_the_key_named():
    index = NearDuplicateIndex()

    with pytest.raises(ParameterError, match="report-9"):
        index.add_many(["report-8", "report-9", "report-9"], [EMPTY, EMPTY, EMPTY])
    assert index.keys_ == []
    assert index.signatures_.shape == (0, 128)


@pytest.mark.parametrize("threshold", [0.0, -0.2, 1.5])
def test_threshold_outside_zero_to_one_is_refused(threshold):
    with pytest.raises(ParameterError, match="'threshold' parameter must be a float in \\(0, 1\\]"):
        NearDuplicateIndex(threshold=threshold)


def test_threshold_of_one_is_accepted():
    assert NearDuplicateIndex(threshold=1.0).threshold == 1.0


def test_an_empty_index_has_no_pairs():
    index = NearDuplicateIndex()

    assert (list(index.candidate_pairs()), list(index.near_duplicates())) == ([], [])
