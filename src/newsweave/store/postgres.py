"""The server store: PostgreSQL through psycopg 3, the same schema as the SQLite file.

Chosen by a `postgresql://` URL. Full-text search uses PostgreSQL's own: a
generated `tsvector` column over title, outlet and text with a GIN index, under
a text search configuration that folds accents (the `unaccent` extension, a
trusted one that the database's owner may create), queried with
`plainto_tsquery`, so what a user types is always words, never syntax.

Writers queue on a transaction-scoped advisory lock, as SQLite's writers queue on
its write lock: without it, two ingests inserting the same reports in different
orders deadlock on the unique index, and rows could commit out of `seq` order.
A writer waits for the lock up to the busy timeout (PostgreSQL's `lock_timeout`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsweave.errors import MissingDependency, StoreError
from newsweave.store.base import BUSY_TIMEOUT
from newsweave.store.sql import Row, SQLStore

#: 3: versions of a report (`report_key`, `superseded_by`), as in the SQLite store.
SCHEMA_VERSION = 3

#: The advisory lock every write transaction holds (any number unlikely to clash).
WRITE_LOCK = 7215463

#: Only so much of a report is indexed: a tsvector holds at most 1 MB.
INDEXED_CHARS = 200_000

#: The schema of version 2, as version 2 wrote it; a new store is then upgraded like an old one.
_SCHEMA = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'newsweave_search') THEN
        CREATE TEXT SEARCH CONFIGURATION newsweave_search (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION newsweave_search
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$;
CREATE TABLE IF NOT EXISTS articles (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source_id TEXT, path TEXT, kind TEXT NOT NULL, title TEXT, outlet TEXT, author TEXT,
    published TEXT, url TEXT, language TEXT, dateline TEXT,
    text TEXT NOT NULL, original TEXT NOT NULL, offsets TEXT NOT NULL, notes TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('newsweave_search',
            coalesce(title, '') || ' ' || coalesce(outlet, '') || ' ' ||
            left(text, {INDEXED_CHARS}))
    ) STORED
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
CREATE INDEX IF NOT EXISTS articles_search ON articles USING gin (search);
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS skipped (
    seq BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    position INTEGER NOT NULL, id TEXT PRIMARY KEY, title TEXT, storyline_id TEXT,
    first_reported_by TEXT, reports INTEGER NOT NULL, independent_sources INTEGER,
    conflicts INTEGER NOT NULL, outlets TEXT NOT NULL, languages TEXT NOT NULL,
    first_published TEXT, last_published TEXT, sort_time TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_sort ON stories (sort_time DESC, position);
CREATE UNIQUE INDEX IF NOT EXISTS stories_position ON stories (position);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles (article_id);
"""

#: What a version 2 store needs to become version 3 (see the SQLite store's).
_MIGRATE_TO_3 = """
ALTER TABLE articles ADD COLUMN IF NOT EXISTS report_key TEXT;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS superseded_by TEXT;
CREATE INDEX IF NOT EXISTS articles_report ON articles (report_key, seq);
"""

#: Marks around each matching word in an excerpt, as the SQLite store marks them.
_HEADLINE = (
    "'StartSel=\"' || chr(2) || '\", StopSel=\"' || chr(3) || '\", "
    'MaxFragments=3, MaxWords=12, MinWords=5, FragmentDelimiter=" … "\''
)
_QUERY = "(SELECT plainto_tsquery('newsweave_search', ?) AS q) query"


class PostgresStore(SQLStore):
    """A `Store` in a PostgreSQL database, given by a `postgresql://` URL.

    `busy_timeout` is how many seconds a write waits for another writer to finish.
    """

    def __init__(self, url: str, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        super().__init__()
        self.url = url
        self.busy_timeout = busy_timeout
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:
            raise MissingDependency.package("psycopg[binary]", "A PostgreSQL store") from None
        try:
            self._db: Any = psycopg.connect(url, autocommit=True, row_factory=dict_row)
            self._run(
                "SELECT set_config('lock_timeout', ?, false)", (f"{round(busy_timeout * 1000)}",)
            )
            self._ensure_schema(SCHEMA_VERSION, safe_url(url))
        except psycopg.Error as error:
            self._close_quietly()
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
            raise StoreError(f"cannot open the store {safe_url(url)}: {reason}") from None
        except StoreError:
            self._close_quietly()
            raise

    def _has_meta(self) -> bool:
        return bool(self._rows("SELECT to_regclass('meta') IS NOT NULL AS found")[0]["found"])

    def _upgrade(self, version: int | None) -> None:
        self._run("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.execute(_SCHEMA)
        if version is None or version < 3:
            self._db.execute(_MIGRATE_TO_3)
            self._key_reports()
        self._set_meta("schema_version", str(SCHEMA_VERSION))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        from psycopg.errors import LockNotAvailable

        try:
            with self._db.transaction():
                self._run(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                yield
        except LockNotAvailable:
            raise StoreError(
                f"the store {safe_url(self.url)} stayed locked by another writer for "
                f"{self.busy_timeout:g} s; try again when it has finished"
            ) from None

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        rows: list[Row] = self._db.execute(_placeholders(sql), params or None).fetchall()
        return rows

    def _run(self, sql: str, params: Sequence[object] = ()) -> int:
        changed: int = self._db.execute(_placeholders(sql), params or None).rowcount
        return changed

    def _run_many(self, sql: str, params: Iterable[Sequence[object]]) -> None:
        rows = list(params)
        if rows:
            with self._db.cursor() as cursor:
                cursor.executemany(_placeholders(sql), rows)

    def _match(self, text: str) -> tuple[str, list[object]] | None:
        if not re.search(r"\w", text):
            return None
        return (
            "SELECT sa.story_id, min(-ts_rank(a.search, query.q)) AS best "
            f"FROM {_QUERY} JOIN articles a ON a.search @@ query.q "
            "JOIN story_articles sa ON sa.article_id = a.id GROUP BY sa.story_id",
            [text],
        )

    def _hits(self, text: str, limit: int) -> list[Row]:
        if not re.search(r"\w", text):
            return []
        return self._rows(
            "SELECT a.id, a.title, a.outlet, a.published, "
            f"ts_headline('newsweave_search', a.text, query.q, {_HEADLINE}) AS excerpt "
            f"FROM {_QUERY} JOIN articles a ON a.search @@ query.q "
            "WHERE a.superseded_by IS NULL "
            "ORDER BY ts_rank(a.search, query.q) DESC, a.seq LIMIT ?",
            (text, limit),
        )

    def close(self) -> None:
        self._db.close()

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()


def safe_url(url: str) -> str:
    """Return `url` with its password hidden, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _placeholders(sql: str) -> str:
    # The shared queries use SQLite's `?`; psycopg wants `%s` (and `%%` for a `%`).
    return sql.replace("%", "%%").replace("?", "%s")
