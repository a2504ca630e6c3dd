"""Property tests: arbitrary text never breaks normalization or reading."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

import newsweave as nw
from newsweave.text import normalize

# Text with plenty of what makes normalization hard: line ends, odd spaces,
# combining marks, invisible and control characters, next to ordinary letters.
TRICKY = st.sampled_from(
    list(
        "\n\r\t \u00a0\u2028\u2029\u200b\u00ad\ufeff\x00\x0b\x0c\x85\u0301\u0327\u20dd"
        "e\u00e9aZ.-#:[]()"
    )
)
MIXED = st.lists(st.one_of(st.text(TRICKY), st.text())).map("".join)
TEXT = st.one_of(st.text(), st.text(TRICKY), MIXED)
RELAXED = settings(max_examples=200, deadline=None)


@RELAXED
@given(TEXT, st.integers(min_value=0, max_value=1000))
def test_normalize_maps_inside_the_original(text, base):
    normalized, offsets = normalize(text, base=base)

    for i in range(len(normalized)):
        assert base <= offsets.to_original(i) < base + len(text)
    assert "\r" not in normalized
    assert normalized == normalized.strip()
    assert "  " not in normalized
    assert "\n\n\n" not in normalized
    assert not any(unicodedata.category(char) == "Cc" and char != "\n" for char in normalized)


@RELAXED
@given(TEXT)
def test_read_texts_never_raises(text):
    result = nw.read_texts([text])

    assert len(result.articles) + len(result.skipped) == 1
    for article in result.articles:
        assert article.original == text
        assert all(
            0 <= article.offsets.to_original(i) < len(text) for i in range(len(article.text))
        )


@RELAXED
@given(st.text(TRICKY), st.text())
def test_front_matter_and_conventions_never_raise(body, value):
    text = f"---\ntitle: {value}\ndate: {value}\n---\nJane Marlow. Ledger [L].\n{body}\n###\n"

    result = nw.read_texts([text])

    assert len(result.articles) + len(result.skipped) == 1
