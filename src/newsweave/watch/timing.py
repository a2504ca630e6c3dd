"""When to ask a server again: backoff after errors, `Retry-After`, turns per host.

Politeness is per host, not per source: ten feeds of one site are ten requests
to one server, so they take turns at least `interval` seconds apart, and a
server that says "429 Too Many Requests, Retry-After: 120" is left alone for
two minutes by every source on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

Clock = Callable[[], float]
Sleep = Callable[[float], None]

#: Seconds before the first retry of a source that failed; doubled at each failure after.
DEFAULT_BACKOFF = 60.0
#: The longest wait between retries of a failing source: it is never given up.
MAX_BACKOFF = 6 * 3600.0


def backoff_delay(
    failures: int, *, base: float = DEFAULT_BACKOFF, cap: float = MAX_BACKOFF
) -> float:
    """Return how long to wait after `failures` failures in a row: `base`, doubled each time."""
    if failures <= 0:
        return 0.0
    return min(cap, base * 2.0 ** min(failures - 1, 62))


def retry_after_seconds(value: str | None, *, now: float) -> float | None:
    """Return the seconds a `Retry-After` header asks to wait (seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def host_of(url: str) -> str:
    """Return the host (with its port) that a URL's requests go to."""
    parts = urlsplit(url)
    return (parts.netloc or url).lower()


@dataclass
class HostTurns:
    """Spaces the requests to each host at least `interval` seconds apart.

    The interval runs from the end of one request (`finished`) to the start of
    the next, so a slow answer does not shorten the pause the server gets. A
    host may also be closed until a time (its `Retry-After`): a request then
    waits when the wait is no longer than `interval`, and is put off to a later
    poll otherwise.
    """

    interval: float
    clock: Clock = time.time
    sleep: Sleep = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _closed_until: dict[str, float] = field(default_factory=dict)

    def take_turn(self, url: str) -> float | None:
        """Wait for the turn of `url`'s host and return None, or return when it opens again."""
        host = host_of(url)
        now = self.clock()
        opens = self._closed_until.get(host, 0.0)
        if opens - now > self.interval:
            return opens
        ready = max(opens, self._last.get(host, -float("inf")) + self.interval)
        if ready > now:
            self.sleep(ready - now)
        self._last[host] = max(self.clock(), ready)
        return None

    def finished(self, url: str) -> None:
        """Note that a request to `url`'s host has ended: its interval starts now."""
        self._last[host_of(url)] = self.clock()

    def close(self, url: str, until: float) -> None:
        """Leave `url`'s host alone until `until` (a clock time)."""
        host = host_of(url)
        self._closed_until[host] = max(self._closed_until.get(host, 0.0), until)

    def closed_until(self, url: str) -> float | None:
        """Return when `url`'s host opens again, if it is closed now."""
        opens = self._closed_until.get(host_of(url), 0.0)
        return opens if opens > self.clock() else None
