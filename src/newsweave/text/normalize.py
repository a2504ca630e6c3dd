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


# A gap between visible runs: whitespace (any `isspace` character: form feeds and
# C0/C1 separators part words rather than vanish), control and zero-width
# characters. A gap with whitespace becomes one separator; one without vanishes.
_GAP = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u2000-\u200d\u2028\u2029\u202f\u205f"
    r"\u2060\u3000\ufeff]+"
)
_LINE_END = re.compile(r"\r\n|[\n\r\u2028\u2029]")
# A lone surrogate is no character: JSON's "\ud800" and a file name that is not
# UTF-8 ("caf\udce9.txt") carry one, and nothing that encodes text (a store, an
# export, spaCy, lingua) accepts it.
_SURROGATES = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """Return `text` with each lone surrogate replaced by U+FFFD (same length, so offsets hold)."""
    return _SURROGATES.sub("\ufffd", text)


def normalize(text: str, *, base: int = 0) -> tuple[str, OffsetMap]:
    """Return the normalized text and the map from its offsets to those of `text`.

    Normalization: NFC; line ends unified; control and zero-width characters
    dropped; runs of spaces collapsed; paragraphs separated by one blank line.
    When the text has blank lines between paragraphs, single line breaks inside
    a paragraph are soft wraps and become spaces; otherwise every line is a
    paragraph. `base` is added to every original offset (for text cut out of a
    larger file).

    The text is walked gap by gap (regex), so visible runs are copied whole and
    map back by a single anchor; only runs that are not already NFC are taken
    apart character by character.
    """
    wrapped = bool(_BLANK_LINE.search(text.replace("\r\n", "\n").replace("\r", "\n")))
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0

    def emit(piece: str, origin: int) -> None:
        nonlocal length
        if not anchors or anchors[-1][1] + (length - anchors[-1][0]) != origin + base:
            anchors.append((length, origin + base))
        pieces.append(piece)
        length += len(piece)

    def emit_run(run: str, origin: int) -> None:
        if unicodedata.is_normalized("NFC", run):
            emit(run, origin)
            return
        for cluster, offset in _clusters(run):
            for char in unicodedata.normalize("NFC", cluster):
                emit(char, origin + offset)

    position = 0
    pending: tuple[str, int] | None = None  # the separator a gap leaves for the next run
    for gap in _GAP.finditer(text):
        if gap.start() > position:
            if pending and pieces:
                for char in pending[0]:
                    emit(char, pending[1])
            pending = None
            emit_run(text[position : gap.start()], position)
        position = gap.end()
        content = gap.group()
        first_space = next((i for i, char in enumerate(content) if char.isspace()), None)
        if first_space is None:
            continue  # only invisible characters: they vanish
        line_ends = len(_LINE_END.findall(content))
        paragraph = line_ends >= 2 or (line_ends >= 1 and not wrapped)
        separator = "\n\n" if paragraph else " "
        pending = (separator, gap.start() + first_space)
    if position < len(text):
        if pending and pieces:
            for char in pending[0]:
                emit(char, pending[1])
        emit_run(text[position:], position)
    return "".join(pieces), OffsetMap(tuple(anchors) or ((0, base),))


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
