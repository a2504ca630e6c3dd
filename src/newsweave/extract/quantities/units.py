"""Units and currencies around a number: "US$ 5", "3,200-kilometer", "millones de dólares".

"$" is USD unless a prefix ("MX$", "C$") or a currency word after the number says
otherwise; "pounds" after a scale word are sterling, otherwise weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.extract.quantities.lexicon import (
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    DOLLAR_PREFIXES,
)
from newsweave.extract.quantities.numbers import Number
from newsweave.extract.quantities.tokens import DASHES
from newsweave.extract.quantities.view import TokenView


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit or currency read after a number: its name, the token and character after it."""

    name: str | None
    end: int
    char_end: int


def currency_before(view: TokenView, index: int) -> tuple[str | None, int]:
    """Return a currency written before token `index` ("US $", "€", "USD"), and its start."""
    before = view.token(index - 1)
    if before is None or not view.spaced(index - 1, index):
        return None, index
    if before.text in CURRENCY_SYMBOLS:
        letters = view.token(index - 2)
        if before.text == "$" and letters is not None and _dollar_prefix(view, index - 2):
            return DOLLAR_PREFIXES[letters.key], index - 2
        return CURRENCY_SYMBOLS[before.text], index - 1
    if before.key in CURRENCY_CODES and before.text.isupper():
        return CURRENCY_CODES[before.key], index - 1
    return None, index


def _dollar_prefix(view: TokenView, index: int) -> bool:
    """Return whether the token at `index` names the dollar after it: "US", "MX", "C".

    Capitals only, and a single letter glued to the "$" ("C$5"), so that the
    article in "a $185 million gap" is not the Australian "A$".
    """
    letters = view.tokens[index]
    if letters.key not in DOLLAR_PREFIXES or letters.text.lower() == letters.text:
        return False
    glued = view.touching(index, index + 1)
    return glued or (len(letters.key) > 1 and view.spaced(index, index + 1))


def unit_after(view: TokenView, index: int, after_scale: bool) -> Unit:
    """Return the unit or currency written from token `index` on.

    A dash glued on both sides may join it to the number ("3,200-kilometer");
    after a scale word or a plural, "of"/"de" may ("millones de dólares").
    """
    glued = view.key(index) in DASHES and view.touching(index - 1, index)
    joined = glued or (after_scale and view.key(index) in view.lexicon.of)
    start = index + 1 if joined else index
    found = view.phrase_at(start, view.lexicon.units)
    if found is None:
        return Unit(None, index, view.tokens[index - 1].end)
    name, end, char_end = found
    return Unit(name, end, char_end)


def money(unit: str | None, number: Number, prefix: str | None) -> str | None:
    """Return the unit, or the currency when the number is money.

    A currency word after the number ("pesos") outranks one implied by a scale
    ("mdd") and a symbol before it ("$"); "pounds" after a scale word are sterling.
    """
    if unit == "lb" and (number.scale > 1 or number.written == "plural"):
        return "GBP"
    if unit in CURRENCIES:
        return unit
    return number.money or prefix or unit
