"""Candidate pairs: shared rare n-grams, MinHash near-duplicates and cross-language leads."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.reuse import candidates
from newsweave.reuse.candidates import (
    MAX_POSTINGS,
    candidate_pairs,
    cross_language_pairs,
    near_duplicate_pairs,
    shared_shingle_pairs,
)
from newsweave.reuse.tokens import tokenize

QUOTE = (
    "“We will not let the valley flood again, and the new wall will be finished "
    "before the autumn rains,” the regional engineer told reporters."
)
# Two reports written apart that both carry the engineer's quoted paragraph.
HERALD = (
    "Farmers along the Seline gathered in Brenna on Saturday to hear the plans for the "
    f"river.\n\n{QUOTE}\n\nThe meeting lasted two hours and ended with a vote of thanks."
)
GAZETTE = (
    "A crowd of three hundred filled the town hall, many still angry about last spring's "
    f"losses.\n\n{QUOTE}\n\nSome farmers asked for compensation, which was not promised."
)
BAKERY = (
    "A bakery in the mountain village of Orsk won the national bread prize with a rye loaf "
    "baked in a wood oven. The jury praised the crust, and orders came in from three cities."
)
CHESS = (
    "The junior chess championship in Ostmouth ended in a draw between two twelve-year-olds "
    "after a final game that lasted almost six hours, the organisers said on Sunday."
)
# A longer report and a copy of it with two words changed.
REPORT = (
    "The Veltra city council voted on Tuesday to close the old harbour bridge for repairs "
    "after engineers found deep cracks in two of its stone piers. Cars will be sent over "
    "the northern ring road while the work lasts, and a free shuttle boat will carry people "
    "on foot between the two banks every twenty minutes from early morning until midnight."
)
NEAR_COPY = REPORT.replace("Tuesday", "Wednesday").replace("midnight", "eleven")


def test_shared_shingles_pair_two_reports_quoting_the_same_paragraph():
    tokens = {
        "herald": tokenize(HERALD).ids,
        "gazette": tokenize(GAZETTE).ids,
        "bakery": tokenize(BAKERY).ids,
    }

    assert shared_shingle_pairs(tokens) == {("gazette", "herald")}


def test_shared_shingles_do_not_pair_unrelated_reports():
    tokens = {"bakery": tokenize(BAKERY).ids, "chess": tokenize(CHESS).ids}

    assert shared_shingle_pairs(tokens) == set()


def test_a_shared_stock_phrase_does_not_make_a_pair():
    # Six shared words are two 5-grams, fewer than the three a pair needs.
    phrase = "a spokesman said in a statement"
    tokens = {
        "bakery": tokenize(f"{BAKERY} More news, {phrase}.").ids,
        "chess": tokenize(f"{CHESS} Prizes follow, {phrase}.").ids,
    }

    assert shared_shingle_pairs(tokens) == set()


def test_boilerplate_in_more_reports_than_the_posting_cap_pairs_none_of_them():
    # An outlet's sign-off, in one report more than the cap: however large the
    # corpus, its 5-grams link nobody. One report fewer and every pair shares it.
    sign_off = "This article was first published by the Northstar News Service of Brenna."
    stories = [f"Report number {i} is about item {i} alone, {i} times over." for i in range(500)]

    def pairs(reports: int) -> set[tuple[str, str]]:
        texts = {f"r{i:03}": f"{stories[i]} {sign_off}" for i in range(reports)}
        return shared_shingle_pairs({key: tokenize(text).ids for key, text in texts.items()})

    assert len(pairs(MAX_POSTINGS)) == MAX_POSTINGS * (MAX_POSTINGS - 1) // 2
    assert pairs(MAX_POSTINGS + 1) == set()


def test_the_index_split_into_parts_finds_the_same_pairs(monkeypatch: pytest.MonkeyPatch):
    texts = {"herald": HERALD, "gazette": GAZETTE, "bakery": BAKERY, "wire": REPORT}
    texts["copy"] = NEAR_COPY
    tokens = {key: tokenize(text).ids for key, text in texts.items()}
    whole = shared_shingle_pairs(tokens)
    monkeypatch.setattr(candidates, "_PART", 7)

    assert shared_shingle_pairs(tokens) == whole == {("copy", "wire"), ("gazette", "herald")}


def test_near_duplicate_pairs_find_a_near_copy_and_nothing_else():
    tokens = {
        "wire": tokenize(REPORT).ids,
        "bakery": tokenize(BAKERY).ids,
        "chess": tokenize(CHESS).ids,
        "copy": tokenize(NEAR_COPY).ids,
    }

    assert near_duplicate_pairs(tokens) == {("copy", "wire")}


def test_candidate_pairs_join_all_sources_sorted_once_each():
    tokens = {
        "wire": tokenize(REPORT).ids,
        "copy": tokenize(NEAR_COPY).ids,
        "herald": tokenize(HERALD).ids,
        "gazette": tokenize(GAZETTE).ids,
        "bakery": tokenize(BAKERY).ids,
    }

    pairs = candidate_pairs(tokens, extra=[("bakery", "herald"), ("copy", "wire")])

    assert pairs == [("bakery", "herald"), ("copy", "wire"), ("gazette", "herald")]


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_cross_language_pairs_only_pair_different_languages_above_the_threshold():
    keys = ["en-wire", "fr-wire", "en-local", "de-sport", "es-wire"]
    languages = ["en", "fr", "en", "de", "es"]
    leads = np.stack(
        [
            unit(1.0, 0.0, 0.0),
            unit(1.0, 0.3, 0.0),  # cosine 0.96 with en-wire: a likely translation
            unit(1.0, 0.0, 0.0),  # identical to en-wire but the same language
            unit(0.0, 0.0, 1.0),  # about something else
            unit(1.0, -1.8, 0.0),  # cosine 0.49 with en-wire, 0.21 with fr-wire: too far
        ]
    )

    pairs = cross_language_pairs(keys, languages, leads)

    assert pairs == {("en-wire", "fr-wire"), ("en-local", "fr-wire")}


def test_cross_language_pairs_compare_every_minority_language_in_blocks(
    monkeypatch: pytest.MonkeyPatch,
):
    # Two minority languages close to each other and to the English wire: all
    # three pairs, whichever block each row falls in.
    monkeypatch.setattr(candidates, "_BLOCK", 1)
    keys = ["en-1", "en-2", "en-3", "fr", "de"]
    languages = ["en", "en", "en", "fr", "de"]
    leads = np.stack(
        [unit(1.0, 0.0), unit(0.0, 1.0), unit(0.0, 1.0), unit(1.0, 0.2), unit(1.0, 0.1)]
    )

    assert cross_language_pairs(keys, languages, leads) == {
        ("en-1", "fr"),
        ("de", "en-1"),
        ("de", "fr"),
    }


def test_cross_language_pairs_need_at_least_two_languages():
    leads = np.stack([unit(1.0, 0.0), unit(1.0, 0.1), unit(1.0, 0.0)])

    assert cross_language_pairs(["a", "b", "c"], ["en", "en", "en"], leads) == set()
