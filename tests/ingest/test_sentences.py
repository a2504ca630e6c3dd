"""Sentences: abbreviations per language, paragraphs kept apart, offsets into article.text."""

from __future__ import annotations

import pytest

import newsweave as nw
from newsweave.text import split_sentences
from newsweave.types import Article


def sentences_of(text: str, language: str | None) -> list[str]:
    record = {"text": text} if language is None else {"text": text, "language": language}
    (article,) = nw.read_records([record]).articles
    found = split_sentences(article)
    for sentence in found:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.article_id == article.id
    assert [sentence.index for sentence in found] == list(range(len(found)))
    return [sentence.text for sentence in found]


def test_english_abbreviations_do_not_end_sentences():
    text = (
        "The U.S. Senate passed the bill on Tuesday. Mr. Smith voted against it. "
        "The House votes next week, aides said."
    )

    assert sentences_of(text, "en") == [
        "The U.S. Senate passed the bill on Tuesday.",
        "Mr. Smith voted against it.",
        "The House votes next week, aides said.",
    ]


def test_spanish_abbreviations_do_not_end_sentences():
    text = (
        "El Sr. López viajó a EE.UU. el lunes para reunirse con funcionarios. "
        "La reunión duró tres horas y terminó sin acuerdo, dijeron fuentes oficiales."
    )

    assert sentences_of(text, "es") == [
        "El Sr. López viajó a EE.UU. el lunes para reunirse con funcionarios.",
        "La reunión duró tres horas y terminó sin acuerdo, dijeron fuentes oficiales.",
    ]


def test_paragraphs_never_merge():
    text = (
        "A headline without a full stop\n\n"
        "the next paragraph starts in lower case and goes on for a while.\n\n"
        "Mr.\n\nSmith stands alone."
    )

    assert sentences_of(text, "en") == [
        "A headline without a full stop",
        "the next paragraph starts in lower case and goes on for a while.",
        "Mr.",
        "Smith stands alone.",
    ]


def test_offsets_slice_the_article_text_after_normalization():
    text = "Jose\u0301 said\u00a0yes.\r\n\r\nThe  mayor, Mr. Ruiz, said no. Talks go on.\r\n"

    assert sentences_of(text, None) == [
        "José said yes.",
        "The mayor, Mr. Ruiz, said no.",
        "Talks go on.",
    ]


@pytest.mark.parametrize("language", [None, "zz"])
def test_unknown_language_still_splits(language):
    article = Article(
        id="a1", text="First one here. Second one there.", kind="string", language=language
    )

    assert [sentence.text for sentence in split_sentences(article)] == [
        "First one here.",
        "Second one there.",
    ]
