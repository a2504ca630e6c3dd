"""Quoted regions: the marks outlets use, apostrophes and inch marks, paragraph limits."""

from __future__ import annotations

import pytest

from newsweave.text.quotes import quoted_mask, quoted_regions


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in quoted_regions(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said “the bridge is safe” on Monday.",
        'The mayor said "the bridge is safe" on Monday.',
        "The mayor said «the bridge is safe» on Monday.",
        "The mayor said „the bridge is safe“ on Monday.",
    ],
    ids=["curly", "straight", "angle", "low"],
)
def test_quoted_regions_find_the_text_inside_each_kind_of_mark(text):
    assert quoted(text) == ["the bridge is safe"]


def test_several_quotes_in_one_paragraph_are_separate_regions():
    text = 'She called it "a disgrace" and "a waste of money", then left.'

    assert quoted(text) == ["a disgrace", "a waste of money"]


def test_an_apostrophe_does_not_open_a_quote():
    text = "Residents don't expect the \"new ferry\" before May, and they're angry."

    assert quoted(text) == ["new ferry"]


def test_an_inch_mark_after_a_digit_does_not_open_a_quote():
    text = 'The council bought a 55" screen for the "public hall" in Brenna.'

    assert quoted(text) == ["public hall"]


def test_an_apostrophe_inside_single_curly_quotes_does_not_close_them():
    text = "‘We don’t know when the ferry returns,’ the harbour master said."

    assert quoted(text) == ["We don’t know when the ferry returns,"]


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph():
    first = "The engineer said: “The wall will hold whatever the river does this winter."
    second = "Work on the second section starts in March."
    text = f"{first}\n\n{second}"

    assert quoted(text) == ["The wall will hold whatever the river does this winter."]


def test_an_unclosed_quote_never_crosses_a_blank_line_with_spaces():
    first = "The engineer said: “The wall will hold whatever the river does this winter."
    second = "Work on the second section starts in March,” an aide added later."
    text = f"{first}\n  \n{second}"

    regions = quoted(text)

    # The second paragraph goes on quoting: its lone closing mark ends a quote of its own.
    assert regions == [
        "The wall will hold whatever the river does this winter.",
        "Work on the second section starts in March,",
    ]
    assert all("\n" not in region for region in regions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will rebuild the pier before summer,“ said the mayor.",
            ["We will rebuild the pier before summer,"],
        ),
        (
            "The new pier is safe and it will open in June, ”the mayor wrote on social media.",
            ["The new pier is safe and it will open in June,"],
        ),
        (
            "“Nobody wants to leave“said the mayor.” We owe them work. “In that sense, she added more.",
            ["Nobody wants to leave", " We owe them work. "],
        ),
    ],
    ids=["closed-by-an-opening-mark", "opening-mark-lost", "marks-swapped"],
)
def test_mixed_up_marks_of_translated_copy_still_give_the_quoted_words(text, expected):
    assert quoted(text) == expected


def test_regions_in_later_paragraphs_have_offsets_into_the_whole_text():
    text = "Flood warning.\n\nThe mayor said “stay home” tonight.\n\nAnd “keep calm” too."

    assert quoted_regions(text) == [(32, 41), (58, 67)]
    assert quoted(text) == ["stay home", "keep calm"]


def test_quoted_mask_marks_exactly_the_quoted_characters():
    text = "He said “no” and «yes»."
    expected = "_________xx_______xxx__"

    mask = quoted_mask(text)

    assert len(mask) == len(text)
    assert "".join("x" if m else "_" for m in mask.tolist()) == expected


def test_a_text_without_quotes_has_no_regions_and_an_empty_mask():
    text = "The ferry runs every twenty minutes."

    assert quoted_regions(text) == []
    assert not quoted_mask(text).any()
