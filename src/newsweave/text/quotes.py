"""Where a text is inside quotation marks.

Outlets use “curly”, "straight", «angle» and „low“ quotes, and news copy often
leaves a quote unclosed at a paragraph end (the next paragraph reopens it).
Machine-translated and scraped copy mixes the marks up: “...“ for “...”, a
lone ” where the opening mark was lost. So the double marks of a paragraph are
read in turn, each one closing the quote the one before opened, whatever its
shape; a paragraph whose first mark follows a comma or full stop (`pleasant, ”
the president wrote`) has lost its opening mark, and its quote starts where
the paragraph does. Single marks (‘ ’ ‹ ›) quote only where no double mark does,
and never cross a double mark. Regions never cross a paragraph break.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

_DOUBLE = '“”"„«»'
# Opening single mark → the marks that may close it.
_SINGLE_PAIRS: dict[str, str] = {"‘": "’", "‹": "›"}
_PARAGRAPH = re.compile(r"\n\s*\n")
# Shorter than this, an unmatched mark is more likely a stray than a quote.
_MIN_UNCLOSED = 20


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Return [start, end) character ranges of the text inside quotation marks."""
    regions: list[tuple[int, int]] = []
    position = 0
    for paragraph in [*_PARAGRAPH.split(text)]:
        start_of_paragraph = text.find(paragraph, position)
        position = start_of_paragraph + len(paragraph)
        regions.extend(
            (start_of_paragraph + s, start_of_paragraph + e) for s, e in _in_paragraph(paragraph)
        )
    return regions


def _in_paragraph(paragraph: str) -> list[tuple[int, int]]:
    marks = [i for i, char in enumerate(paragraph) if char in _DOUBLE and not _inch(paragraph, i)]
    if not marks:
        return _single_quoted(paragraph, 0, len(paragraph))
    regions = []
    if len(marks) % 2 and _lost_opening(paragraph, marks[0]):
        start = len(paragraph) - len(paragraph.lstrip())
        end = len(paragraph[: marks[0]].rstrip())
        if end - start >= _MIN_UNCLOSED:
            regions.append((start, end))
        marks = marks[1:]
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        regions.append((opening + 1, closing))
    if len(marks) % 2 and len(paragraph) - marks[-1] > _MIN_UNCLOSED:
        regions.append((marks[-1] + 1, len(paragraph)))  # unclosed to the paragraph's end
    if not regions:
        return _single_quoted(paragraph, 0, len(paragraph))
    return regions


def _inch(text: str, index: int) -> bool:
    """Return whether a straight mark right after a digit is an inch mark (a 55" screen)."""
    return text[index] == '"' and index > 0 and text[index - 1].isdigit()


def _lost_opening(paragraph: str, index: int) -> bool:
    """Return whether the paragraph's first mark closes a quote whose opening mark is lost."""
    before = paragraph[:index].rstrip()
    return paragraph[index] != "«" and before.endswith((",", ".", "!", "?", "…"))


def _single_quoted(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    regions = []
    opened: tuple[int, str] | None = None
    for index in range(start, end):
        char = paragraph[index]
        if opened is None:
            # A mark inside a word is an apostrophe.
            if char in _SINGLE_PAIRS and not (index and paragraph[index - 1].isalnum()):
                opened = (index, char)
        elif char in _SINGLE_PAIRS[opened[1]] and not _apostrophe(paragraph, index):
            regions.append((opened[0] + 1, index))
            opened = None
    if opened is not None and end - opened[0] > _MIN_UNCLOSED:
        regions.append((opened[0] + 1, end))
    return regions


def _apostrophe(text: str, index: int) -> bool:
    """Return whether the ’ at `index` sits inside a word ("don’t"), not closing a quote."""
    return (
        text[index] == "’"
        and 0 < index < len(text) - 1
        and text[index - 1].isalpha()
        and text[index + 1].isalpha()
    )


def quoted_mask(text: str) -> NDArray[np.bool_]:
    """Return, per character of `text`, whether it is inside quotation marks."""
    mask = np.zeros(len(text), dtype=bool)
    for start, end in quoted_regions(text):
        mask[start:end] = True
    return mask
