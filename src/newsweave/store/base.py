"""The store interface every backend implements, and how a URL picks one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, Self

from newsweave.dossier import Dossier, StoryDossier
from newsweave.errors import StoreError
from newsweave.types import Article, Sentence, Skipped

#: How long, in seconds, a write waits for another writer to finish before giving up.
BUSY_TIMEOUT = 30.0


@dataclass(frozen=True)
class AddResult:
    """What one `add` did: ids newly stored, ids already there, reports revised.

    `revised` pairs (old id, new id) for each stored report that a new version
    of the same report (same `newsweave.revisions.report_key`) superseded.
    """

    added: tuple[str, ...]
    already_stored: tuple[str, ...]
    revised: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Version:
    """One stored version of a report: its article id, when it was stored, what replaced it.

    `superseded_by` is the id of the next version, None for the current one.
    """

    article_id: str
    ingested_at: datetime
    superseded_by: str | None = None


@dataclass(frozen=True)
class Revision:
    """A report changed after it was stored: version `old` replaced by `new` at `at` (UTC)."""

    old: str
    new: str
    at: datetime


@dataclass(frozen=True)
class StoryRow:
    """One line of a story list: what a reader sees before opening the story."""

    id: str
    title: str | None
    reports: int
    independent_sources: int | None
    conflicts: int
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    #: Publication times of its first and last dated report (ISO 8601), if any.
    first_published: str | None
    last_published: str | None
    storyline_id: str | None = None


@dataclass(frozen=True)
class StoryQuery:
    """Which stories to list: full-text words, a date range, an outlet, a language.

    Without `text` stories come newest first; with it, best match first. Dates
    select the stories with a report published within [since, until].
    """

    text: str | None = None
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    language: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class StoryPage:
    """A page of a story list, and how many stories match in all."""

    rows: tuple[StoryRow, ...]
    total: int


@dataclass(frozen=True)
class SearchHit:
    """A report that matches a full-text search, with the matching words marked."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    #: A short excerpt; the matching words are between \x02 and \x03 marks.
    snippet: str
    story_ids: tuple[str, ...]


class Store(Protocol):
    """Where articles and analyses live; every stage can be re-run from it."""

    url: str

    def add(self, articles: Iterable[Article], *, skipped: Iterable[Skipped] = ()) -> AddResult:
        """Store a batch atomically (all or none); an article already stored is kept once.

        A new version of a stored report (same report key, other content)
        supersedes its current version in the same transaction.
        """
        ...

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Return articles in the order they arrived: the current version of every report, or
        those with `ids` (any version)."""
        ...

    def article_count(self) -> int:
        """Return how many reports are stored, each counted once (its current version)."""
        ...

    def versions(self, article_id: str) -> list[Version]:
        """Return every version of the report `article_id` is a version of, oldest first.

        A report without a key, or an unknown id, has its own version only (or none).
        """
        ...

    def revisions(self, since: datetime | None = None) -> list[Revision]:
        """Return every revision stored (those stored at or after `since`), oldest first."""
        ...

    def skipped(self) -> list[Skipped]:
        """Return every input ever skipped, oldest first."""
        ...

    def save_sentences(self, sentences: Iterable[Sentence]) -> None: ...

    def sentences(self, article_id: str) -> list[Sentence]: ...

    def save_analysis(self, dossier: Dossier) -> None:
        """Replace the stored analysis with `dossier` (its stories), atomically."""
        ...

    def load_analysis(self) -> Dossier | None:
        """Return the last analysis, or None when the store has never been analyzed."""
        ...

    def analysis_is_current(self) -> bool:
        """Return whether the last analysis covers exactly the stored articles."""
        ...

    def analysis_stamp(self) -> str | None:
        """Return a token that changes whenever a new analysis is saved (for caches)."""
        ...

    def state(self, key: str) -> str | None:
        """Return what a long-running command kept under `key` (None if nothing).

        `watch` keeps each source's validators and pending entries here, `brief`
        what it has already told: state that must survive a restart lives in the store.
        """
        ...

    def set_state(self, key: str, value: str | None) -> None:
        """Keep `value` under `key` (None forgets it), atomically."""
        ...

    def arrivals(self, since: datetime | None = None) -> dict[str, datetime]:
        """Return when each report was stored (UTC), by id: all, or those stored since `since`."""
        ...

    # -- reading for the web and exports ------------------------------------------------------

    def article(self, article_id: str) -> Article | None: ...

    def iter_articles(
        self, batch_size: int = 500, *, include_superseded: bool = False
    ) -> Iterator[Article]:
        """Yield the current articles in the order they arrived, `batch_size` rows at a time
        (with `include_superseded`, the older versions of revised reports too)."""
        ...

    def story(self, story_id: str) -> StoryDossier | None: ...

    def iter_stories(self) -> Iterator[StoryDossier]:
        """Yield the stories of the last analysis one at a time, in their order."""
        ...

    def story_ids_of(self, article_id: str) -> list[str]:
        """Return the stories of the last analysis that hold the article."""
        ...

    def list_stories(self, query: StoryQuery) -> StoryPage: ...

    def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        """Return the reports that contain every word of `text`, best match first."""
        ...

    def facets(self) -> dict[str, list[str]]:
        """Return the outlets and languages of the stored reports, for filters."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self:
        """`with open_store(url) as store:` closes the store at the end."""
        ...

    def __exit__(self, *exc: object) -> None: ...


def add_in_batches(
    store: Store,
    articles: Sequence[Article],
    *,
    skipped: Iterable[Skipped] = (),
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> AddResult:
    """Store articles in atomic batches of `batch_size`; a crash loses at most the open batch.

    A re-run after an interruption stores only what is missing: ids derive from
    content, so the batches already written are recognised.
    """
    added: list[str] = []
    known: list[str] = []
    revised: list[tuple[str, str]] = []
    pending_skips = tuple(skipped)
    for start in range(0, max(len(articles), 1), batch_size):
        outcome = store.add(articles[start : start + batch_size], skipped=pending_skips)
        pending_skips = ()
        added.extend(outcome.added)
        known.extend(outcome.already_stored)
        revised.extend(outcome.revised)
        if progress:
            progress(min(start + batch_size, len(articles)), len(articles))
    return AddResult(tuple(added), tuple(known), tuple(revised))


def open_store(url: str | Path, *, busy_timeout: float = BUSY_TIMEOUT) -> Store:
    """Return the store at `url`: a file path, `sqlite:///path` (`:memory:` for none), or
    `postgresql://user:password@host:port/database`.

    Writers take turns: a write waits up to `busy_timeout` seconds for another
    writer (another process, another thread's store) to finish, then raises
    `StoreError`. Opening a store and reading never wait for a writer.
    """
    from newsweave.store.sqlite import SQLiteStore

    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        from newsweave.store.postgres import PostgresStore

        return PostgresStore(text, busy_timeout=busy_timeout)
    if text.startswith("sqlite:///"):
        return SQLiteStore(text.removeprefix("sqlite:///"), busy_timeout=busy_timeout)
    if text.startswith("sqlite://"):
        return SQLiteStore(":memory:", busy_timeout=busy_timeout)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"no store backend for '{scheme}://' URLs; give a SQLite file path, "
            "a sqlite:///path URL or a postgresql://user:password@host/database URL"
        )
    return SQLiteStore(text, busy_timeout=busy_timeout)
