"""Reading a text's quantities, token by token: a number, its range, qualifier, unit and count.

Each number found becomes one `Quantity`, unless it is a year, part of a name or
code ("Route 66"), a score ("3-1"), or a number in words that stands for nothing
("the two agreed").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from newsweave.extract.quantities.counted import counted_after, looks_plural
from newsweave.extract.quantities.intervals import bounds
from newsweave.extract.quantities.language import language_tables
from newsweave.extract.quantities.lexicon import Qualifier
from newsweave.extract.quantities.numbers import Number, number_at, range_after
from newsweave.extract.quantities.tokens import DASHES
from newsweave.extract.quantities.units import currency_before, money, unit_after
from newsweave.extract.quantities.view import TokenView
from newsweave.text.language import detect_language
from newsweave.types import Quantity, Span

#: Plain four-digit numbers in this range may be years.
_YEARS = range(1500, 2101)

#: A qualifier phrase found in the text: its bound and written form, token and char end.
_Phrase = tuple[Qualifier, int, int]


def find_quantities(
    text: str, *, article_id: str = "", language: str | None = "en"
) -> list[Quantity]:
    """Return every quantity in `text`, in order, as the interval it allows.

    `language` is an ISO 639-1 code ("en", "es"); None detects it from the text.
    A language without word tables here still yields numbers written in digits
    with symbol units ("15%", "€5", "3 km"). Spans are offsets into `text`, cited
    as `article_id`.
    """
    if language is None:
        language = detect_language(text)
    code = (language or "").lower().partition("-")[0]
    # "a 540-million-euro barrier" reads as "540 million euro": the dashes of a
    # compound become spaces (same length, so every offset holds) and the words
    # are given back from the text as written.
    spaced = _SCALE_COMPOUND.sub(lambda m: m.group().replace("-", " "), text)
    found = _Reader(TokenView(spaced, language_tables(code)), article_id).quantities()
    if spaced == text:
        return found
    return [replace(q, text=text[q.span.start : q.span.end]) for q in found]


def _finite(first: Number, last: Number) -> bool:
    """Return whether a number (or range) fits a float: a figure beyond that counts nothing."""
    return math.isfinite(float(first.value)) and math.isfinite(float(last.value))


_SCALE_COMPOUND = re.compile(
    r"(?<=\d)-(?:thousand|million|billion|trillion)(?:-[^\W\d_]+)?\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a number: its unit, a trailing qualifier, the token and char after."""

    unit: str | None
    qualifier: Qualifier | None
    end: int
    char_end: int


