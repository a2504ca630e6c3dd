"""Time along a chart's axis: dates read as seconds, the range to draw, and date ticks.

Times are wall-clock seconds since 1970, as floats, so that scales are plain
arithmetic. Python's `datetime` stops at years 1 and 9999, and a drawn range runs
a little past its dates, so every step back to `datetime` stays inside those years.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsweave.display import short_month
from newsweave.types import Moment

DAY = 86_400.0
EPOCH = datetime(1970, 1, 1)
# The first and last days a tick can fall on.
_EARLIEST = (datetime(1, 1, 1) - EPOCH).total_seconds()
_LATEST = (datetime(9999, 12, 31) - EPOCH).total_seconds()


@dataclass(frozen=True, slots=True)
class Scale:
    """A linear map from seconds since 1970 (wall-clock time) to pixels."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


def read_moment(text: str | None) -> Moment | None:
    """Return an ISO 8601 date or time as a Moment, or None when absent or unreadable."""
    if text is None or not text.strip():
        return None
    try:
        return Moment.fromisoformat(text.strip())
    except (ValueError, IndexError):
        return None


def seconds(moment: Moment) -> float:
    """Return a moment's wall-clock time in seconds since 1970.

    A report's own day is the day in its own time zone, so the zone is dropped,
    not converted: 23:00 in New York on June 8 was reported on June 8.
    """
    return (moment.value.replace(tzinfo=None) - EPOCH).total_seconds()


def span(moment: Moment | None) -> tuple[float, float] | None:
    """Return the seconds a date covers: a whole month or year when that is all that is known."""
    if moment is None:
        return None
    value, start = moment.value, seconds(moment)
    # Counted in days rather than as the next month's first, which for December 9999
    # would be a date Python cannot hold.
    days = 0
    if moment.precision == "year":
        days = 366 if calendar.isleap(value.year) else 365
    elif moment.precision == "month":
        days = calendar.monthrange(value.year, value.month)[1]
    return start, start + days * DAY


def domain(values: Sequence[float]) -> tuple[float, float]:
    """Return the range to draw: all values, at least three days wide, with a margin."""
    lo, hi = min(values), max(values)
    if hi - lo < 3 * DAY:
        lo, hi = (lo + hi) / 2 - 1.5 * DAY, (lo + hi) / 2 + 1.5 * DAY
    margin = (hi - lo) * 0.04
    return lo - margin, hi + margin


def ticks(lo: float, hi: float, most: int) -> list[tuple[float, str]]:
    """Return ticks at whole days, months or years: the finest step giving at most `most`."""
    # Written by hand: date ticks come with plotting libraries, and none is a dependency.
    start = EPOCH + timedelta(seconds=max(lo, _EARLIEST))
    end = EPOCH + timedelta(seconds=min(hi, _LATEST))
    steps = [("day", n) for n in (1, 2, 7, 14)] + [("month", n) for n in (1, 2, 3, 6)]
    for unit, step in steps + [("year", 10**power * n) for power in range(4) for n in (1, 2, 5)]:
        # One more than allowed is enough to reject a step: a range of centuries
        # is not walked day by day.
        moments = list(itertools.islice(_tick_moments(start, end, unit, step), most + 1))
        if len(moments) <= most:
            return [((at - EPOCH).total_seconds(), text) for at, text in _labelled(moments, unit)]
    return []


def _tick_moments(start: datetime, end: datetime, unit: str, step: int) -> Iterator[datetime]:
    """Yield the whole days, months or years in [start, end], `step` apart."""
    if unit == "day":
        gap = timedelta(days=step)
        current = datetime(start.year, start.month, start.day)
        while current <= end:
            if current >= start:
                yield current
            if end - current < gap:  # the next day is past the end, maybe past year 9999
                return
            current += gap
        return
    months = step * 12 if unit == "year" else step
    index = max(12, (start.year * 12 + start.month - 1) // months * months)  # quarters, decades
    while index < 12 * 10_000 and (current := datetime(index // 12, index % 12 + 1, 1)) <= end:
        if current >= start:
            yield current
        index += months


def _labelled(moments: Sequence[datetime], unit: str) -> Iterator[tuple[datetime, str]]:
    """Yield each tick with its label; the year is written on the first tick and when it changes."""
    year = None
    for moment in moments:
        label = short_month(moment.month)
        if unit == "day":
            label = f"{moment.day} {label}"
        if unit == "year" or moment.year != year:
            label = str(moment.year) if unit == "year" else f"{label} {moment.year}"
        year = moment.year
        yield moment, label
