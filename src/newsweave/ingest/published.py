"""Publication times as reports state them: parsed, never completed by guessing.

A report's publication time arrives as an ISO string (front matter, JSONL, HTML
meta), an RFC 822 string (feeds) or a YAML date. Only what is written is kept:
"2021-06-08" stays a day, a time without a time zone keeps only its day, and a
time later than the moment of ingest is refused (kept unknown, with a note).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from newsweave.types import Moment, Precision

_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")
_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A day-precision date may be "tomorrow" in UTC yet today where it was published.
_DAY_SLACK = timedelta(days=1)
# No news report predates printed newspapers; an earlier year is a typo, and
# years before 1000 would not even print as four ISO 8601 digits.
_EARLIEST_YEAR = 1600


def parse_published(value: object, *, now: datetime) -> tuple[Moment | None, str | None]:
    """Return the publication moment stated by `value` (or None) and a note for the user."""
    if value is None or value == "":
        return None, None
    moment, note = _parse(value)
    if moment is None:
        return None, f"published {str(value)[:60]!r} is not a date newsweave can read; kept unknown"
    if moment.value.year < _EARLIEST_YEAR:
        return None, (
            f"published {str(value)[:60]!r} is earlier than any newspaper "
            f"(before {_EARLIEST_YEAR}); kept unknown"
        )
    if _later_than(moment, now):
        return None, (
            f"published {moment.isoformat()} is later than the time of ingest "
            f"{now.isoformat(timespec='seconds')}; kept unknown"
        )
    return moment, note


def _parse(value: object) -> tuple[Moment | None, str | None]:
    if isinstance(value, datetime):
        return _from_datetime(value)
    if isinstance(value, date):
        return Moment(datetime(value.year, value.month, value.day, tzinfo=UTC), "day"), None
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    if match := _PARTIAL.match(text):
        year, month = int(match["year"]), int(match["month"] or 1)
        if not 1 <= month <= 12:
            return None, None
        precision: Precision = "month" if match["month"] else "year"
        return Moment(datetime(year, month, 1, tzinfo=UTC), precision), None
    if _DATE_ONLY.match(text):
        try:
            return _parse(date.fromisoformat(text))
        except ValueError:
            return None, None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return _from_datetime(value, seconds=bool(_SECONDS.search(text)))
    except ValueError:
        pass
    try:
        return _from_datetime(parsedate_to_datetime(text), seconds=bool(_SECONDS.search(text)))
    except (TypeError, ValueError, IndexError):
        return None, None


def _from_datetime(value: datetime, *, seconds: bool = True) -> tuple[Moment, str | None]:
    """Return the moment of a datetime; `seconds`: whether the source wrote them (":00" too)."""
    if value.tzinfo is None or value.utcoffset() is None:
        # A wall-clock time with no zone could be any of 26 hours; the day is what is known.
        day = Moment(datetime(value.year, value.month, value.day, tzinfo=UTC), "day")
        if value.time() == datetime.min.time():
            return day, None
        return day, f"published {value.isoformat()} has no time zone; kept the day only"
    precision: Precision = "second" if seconds or value.second else "minute"
    return Moment(value.replace(microsecond=0), precision), None


def _later_than(moment: Moment, now: datetime) -> bool:
    if moment.precision in ("minute", "second"):
        return moment.value > now
    return moment.value.date() > (now + _DAY_SLACK).date()
