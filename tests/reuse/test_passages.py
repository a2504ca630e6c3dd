"""Shared passages: verbatim and near-verbatim runs, cited by character offsets in both reports."""

from __future__ import annotations

import pytest

from newsweave.reuse.passages import MIN_WORDS, TokenPassage, shared_passages
from newsweave.reuse.tokens import Tokens, tokenize

COPIED = (
    "The regional water board will pay for a new flood wall along the Seline "
    "between the old mill and the ferry landing"
)  # 22 words
RUN_30 = (
    "Rescue crews from three valleys worked through the night to pull families from "
    "their roofs after the dam above Orsk gave way shortly before dawn on Thursday "
    "morning officials said"
)  # 30 words


def span_text(text: str, tokens: Tokens, start: int, end: int) -> str:
    """Return the characters from the start of token `start` to the end of token `end - 1`."""
    return text[int(tokens.starts[start]) : int(tokens.ends[end - 1])]


def words(count: int, stem: str) -> str:
    """Return `count` distinct filler words that no other filler shares."""
    return " ".join(f"{stem}{i}" for i in range(count))


def test_a_verbatim_copy_gives_one_passage_slicing_to_the_copied_words_in_both():
    text_a = f"Officials in Brenna confirmed on Monday that {COPIED}. Work starts in spring."
    text_b = f"According to a statement, {COPIED}, a project long demanded by farmers."
    a, b = tokenize(text_a), tokenize(text_b)

    passages = shared_passages(a, b)

    assert len(passages) == 1, passages
    (p,) = passages
    assert span_text(text_a, a, p.a_start, p.a_end) == COPIED
    assert span_text(text_b, b, p.b_start, p.b_end) == COPIED
    assert p.length == 22


def test_one_changed_word_in_a_30_word_run_still_gives_one_passage_over_the_whole_run():
    edited = RUN_30.replace("worked", "toiled")
    assert edited != RUN_30
    text_a = f"Latest news. {RUN_30}. More follows."
    text_b = f"From our correspondent: {edited}, with help from the army."
    a, b = tokenize(text_a), tokenize(text_b)

    passages = shared_passages(a, b)

    assert len(passages) == 1, passages
    (p,) = passages
    assert span_text(text_a, a, p.a_start, p.a_end) == RUN_30
    assert span_text(text_b, b, p.b_start, p.b_end) == edited
    assert p.length == 30


_RUN = RUN_30.split()


@pytest.mark.parametrize(
    "edited",
    [" ".join([*_RUN[:12], "badly", *_RUN[12:]]), " ".join(_RUN[:12] + _RUN[13:])],
    ids=["word-inserted", "word-dropped"],
)
def test_a_word_inserted_or_dropped_keeps_one_passage(edited):
    a = tokenize(f"Latest news. {RUN_30}. More follows.")
    b = tokenize(f"From our correspondent: {edited}, with help from the army.")

    passages = shared_passages(a, b)

    assert [(p.a_end - p.a_start, p.b_end - p.b_start) for p in passages] == [
        (30, len(edited.split()))
    ]


def test_a_passage_is_found_when_the_case_and_accents_differ():
    text_a = f"Report: {COPIED.upper()}."
    text_b = f"Summary: {COPIED.replace('Seline', 'Séline')}."
    a, b = tokenize(text_a), tokenize(text_b)

    assert [p.length for p in shared_passages(a, b)] == [22]


@pytest.mark.parametrize(("shared", "found"), [(MIN_WORDS - 1, 0), (MIN_WORDS, 1)])
def test_runs_shorter_than_min_words_are_not_passages(shared, found):
    run = words(shared, "shared")
    a = tokenize(f"{words(8, 'left')} {run} {words(8, 'right')}")
    b = tokenize(f"{words(8, 'before')} {run} {words(8, 'after')}")

    passages = shared_passages(a, b)

    assert [p.length for p in passages] == [shared] * found


def test_unrelated_texts_share_no_passage():
    a = tokenize(COPIED)
    b = tokenize(RUN_30)

    assert shared_passages(a, b) == []


def test_a_sentence_repeated_in_b_is_matched_once():
    a = tokenize(f"Brenna news. {COPIED}. The end.")
    b = tokenize(f"{COPIED}. As said before, {COPIED}.")

    passages = shared_passages(a, b)

    assert [(p.a_start, p.a_end) for p in passages] == [(2, 24)]
    assert len(passages) == 1, passages


def test_passages_never_overlap_in_either_report():
    text_a = f"{COPIED}. {words(12, 'mid')}. {RUN_30}. {COPIED}."
    text_b = f"{RUN_30}. {words(5, 'gap')} {COPIED}. {RUN_30.replace('night', 'day')}."
    a, b = tokenize(text_a), tokenize(text_b)

    passages = shared_passages(a, b)

    assert len(passages) == 2, passages  # RUN_30 and COPIED, each once
    assert passages == sorted(passages, key=lambda p: p.b_start)
    for i, first in enumerate(passages):
        for second in passages[i + 1 :]:
            assert not overlap(first, second), (first, second)


def overlap(p: TokenPassage, q: TokenPassage) -> bool:
    in_a = p.a_start < q.a_end and q.a_start < p.a_end
    in_b = p.b_start < q.b_end and q.b_start < p.b_end
    return in_a or in_b
