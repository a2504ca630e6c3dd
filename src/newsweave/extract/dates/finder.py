"""Finding the expressions of a text: every template's matches, then neighbours joined.

Where matches overlap, the one that starts first is kept; at the same start
the longest, then that of the earlier template. Then expressions next to
each other become one: a weekday and its date ("Monday, July 13, 2009"), a
day and its clock time ("Friday at 9 a.m."), the two ends of a range ("from
September 2010 to January 2011"); and "since X" is marked open-ended. The
words that join them are those of every language, whatever the text's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsweave.extract.dates.expressions import Expression, build_expression, read_before
from newsweave.extract.dates.grammars import grammars_for
from newsweave.extract.dates.lexicon import cue_words
from newsweave.extract.dates.patterns import WINDOW


def find_expressions(text: str, language: str | None = "en") -> list[Expression]:
    """Return the expressions of `text` in order, none overlapping, before resolution."""
    candidates: list[tuple[int, int, int, Expression]] = []
    order = 0
    for grammar in grammars_for(language):
        for template in grammar.templates:
            order += 1
            for match in template.pattern.finditer(text):
                start = match.start()
                if start and template.blocked.match(text, start - 1):
                    continue  # not at the start of a word or number
                if template.guard is not None and not template.guard(text, match, grammar):
                    continue
                found = build_expression(template, match, text, grammar)
                if found is None or "\n" in text[found.start : found.end]:
                    continue  # an expression never runs across a line break
                found = read_before(text, found, grammar)
                candidates.append((found.start, -found.end, order, found))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[Expression] = []
    for _, _, _, expression in candidates:
        if not chosen or expression.start >= chosen[-1].end:
            chosen.append(expression)
    return _join_ranges(text, _join_clocks(text, _join_weekdays(text, chosen)))


def _any_of(name: str) -> str:
    """Return the cue words `name` of every language as one regex alternation."""
    return "|".join(cue_words(name))


# The article a connector may take: "desde el lunes".
_ARTICLE = "(?:" + "|".join(rf"{word}\s+" for word in cue_words("after_connector")) + ")?"
_WEEKDAY_BEFORE_DATE = re.compile(r"\s*,?\s*")
_CLOCK_AFTER_DAY = re.compile(rf"\s*,?\s*(?:(?:{_any_of('clock_after_day')})\s+)?")
_DAY_AFTER_CLOCK = re.compile(rf"\s*(?:(?:{_any_of('day_after_clock')})\s+)?")
_SINCE = re.compile(rf"\b(?:{_any_of('since')})\s+{_ARTICLE}$", re.I)
_RANGE_START = re.compile(rf"\b(?:{_any_of('range_start')})\s+{_ARTICLE}$", re.I)
_RANGE_JOIN = re.compile(rf"\s*(?:-|–|{_any_of('range_join')})\s+{_ARTICLE}|\s*[-–]\s*")
# The joins that make a range with no word before its start: "May 3-5", "May through June".
_RANGE_ALONE = frozenset(["-", "–", *cue_words("range_alone")])


def _join_weekdays(text: str, found: list[Expression]) -> list[Expression]:
    """Join a weekday and the date right after it ("Monday, July 13, 2009") into the date."""
    joined: list[Expression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "weekday"
            and previous.shift is None
            and expression.kind == "date"
            and expression.day is not None
            and _WEEKDAY_BEFORE_DATE.fullmatch(text, previous.end, expression.start)
        ):
            joined[-1] = replace(expression, start=previous.start, weekday=previous.weekday)
        else:
            joined.append(expression)
    return joined


def _names_a_day(expression: Expression) -> bool:
    if expression.hour is not None:
        return False
    return expression.kind in ("weekday", "dayword") or (
        expression.kind == "date" and expression.day is not None
    )


def _join_clocks(text: str, found: list[Expression]) -> list[Expression]:
    """Join a day and a clock time next to each other into one expression ("Friday at 9 a.m.")."""
    joined: list[Expression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if previous is not None and _pairs_with_clock(text, previous, expression):
            day, clock = (
                (previous, expression) if expression.kind == "clock" else (expression, previous)
            )
            joined[-1] = replace(
                day,
                start=previous.start,
                end=expression.end,
                hour=clock.hour,
                minute=clock.minute,
                utc_offset=clock.utc_offset,
                granularity="minute",
            )
        else:
            joined.append(expression)
    return joined


def _pairs_with_clock(text: str, first: Expression, second: Expression) -> bool:
    if _names_a_day(first) and second.kind == "clock":
        return bool(_CLOCK_AFTER_DAY.fullmatch(text, first.end, second.start))
    if first.kind == "clock" and _names_a_day(second):
        return bool(_DAY_AFTER_CLOCK.fullmatch(text, first.end, second.start))
    return False


def _join_ranges(text: str, found: list[Expression]) -> list[Expression]:
    """Join "from X to Y" into one range and mark "since X" as open-ended."""
    joined: list[Expression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if previous is not None and _is_range(text, previous, expression):
            opened = _RANGE_START.search(text, max(0, previous.start - WINDOW), previous.start)
            start = opened.start() if opened else previous.start
            low = _complete_low(previous, expression)
            joined[-1] = replace(low, start=start, end=expression.end, until=expression)
            continue
        since = _SINCE.search(text, max(0, expression.start - WINDOW), expression.start)
        if since and expression.kind not in ("ago", "unresolvable", "clock"):
            expression = replace(expression, start=since.start(), since=True)
        joined.append(expression)
    return joined


def _is_range(text: str, first: Expression, second: Expression) -> bool:
    if first.until is not None or first.kind != second.kind:
        return False
    if first.kind not in ("date", "weekday", "clock"):
        return False
    join = _RANGE_JOIN.fullmatch(text, first.end, second.start)
    if join is None:
        return False
    opened = _RANGE_START.search(text, max(0, first.start - WINDOW), first.start)
    return opened is not None or join.group().strip() in _RANGE_ALONE


def _complete_low(low: Expression, high: Expression) -> Expression:
    """Give the start of a range the year its end states ("September to January 2011")."""
    if low.kind != "date" or low.year is not None or high.year is None or low.month is None:
        return low
    year = high.year - 1 if high.month is not None and low.month > high.month else high.year
    return replace(low, year=year)
