"""What a template's match says: an `Expression` with its fields read from the match's groups.

The fields are those of the calendar (year, month, day, weekday, clock
time) and those of a relative expression (a count and unit, a shift such as
"last", a part such as "early"), before any of them is resolved against the
report's date. The words right before a match that change it ("last
Friday", "a principios de mayo") are read here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from newsweave.extract.dates.lexicon import Kind, Lexicon, Part, cue_words, zones
from newsweave.extract.dates.patterns import WINDOW, Grammar, Template
from newsweave.types import Granularity


@dataclass(frozen=True)
class Expression:
    """A date or time expression found in text: where it is and what its words say."""

    start: int
    end: int
    kind: Kind
    lexicon: Lexicon
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day_to: int | None = None
    weekday: int | None = None
    hour: int | None = None
    minute: int | None = None
    utc_offset: int | None = None  # seconds east of UTC, when the text names a zone
    n: int | None = None
    unit: str | None = None
    shift: int | None = None  # -1 "last"/"pasado", 0 "this"/"este", 1 "next"/"próximo"
    part: Part | None = None
    since: bool = False
    until: Expression | None = None
    granularity: Granularity = "day"
    count: str | None = None  # the words of a count read before the match ("three")


def words(text: str) -> str:
    """Return the words of `text` as a lexicon writes them: lower case, single spaces."""
    return " ".join(text.lower().rstrip(".").split())


def _lookup(table: Mapping[str, int], word: str | None) -> int | None:
    return None if word is None else table.get(words(word))


def _group(match: re.Match[str], *names: str) -> str | None:
    """Return the first of the named groups that the pattern has and that matched."""
    for name in names:
        if name in match.re.groupindex and match[name] is not None:
            return match[name]
    return None


def build_expression(
    template: Template, match: re.Match[str], text: str, grammar: Grammar
) -> Expression | None:
    """Return the expression a template's match describes, or None when its values are no date."""
    lex = grammar.lexicon
    if "x" in match.re.groupindex and match.start("x") >= 0:
        start, end = match.span("x")
    else:
        start, end = match.span()
    count = None
    if template.counted:
        found = grammar.count_before.search(text, max(0, start - WINDOW), start)
        if found is None:
            return None
        start, count = found.start(), found["n"]
    part_word = _group(match, "part3")
    shift_word = _group(match, "mod", "mod2")
    base = Expression(
        start,
        end,
        template.kind,
        lex,
        part=lex.parts.get(words(part_word)) if part_word else None,
        shift=lex.shifts.get(words(shift_word)) if shift_word else None,
        count=count,
    )
    return _BUILDERS[template.kind](base, match)


# -- the fields of each kind ------------------------------------------------------


def _date_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    lex = base.lexicon
    year_text = _group(match, "year", "y", "y2")
    year = int(year_text) if year_text else None
    if year is not None and year < 100:
        year += 2000 if year < 70 else 1900
    month = _lookup(lex.months, _group(match, "month"))
    day_text = _group(match, "day")
    day = int(day_text) if day_text else None
    if (first := _group(match, "a", "a2")) is not None:
        month, day = _numeric_order(int(first), int(_group(match, "b", "b2") or 0), lex)
    elif (digits := _group(match, "month")) and digits.isdigit():
        month = int(digits)  # ISO 8601
    if (month is None and year is None) or not _valid(month, day):
        return None
    day_to = int(match["day_to"]) if _group(match, "day_to") else None
    hour, minute = _group(match, "hour"), _group(match, "minute")
    offset = _group(match, "offset")
    found = replace(
        base,
        year=year,
        month=month,
        day=day,
        day_to=day_to if day_to and day and day < day_to <= 31 else None,
        hour=int(hour) if hour else None,
        minute=int(minute) if minute else None,
        utc_offset=_parse_offset(offset) if offset else None,
        granularity="day" if day else "month" if month else "year",
    )
    until = _year_span_end(year, _group(match, "year_to"))
    return replace(found, until=replace(found, year=until)) if until else found


