"""RSS and Atom feeds (through feedparser): one report per entry.

feedparser is safe with hostile XML: it drops a document's entity declarations
before its strict (expat) parser sees them, keeping only those that name a
single character, and expat itself refuses runaway entity expansion; neither
parser fetches external entities. So "billion laughs" and external-entity
feeds read as the text they literally hold (`tests/fuzz/test_hostile.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import feedparser

from newsweave.errors import UnreadableInput
from newsweave.ingest.decode import binary_reason
from newsweave.ingest.html import fragment_text
from newsweave.ingest.records import RawReport
from newsweave.types import Skipped

_EMAIL = r"[^\s@()<>]+@[^\s@()<>]+"
# RSS 2.0 <author> is an email address, with the name (if any) in parentheses.
_EMAIL_WITH_NAME = (
    re.compile(rf"^{_EMAIL}\s*\((?P<name>[^()]+)\)$"),
    re.compile(rf"^(?P<name>[^()@]+?)\s*\(\s*{_EMAIL}\s*\)$"),
)
#: Entries read from one feed; the rest are skipped with one line. News feeds carry
#: tens of entries, archives a few thousand.
DEFAULT_MAX_ENTRIES = 10_000


def read_feed(
    data: bytes, *, path: str, max_entries: int = DEFAULT_MAX_ENTRIES
) -> Iterator[RawReport | Skipped]:
    """Yield a report for each entry of the feed in `data`, or why an entry was skipped.

    Only the first `max_entries` entries are read; one `Skipped` line says how
    many more there were.
    """
    # A feed in UTF-16 may have NUL bytes, so only known signatures mark it binary.
    reason = binary_reason(data, nul_bytes=False)
    if reason:
        raise UnreadableInput(reason)
    try:
        parsed: Any = feedparser.parse(data)
    except Exception as error:
        # feedparser's lenient fallback parser fails in assorted ways on broken
        # input ("&#xD800;" raises UnicodeEncodeError); that is one bad file.
        problem = f"{type(error).__name__}: {_describe(error)}"
        raise UnreadableInput(f"not a readable feed ({problem})") from None
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable feed ({_describe(problem)})" if problem else "feed has no entries"
        raise UnreadableInput(reason)
    feed = parsed.get("feed") or {}
    outlet = feed.get("title")
    language = feed.get("language")
    note = (
        f"feed is malformed ({_describe(parsed['bozo_exception'])}); read what parsed"
        if parsed.get("bozo")
        else None
    )
    for number, entry in enumerate(entries[:max_entries], start=1):
        where = f"{path}#{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield Skipped(where, "feed entry has no text (no content or description)")
            continue
        raw = RawReport(
            text=text,
            kind="feed",
            path=path,
            source_id=entry.get("id"),
            title=entry.get("title"),
            outlet=outlet,
            author=_author(entry.get("author")),
            published=_published(entry),
            url=_link(entry),
            language=entry.get("language") or language,
        )
        if note:
            raw.notes.append(note)
        yield raw
    if len(entries) > max_entries:
        yield Skipped(
            path,
            f"feed has {len(entries):,} entries, over the {max_entries:,} limit; read the first "
            f"{max_entries:,} (raise it with --max-entries)",
        )


def _published(entry: Any) -> str | None:
    """The entry's publication time as written; its update time when it states none.

    The raw string keeps the time zone; feedparser's *_parsed fields are UTC tuples.
    `dict.get` reads "updated" itself: feedparser's own `get` falls back from it to
    "published" with a DeprecationWarning.
    """
    return entry.get("published") or dict.get(entry, "updated") or None


def _author(value: str | None) -> str | None:
    """The author's name, without the email address RSS puts beside it (or instead of it).

    feedparser's own `author_detail` is not used: its email pattern cuts
    addresses whose top-level domain is longer than four letters.
    """
    text = (value or "").strip()
    for pattern in _EMAIL_WITH_NAME:
        if match := pattern.match(text):
            return match["name"].strip()
    return None if re.fullmatch(_EMAIL, text) else text or None


def _link(entry: Any) -> str | None:
    """The entry's address; not its guid, which feedparser copies into `link` when none is given.

    RSS guids are permalinks unless marked otherwise, so an entry with a bare
    guid ("item-42") and no <link> would otherwise get "item-42" as its URL.
    """
    link = entry.get("link")
    if link and link == entry.get("id") and not link.lower().startswith(("http://", "https://")):
        return None
    return str(link) if link else None


def _entry_text(entry: Any) -> str:
    """The fullest text an entry carries: its content, else its summary."""
    candidates = [item.get("value", "") for item in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    return fragment_text(best)


def _describe(problem: object) -> str:
    text = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
    return text[:160]
