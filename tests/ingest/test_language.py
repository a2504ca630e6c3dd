"""Language: detected from the text; a stated language that disagrees gives way, with a note."""

from __future__ import annotations

import pytest

import newsweave as nw
from newsweave.text import detect_language

ENGLISH = "The council approved the new park plan after a long public hearing on Tuesday evening."
SPANISH = (
    "El ayuntamiento aprobó el nuevo plan del parque tras una larga audiencia pública el martes."
)


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (SPANISH, "es")])
def test_detects_english_and_spanish(text, code):
    (article,) = nw.read_texts([text]).articles

    assert article.language == code
    assert article.notes == ()


def test_stated_language_that_agrees_adds_no_note():
    (article,) = nw.read_records([{"text": SPANISH, "language": "es-MX"}]).articles

    assert (article.language, article.notes) == ("es", ())


def test_stated_language_that_disagrees_loses_with_a_note():
    (article,) = nw.read_records([{"text": ENGLISH, "language": "es"}]).articles

    assert article.language == "en"
    (note,) = article.notes
    assert "stated language 'es'" in note
    assert "reads as 'en'" in note


def test_source_trailer_language_loses_to_the_text(read_text):
    # A translated wire story keeps its source's "(en)".
    article = read_text(f"{SPANISH}\nFuente: Agencia Sur (en)\n")

    assert (article.outlet, article.language) == ("Agencia Sur", "es")
    assert any("stated language 'en'" in note for note in article.notes), article.notes


def test_html_lang_attribute_is_the_stated_language(write):
    page = f'<html lang="es"><head><title>Parque</title></head><body><article><p>{SPANISH}</p>'
    page += f"<p>{SPANISH.replace('martes', 'jueves')}</p></article></body></html>"

    (article,) = nw.read([write("parque.html", page)]).articles

    assert (article.language, article.notes) == ("es", ())


def test_no_letters_no_language():
    assert detect_language("12 345 -- 678 !!") is None