def _valid(month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def _year_span_end(year: int | None, text: str | None) -> int | None:
    """Return the last year of "1995-99" or "2013-2014", or None when it is no later year."""
    if year is None or text is None:
        return None
    end = int(text) if len(text) == 4 else year - year % 100 + int(text)
    return end if end > year else None


def _numeric_order(first: int, second: int, lex: Lexicon) -> tuple[int | None, int]:
    """Return (month, day) of a numeric date; a part over 12 can only be the day."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    if first > 12:
        return None, first
    return (first, second) if lex.month_day_first else (second, first)


def _parse_offset(text: str) -> int:
    """Return the seconds east of UTC of an ISO 8601 offset: "Z", "+02:00", "-0500"."""
    if text == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)


# How fine an expression counting in a unit is ("two hours ago" names a day).
_UNIT_GRANULARITY: Mapping[str, Granularity] = {
    "minute": "day",
    "hour": "day",
    "day": "day",
    "week": "week",
    "weekend": "range",
    "month": "month",
    "year": "year",
    "decade": "year",
}
_BACKWARD = frozenset(cue_words("backward"))
# Seven digits count more days than the calendar's 10,000 years hold.
_MAX_COUNT_DIGITS = 7
_MIDNIGHT = frozenset(cue_words("midnight"))
_EVENING_DAYPARTS = frozenset(cue_words("evening_dayparts"))


def _weekday_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    return replace(base, weekday=_lookup(base.lexicon.weekdays, match["weekday"]))


def _dayword_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    # "earlier in the day" is the day of the report.
    offset = 0 if _group(match, "today") else _lookup(base.lexicon.day_words, match["dayword"])
    return replace(base, n=offset, unit="day")


def _period_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    unit_word = words(_group(match, "unit", "unit2", "unit3") or "")
    unit = base.lexicon.units.get(unit_word, unit_word)  # "weekend" is no unit to count in
    return replace(base, unit=unit, granularity=_UNIT_GRANULARITY[unit])


def _ago_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    lex = base.lexicon
    unit = lex.units[words(match["unit"])]
    count = words(_group(match, "n") or base.count or "")
    if count.isdigit():
        # More digits than any calendar spans is no time ("hace 99999999999 días"); and
        # int() refuses a string of over 4,300 digits.
        n = int(count) if len(count) <= _MAX_COUNT_DIGITS else None
    else:
        n = lex.numbers.get(count)
    granularity = _UNIT_GRANULARITY[unit]
    if unit == "decade":
        unit, n = "year", None if n is None else n * 10
    sign = -1 if words(match["dir"]) in _BACKWARD else 1
    return replace(base, n=None if n is None else sign * n, unit=unit, granularity=granularity)


def _unresolvable_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    unit = _group(match, "unit")
    granularity: Granularity = "range"
    if unit is not None:
        granularity = _UNIT_GRANULARITY[base.lexicon.units.get(words(unit), "day")]
    return replace(base, granularity=granularity)


def _season_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    season = _lookup(base.lexicon.seasons, _group(match, "season", "season2"))
    year = _group(match, "year")
    return replace(base, month=season, year=int(year) if year else None, granularity="season")


def _decade_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    century = _group(match, "century")
    if century is None:
        return replace(base, granularity="range")  # "the '90s": which century is not said
    return replace(base, year=int(century) * 100 + int(match["decade"]) * 10, granularity="range")


def _clock_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    noon = _group(match, "noon")
    if noon:
        hour = 0 if noon.lower() in _MIDNIGHT else 12
        return replace(base, hour=hour, minute=0, granularity="minute")
    hour = int(_group(match, "hour", "hour12") or 0)
    marker = (_group(match, "ampm", "ampm12") or "").lower()
    if hour > (12 if marker else 23) or (marker and hour == 0):
        return None
    if marker.startswith("p") and hour < 12:
        hour += 12
    elif marker.startswith("a") and hour == 12:
        hour = 0
    elif _group(match, "daypart") in _EVENING_DAYPARTS and 5 <= hour < 12:
        hour += 12
    zone = _group(match, "tz")
    return replace(
        base,
        hour=hour,
        minute=int(_group(match, "minute") or 0),
        utc_offset=zones().get(zone) if zone else None,
        granularity="minute",
    )


_BUILDERS: dict[Kind, Callable[[Expression, re.Match[str]], Expression | None]] = {
    "date": _date_fields,
    "weekday": _weekday_fields,
    "dayword": _dayword_fields,
    "period": _period_fields,
    "ago": _ago_fields,
    "unresolvable": _unresolvable_fields,
    "season": _season_fields,
    "decade": _decade_fields,
    "clock": _clock_fields,
}


# -- the words before an expression -----------------------------------------------


def read_before(text: str, e: Expression, grammar: Grammar) -> Expression:
    """Return the expression grown over the words before it that change it.

    "last"/"el próximo" before a month or weekday sets its shift; "early",
    "the end of", "a principios de" before a month, year, decade or period
    its part (before a weekday or day word they only join the span: "late
    Thursday" is Thursday); Spanish periods take their article ("el mes
    pasado").
    """
    low = max(0, e.start - WINDOW)
    shifts = e.shift is None and (e.kind == "weekday" or (e.kind == "date" and bool(e.month)))
    if shifts and (found := grammar.shift_before.search(text, low, e.start)):
        shift = grammar.lexicon.shifts[words(found["shift"])]
        e = replace(e, start=found.start(), shift=shift)
    parts = e.kind in ("weekday", "dayword") or (e.kind != "clock" and e.day is None)
    if parts and (found := grammar.part_before.search(text, low, e.start)):
        part = grammar.lexicon.parts[words(found["part"])]
        keeps_part = e.kind in ("date", "decade", "period") and e.part is None
        e = replace(e, start=found.start(), part=part if keeps_part else e.part)
    article = grammar.article_before if e.kind == "period" else None
    if article is not None and (found := article.search(text, low, e.start)):
        e = replace(e, start=found.start())
    return e
