"""Polls sources again and again, stores what is new and keeps the stories current.

Each poll asks every source once. A URL is fetched with the validators of its
last answer, so an unchanged feed costs one "304 Not Modified"; a changed one
is read with the existing readers and its new reports are stored (the store
keeps a report it already has once). A feed entry that carries only a summary
and a link is read from its page instead, and stays *pending* in the source's
state until that page is read: an entry seen is never lost. A folder is
listed, and its new or changed files are read.

A source that fails is retried at a later poll, after a backoff that doubles at
each failure in a row, or after the time its server asked for (429 and 503
with `Retry-After`); requests to one host are kept `per_host_interval` apart.
Failures are lines of the poll's report, never exceptions.

After a poll that stored something new, the whole store is analyzed again, so
that its stories include the new reports. That costs the time of a full
analysis per such poll, which is fine for the thousands of reports a watched
set of feeds gathers; an incremental update of the stories is not done here.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import newsweave
from newsweave.errors import InputNotFound, NewsweaveError, ParameterError, UnreadableInput
from newsweave.ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, KINDS, read, read_bytes
from newsweave.ingest.fetch import DEFAULT_TIMEOUT, Fetched, kind_of, request
from newsweave.ingest.records import one_line
from newsweave.store import Store, StoryQuery, add_in_batches
from newsweave.types import Article, Skipped
from newsweave.watch.entries import (
    bare_entries,
    entries_with_content,
    page_article,
    parse_feed,
    summary_article,
    summary_only,
)
from newsweave.watch.report import Outcome, PollReport, SourceReport
from newsweave.watch.sources import Source, expand_sources
from newsweave.watch.state import PendingEntry, SourceState
from newsweave.watch.timing import (
    DEFAULT_BACKOFF,
    Clock,
    HostTurns,
    Sleep,
    backoff_delay,
    retry_after_seconds,
)

#: Failed tries at an entry's page before the feed's summary is stored in its place.
PAGE_ATTEMPTS = 5
#: Statuses that say "too busy, come back later" (with `Retry-After`, when).
_BUSY = (429, 503)


@dataclass(frozen=True)
class WatchSettings:
    """How `Watcher` polls: every setting of `newsweave watch`, with its default.

    Raises `ParameterError` for a value out of range.
    """

    #: Seconds from the start of one poll to the start of the next.
    every: float = 900.0
    allow_private: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_entries: int = DEFAULT_MAX_ENTRIES
    #: Least seconds between two requests to one host.
    per_host_interval: float = 1.0
    #: Seconds before the first retry of a failed source; doubled at each failure.
    backoff: float = DEFAULT_BACKOFF
    #: Analyze the store again after a poll that stored something new.
    analyze: bool = True

    def __post_init__(self) -> None:
        positive = {"every": self.every, "timeout": self.timeout}
        positive |= {"max_bytes": self.max_bytes, "max_entries": self.max_entries}
        for name, value in positive.items():
            if value <= 0:
                raise ParameterError.invalid(name, "a positive number", value)
        for name, value in {
            "per_host_interval": self.per_host_interval,
            "backoff": self.backoff,
        }.items():
            if value < 0:
                raise ParameterError.invalid(name, "a number of seconds, 0 or more", value)


class Watcher:
    """Follows sources (URLs, folders, OPML files, URL lists) into a store.

    `poll()` asks each source once and returns what happened; `run()` polls
    every `settings.every` seconds. `clock` and `sleep` are injectable so that
    tests need not wait for real minutes.
    """

    def __init__(
        self,
        store: Store,
        sources: Sequence[str],
        *,
        settings: WatchSettings | None = None,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.store = store
        self.given = list(sources)
        self.settings = settings or WatchSettings()
        self.clock = clock
        self.turns = HostTurns(self.settings.per_host_interval, clock, sleep)
        self.polls = 0
        self.stories: int | None = None
        self._stale = False

    def run(
        self,
        *,
        polls: int | None = None,
        stop: threading.Event | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
    ) -> int:
        """Poll every `settings.every` seconds until `polls` polls are done or `stop` is set.

        `stop` ends the run after the poll under way (or at once, between
        polls). Returns the number of polls done.
        """
        stop = stop or threading.Event()
        done = 0
        while not stop.is_set():
            started = self.clock()
            report = self.poll()
            done += 1
            if on_poll:
                on_poll(report)
            if polls is not None and done >= polls:
                break
            delay = started + self.settings.every - self.clock()
            if delay > 0 and stop.wait(delay):
                break
        return done

    def poll(self) -> PollReport:
        """Ask every source once, store what is new, analyze again if anything was."""
        started = self.clock()
        self.polls += 1
        sources, problems = expand_sources(self.given)
        reports = tuple(self._poll_source(source) for source in sources)
        analyzed, analysis_started, failure = False, self.clock(), None
        wanted = any(r.new for r in reports) or self._stale or self._behind()
        if self.settings.analyze and wanted:
            try:
                dossier = newsweave.analyze(self.store.articles(), store=self.store)
            except NewsweaveError as error:
                # The reports are stored; the next poll analyzes them again.
                self._stale, failure = True, one_line(error.message)
            else:
                self._stale, self.stories, analyzed = False, len(dossier.stories), True
        elif self.stories is None and self.store.analysis_stamp() is not None:
            self.stories = self.store.list_stories(StoryQuery(limit=1)).total
        return PollReport(
            self.polls,
            reports,
            tuple(problems),
            self.stories,
            analyzed,
            self.clock() - started,
            self.clock() - analysis_started if analyzed else 0.0,
            failure,
        )

    # -- one source ----------------------------------------------------------------------

    def _poll_source(self, source: Source) -> SourceReport:
        state = SourceState.load(self.store, source.key)
        now = self.clock()
        if state.next_time > now:
            failures = f"{state.failures} failure{'' if state.failures == 1 else 's'} in a row"
            reason = f"{failures}, the last: {state.last_error or 'asked to wait'}"
            return SourceReport(
                source.location,
                "waiting",
                pending=len(state.pending),
                reason=reason,
                retry_in=state.next_time - now,
            )
        try:
            if source.kind == "folder":
                report = self._poll_folder(source, state)
            else:
                report = self._poll_url(source, state)
        except (UnreadableInput, InputNotFound) as error:
            # A file that vanished between listing and reading, say: the next poll sees.
            report = self._failed(source.location, state, error.message)
        state.last_poll = now
        state.save(self.store, source.key)
        return report

    def _poll_url(self, source: Source, state: SourceState) -> SourceReport:
        url = source.location
        opens = self.turns.take_turn(url)
        if opens is not None:
            return SourceReport(
                url,
                "waiting",
                pending=len(state.pending),
                reason="its host asked to wait",
                retry_in=opens - self.clock(),
            )
        try:
            page = self._request(url, etag=state.etag, last_modified=state.last_modified)
        except UnreadableInput as error:
            return self._failed(url, state, error.message)
        if page.refused:
            return self._failed(url, state, page.problem(), self._asked_wait(page))
        articles: list[Article] = []
        skipped: list[Skipped] = []
        if not page.not_modified:
            articles, skipped, problem = self._read_page(url, page, state)
            if problem and not articles:
                # Its validators are not kept: the next poll reads it whole again.
                return self._failed(url, state, problem)
        state.failures, state.last_error, state.next_time = 0, None, 0.0
        state.etag = page.etag or state.etag
        state.last_modified = page.last_modified or state.last_modified
        from_pages, not_read = self._read_pending(state)
        articles += from_pages
        skipped += not_read
        added, told = self._store(articles, skipped, state)
        pending = len(state.pending)
        reason = state.pending[0].error if pending else None
        if added:
            outcome: Outcome = "new"
        else:
            outcome = "not modified" if page.not_modified else "unchanged"
        return SourceReport(url, outcome, new=added, pending=pending, reason=reason, skipped=told)

    def _poll_folder(self, source: Source, state: SourceState) -> SourceReport:
        folder = Path(source.location)
        if not folder.is_dir():
            return self._failed(source.location, state, f"{folder} is no longer a folder")
        files = _listing(folder)
        changed = [path for path, mark in files.items() if state.files.get(path) != mark]
        state.failures, state.last_error = 0, None
        if not changed:
            state.files = files  # forgets the files removed since
            return SourceReport(source.location, "not modified")
        result = read(
            changed, max_bytes=self.settings.max_bytes, max_entries=self.settings.max_entries
        )
        added, told = self._store(list(result.articles), list(result.skipped), state)
        # Only now: a poll that fails before here (a file gone while read) reads them again.
        state.files = files
        outcome: Outcome = "new" if added else "unchanged"
        return SourceReport(source.location, outcome, new=added, skipped=told)

    def _request(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """Return the server's answer; the pause before the host's next request starts after it."""
        try:
            return request(
                url,
                timeout=self.settings.timeout,
                max_bytes=self.settings.max_bytes,
                allow_private=self.settings.allow_private,
                etag=etag,
                last_modified=last_modified,
            )
        finally:
            self.turns.finished(url)

    def _failed(
        self, where: str, state: SourceState, reason: str, wait: float | None = None
    ) -> SourceReport:
        """Record a failure: the source is asked again after `wait`, else after a backoff."""
        state.failures += 1
        state.last_error = one_line(reason)
        delay = (
            wait if wait is not None else backoff_delay(state.failures, base=self.settings.backoff)
        )
        state.next_time = self.clock() + delay
        return SourceReport(
            where,
            "failed",
            pending=len(state.pending),
            reason=state.last_error,
            retry_in=delay,
        )

    def _asked_wait(self, page: Fetched) -> float | None:
        """Return the seconds a busy server asked for, closing its host to every source."""
        if page.status not in _BUSY:
            return None
        wait = retry_after_seconds(page.retry_after, now=self.clock())
        if wait is not None:
            self.turns.close(page.url, self.clock() + wait)
        return wait

    # -- reading -------------------------------------------------------------------------

    def _read_page(
        self, url: str, page: Fetched, state: SourceState
    ) -> tuple[list[Article], list[Skipped], str | None]:
        """Return the reports of a fetched feed or page, the inputs skipped, and why nothing
        in it can be read (None when something can, or when a feed is just empty).

        A feed's summary-only entries are not returned: they become pending.
        """
        kind = kind_of(page)
        result = read_bytes(
            [(url, page.data)],
            kinds={url: kind},
            max_bytes=self.settings.max_bytes,
            max_entries=self.settings.max_entries,
        )
        problem = next((item.reason for item in result.skipped if item.source == url), None)
        if kind != "feed":
            return list(result.articles), list(result.skipped), problem
        feed = parse_feed(page.data)
        if not (feed or {}).get("entries"):
            if feed is not None and feed.get("version") and not feed.get("bozo"):
                return [], [], None  # a well-formed feed with no entries yet
            return [], list(result.skipped), problem or "not a readable feed"
        articles, skipped = self._sort_entries(url, feed, result.articles, result.skipped, state)
        return articles, skipped, None

    def _sort_entries(
        self,
        url: str,
        feed: Any,
        read_articles: Sequence[Article],
        skipped: Sequence[Skipped],
        state: SourceState,
    ) -> tuple[list[Article], list[Skipped]]:
        """Return a feed's full reports and skipped lines; its summary-only entries (also
        those too short to be a report) become pending, unless their page was read."""
        full = entries_with_content(feed)
        articles = [a for a in read_articles if not summary_only(a, full)]
        waiting = [PendingEntry.of(a, feed=url) for a in read_articles if summary_only(a, full)]
        read_keys = {a.source_id for a in read_articles} | {a.url for a in read_articles}
        bare = [
            entry
            for entry in bare_entries(feed, url, self.settings.max_entries)
            if entry.source_id not in read_keys and entry.url not in read_keys
        ]
        # Their "no article text" lines would mislead: their page is still to be read.
        places = {f"{url} ({one_line(e.source_id, limit=80)})" for e in bare if e.source_id}
        pending = {entry.key: entry for entry in state.pending}
        for entry in [*waiting, *bare]:
            known = pending.get(entry.key)
            if state.seen.get(entry.key) == entry.summary_id or (
                known is not None and known.summary_id == entry.summary_id
            ):
                continue
            pending[entry.key] = entry  # new, or its summary changed: read its page (again)
        state.pending = list(pending.values())
        # Entries gone from the feed need not be remembered as read.
        listed = {entry.key for entry in [*waiting, *bare]}
        state.seen = {key: value for key, value in state.seen.items() if key in listed}
        return articles, [item for item in skipped if item.source not in places]

    def _read_pending(self, state: SourceState) -> tuple[list[Article], list[Skipped]]:
        """Return the reports of pending entries whose page can be read now; keep the rest.

        An entry whose page gave no report, and whose summary is none either,
        is dropped with a skipped line that says so.
        """
        articles: list[Article] = []
        skipped: list[Skipped] = []
        still: list[PendingEntry] = []
        for entry in state.pending:
            try:
                article = self._read_entry_page(entry)
            except UnreadableInput as error:
                reason = f"{entry.error or 'its page has no article'}; its summary: {error.message}"
                skipped.append(Skipped(entry.url, f"no report from the entry's page ({reason})"))
                state.seen[entry.key] = entry.summary_id
                continue
            if article is None:
                still.append(entry)
                continue
            articles.append(article)
            state.seen[entry.key] = entry.summary_id
        state.pending = still
        return articles, skipped

    def _read_entry_page(self, entry: PendingEntry) -> Article | None:
        """Return the report of a summary-only entry, read from its page; None to try later.

        Once the page has failed `PAGE_ATTEMPTS` times, or reads as no article,
        the feed's summary is the report, with a note saying why.
        """
        if self.turns.take_turn(entry.url) is not None:
            entry.error = "its host asked to wait"
            return None
        try:
            page = self._request(entry.url)
            if page.refused:
                self._asked_wait(page)
                raise UnreadableInput(page.problem())
        except UnreadableInput as error:
            entry.attempts += 1
            entry.error = f"page fetch failed: {one_line(error.message)}"
            if entry.attempts < PAGE_ATTEMPTS:
                return None
            return summary_article(entry, f"its page could not be read ({entry.error})")
        try:
            return page_article(entry, page)
        except UnreadableInput as error:
            entry.error = f"its page has no article ({error.message})"
            return summary_article(entry, entry.error)

    def _store(
        self, articles: list[Article], skipped: list[Skipped], state: SourceState
    ) -> tuple[int, tuple[Skipped, ...]]:
        """Store the articles and skipped lines; return how many articles were new, and the
        skipped lines stored (none when they are those of the source's last read)."""
        digest = _digest(skipped)
        record = tuple(skipped) if digest != state.skips else ()
        state.skips = digest
        if not articles and not record:
            return 0, ()
        return len(add_in_batches(self.store, articles, skipped=record).added), record

    def _behind(self) -> bool:
        """Return whether the store holds reports its last analysis has not seen (first poll)."""
        if self.polls > 1 or self.store.article_count() == 0:
            return False
        return not self.store.analysis_is_current()


def _listing(folder: Path) -> dict[str, list[int]]:
    """Return the report files under `folder` (as `read` finds them), with size and mtime."""
    files: dict[str, list[int]] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() not in KINDS or not path.is_file():
            continue
        try:
            info = path.stat()
        except OSError:  # removed since it was listed
            continue
        files[str(path)] = [info.st_size, info.st_mtime_ns]
    return files


def _digest(skipped: list[Skipped]) -> str | None:
    if not skipped:
        return None
    lines = "\n".join(sorted(f"{item.source}\t{item.reason}" for item in skipped))
    return hashlib.sha256(lines.encode("utf-8", "surrogatepass")).hexdigest()[:16]
