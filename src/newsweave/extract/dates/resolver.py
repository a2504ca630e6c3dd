"""Resolving expressions to the time they speak of, against the report's date.

Absolute dates resolve alone; relative ones need the anchor (the report's
date) and stay unresolved without it. Which occurrence a day or month
without a year means, and which day a bare "Friday" means, is decided by
the words of the sentence around it: the expression's own shift ("last",
"próximo") first, then the nearest tense cue before it, else after it; with
no cue a weekday is taken in the past, a "since" date too, and a month or a
month-day goes to its nearest occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from newsweave.extract.dates.expressions import Expression
from newsweave.extract.dates.intervals import (
    UNRESOLVED,
    Anchor,
    Resolution,
    add_months,
    choose,
    day_moment,
    month_moment,
    part_of_month,
    part_of_year,
    safe_date,
    within,
    year_moment,
)
from newsweave.extract.dates.lexicon import Kind, tense_cues
from newsweave.types import Moment

# A sentence or clause ends at final punctuation followed by space, or a line break.
_BOUNDARY = re.compile(r"[.!?;]+[\"”’)\]]*\s+(?=[\"“‘(\[¿¡]?[A-ZÁÉÍÓÚÑ\d])|\n+")


@dataclass(frozen=True)
class _Cues:
    """The tense cues of one sentence, in order: where each starts and ends, and its tense."""

    starts: list[int]
    ends: list[int]
    tenses: list[int]


class Resolver:
    """Resolves the expressions of one text against one anchor, with the text for tense cues."""

    def __init__(self, text: str, anchor: Anchor | None, language: str | None) -> None:
        self.text = text
        self.anchor = anchor
        self.cues = tense_cues(language)
        self.boundaries = [m.end() for m in _BOUNDARY.finditer(text)]
        # Days resolved so far, with where they were named: a lone clock time is on the last.
        self.days: list[tuple[date, int]] = []
        # The cues of each sentence, by its start, read once: a sentence of many dates
        # would otherwise be read again for each.
        self.sentence_cues: dict[int, _Cues] = {}
        self.by_kind: dict[Kind, Callable[[Expression], Resolution]] = {
            "date": self._date,
            "weekday": self._weekday,
            "dayword": self._dayword,
            "period": self._period,
            "ago": self._ago,
            "season": self._season,
            "decade": self._decade,
            "clock": self._clock,
            "unresolvable": lambda _: UNRESOLVED,
        }

    def resolve(self, expression: Expression) -> Resolution:
        """Return what the expression means, or an unresolved resolution.

        A time outside the years 1 to 9999 ("10,000 years ago", "in 99999999
        days") is left unresolved: no date type holds it.
        """
        try:
            resolution = self._resolve(expression)
        except (ValueError, OverflowError):
            # datetime and timedelta raise these past their range; checking every
            # step of the calendar arithmetic for it would double the code.
            return Resolution(None, None, relative=expression.year is None)
        start = resolution.start
        if start is not None and start.precision in ("day", "minute", "second"):
            self.days.append((start.value.date(), expression.start))
        return resolution

    def _resolve(self, expression: Expression) -> Resolution:
        if expression.until is not None:
            return self._range(expression)
        resolution = self.by_kind[expression.kind](expression)
        if expression.since and resolution.start is not None:
            return Resolution(resolution.start, None, resolution.relative)
        return resolution

    def _range(self, expression: Expression) -> Resolution:
        assert expression.until is not None
        low = self.by_kind[expression.kind](replace(expression, until=None))
        high = self.by_kind[expression.until.kind](expression.until)
        relative = low.relative or high.relative
        if low.start is None or high.end is None:
            return Resolution(None, None, relative)
        return Resolution(low.start, high.end, relative)

    # -- by kind --------------------------------------------------------------

    def _date(self, e: Expression) -> Resolution:
        if e.year is not None and e.month is None:
            if e.part:
                return Resolution(*part_of_year(e.year, e.part), False)
            return Resolution(year_moment(e.year), year_moment(e.year), False)
        assert e.month is not None
        if e.year is not None:
            return self._dated(e, e.year, relative=False)
        if self.anchor is None:
            return UNRESOLVED
        return self._dated(e, self._year_for(e), relative=True)

    def _year_for(self, e: Expression) -> int:
        """Return the year of a month or month-day written without one."""
        assert self.anchor is not None and e.month is not None
        anchor = self.anchor.day
        if e.shift == 0:
            return anchor.year
        direction, strict = self._direction(e)
        years = (anchor.year - 1, anchor.year, anchor.year + 1)
        if e.day is None:
            months = [date(y, e.month, 1) for y in years]
            chosen = choose(months, anchor.replace(day=1), direction, strict)
        else:
            days = [d for y in years if (d := safe_date(y, e.month, e.day))]
            chosen = choose(days, anchor, direction, strict)
        return chosen.year if chosen else anchor.year

    def _dated(self, e: Expression, year: int, *, relative: bool) -> Resolution:
        assert e.month is not None
        if e.day is None:
            if e.part:
                return Resolution(*part_of_month(year, e.month, e.part), relative)
            return Resolution(month_moment(year, e.month), month_moment(year, e.month), relative)
        day = safe_date(year, e.month, e.day)
        if day is None:
            return UNRESOLVED
        if e.day_to is not None:
            last = safe_date(year, e.month, e.day_to)
            return Resolution(day_moment(day), day_moment(last) if last else None, relative)
        moment = self._at_clock(day, e)
        return Resolution(moment, moment, relative)

    def _at_clock(self, day: date, e: Expression) -> Moment:
        """Return the day, or its minute when a clock time and a time zone are known."""
        if e.hour is None:
            return day_moment(day)
        zone: tzinfo | None = None
        if e.utc_offset is not None:
            zone = timezone(timedelta(seconds=e.utc_offset))
        elif self.anchor is not None:
            zone = self.anchor.zone
        if zone is None:
            return day_moment(day)  # a wall-clock time in an unknown zone: only its day is known
        local = datetime(day.year, day.month, day.day, e.hour, e.minute or 0, tzinfo=zone)
        return Moment(local.astimezone(UTC), "minute")

    def _weekday(self, e: Expression) -> Resolution:
        if self.anchor is None or e.weekday is None:
            return UNRESOLVED
        chosen = self._pick_weekday(e.weekday, e)
        if chosen is None:
            return UNRESOLVED
        moment = self._at_clock(chosen, e)
        return Resolution(moment, moment, True)

    def _pick_weekday(self, weekday: int, e: Expression) -> date | None:
        """Return the day a weekday means: by its own words, else the tense, else the past."""
        assert self.anchor is not None
        anchor = self.anchor.day
        direction, strict = self._direction(e, default=-1)
        candidates = [anchor + timedelta(days=d) for d in range(-7, 8)]
        matching = [c for c in candidates if c.weekday() == weekday]
        return choose(matching, anchor, direction, strict)

    def _dayword(self, e: Expression) -> Resolution:
        if self.anchor is None or e.n is None:
            return UNRESOLVED
        moment = self._at_clock(self.anchor.day + timedelta(days=e.n), e)
        return Resolution(moment, moment, True)

    def _period(self, e: Expression) -> Resolution:
        if self.anchor is None:
            return UNRESOLVED
        if e.unit in ("week", "weekend"):
            return self._week(e)
        anchor, shift = self.anchor.day, e.shift or 0
        if e.unit == "month":
            year, month = add_months(anchor.year, anchor.month, shift)
            if e.part in ("early", "mid", "late"):
                return Resolution(*part_of_month(year, month, e.part), True)
            if e.part in ("earlier", "later"):
                last = date(year, month, monthrange(year, month)[1])
                low, high = day_moment(date(year, month, 1)), day_moment(last)
                return Resolution(*within(low, high, anchor, e.part), True)
            return Resolution(month_moment(year, month), month_moment(year, month), True)
        year = anchor.year + shift
        if e.part in ("early", "mid", "late"):
            return Resolution(*part_of_year(year, e.part), True)
        if e.part in ("earlier", "later"):
            low, high = day_moment(date(year, 1, 1)), day_moment(date(year, 12, 31))
            return Resolution(*within(low, high, anchor, e.part), True)
        return Resolution(year_moment(year), year_moment(year), True)

    def _week(self, e: Expression) -> Resolution:
        """Return a week (Monday to Sunday) or a weekend, or a part of the week."""
        assert self.anchor is not None
        anchor = self.anchor.day
        if e.unit == "weekend" and e.shift is None:  # "over the weekend": by the tense
            saturday = self._pick_weekday(5, e)
            if saturday is None:
                return UNRESOLVED
            return Resolution(day_moment(saturday), day_moment(saturday + timedelta(1)), True)
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=e.shift or 0)
        if e.unit == "weekend":
            return Resolution(
                day_moment(monday + timedelta(5)), day_moment(monday + timedelta(6)), True
            )
        low, high = day_moment(monday), day_moment(monday + timedelta(6))
        if e.part in ("early", "mid", "late"):
            first = {"early": 0, "mid": 2, "late": 4}[e.part]
            low, high = (
                day_moment(monday + timedelta(first)),
                day_moment(monday + timedelta(first + 2)),
            )
        return Resolution(*within(low, high, anchor, e.part), True)

    def _ago(self, e: Expression) -> Resolution:
        if self.anchor is None or e.n is None:
            return UNRESOLVED
        anchor = self.anchor.day
        if e.unit in ("minute", "hour"):
            return Resolution(day_moment(anchor), day_moment(anchor), True)
        if e.unit in ("day", "week"):
            moment = day_moment(anchor + timedelta(days=e.n * (7 if e.unit == "week" else 1)))
            return Resolution(moment, moment, True)
        if e.unit == "month":
            year, month = add_months(anchor.year, anchor.month, e.n)
            return Resolution(month_moment(year, month), month_moment(year, month), True)
        return Resolution(year_moment(anchor.year + e.n), year_moment(anchor.year + e.n), True)

    def _season(self, e: Expression) -> Resolution:
        assert e.month is not None
        if e.year is not None:
            first = e.year
        elif self.anchor is None:
            return UNRESOLVED
        else:
            first = self._season_year(e.month, e.shift or 0)
        end_year, end_month = add_months(first, e.month, 2)
        return Resolution(
            month_moment(first, e.month), month_moment(end_year, end_month), e.year is None
        )

    def _season_year(self, first_month: int, shift: int) -> int:
        """Return the year the season "this/last/next <season>" starts in."""
        assert self.anchor is not None
        year = self.anchor.day.year
        now = year * 12 + self.anchor.day.month - 1
        starts = [(y * 12 + first_month - 1, y) for y in range(year - 2, year + 2)]
        if shift < 0:
            return max((s for s in starts if s[0] + 2 < now), default=starts[0])[1]
        if shift > 0:
            return min((s for s in starts if s[0] > now), default=starts[-1])[1]
        holding = [s for s in starts if s[0] <= now <= s[0] + 2]
        return holding[0][1] if holding else year

    def _decade(self, e: Expression) -> Resolution:
        if e.year is None:
            return Resolution(None, None, False)
        low, high = e.year, e.year + 9
        if e.part in ("early", "mid", "late"):
            low, high = {
                "early": (e.year, e.year + 3),
                "mid": (e.year + 4, e.year + 6),
                "late": (e.year + 7, e.year + 9),
            }[e.part]
        return Resolution(year_moment(low), year_moment(high), False)

    def _clock(self, e: Expression) -> Resolution:
        day = self._day_of_sentence(e.start)
        if day is None:
            return UNRESOLVED
        moment = self._at_clock(day, e)
        return Resolution(moment, moment, True)

    # -- context --------------------------------------------------------------

    def _day_of_sentence(self, offset: int) -> date | None:
        """Return the day a lone clock time is on: the last day named before it, else the anchor."""
        sentence_start = self._sentence(offset)[0]
        for day, start in reversed(self.days):
            if start < sentence_start:
                break  # days are kept in text order: the rest lie in earlier sentences
            if start < offset:
                return day
        return self.anchor.day if self.anchor else None

    def _sentence(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.boundaries, offset)
        start = self.boundaries[i - 1] if i else 0
        end = self.boundaries[i] if i < len(self.boundaries) else len(self.text)
        return start, end

    def _direction(self, e: Expression, default: int = 0) -> tuple[int, bool]:
        """Return (-1 past, 1 future, 0 nearest) for an expression, and whether it is strict."""
        if e.shift:
            return e.shift, True
        tense = self._tense(e.start, e.end)
        if tense:
            return tense, False
        return (-1 if e.since else default), False

    def _tense(self, start: int, end: int) -> int:
        """Return the tense of the sentence around [start, end): its nearest cue's, 0 if none.

        The verb an expression of time belongs to mostly comes before it; one after
        it is often in a clause of its own ("this Friday, in which they agreed to
        …"), so the nearest cue after counts only when none stands before.
        """
        if self.cues is None:
            return 0
        cues = self._cues_of(*self._sentence(start))
        before = bisect_right(cues.ends, start) - 1
        if before >= 0:
            return cues.tenses[before]
        after = bisect_left(cues.starts, end)
        return cues.tenses[after] if after < len(cues.starts) else 0

    def _cues_of(self, low: int, high: int) -> _Cues:
        """Return the tense cues of the sentence [low, high), read once per sentence."""
        found = self.sentence_cues.get(low)
        if found is None:
            assert self.cues is not None
            matches = list(self.cues.finditer(self.text, low, high))
            found = _Cues(
                [m.start() for m in matches],
                [m.end() for m in matches],
                [1 if m["future"] else -1 for m in matches],
            )
            self.sentence_cues[low] = found
        return found
