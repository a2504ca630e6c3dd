"""The calendar arithmetic of resolution: days, months, years and their parts as `Moment`s.

An expression resolves to a `Resolution`: its first and last moments, each
to the precision the text gives ("June" is a month, "early June" the days 1
to 10). These rules are the same in every language.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from newsweave.extract.dates.lexicon import Part
from newsweave.types import Moment


@dataclass(frozen=True)
class Anchor:
    """The day relative expressions are resolved against, and its zone when its time is known."""

    day: date
    zone: tzinfo | None


@dataclass(frozen=True)
class Resolution:
    """What an expression means: its bounds (None when unknown) and whether it used the anchor."""

    start: Moment | None
    end: Moment | None
    relative: bool


UNRESOLVED = Resolution(None, None, True)


def day_moment(value: date) -> Moment:
    """Return the moment of a day."""
    return Moment(datetime(value.year, value.month, value.day, tzinfo=UTC), "day")


def month_moment(year: int, month: int) -> Moment:
    """Return the moment of a month."""
    return Moment(datetime(year, month, 1, tzinfo=UTC), "month")


def year_moment(year: int) -> Moment:
    """Return the moment of a year."""
    return Moment(datetime(year, 1, 1, tzinfo=UTC), "year")


def add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    """Return (year, month) `shift` months after the given one (before it when negative)."""
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None where the month has no such day or the year is out of range."""
    if not 1 <= year <= 9999 or day > monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def choose(candidates: Sequence[date], anchor: date, direction: int, strict: bool) -> date | None:
    """Return the candidate the direction picks: past, future, or nearest when 0."""
    if direction < 0:
        before = [c for c in candidates if c < anchor or (c == anchor and not strict)]
        return max(before, default=None)
    if direction > 0:
        after = [c for c in candidates if c > anchor or (c == anchor and not strict)]
        return min(after, default=None)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor), default=None)


def part_of_month(year: int, month: int, part: Part) -> tuple[Moment, Moment]:
    """Return the first and last days of a part of a month: early 1-10, mid 11-20, late 21-end."""
    last = monthrange(year, month)[1]
    low, high = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(part, (1, last))
    return day_moment(date(year, month, low)), day_moment(date(year, month, high))


def part_of_year(year: int, part: Part) -> tuple[Moment, Moment]:
    """Return the first and last months of a part of a year, in thirds of four months."""
    low, high = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part, (1, 12))
    return month_moment(year, low), month_moment(year, high)


def within(low: Moment, high: Moment, anchor: date, part: Part | None) -> tuple[Moment, Moment]:
    """Return the bounds of "earlier this …" (start to the anchor) or "later this …" (to end)."""
    if part == "earlier":
        return low, day_moment(anchor)
    if part == "later":
        return day_moment(anchor), high
    return low, high
