"""The embedded store: one SQLite file, written in atomic batches.

WAL mode lets readers (the web UI, `show`) read while an ingest writes; a batch
is one transaction, so an interrupted run leaves whole batches only, and a re-run
skips what is already stored (ids derive from content).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newsweave.dossier import (
    Dossier,
    article_from_dict,
    article_to_dict,
    story_from_dict,
    story_to_dict,
)
from newsweave.errors import StoreError
from newsweave.store.base import AddResult
from newsweave.types import Article, OffsetMap, Sentence, Skipped

SCHEMA_VERSION = 1

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
    first_reported_by TEXT, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (story_id, article_id)
);
"""

_ARTICLE_FIELDS = (
    "id",
    "source_id",
    "path",
    "kind",
    "title",
    "outlet",
    "author",
    "published",
    "url",
    "language",
    "dateline",
)


class SQLiteStore:
    """A `Store` in one SQLite file (or in memory for `:memory:`)."""

    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        if self.url != ":memory:":
            Path(self.url).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.url, timeout=30, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
            # executescript commits on its own; the statements are idempotent.
            self._db.executescript(_SCHEMA)
            with self._transaction():
                self._check_version()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the store {self.url}: {error}") from None

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self._db.execute(
                "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        elif int(row["value"]) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.url} was written by a newer newsweave (schema {row['value']}); "
                "upgrade newsweave to read it"
            )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front, so two writers queue
        # instead of failing half-way with "database is locked".
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- articles ---------------------------------------------------------------------------

    def add(self, articles: Iterable[Article], *, skipped: Iterable[Skipped] = ()) -> AddResult:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added: list[str] = []
        known: list[str] = []
        batch = list(articles)
        with self._transaction() as db:
            for article in batch:
                row = _article_row(article, now)
                # ON CONFLICT, not OR IGNORE: OR IGNORE would also swallow a NOT NULL
                # violation and report a broken row as "already stored".
                cursor = db.execute(
                    f"INSERT INTO articles ({', '.join(row)}) "
                    f"VALUES ({', '.join('?' * len(row))}) ON CONFLICT (id) DO NOTHING",
                    tuple(row.values()),
                )
                (added if cursor.rowcount else known).append(article.id)
            db.executemany(
                "INSERT INTO skipped (source, reason, at) VALUES (?, ?, ?)",
                [(item.source, item.reason, now) for item in skipped],
            )
        return AddResult(tuple(added), tuple(known))

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._db.execute("SELECT * FROM articles ORDER BY seq").fetchall()
            return [_article_from_row(row) for row in rows]
        found: dict[str, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            query = f"SELECT * FROM articles WHERE id IN ({', '.join('?' * len(chunk))})"
            found.update(
                (row["id"], _article_from_row(row)) for row in self._db.execute(query, chunk)
            )
        return [found[i] for i in ids if i in found]

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def skipped(self) -> list[Skipped]:
        rows = self._db.execute("SELECT source, reason FROM skipped ORDER BY seq").fetchall()
        return [Skipped(row["source"], row["reason"]) for row in rows]

    # -- sentences --------------------------------------------------------------------------

    def save_sentences(self, sentences: Iterable[Sentence]) -> None:
        with self._transaction() as db:
            db.executemany(
                'INSERT OR REPLACE INTO sentences (article_id, idx, start, "end") '
                "VALUES (?, ?, ?, ?)",
                [(s.article_id, s.index, s.start, s.end) for s in sentences],
            )

    def sentences(self, article_id: str) -> list[Sentence]:
        text_row = self._db.execute(
            "SELECT text FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if text_row is None:
            return []
        text = text_row["text"]
        rows = self._db.execute(
            'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            (article_id,),
        )
        return [
            Sentence(article_id, r["idx"], r["start"], r["end"], text[r["start"] : r["end"]])
            for r in rows
        ]

    # -- analysis ---------------------------------------------------------------------------

    def save_analysis(self, dossier: Dossier) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM story_articles")
            db.execute("DELETE FROM stories")
            for position, story in enumerate(dossier.stories):
                body = story_to_dict(story)
                db.execute(
                    "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        position,
                        story.id,
                        story.story.title,
                        story.story.storyline_id,
                        story.story.first_reported_by,
                        json.dumps(body, ensure_ascii=False),
                    ),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO story_articles VALUES (?, ?)",
                    [(story.id, article_id) for article_id in story.story.article_ids],
                )
            covered = [article.id for article in dossier.articles]
            self._set_meta(db, "analysis_fingerprint", _fingerprint(covered))
            self._set_meta(db, "analysis_generated_at", dossier.generated_at.isoformat())
            self._set_meta(db, "analysis_pending", json.dumps(dossier.pending_sections))

    def load_analysis(self) -> Dossier | None:
        generated = self._meta("analysis_generated_at")
        if generated is None:
            return None
        rows = self._db.execute("SELECT body FROM stories ORDER BY position").fetchall()
        return Dossier(
            articles=tuple(self.articles()),
            stories=tuple(story_from_dict(json.loads(row["body"])) for row in rows),
            skipped=tuple(self.skipped()),
            generated_at=datetime.fromisoformat(generated),
            pending_sections=tuple(json.loads(self._meta("analysis_pending") or "[]")),
        )

    def analysis_is_current(self) -> bool:
        ids = [row[0] for row in self._db.execute("SELECT id FROM articles")]
        return self._meta("analysis_fingerprint") == _fingerprint(ids)

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    @staticmethod
    def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _fingerprint(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def _article_row(article: Article, ingested_at: str) -> dict[str, object]:
    data = article_to_dict(article)
    row: dict[str, object] = {name: data[name] for name in _ARTICLE_FIELDS}
    row.update(
        text=article.text,
        original=article.original,
        offsets=json.dumps(article.offsets.anchors),
        notes=json.dumps(list(article.notes), ensure_ascii=False),
        ingested_at=ingested_at,
    )
    return row


def _article_from_row(row: sqlite3.Row) -> Article:
    data = {name: row[name] for name in _ARTICLE_FIELDS}
    data.update(text=row["text"], notes=json.loads(row["notes"]))
    anchors = tuple((int(a), int(b)) for a, b in json.loads(row["offsets"]))
    return article_from_dict(data, original=row["original"], offsets=OffsetMap(anchors))