class _Reader:
    """Reads the quantities of one text, number by number, and cites them as `article_id`."""

    def __init__(self, view: TokenView, article_id: str) -> None:
        self.view = view
        self.lexicon = view.lexicon
        self.article_id = article_id

    def quantities(self) -> list[Quantity]:
        """Return the quantities of the text, in order."""
        found = []
        index = 0
        while index < len(self.view.tokens):
            quantity, after = self.quantity_at(index)
            if quantity is not None:
                found.append(quantity)
            index = max(after, index + 1)
        return found

    def quantity_at(self, index: int) -> tuple[Quantity | None, int]:
        """Return the quantity whose number starts at `index` (or None), and where to go on."""
        view = self.view
        token = view.token(index)
        if token is None:
            return None, index + 1
        if token.kind != "number" and token.key.partition("-")[0] not in view.language.starts:
            return None, index + 1
        prefix, start = currency_before(view, index)
        number = number_at(view, index, money=prefix is not None)
        if number is None:
            return None, index + 1
        if number.plain and prefix is None and self.names_code(index):
            return None, self.after_code(number.end)
        return self.quantity_from(number, prefix, start)

    def after_code(self, index: int) -> int:
        """Return the index after a code's dashed digits ("737-800"), or `index`."""
        digits = self.view.token(index + 1)
        if self.view.key(index) in DASHES and digits is not None and digits.kind == "number":
            return index + 2 if self.view.touching(index, index + 1) else index
        return index

    def quantity_from(
        self, number: Number, prefix: str | None, start: int
    ) -> tuple[Quantity | None, int]:
        """Return the quantity built around `number` (or None), and the token after it."""
        view, lexicon = self.view, self.lexicon
        opener = view.key(start - 1) if view.key(start - 1) in lexicon.openers else None
        trailing = view.phrase_at(number.end, lexicon.trailing)
        ends = None if trailing else self.range_of(number, opener, prefix, start)
        if isinstance(ends, int):
            return None, ends
        first, last = ends if ends is not None else (number, number)
        if ends is not None and opener is not None:
            start -= 1
        tail = self.tail(last, trailing)
        unit = money(tail.unit, last, prefix)
        leading = view.phrase_before(start, lexicon.qualifiers)
        if leading is not None:
            start = leading[1]
        qualifier = leading[0] if leading is not None else tail.qualifier
        after_scale = last.scale > 1 or last.written == "plural"
        counts = counted_after(view, tail.end, after_scale) if unit is None else None
        rejected = (
            (unit is None and prefix is None and self.is_year(first, counts))
            or self.unreported(first, unit, counts, qualifier is not None)
            or not _finite(first, last)
        )
        if rejected:
            return None, tail.end
        low, high, low_open, high_open = bounds(first, last, ends is not None, qualifier)
        char_start = view.tokens[start].start
        quantity = Quantity(
            span=Span(self.article_id, char_start, tail.char_end),
            text=view.text[char_start : tail.char_end],
            value=float(first.value),
            low=low,
            high=high,
            unit=unit,
            counts=counts,
            qualifier=qualifier[1] if qualifier is not None else None,
            low_open=low_open,
            high_open=high_open,
        )
        return quantity, tail.end

    def range_of(
        self, number: Number, opener: str | None, prefix: str | None, start: int
    ) -> tuple[Number, Number] | int | None:
        """Return the ends of the range `number` opens; for a score, the index after it.

        "from 10 to 12" is a change, not a range; "3-1" and "2020-21" fall, so they
        are a score or a span of years, and no quantity at all.
        """
        if self.view.key(start - 1) in self.lexicon.changes:
            return None
        ends = range_after(self.view, number, opener, money=prefix is not None)
        if ends is None or ends[1].value > ends[0].value:
            return ends
        return ends[1].end if self.view.tokens[number.end].text in DASHES else None

    def tail(self, last: Number, trailing: _Phrase | None) -> _Tail:
        """Return what follows the last number: its unit, a trailing qualifier, where it ends.

        The qualifier may stand before the unit ("3,000 or more kilometers") or
        after it ("3,000 kilometers or more").
        """
        end = trailing[1] if trailing is not None else last.end
        char_end = trailing[2] if trailing is not None else self.view.tokens[last.end - 1].end
        if last.glued is not None:
            return _Tail(last.glued, trailing[0] if trailing else None, end, char_end)
        unit = unit_after(self.view, end, last.scale > 1 or last.written == "plural")
        if unit.name is None:
            return _Tail(None, trailing[0] if trailing else None, end, char_end)
        if trailing is None:
            trailing = self.view.phrase_at(unit.end, self.lexicon.trailing)
            if trailing is not None:
                return _Tail(unit.name, trailing[0], trailing[1], trailing[2])
            return _Tail(unit.name, None, unit.end, unit.char_end)
        return _Tail(unit.name, trailing[0], unit.end, unit.char_end)

    # -- judging --------------------------------------------------------------------

    def names_code(self, index: int) -> bool:
        """Return whether the plain number at `index` is part of a name ("Route 66")."""
        before = self.view.token(index - 1)
        return (
            before is not None
            and before.kind == "word"
            and before.text[0].isupper()
            and self.view.spaced(index - 1, index)
            and before.key not in self.view.language.function_words
            and not self.view.opens_sentence(index - 1)
        )

    def is_year(self, number: Number, counts: str | None) -> bool:
        """Return whether a plain four-digit number is a year rather than a count."""
        if not (number.plain and len(self.view.tokens[number.first].text) == 4):
            return False
        if int(number.value) not in _YEARS:
            return False
        counted = counts is not None and (
            self.lexicon.head_first or looks_plural(self.lexicon, counts.split()[-1], 1)
        )
        return not counted or self.view.key(number.first - 1) in self.lexicon.year_words

    def unreported(
        self, number: Number, unit: str | None, counts: str | None, qualified: bool
    ) -> bool:
        """Return whether a number written in words stands for no quantity ("the two", "one of")."""
        if number.written != "words":
            return False
        tokens = self.view.tokens
        if {tokens[i].key for i in range(number.first, number.end)} <= self.lexicon.weak:
            determined = self.view.key(number.first - 1) in self.lexicon.determiners
            return determined or (unit is None and counts is None)
        return unit is None and counts is None and not qualified
