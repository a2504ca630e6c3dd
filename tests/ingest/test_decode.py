"""Bytes to text: byte-order marks, UTF-8, legacy code pages, never silently garbled."""

from __future__ import annotations

import codecs

import pytest

import newsweave as nw
from newsweave.errors import UnreadableInput
from newsweave.ingest.decode import decode

SPANISH = "El señor alcalde inauguró la biblioteca el martes; los vecinos llenaron la plaza."
GERMAN = "Das Café in München öffnet am Dienstag wieder, sagte der Besitzer."
POLISH = "Prezydent Polski powiedział we wtorek, że rozmowy będą kontynuowane w przyszłym tygodniu."
FRENCH = "Le café à Paris ouvre mardi, a déclaré le propriétaire de l'hôtel."
RUSSIAN = "Президент России заявил во вторник, что переговоры продолжатся на следующей неделе."


def test_utf8_is_read_without_a_note():
    assert decode(SPANISH.encode()) == (SPANISH, None)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_byte_order_marks(encoding, bom):
    text, note = decode(bom + SPANISH.encode(encoding))

    assert text == SPANISH
    assert note is None if encoding == "utf-8" else f"decoded as {encoding}" in note


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SPANISH, "latin-1"),
        (GERMAN, "latin-1"),  # charset-normalizer alone picks cp775: "M³nchen"
        (POLISH, "cp1250"),  # a cp1252 reading ties: "powiedzia³"
        (FRENCH, "cp1252"),
        (RUSSIAN, "cp1251"),
    ],
)
def test_legacy_code_pages_are_read_correctly_with_a_note(text, encoding):
    decoded, note = decode(text.encode(encoding))

    assert decoded == text
    assert note.startswith("not UTF-8; decoded as ")


def test_utf8_with_a_stray_legacy_byte_keeps_its_utf8():
    data = "La música sonó toda la noche en la plaza, según los vecinos.".encode() + b" Se\xf1or."

    text, note = decode(data)

    assert text == "La música sonó toda la noche en la plaza, según los vecinos. Señor."
    assert note == "UTF-8 but 1 byte(s) were not; read those as cp1252"


def test_binary_is_refused():
    with pytest.raises(UnreadableInput, match="binary"):
        decode(b"GIF89a\x01\x00\x01\x00\x00\xff")


def test_note_reaches_the_article(write):
    (article,) = nw.read([write("aleman.txt", GERMAN.encode("latin-1"))]).articles

    assert article.text == GERMAN
    assert article.notes == ("not UTF-8; decoded as cp1252",)
