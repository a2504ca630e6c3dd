"""How values read on a page: dates, links, percentages, counts and conflict values.

The HTML report, the web pages and the SVG charts all show the same dossier, so a
date, a share or a count must read the same on each of them. Each rule lives here
once, with its test, and the pages only call it.
"""

from __future__ import annotations

import math
import re
from typing import Any

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Partial ISO 8601 as newsweave writes it: "2021", "2021-06", "2021-06-08",
# "2021-05-07T12:38:03-04:00". Anything else is shown as given, never guessed at.
_ISO = re.compile(
    r"""
    (?P<year>\d{4})
    (?:-(?P<month>\d{2})
      (?:-(?P<day>\d{2})
        (?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?
          (?P<zone>Z|[+-]\d{2}:?\d{2})?
        )?
      )?
    )?
    """,
    re.VERBOSE,
)


def display_date(value: str | None) -> str | None:
    """Return an ISO 8601 date or time, possibly partial, as a reader writes it ("8 Jun 2021").

    Only the precision that is given is shown: "2021-06" reads "Jun 2021", never a
    first of the month nobody wrote. Text that is not ISO 8601 comes back as given.
    """
    if value is None:
        return None
    text = value.strip()
    match = _ISO.fullmatch(text)
    if match is None:
        return text
    parts = match.groupdict()
    year = int(parts["year"])
    if parts["month"] is None:
        return str(year)
    month = int(parts["month"])
    if not 1 <= month <= 12:
        return text
    if parts["day"] is None:
        return f"{short_month(month)} {year}"
    day = int(parts["day"])
    if not 1 <= day <= 31:
        return text
    date = f"{day} {short_month(month)} {year}"
    if parts["hour"] is None:
        return date
    hour, minute = int(parts["hour"]), int(parts["minute"])
    if hour > 23 or minute > 59:
        return text
    return f"{date}, {hour:02d}:{minute:02d}{_display_zone(parts['zone'])}"


def short_month(month: int) -> str:
    """Return a month's name as dates on a page write it: 6 gives "Jun"."""
    # Not calendar.month_abbr: that follows the process's locale, and pages are English.
    return _MONTHS[month - 1]


def _display_zone(zone: str | None) -> str:
    """Return a time zone offset as " UTC" or " UTC-04:00", or "" when none was given."""
    if zone is None:
        return ""
    if zone == "Z" or zone.replace(":", "") in ("+0000", "-0000"):
        return " UTC"
    digits = zone.replace(":", "")
    return f" UTC{digits[:3]}:{digits[3:]}"


def safe_href(url: str | None) -> str | None:
    """Return `url` when it may become a link (an http or https address), else None."""
    if url is None:
        return None
    candidate = url.strip()
    # Only absolute web addresses: javascript:, data: and friends would run in the
    # reader's browser, and a relative link would point into wherever the page is saved.
    if candidate.lower().startswith(("http://", "https://")):
        return candidate
    return None


def percent(fraction: float | None) -> str:
    """Return a fraction in [0, 1] as a whole percentage ("78%"), or "?" when unknown."""
    if fraction is None or not math.isfinite(fraction):
        return "?"
    return f"{round(min(max(fraction, 0.0), 1.0) * 100)}%"


def count_noun(number: int, singular: str, plural: str | None = None) -> str:
    """Return a count with its noun in the right number ("1 report", "3 reports")."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number} {noun}"


def format_value(value: Any) -> str:
    """Return a conflict value as text: numbers with thousands separators, text as given."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.6g}"
    return str(value)
