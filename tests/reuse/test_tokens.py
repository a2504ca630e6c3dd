"""Tokens: folded words, character spans into the text, stable ids and word shingles."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from newsweave.reuse.tokens import fold, shingles, token_ids, tokenize

ASCII = "The Veltra council approved the new ferry timetable on Monday, officials said."
ACCENTED = "La alcaldesa Inés López inauguró el puente de Straße Nord en Çalvera."
CURLY = "“We will reopen the harbour road by Friday,” the mayor’s office said."
# Arabic with short vowels and shadda: "The minister said the bridge will open tomorrow."
ARABIC = "قَالَ الوَزِيرُ إِنَّ الجِسْرَ سَيُفْتَحُ غَدًا"


def originals(text: str) -> list[str]:
    """Return the slices of `text` that the tokens' offsets point to."""
    tokens = tokenize(text)
    return [text[s:e] for s, e in zip(tokens.starts.tolist(), tokens.ends.tolist(), strict=True)]


@pytest.mark.parametrize(
    ("word", "folded"),
    [("López", "lopez"), ("Straße", "strasse"), ("ÉCOLE", "ecole"), ("Çalvera", "calvera")],
)
def test_fold_strips_accents_and_case(word, folded):
    assert fold(word) == folded


def test_tokenize_offsets_slice_the_original_text_to_each_word():
    text = "Mayor Inés López said: “Bridge reopens 3 May.”"
    tokens = tokenize(text)

    assert originals(text) == ["Mayor", "Inés", "López", "said", "Bridge", "reopens", "3", "May"]
    assert tokens.words == ("mayor", "ines", "lopez", "said", "bridge", "reopens", "3", "may")
    assert len(tokens) == len(tokens.ids) == 8


def test_an_arabic_word_with_diacritics_is_one_token_folded_without_them():
    tokens = tokenize(ARABIC)

    assert len(tokens) == 6
    assert tokens.words[0] == "قال"
    assert originals(ARABIC) == ARABIC.split()


def test_tokenize_of_a_text_without_words_is_empty():
    tokens = tokenize(" — … “” ")

    assert (len(tokens), tokens.ids.tolist(), tokens.starts.tolist()) == (0, [], [])


@pytest.mark.parametrize(
    "text", [ASCII, ACCENTED, CURLY, ARABIC], ids=["ascii", "accented", "curly", "arabic"]
)
def test_token_ids_equal_the_ids_of_tokenize(text):
    assert token_ids(text).tolist() == tokenize(text).ids.tolist()


def test_ids_are_crc32_of_the_folded_word_so_every_process_agrees():
    text = "López visited STRASSE and Straße"
    folded = ["lopez", "visited", "strasse", "and", "strasse"]
    expected = [zlib.crc32(word.encode("utf-8")) for word in folded]

    assert tokenize(text).ids.tolist() == expected
    assert token_ids(text).tolist() == expected


def test_case_and_accents_do_not_change_ids():
    assert token_ids("INÉS LÓPEZ").tolist() == token_ids("ines lopez").tolist()


def test_fewer_tokens_than_the_size_give_one_shingle():
    ids = token_ids("ferry runs hourly")

    assert len(shingles(ids, 5)) == 1
    assert shingles(ids, 5).tolist() == shingles(ids, 3).tolist()


@pytest.mark.parametrize("size", [1, 3, 5])
def test_shingle_count_is_tokens_minus_size_plus_one(size):
    ids = token_ids(ASCII)  # 12 words

    assert len(ids) == 12
    assert len(shingles(ids, size)) == 12 - size + 1


def test_a_shingle_depends_only_on_its_words():
    copied = "the new ferry timetable starts"
    ids = token_ids(f"Officials said {copied} in June.")
    other = token_ids(f"Yesterday {copied}")

    assert shingles(ids, 5)[2] == shingles(other, 5)[1]
    assert shingles(ids, 5)[1] != shingles(ids, 5)[2]


def test_no_tokens_give_no_shingles():
    assert shingles(np.zeros(0, dtype=np.uint64), 5).tolist() == []
