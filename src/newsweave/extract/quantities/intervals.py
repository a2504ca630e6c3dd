"""The interval a number allows, given the qualifier written with it (see the package docstring).

"more than 3,000" is (3000, inf), "nearly 3,200" is [2880, 3200), "10 to 12" is
[10, 12] and "thousands" is [2000, 10^6): intervals that `Quantity.overlaps` can
test, so that two reports that word one figure differently do not conflict.
"""

from __future__ import annotations

import math
from decimal import Decimal

from newsweave.extract.quantities.lexicon import Bound, Qualifier
from newsweave.extract.quantities.numbers import Number

#: (low, high, low_open, high_open)
Interval = tuple[float, float, bool, bool]


def bounds(first: Number, last: Number, is_range: bool, qualifier: Qualifier | None) -> Interval:
    """Return (low, high, low_open, high_open) of a number, a range or a plural."""
    if is_range:
        return float(first.value), float(last.value), False, False
    if first.high is not None:
        return float(first.value), float(first.high), False, True
    return interval(first.value, qualifier[0] if qualifier is not None else "exact")


def interval(value: Decimal, bound: Bound) -> Interval:
    """Return (low, high, low_open, high_open): what `bound` lets a number written `value` be."""
    x = float(value)
    near, far = float(value * 9 / 10), float(value * 11 / 10)
    match bound:
        case "exact":
            return x, x, False, False
        case "above":
            return x, math.inf, True, False
        case "at_least":
            return x, math.inf, False, False
        case "nearly":
            return near, x, False, True
        case "about":
            return near, far, False, False
        case "just_over":
            return x, far, True, False
        case "at_most":
            return 0.0, x, False, False
        case "below":
            return 0.0, x, False, True
