"""A language's tables with what is derived from them once: the masks and the function words.

Masks are the spans of a text whose numbers are no quantity: dates, clock times,
telephone numbers, links, list markers. A number under a mask is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsweave.extract.quantities.lexicon import LEXICONS, NEUTRAL, NOT_QUANTITIES, Lexicon
from newsweave.extract.quantities.tokens import Token, fold

_SLASHED = re.compile(r"\S*/\S*")


@dataclass(frozen=True, slots=True)
class Language:
    """A lexicon with what is derived from it once: its masks and its function words."""

    lexicon: Lexicon
    masks: re.Pattern[str]
    #: Words of every table: a capitalized one before a number does not make it a name.
    function_words: frozenset[str]
    #: Keys a number may start with when it is not written in digits.
    starts: frozenset[str]


@lru_cache(maxsize=8)
def language_tables(code: str) -> Language:
    """Return the tables for a language code, the digits-and-symbols ones if it has none."""
    lexicon = LEXICONS.get(code, NEUTRAL)
    keys: Iterable[tuple[str, ...]] = (
        *lexicon.qualifiers,
        *lexicon.trailing,
        *lexicon.units,
        *lexicon.plurals,
    )
    function_words = frozenset(word for key in keys for word in key)
    starts = {fold(word) for word in lexicon.cardinals} | lexicon.articles
    return Language(
        lexicon,
        _masks(lexicon),
        function_words | lexicon.stops | lexicon.year_words | lexicon.openers.keys(),
        frozenset(starts | {key[0] for key in lexicon.plurals}),
    )


def _masks(lexicon: Lexicon) -> re.Pattern[str]:
    """Return the pattern of the spans in which no number is a quantity, for a language."""
    common = (f"(?:{pattern})" for pattern in NOT_QUANTITIES)
    # Each language's patterns keep their own case rule: English months are capitalized.
    scope = "(?i:{})" if lexicon.dates_ignore_case else "(?:{})"
    dates = (scope.format(p.replace("{M}", lexicon.months)) for p in lexicon.dates)
    return re.compile("|".join((*common, *dates)))


def masked_tokens(text: str, tokens: Sequence[Token], language: Language) -> list[bool]:
    """Return, for each token of `text`, whether a mask of `language` covers part of it."""
    spans = _masked_spans(text, language.masks)
    masked = []
    k = 0
    for token in tokens:
        while k < len(spans) and spans[k][1] <= token.start:
            k += 1
        masked.append(k < len(spans) and spans[k][0] < token.end)
    return masked


def _masked_spans(text: str, masks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Return the sorted, disjoint spans of `text` where numbers are dates, times, codes, links."""
    spans = [match.span() for match in masks.finditer(text)]
    for match in _SLASHED.finditer(text):
        chunk = match.group().rstrip(".,;:!?)\"'”’")
        # "24/7", "05/07/2021", "pic.twitter.com/x" hold no quantity; "km/h" is a unit.
        if any(char.isdigit() or char == "." for char in chunk):
            spans.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
