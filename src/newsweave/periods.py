"""Durations and periods as a user writes them on the command line.

`watch --every 15m`, `brief --since 24h`, `revisions --since 2026-12-06`: one
reading of "90s", "15m", "24h", "7d", "2w" for every command, so the same words
mean the same time everywhere.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from newsweave.errors import ParameterError

_DURATION = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m|h|d|w)?", re.IGNORECASE)
_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def parse_duration(text: str, *, name: str = "--every") -> float:
    """Return the seconds written as "500ms", "90s", "15m", "1h", "1d", "2w" (bare: seconds).

    Raises `ParameterError` naming the option `name` when `text` is not a positive duration.
    """
    seconds = _seconds(text)
    if seconds is None or seconds <= 0:
        raise ParameterError.invalid(name, "a positive duration such as 90s, 15m or 1h", text)
    return seconds


def parse_since(text: str, *, now: datetime, name: str = "--since") -> datetime:
    """Return the start of a period written as a duration back from `now` ("24h", "7d")
    or as an ISO 8601 date or time ("2026-12-06", "2026-12-06T06:00+01:00", UTC if no zone).
    """
    # A bare number is no period: "2026" is a year to a reader, not 2026 seconds.
    seconds = _seconds(text) if not text.strip().isdigit() else None
    if seconds is not None:
        return now - timedelta(seconds=seconds)
    try:
        moment = datetime.fromisoformat(text.strip().upper())
    except ValueError:
        raise ParameterError.invalid(
            name, "a duration such as 24h, 90m or 7d, or a date such as 2026-12-06", text
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _seconds(text: str) -> float | None:
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        return None
    return float(match["number"]) * _SECONDS[(match["unit"] or "s").lower()]
