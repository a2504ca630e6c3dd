"""Every normalized character maps back to the character it came from in the original."""

from __future__ import annotations

import unicodedata

import pytest

import newsweave as nw
from newsweave.text import normalize
from newsweave.types import Article

WRAPPED = (
    "The council met on Monday\n"
    "to discuss the budget for\n"
    "the coming year.\n"
    "\n"
    "Members voted\n"
    "to raise fees.\n"
)
NBSP_CRLF = (
    "Cafe\u0301 owners\u00a0protested the new tax\u00a0\u00a0on Tuesday.\r\n"
    "\r\n"
    "The mayor\u00a0said talks would continue\u200b next week.\r\n"
)
DECOMPOSED = "Jose\u0301 Marti\u0301nez, the cafe\u0301 owner, said sales had fallen by half.\n"
FRONT_MATTER = (
    "---\n"
    "title: Fees rise\n"
    "outlet: Town Crier\n"
    "---\n"
    "\n"
    "Jane Marlow. Town Crier [TC].\n"
    "The council raised parking fees\non Monday.\n"
    "\n"
    "Drivers were not pleased.\n"
    "###\n"
)
FIXTURES = {
    "wrapped": WRAPPED,
    "nbsp-crlf": NBSP_CRLF,
    "decomposed": DECOMPOSED,
    "front-matter": FRONT_MATTER,
    "form-feed": "Page one ends with this sentence.\x0cPage two starts with another one.",
}


def same_character(normalized: str, original: str) -> bool:
    """Whether a normalized character stands for an original one (same base letter)."""
    if normalized.isspace():
        return original.isspace()
    base = unicodedata.normalize("NFD", normalized)[0]
    return base == unicodedata.normalize("NFD", original)[0]


def mismatches(article: Article) -> list[tuple[int, str, int, str]]:
    """Return (offset, character, original offset, original character) for every bad mapping."""
    bad = []
    for i, char in enumerate(article.text):
        origin = article.offsets.to_original(i)
        found = article.original[origin] if 0 <= origin < len(article.original) else ""
        if not same_character(char, found):
            bad.append((i, char, origin, found))
    return bad


@pytest.mark.parametrize("name", FIXTURES)
def test_every_character_maps_back(name):
    (article,) = nw.read_texts([FIXTURES[name]]).articles

    assert mismatches(article) == []


@pytest.mark.parametrize("name", ["nbsp-crlf", "front-matter"])
def test_every_character_maps_back_from_files(write, name):
    path = write("report.md", FIXTURES[name])
    (article,) = nw.read([path]).articles

    assert article.original == path.read_bytes().decode()
    assert mismatches(article) == []


def test_normalized_text():
    texts = {name: nw.read_texts([text]).articles[0].text for name, text in FIXTURES.items()}

    assert texts["wrapped"] == (
        "The council met on Monday to discuss the budget for the coming year.\n\n"
        "Members voted to raise fees."
    )
    assert texts["nbsp-crlf"] == (
        "Café owners protested the new tax on Tuesday.\n\n"
        "The mayor said talks would continue next week."
    )
    assert texts["decomposed"] == "José Martínez, the café owner, said sales had fallen by half."
    assert texts["front-matter"] == (
        "The council raised parking fees on Monday.\n\nDrivers were not pleased."
    )
    # A form feed parts words; it used to vanish as a control character.
    assert texts["form-feed"] == (
        "Page one ends with this sentence. Page two starts with another one."
    )


def test_html_offsets_point_into_the_extracted_text(write):
    page = (
        "<html><head><title>Fees</title></head><body><article>"
        "<p>The council raised parking fees on Monday, the first rise in ten years.</p>"
        "<p>Drivers\u00a0were not pleased with the decision, a survey found.</p>"
        "</article></body></html>"
    )
    (article,) = nw.read([write("fees.html", page)]).articles

    assert mismatches(article) == []


def test_spans_slice_back_to_the_original():
    (article,) = nw.read_texts([NBSP_CRLF]).articles
    start = article.text.index("The mayor")

    begin = article.offsets.to_original(start)
    assert article.original[begin : begin + 9] == "The mayor"


@pytest.mark.parametrize("text", ["a\r\u0301b", "a\n\u0301b", "a \u0301\u0301b", "a\x00\u0301b"])
def test_combining_marks_after_breaks_do_not_carry_them_in(text):
    normalized, offsets = normalize(text)

    assert "\r" not in normalized
    assert "\x00" not in normalized
    assert "  " not in normalized
    assert all(0 <= offsets.to_original(i) < len(text) for i in range(len(normalized)))
