"""What `watch` remembers about each source, kept in the store so it survives a restart.

One JSON value per source under `watch:<source>`: the validators of the last
answer (a restarted watch asks "changed since?" at once), when it was polled,
how many failures in a row and when it may be asked again, the feed entries
whose page is still to be fetched, and, for a folder, the size and modification
time of each file read.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from newsweave.store import Store
from newsweave.types import Article


@dataclass
class PendingEntry:
    """A feed entry with only a summary, whose page has not been read yet.

    It holds what the feed said (the summary, title, date, outlet), so that the
    report can be built from the page however late it comes, or from the
    summary itself when the page never does.
    """

    url: str
    feed: str
    summary: str
    summary_id: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    source_id: str | None = None
    language: str | None = None
    attempts: int = 0
    error: str | None = None

    @property
    def key(self) -> str:
        """Return what identifies the entry in its feed: its id, else its link."""
        return self.source_id or self.url

    @classmethod
    def of(cls, article: Article, *, feed: str) -> PendingEntry:
        """Return the pending entry for a summary-only feed article (which has a URL)."""
        return cls(
            url=article.url or "",
            feed=feed,
            summary=article.text,
            summary_id=article.id,
            title=article.title,
            outlet=article.outlet,
            author=article.author,
            published=article.published.isoformat() if article.published else None,
            source_id=article.source_id,
            language=article.language,
        )


@dataclass
class SourceState:
    """One source's memory between polls (and between runs)."""

    etag: str | None = None
    last_modified: str | None = None
    #: Clock times (seconds since the epoch).
    last_poll: float | None = None
    next_time: float = 0.0
    failures: int = 0
    last_error: str | None = None
    pending: list[PendingEntry] = field(default_factory=list)
    #: Summary-only entries whose page was read: entry key -> id of the summary read.
    seen: dict[str, str] = field(default_factory=dict)
    #: A folder's files: path -> [size, mtime in ns].
    files: dict[str, list[int]] = field(default_factory=dict)
    #: A digest of the skipped lines last recorded, so an unchanged feed adds none again.
    skips: str | None = None

    @classmethod
    def load(cls, store: Store, key: str) -> SourceState:
        """Return the state kept under `key`; a fresh one when none (or an unreadable one) is."""
        text = store.state(key)
        if not text:
            return cls()
        try:
            data = json.loads(text)
            known = {item.name for item in fields(cls)}
            values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
            values["pending"] = [PendingEntry(**item) for item in values.get("pending", [])]
            return cls(**values)
        except (ValueError, TypeError, AttributeError):
            # A state written by another version, or damaged: polling afresh re-reads
            # the source, and the store keeps each report once.
            return cls()

    def save(self, store: Store, key: str) -> None:
        """Keep this state under `key`, atomically."""
        store.set_state(key, json.dumps(asdict(self), ensure_ascii=False, sort_keys=True))
