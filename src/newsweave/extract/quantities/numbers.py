"""Numbers as reports write them: digits with either separator, words, plurals of scales.

"3,200", "2,7 millones", "sixty-two", "tres mil", "a dozen", "thousands" and "10 to
12 million" all become a `Number` with its value, where it stands in the tokens and
how it was written, the scale words after it applied.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from text_to_num import text2num

from newsweave.extract.quantities.lexicon import (
    CURRENCY_SYMBOLS,
    GLUED_SCALES,
    GLUED_UNITS,
    MONEY_ONLY_SCALES,
    Lexicon,
)
from newsweave.extract.quantities.tokens import DASHES, fold
from newsweave.extract.quantities.view import TokenView

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# The longest number in words: "novecientos noventa y nueve mil novecientos noventa y
# nueve millones ..." runs to about 20. A longer run ("sixty sixty sixty ...") is read
# in pieces of this many words, which keeps reading it linear in its length.
_MAX_NUMBER_WORDS = 24
# Scale words after a number: "2.7 million", "tres mil millones". A longer chain is no
# figure anyone writes.
_MAX_SCALE_WORDS = 4
_ENGLISH_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from tokens [first, end): its value and how it was written.

    `base` is the value before the scale words (`scale`); `high` the exclusive upper
    bound of a plural ("thousands"); `glued` a unit written against the digits.
    """

    value: Decimal
    first: int
    end: int
    written: Literal["digits", "words", "plural"]
    base: Decimal
    scale: int = 1
    plain: bool = False
    high: Decimal | None = None
    glued: str | None = None
    money: str | None = None


def number_at(view: TokenView, index: int, money: bool) -> Number | None:
    """Return the number written at `index` (digits, words or a plural), scale applied."""
    token = view.token(index)
    if token is None:
        return None
    if token.kind == "number":
        number = _digits_at(view, index, money)
    elif token.key.partition("-")[0] in view.language.starts:
        number = _plural_at(view, index) or _words_at(view, index)
    else:
        return None
    if number is None or number.written == "plural":
        return number
    return _scaled(view, number, money)


def range_after(
    view: TokenView, first: Number, opener: str | None, money: bool
) -> tuple[Number, Number] | None:
    """Return the two ends of a range that starts with `first`, the scale applied to both.

    The ends come back as written even when the second is not the larger: two
    numbers joined by a dash that fall ("3-1") are a score or a code.
    """
    link = view.token(first.end)
    links = view.lexicon.openers[opener] if opener else view.lexicon.links
    if link is None or link.key not in links:
        return None
    start = first.end + 1
    if link.text not in DASHES and view.key(start) in CURRENCY_SYMBOLS:
        start += 1
    second = number_at(view, start, money)
    if second is None or second.written == "plural":
        return None
    if link.text in DASHES and not _dashed(view, first, second):
        return None
    if first.scale == 1 and second.scale > 1 and first.value <= second.base:
        # "10 to 12 million": the scale written once applies to both ends.
        first = replace(first, value=first.value * second.scale, scale=second.scale)
    return first, second


def _dashed(view: TokenView, first: Number, second: Number) -> bool:
    """Return whether a dash joins two numbers as a range: "10-12", "10 – 12"."""
    if not first.written == second.written == "digits":
        return False
    dash = first.end
    if view.touching(dash - 1, dash) and view.touching(dash, second.first):
        return True
    return view.tokens[dash].text == "–" and view.spaced(dash, second.first)


# -- digits -------------------------------------------------------------------------


def _digits_at(view: TokenView, index: int, money: bool) -> Number | None:
    """Return the number of a digits token, reading a unit or scale glued to it."""
    token = view.tokens[index]
    match = _DIGITS.match(token.text)
    assert match is not None  # a number token starts with digits
    digits = match.group()
    value = digits_value(digits, view.lexicon.either_separator)
    if value is None:
        return None
    glued = fold(token.text[len(digits) :])
    if not glued:
        return Number(value, index, index + 1, "digits", value, plain=digits.isdigit())
    scale = GLUED_SCALES.get(glued) or (MONEY_ONLY_SCALES.get(glued) if money else None)
    if scale is not None:
        return Number(value * scale, index, index + 1, "digits", value, scale)
    if glued in GLUED_UNITS:
        return Number(value, index, index + 1, "digits", value, glued=GLUED_UNITS[glued])
    return None  # an ordinal ("2nd"), a decade ("1990s"), a code ("5G")


