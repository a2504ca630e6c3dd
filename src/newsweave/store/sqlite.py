"""The embedded store: one SQLite file, written in atomic batches.

WAL mode lets readers (the web UI, `show`) read while an ingest writes; a batch
is one transaction, so an interrupted run leaves whole batches only, and a re-run
skips what is already stored (ids derive from content). Reports are indexed for
full-text search with SQLite's FTS5 (accents folded), kept in step by triggers.

A server opens one store per thread (see `newsweave.web`); a store may still
pass from one thread to the next (a streamed export is read by whichever worker
thread asks for the next chunk), which SQLite's serialized mode allows.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newsweave.dossier import (
    Dossier,
    StoryDossier,
    article_from_dict,
    article_to_dict,
    story_from_dict,
    story_to_dict,
)
from newsweave.errors import StoreError
from newsweave.store.base import AddResult, SearchHit, StoryPage, StoryQuery, StoryRow
from newsweave.types import Article, Moment, OffsetMap, Sentence, Skipped

#: 2: story list columns (counts, outlets, publication range) and full-text search.
SCHEMA_VERSION = 2

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

#: What a version 1 store needs to become version 2. Stories are derived data:
#: they are dropped and the next `stories`, `show` or `serve` analyzes again.
_MIGRATE_FROM_1 = """
DROP TABLE IF EXISTS story_articles;
DROP TABLE IF EXISTS stories;
DELETE FROM meta WHERE key LIKE 'analysis_%';
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
        self._current_for: tuple[object, ...] = ()
        self._current = False
        if self.url != ":memory:":
            Path(self.url).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(
                self.url, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            with self._transaction():
                self._upgrade()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the store {self.url}: {error}") from None

    def _upgrade(self) -> None:
        """Create the schema, or bring an older store's up to this version."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = SCHEMA_VERSION if row is None else int(row["value"])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.url} was written by a newer newsweave (schema {version}); "
                "upgrade newsweave to read it"
            )
        fts_missing = version < 2
        if version < 2:
            _run_script(self._db, _MIGRATE_FROM_1)
        _run_script(self._db, _SCHEMA)
        if fts_missing:
            self._db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        self._set_meta(self._db, "schema_version", str(SCHEMA_VERSION))

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
        by_id = {article.id: article for article in dossier.articles}
        with self._transaction() as db:
            db.execute("DELETE FROM story_articles")
            db.execute("DELETE FROM stories")
            for position, story in enumerate(dossier.stories):
                row = _story_row(position, story, by_id)
                db.execute(
                    f"INSERT INTO stories ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    tuple(row.values()),
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
        # Reports are only ever added, so the newest row and the saved fingerprint
        # tell whether the answer can have changed; hashing every id is kept for then.
        key = (
            self._db.execute("SELECT max(seq) FROM articles").fetchone()[0],
            self._meta("analysis_fingerprint"),
        )
        if key != self._current_for:
            ids = [row[0] for row in self._db.execute("SELECT id FROM articles")]
            self._current = key[1] == _fingerprint(ids)
            self._current_for = key
        return self._current

    def analysis_stamp(self) -> str | None:
        return self._meta("analysis_generated_at")

    # -- reading for the web and exports ------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else _article_from_row(row)

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._db.execute(
                "SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch_size)
            ).fetchall()
            if not rows:
                return
            last = rows[-1]["seq"]
            yield from (_article_from_row(row) for row in rows)

    def story(self, story_id: str) -> StoryDossier | None:
        row = self._db.execute("SELECT body FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else story_from_dict(json.loads(row["body"]))

    def iter_stories(self) -> Iterator[StoryDossier]:
        last = -1
        while True:
            rows = self._db.execute(
                "SELECT position, body FROM stories WHERE position > ? ORDER BY position LIMIT 100",
                (last,),
            ).fetchall()
            if not rows:
                return
            last = rows[-1]["position"]
            yield from (story_from_dict(json.loads(row["body"])) for row in rows)

    def story_ids_of(self, article_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT s.id FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
            "WHERE sa.article_id = ? ORDER BY s.position",
            (article_id,),
        )
        return [row["id"] for row in rows]

    def list_stories(self, query: StoryQuery) -> StoryPage:
        where: list[str] = []
        params: list[object] = []
        members = (
            "s.id IN (SELECT sa.story_id FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id WHERE {})"
        )
        if query.outlet:
            where.append(members.format("a.outlet = ?"))
            params.append(query.outlet)
        if query.language:
            where.append(members.format("a.language = ?"))
            params.append(query.language)
        if query.since or query.until:
            where.append(members.format("substr(a.published, 1, 10) BETWEEN ? AND ?"))
            params += [str(query.since or "0000-01-01"), str(query.until or "9999-12-31")]
        match = fts_query(query.text or "")
        source = "stories s"
        order = "s.sort_time DESC, s.position"
        if match:
            source = (
                "stories s JOIN (SELECT sa.story_id, min(f.rank) AS best FROM articles_fts f "
                "JOIN articles a ON a.seq = f.rowid JOIN story_articles sa ON sa.article_id = a.id "
                "WHERE articles_fts MATCH ? GROUP BY sa.story_id) hits ON hits.story_id = s.id"
            )
            params.insert(0, match)
            order = "hits.best, s.sort_time DESC, s.position"
        condition = f"WHERE {' AND '.join(where)}" if where else ""
        total = self._db.execute(f"SELECT count(*) FROM {source} {condition}", params).fetchone()
        rows = self._db.execute(
            f"SELECT s.* FROM {source} {condition} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, max(query.limit, 0), max(query.offset, 0)],
        ).fetchall()
        return StoryPage(tuple(_story_row_from(row) for row in rows), int(total[0]))

    def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        match = fts_query(text)
        if not match:
            return []
        rows = self._db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 2, char(2), char(3), '…', 24) AS excerpt "
            "FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [
            SearchHit(
                article_id=row["id"],
                title=row["title"],
                outlet=row["outlet"],
                published=row["published"],
                snippet=row["excerpt"],
                story_ids=tuple(self.story_ids_of(row["id"])),
            )
            for row in rows
        ]

    def facets(self) -> dict[str, list[str]]:
        return {
            name: [
                row[0]
                for row in self._db.execute(
                    f"SELECT DISTINCT {name} FROM articles WHERE {name} IS NOT NULL ORDER BY {name}"
                )
            ]
            for name in ("outlet", "language")
        }

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    @staticmethod
    def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def fts_query(text: str) -> str:
    """Return an FTS5 query for the words of `text`, each required, none read as syntax.

    Every word is quoted, so what a user types ("AND", a lone quote, "x*") is
    searched for, never parsed; accents are folded by the index's tokenizer.
    """
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", text))


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # executescript would commit the open transaction; these statements run in it.
    for statement in _statements(script):
        db.execute(statement)


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


def _story_row(position: int, story: StoryDossier, by_id: dict[str, Article]) -> dict[str, object]:
    members = [by_id[i] for i in story.story.article_ids if i in by_id]
    dated = sorted(
        (article.published for article in members if article.published),
        key=lambda moment: moment.value,
    )
    return {
        "position": position,
        "id": story.id,
        "title": story.story.title,
        "storyline_id": story.story.storyline_id,
        "first_reported_by": story.story.first_reported_by,
        "reports": len(story.story.article_ids),
        "independent_sources": story.independent_sources,
        "conflicts": len(story.conflicts),
        "outlets": json.dumps(sorted({a.outlet for a in members if a.outlet}), ensure_ascii=False),
        "languages": json.dumps(sorted({a.language for a in members if a.language})),
        "first_published": dated[0].isoformat() if dated else None,
        "last_published": dated[-1].isoformat() if dated else None,
        "sort_time": _utc(dated[-1]) if dated else "",
        "body": json.dumps(story_to_dict(story), ensure_ascii=False),
    }


def _utc(moment: Moment) -> str:
    return moment.value.astimezone(UTC).isoformat(timespec="seconds")


def _story_row_from(row: sqlite3.Row) -> StoryRow:
    return StoryRow(
        id=row["id"],
        title=row["title"],
        reports=row["reports"],
        independent_sources=row["independent_sources"],
        conflicts=row["conflicts"],
        outlets=tuple(json.loads(row["outlets"])),
        languages=tuple(json.loads(row["languages"])),
        first_published=row["first_published"],
        last_published=row["last_published"],
        storyline_id=row["storyline_id"],
    )


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
