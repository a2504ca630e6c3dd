"""Tokens of report text: numbers, words and symbols, each with its exact offsets.

Tables are looked up by a token's key, its text lowercased and without accents, so
"Kilómetros" and "kilometros" find the same unit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

# Hand-written rather than taken from a tokenizer library: the offsets must be exact
# characters of the text, and numbers must keep their separators ("3,200", "2,7")
# while a digit glued to letters stays one token ("G7", "COVID-19", "5G").
_TOKEN = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*(?:[^\W\d_][^\W_]*)?)"
    r"|(?P<word>[^\W\d_]+(?:\.[^\W\d_]+)+\.?|[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*)"
    r"|(?P<symbol>\S)"
)
_KINDS: dict[str, Literal["number", "word", "symbol"]] = {
    "number": "number",
    "word": "word",
    "symbol": "symbol",
}
DASHES = frozenset({"-", "–", "—"})
#: What may stand before the first word of a sentence.
SENTENCE_OPENERS = frozenset(".!?:;\"“”«»‘’'()[]—–-")


@dataclass(frozen=True, slots=True)
class Token:
    """A number, word or symbol of the text, with its key for table look-ups."""

    start: int
    end: int
    text: str
    kind: Literal["number", "word", "symbol"]
    key: str


def fold(text: str) -> str:
    """Return `text` lowercased and without accents: the key tables are looked up by."""
    text = text.lower()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return text


def tokenize(text: str) -> list[Token]:
    """Return the tokens of `text` in order."""
    return [
        Token(
            match.start(),
            match.end(),
            match.group(),
            _KINDS[match.lastgroup or ""],
            fold(match.group()),
        )
        for match in _TOKEN.finditer(text)
    ]


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Return the token keys of a table phrase, read as text would be: ("per", "cent")."""
    return tuple(token.key for token in tokenize(phrase))
