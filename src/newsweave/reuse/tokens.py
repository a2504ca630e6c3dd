"""Word tokens with their offsets, folded for comparison across outlets.

Reuse detection compares words, not characters: outlets change quotes, dashes,
accents and capitals when they republish. Each token keeps its character span
in the normalized text, so a shared passage found on tokens is cited by offsets.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Tokens:
    """The folded words of a text, their stable 32-bit ids, and their character spans."""

    words: tuple[str, ...]
    ids: NDArray[np.uint64]
    starts: NDArray[np.int64]
    ends: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.words)


# A word runs over the combining marks of the scripts newsweave reads (Latin
# accents, Cyrillic, Hebrew and Arabic marks): `\w` alone would split a word
# at each. A class of all of Unicode's marks would make the regex three times
# slower.
_WORD = re.compile(
    "[\\w\u0300-\u036f\u0483-\u0487\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+"
)


def fold(word: str) -> str:
    """Return the word lower-cased and without accents ("López" → "lopez")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenize(text: str) -> Tokens:
    """Return the tokens of `text`.

    Token ids are CRC-32 of the folded word: stable across processes and
    machines (Python's `hash` is salted per process), which a distributed run
    needs to put the same shingle in the same bucket everywhere.
    """
    words: list[str] = []
    spans: list[int] = []
    for match in _WORD.finditer(text):
        word = match.group()
        # Most words are ASCII: lower() is all they need, and far cheaper than NFKD.
        words.append(word.lower() if word.isascii() else fold(word))
        spans.extend(match.span())
    ids = _ids(words)
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    return Tokens(tuple(words), ids, bounds[:, 0].copy(), bounds[:, 1].copy())


def token_ids(text: str) -> NDArray[np.uint64]:
    """Return the ids of the text's tokens, without offsets: the fast path for MinHash.

    The same ids as `tokenize(text).ids`.
    """
    words = _WORD.findall(text.lower())
    # Curly quotes make most texts non-ASCII while their words are ASCII.
    if not text.isascii() and not " ".join(words).isascii():
        words = [word if word.isascii() else fold(word) for word in words]
    return _ids(words)


class _WordIds(dict[str, int]):
    """Word → CRC-32, computed on first sight; lookups of known words stay in C."""

    def __missing__(self, word: str) -> int:
        value = zlib.crc32(word.encode("utf-8"))
        if len(self) < _MAX_CACHED:
            self[word] = value
        return value


_MAX_CACHED = 1_000_000
_WORD_IDS = _WordIds()


def _ids(words: list[str] | tuple[str, ...]) -> NDArray[np.uint64]:
    return np.fromiter(map(_WORD_IDS.__getitem__, words), dtype=np.uint64, count=len(words))


def shingles(ids: NDArray[np.uint64], size: int) -> NDArray[np.uint64]:
    """Return 64-bit hashes of every run of `size` consecutive token ids (all of them if fewer).

    A polynomial hash over token ids, computed for all positions at once with
    numpy (uint64 arithmetic wraps modulo 2**64, which is what the hash wants).
    """
    if len(ids) == 0:
        return np.zeros(0, dtype=np.uint64)
    size = min(size, len(ids))
    count = len(ids) - size + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashes = hashes * np.uint64(1_000_003) + ids[offset : offset + count]
    return hashes
