"""The embedded store: one SQLite file, written in atomic batches.

WAL mode lets readers (the web UI, `show`) read while an ingest writes; a batch
is one transaction, so an interrupted run (even a killed process) leaves whole
batches only, and a re-run skips what is already stored (ids derive from
content). Writers queue on SQLite's write lock: `BEGIN IMMEDIATE` takes it up
front and SQLite's busy handler retries it, backing off, for up to the busy
timeout. `synchronous = NORMAL` keeps every committed batch through a crash of
the process; a power cut may lose the last batches, never the file's consistency.
Reports are indexed for full-text search with SQLite's FTS5 (accents folded),
kept in step by triggers.

A server opens one store per thread (see `newsweave.web`); a store may still
pass from one thread to the next (a streamed export is read by whichever worker
thread asks for the next chunk), which SQLite's serialized mode allows.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from newsweave.errors import StoreError
from newsweave.store.base import BUSY_TIMEOUT
from newsweave.store.sql import Row, SQLStore

#: 2: story list columns (counts, outlets, publication range) and full-text search.
#: 3: versions of a report (`report_key`, `superseded_by`).
SCHEMA_VERSION = 3

#: The schema of version 2, as version 2 wrote it. A new store is created with it and
#: then upgraded like an old one, so the upgrade to 3 is the code path every store takes.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source_id TEXT, path TEXT, kind TEXT NOT NULL, title TEXT, outlet TEXT, author TEXT,
    published TEXT, url TEXT, language TEXT, dateline TEXT,
    text TEXT NOT NULL, original TEXT NOT NULL, offsets TEXT NOT NULL, notes TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS skipped (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    position INTEGER NOT NULL, id TEXT PRIMARY KEY, title TEXT, storyline_id TEXT,
    first_reported_by TEXT, reports INTEGER NOT NULL, independent_sources INTEGER,
    conflicts INTEGER NOT NULL, outlets TEXT NOT NULL, languages TEXT NOT NULL,
    first_published TEXT, last_published TEXT,
    -- the last publication in UTC, '' when no report is dated: newest first
    sort_time TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_sort ON stories (sort_time DESC, position);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles (article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, outlet, text, content = 'articles', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, outlet, text)
    VALUES (new.seq, new.title, new.outlet, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, outlet, text)
    VALUES ('delete', old.seq, old.title, old.outlet, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, outlet, text)
    VALUES ('delete', old.seq, old.title, old.outlet, old.text);
    INSERT INTO articles_fts (rowid, title, outlet, text)
    VALUES (new.seq, new.title, new.outlet, new.text);
END;
"""

#: Set on every connection. The busy timeout is set by `sqlite3.connect(timeout=...)`.
_PRAGMAS = ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL")

#: What a version 1 store needs to become version 2. Stories are derived data:
#: they are dropped and the next `stories`, `show` or `serve` analyzes again.
_MIGRATE_FROM_1 = """
DROP TABLE IF EXISTS story_articles;
DROP TABLE IF EXISTS stories;
DELETE FROM meta WHERE key LIKE 'analysis_%';
"""

#: What a version 2 store needs to become version 3: which report each article is a
#: version of, and the newer version that replaced it (NULL for the current one).
#: The full-text index is kept in step only when what it indexes changes: marking a
#: version superseded (or keying every row on upgrade) must not re-index its text.
_MIGRATE_TO_3 = """
ALTER TABLE articles ADD COLUMN report_key TEXT;
ALTER TABLE articles ADD COLUMN superseded_by TEXT;
CREATE INDEX IF NOT EXISTS articles_report ON articles (report_key, seq);
DROP TRIGGER IF EXISTS articles_fts_update;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, outlet, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, outlet, text)
    VALUES ('delete', old.seq, old.title, old.outlet, old.text);
    INSERT INTO articles_fts (rowid, title, outlet, text)
    VALUES (new.seq, new.title, new.outlet, new.text);
END;
"""


class SQLiteStore(SQLStore):
    """A `Store` in one SQLite file (or in memory for `:memory:`).

    `busy_timeout` is how many seconds a write waits for another writer to finish.
    """

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        super().__init__()
        self.url = str(path)
        self.busy_timeout = busy_timeout
        if self.url != ":memory:":
            Path(self.url).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(
                self.url, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            for pragma in _PRAGMAS:
                self._pragma(pragma)
            self._ensure_schema(SCHEMA_VERSION, self.url)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the store {self.url}: {error}") from None

    def _pragma(self, pragma: str) -> None:
        """Set a pragma, waiting up to the busy timeout while another process holds the file.

        Written by hand because SQLite's busy handler does not cover it: turning a new
        file to WAL takes an exclusive lock, and a second process opening the same new
        store at that moment got "database is locked" at once (11 to 26 times in 80 in
        a race of two openers), where a write would have waited its turn.
        """
        deadline = time.monotonic() + self.busy_timeout
        pause = 0.005
        while True:
            try:
                self._db.execute(f"PRAGMA {pragma}")
                return
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _has_meta(self) -> bool:
        rows = self._rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
        return bool(rows)

    def _upgrade(self, version: int | None) -> None:
        """Create the schema, or bring an older store's up to this version."""
        older = version is not None and version < 2
        if older:
            self._script(_MIGRATE_FROM_1)
        self._script(_SCHEMA)
        if older:
            self._run("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        if version is None or version < 3:
            self._script(_MIGRATE_TO_3)
            self._key_reports()
        self._set_meta("schema_version", str(SCHEMA_VERSION))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so two writers queue (SQLite
        # retries within the busy timeout) instead of failing half-way with "database
        # is locked" when a read transaction cannot be upgraded to a write.
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
            raise StoreError(
                f"the store {self.url} stayed locked by another writer for "
                f"{self.busy_timeout:g} s; try again when it has finished"
            ) from None
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._db.execute(sql, params).fetchall()

    def _run(self, sql: str, params: Sequence[object] = ()) -> int:
        return self._db.execute(sql, params).rowcount

    def _run_many(self, sql: str, params: Iterable[Sequence[object]]) -> None:
        self._db.executemany(sql, params)

    def _script(self, script: str) -> None:
        # executescript would commit the open transaction; these statements run in it.
        for statement in _statements(script):
            self._db.execute(statement)

    def _match(self, text: str) -> tuple[str, list[object]] | None:
        match = fts_query(text)
        if not match:
            return None
        return (
            "SELECT sa.story_id, min(f.rank) AS best FROM articles_fts f "
            "JOIN articles a ON a.seq = f.rowid JOIN story_articles sa ON sa.article_id = a.id "
            "WHERE articles_fts MATCH ? GROUP BY sa.story_id",
            [match],
        )

    def _hits(self, text: str, limit: int) -> list[Row]:
        match = fts_query(text)
        if not match:
            return []
        return self._rows(
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 2, char(2), char(3), '…', 24) AS excerpt "
            "FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
            "WHERE articles_fts MATCH ? AND a.superseded_by IS NULL ORDER BY f.rank LIMIT ?",
            (match, limit),
        )

    def close(self) -> None:
        self._db.close()


def _busy(error: sqlite3.OperationalError) -> bool:
    """Return whether `error` says another connection holds the file (busy or locked)."""
    return error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def fts_query(text: str) -> str:
    """Return an FTS5 query for the words of `text`, each required, none read as syntax.

    Every word is quoted, so what a user types ("AND", a lone quote, "x*") is
    searched for, never parsed; accents are folded by the index's tokenizer.
    """
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", text))


def _statements(script: str) -> Iterator[str]:
    """Split a schema script into statements (a trigger body holds semicolons)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
