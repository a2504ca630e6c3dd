"""The extract stage reads whatever text comes: it never raises on a report."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.extract import extract_story
from newsweave.text import split_sentences
from newsweave.types import Article

# Text made of the pieces that trip name, quote and date rules: marks, titles,
# joiners, possessives, numbers and stray punctuation.
PIECES = st.sampled_from(
    [
        "The ",
        "the ",
        "President ",
        "Mexico ",
        "Obrador ",
        "of ",
        "and ",
        "de ",
        "’s ",
        "'s ",
        "“",
        "”",
        '"',
        "«",
        "»",
        "‘",
        "’",
        "(",
        ")",
        ", ",
        ". ",
        "\n\n",
        "said ",
        "told ",
        "she ",
        "he ",
        "it ",
        "according to ",
        "June 8 ",
        "Friday ",
        "3,000 ",
        "more than ",
        "U.S. ",
        "AMLO ",
        "Lt. ",
        "—",
        ": ",
        "  ",
        "x",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40), st.sampled_from(["en", "es", None]))
def test_extract_story_never_raises(pieces, language):
    text = "".join(pieces).strip() or "x"
    article = Article(id="a", text=text, kind="string", language=language)

    facts, _, ledger = extract_story([article], {"a": tuple(split_sentences(article))})

    for attribution in facts["a"].attributions:
        assert 0 <= attribution.span.start <= attribution.span.end <= len(text)
    assert all(quote.evidence for quote in ledger)


def test_a_name_that_ends_in_the_word_of_alone_is_no_crash():
    article = Article(
        id="a", text="They met the Minister of. Then of of.", kind="string", language="en"
    )

    extract_story([article], {"a": tuple(split_sentences(article))})
