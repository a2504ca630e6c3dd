"""Text normalization that remembers where every character came from.

Reports arrive hard-wrapped (press releases), with non-breaking spaces, zero-width
characters, Windows line ends and decomposed accents. newsweave compares and cites
the normalized text, and a citation must still point at the right place in the
original, so every normalized character keeps the offset it came from.

Written by hand because the libraries that clean text (ftfy, clean-text,
trafilatura's own sanitizer) return a new string without any offset map.
"""

from __future__ import annotations

import re
import unicodedata

from newsweave.types import OffsetMap

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def normalize(text: str, *, base: int = 0) -> tuple[str, OffsetMap]:
    """Return the normalized text and the map from its offsets to those of `text`.

    Normalization: NFC; line ends unified; control and zero-width characters
    dropped; runs of spaces collapsed; paragraphs separated by one blank line.
    When the text has blank lines between paragraphs, single line breaks inside
    a paragraph are soft wraps and become spaces; otherwise every line is a
    paragraph. `base` is added to every original offset (for text cut out of a
    larger file).
    """
    wrapped = bool(_BLANK_LINE.search(text.replace("\r\n", "\n").replace("\r", "\n")))
    chars: list[str] = []
    origins: list[int] = []
    pending_break = 0  # 0: none, 1: space, 2: paragraph break
    pending_at = 0

    def emit(char: str, origin: int) -> None:
        nonlocal pending_break
        if pending_break and chars:
            separator = "\n\n" if pending_break == 2 else " "
            for sep_char in separator:
                chars.append(sep_char)
                origins.append(pending_at)
        pending_break = 0
        chars.append(char)
        origins.append(origin)

    newlines = 0
    for cluster, origin in _clusters(text):
        if cluster in ("\n", "\r", "\r\n") or cluster == "\u2028" or cluster == "\u2029":
            newlines += 1
            if pending_break == 0:
                pending_at = origin
            pending_break = max(pending_break, 2 if (newlines >= 2 or not wrapped) else 1)
            continue
        # isspace() also covers form feeds and other C0/C1 separators, which must
        # part words rather than vanish as control characters.
        if cluster.isspace():
            if pending_break == 0:
                pending_at = origin
                pending_break = 1
            continue
        if cluster in _INVISIBLE or (len(cluster) == 1 and unicodedata.category(cluster) == "Cc"):
            continue
        newlines = 0
        for char in unicodedata.normalize("NFC", cluster):
            emit(char, origin)
    return "".join(chars), _compress(origins, base)


def _clusters(text: str) -> list[tuple[str, int]]:
    """Return (cluster, offset) pairs: a base character with its combining marks, or a line end."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if text[i] == "\r" and j < n and text[j] == "\n":
            j += 1
        elif _takes_marks(text[i]):
            while j < n and unicodedata.combining(text[j]):
                j += 1
        out.append((text[i:j], i))
        i = j
    return out


def _takes_marks(char: str) -> bool:
    """Return whether combining marks after `char` belong to it.

    A mark after a line end, a space, a control or an invisible character stands
    alone; glued to them it would smuggle a raw CR, NUL or double space into
    the normalized text.
    """
    return not char.isspace() and char not in _INVISIBLE and unicodedata.category(char) != "Cc"


def _compress(origins: list[int], base: int) -> OffsetMap:
    anchors: list[tuple[int, int]] = []
    for position, origin in enumerate(origins):
        if not anchors or anchors[-1][1] + (position - anchors[-1][0]) != origin + base:
            anchors.append((position, origin + base))
    return OffsetMap(tuple(anchors) or ((0, base),))
