"""Where a text is inside quotation marks.

Outlets use “curly”, "straight", «angle» and „low“ quotes, and news copy often
leaves a quote unclosed at a paragraph end (the next paragraph reopens it).
Regions never cross a paragraph break.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

# Opening mark → the marks that may close it.
_PAIRS: dict[str, str] = {"“": '”"', '"': '"”“', "«": "»", "„": '“”"', "‘": "’", "‹": "›"}
_PARAGRAPH = re.compile(r"\n\s*\n")


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
    regions = []
    opened: tuple[int, str] | None = None
    for index, char in enumerate(paragraph):
        if opened is None:
            # A straight or single mark inside a word is an apostrophe or inch mark.
            if char in _PAIRS and not (char in '"‘' and index and paragraph[index - 1].isalnum()):
                opened = (index, char)
        elif char in _PAIRS[opened[1]] and not _apostrophe(paragraph, index):
            regions.append((opened[0] + 1, index))
            opened = None
    if opened is not None and len(paragraph) - opened[0] > 20:
        regions.append((opened[0] + 1, len(paragraph)))  # unclosed to the paragraph's end
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