def digits_value(raw: str, either_separator: bool) -> Decimal | None:
    """Return the value of digits with separators, or None when they are not one number.

    English: "," groups thousands, "." marks decimals. Spanish (`either_separator`):
    the last separator marks decimals when both appear; a lone kind of separator
    followed by groups of exactly three digits groups thousands ("82.000", "82,000"),
    and otherwise marks decimals ("2,7").
    """
    if not either_separator:
        return Decimal(raw.replace(",", "")) if _ENGLISH_NUMBER.fullmatch(raw) else None
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _, fraction = raw.rpartition(decimal)
        if not _groups_of_three(whole.split(grouping)):
            return None
        return Decimal(whole.replace(grouping, "") + "." + fraction)
    separator = "," if "," in raw else "." if "." in raw else ""
    if not separator:
        return Decimal(raw)
    parts = raw.split(separator)
    if _groups_of_three(parts):
        return Decimal("".join(parts))
    return Decimal(raw.replace(",", ".")) if len(parts) == 2 else None


def _groups_of_three(parts: Sequence[str]) -> bool:
    """Return whether digit groups read as thousands: "82", "000"."""
    return len(parts) > 1 and 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


# -- words --------------------------------------------------------------------------


def _plural_at(view: TokenView, index: int) -> Number | None:
    """Return a plural of a scale ("thousands", "tens of thousands") as the range it allows."""
    found = view.phrase_at(index, view.lexicon.plurals)
    if found is None:
        return None
    (low, high), end, _ = found
    return Number(Decimal(low), index, end, "plural", Decimal(low), high=Decimal(high))


def _words_at(view: TokenView, index: int) -> Number | None:
    """Return a number written in words, read with text2num ("sixty-two", "tres mil")."""
    lexicon = view.lexicon
    if view.tokens[index].key in lexicon.articles:
        # "a dozen", "un millón": an article is one when a scale word follows it.
        if view.key(index + 1) in lexicon.scales:
            return Number(Decimal(1), index, index + 1, "words", Decimal(1))
        return None
    words = _number_words(view, index)
    if not words or words[0] in lexicon.no_lead:
        return None
    for length in range(len(words), 0, -1):
        if words[length - 1] in lexicon.joiners:
            continue
        try:
            value = Decimal(int(text2num(" ".join(words[:length]), lexicon.code)))
        except ValueError:
            continue
        scale = _trailing_scale(lexicon, words[:length])
        return Number(value, index, index + length, "words", value / scale, scale)
    return None


def _trailing_scale(lexicon: Lexicon, words: Sequence[str]) -> int:
    """Return the product of the scale words ending a number in words: "tres mil millones"."""
    scale = 1
    for word in reversed(words):
        if (factor := lexicon.scales.get(fold(word))) is None:
            break
        scale *= factor
    return scale


def _number_words(view: TokenView, index: int) -> list[str]:
    """Return the run of number words starting at `index`, lowercased."""
    words: list[str] = []
    cardinals, joiners = view.lexicon.cardinals, view.lexicon.joiners
    while (
        len(words) < _MAX_NUMBER_WORDS
        and (token := view.token(index + len(words))) is not None
        and token.kind == "word"
    ):
        word = token.text.lower()
        following = view.token(index + len(words) + 1)
        joining = (
            word in joiners
            and bool(words)
            and words[-1] in joiners[word]
            and following is not None
            and following.text.lower() in cardinals
        )
        if not (joining or all(part in cardinals for part in word.split("-"))):
            break
        words.append(word)
    return words


# -- scale --------------------------------------------------------------------------


def _scaled(view: TokenView, number: Number, money: bool) -> Number:
    """Return `number` times the scale words after it ("2.7 million", "mil millones")."""
    lexicon = view.lexicon
    scale, money_code, end = 1, number.money, number.end
    while (
        end - number.end < _MAX_SCALE_WORDS and (key := view.key(end)) and view.spaced(end - 1, end)
    ):
        if key in lexicon.scales:
            scale *= lexicon.scales[key]
        elif key in lexicon.money_scales:
            factor, money_code = lexicon.money_scales[key]
            scale *= factor
        elif money and key in MONEY_ONLY_SCALES:
            scale *= MONEY_ONLY_SCALES[key]
        else:
            break
        end += 1
    if end == number.end:
        return number
    return replace(
        number,
        value=number.value * scale,
        end=end,
        scale=number.scale * scale,
        plain=False,
        money=money_code,
    )
