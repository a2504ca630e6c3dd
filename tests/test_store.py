from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.errors import StoreError
from newsweave.store import Store, StoryQuery, add_in_batches, open_store

REPORTS = [
    "date 2026-01-05 PORT AMBREL\n\nThe river rose by two metres overnight and the mayor "
    "closed the old bridge to traffic, officials said on Monday.",
    "Ana Diaz. Harbour Times [HT].\nA new ferry line between Brenna and Ostmouth opens in May, "
    "the transport ministry announced.",
    "---\ntitle: Council approves budget\npublished: 2026-01-04T09:00:00+01:00\n---\n\nThe city "
    "council approved a budget of 12 million for flood defences on Sunday evening.",
]


@pytest.fixture
def articles() -> nw.ReadResult:
    result = nw.read_texts(REPORTS)
    assert len(result.articles) == 3, result.skipped
    return result


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def example(example_store_url: str) -> Iterator[Store]:
    """The analyzed example corpus, in each backend."""
    with open_store(example_store_url) as opened:
        yield opened


def test_articles_round_trip_with_metadata_and_offsets(store: Store, articles) -> None:
    store.add(articles)
    assert store.articles() == list(articles.articles)


def test_storing_the_same_report_twice_keeps_one_copy(store: Store, articles) -> None:
    first = store.add(articles)
    second = store.add(articles)
    assert (len(first.added), len(second.added), len(second.already_stored)) == (3, 0, 3)
    assert store.article_count() == 3


def test_a_failing_batch_stores_nothing(store: Store, articles) -> None:
    broken = replace(articles.articles[1], text=None)  # NOT NULL violated mid-batch
    with pytest.raises(Exception, match=r"NOT NULL|not-null"):
        store.add([articles.articles[0], broken, articles.articles[2]])
    assert store.article_count() == 0


def test_batches_interrupted_then_rerun_finish_without_duplicates(store, articles) -> None:
    calls = []

    def crash_after_first_batch(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        add_in_batches(store, articles.articles, batch_size=2, progress=crash_after_first_batch)
    assert store.article_count() == 2
    outcome = add_in_batches(store, articles.articles, batch_size=2)
    assert (len(outcome.added), len(outcome.already_stored)) == (1, 2)
    assert [a.id for a in store.articles()] == [a.id for a in articles.articles]


def test_skipped_inputs_are_kept(store: Store) -> None:
    result = nw.read_texts([REPORTS[0], "", "   "])
    store.add(result, skipped=result.skipped)
    assert [s.source for s in store.skipped()] == ["text #2", "text #3"]


def test_analysis_round_trips_and_knows_when_it_is_stale(store: Store, articles) -> None:
    store.add(articles.articles[:2])
    assert store.load_analysis() is None
    dossier = nw.analyze(store.articles(), store=store)
    loaded = store.load_analysis()
    assert loaded is not None
    assert loaded.to_dict()["stories"] == dossier.to_dict()["stories"]
    assert store.analysis_is_current()
    store.add(articles.articles[2:])
    assert not store.analysis_is_current()


def test_sentences_are_stored_with_offsets(store: Store, articles) -> None:
    store.add(articles)
    nw.analyze(articles, store=store)
    article = articles.articles[0]
    sentences = store.sentences(article.id)
    assert sentences and all(article.text[s.start : s.end] == s.text for s in sentences)


def test_store_survives_reopening(store_url: str, articles) -> None:
    with open_store(store_url) as first:
        first.add(articles)
    with open_store(store_url) as again:
        assert (again.article_count(), again.articles()) == (3, list(articles.articles))


def test_a_sqlite_url_names_a_file(tmp_path: Path, articles) -> None:
    path = tmp_path / "nested" / "store.db"
    first = open_store(path)
    first.add(articles)
    first.close()
    assert open_store(f"sqlite:///{path}").article_count() == 3


def test_an_unreachable_postgresql_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://reader:s3cret@127.0.0.1:9/news?connect_timeout=2")
    message = caught.value.message
    assert message.startswith("cannot open the store postgresql://reader:***@127.0.0.1:9/news")
    assert "s3cret" not in message


def test_unknown_url_scheme_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="no store backend for 'mysql://'"):
        open_store("mysql://localhost/news")


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(path)


# -- reading for the web: story lists, search, facets -------------------------------------


def test_story_list_is_newest_first_with_counts(example: Store) -> None:
    store = example
    page = store.list_stories(StoryQuery())
    assert page.total == len(page.rows) == 3
    times = [row.last_published for row in page.rows]
    assert times[0] == "2026-03-27T10:00:00+01:00", times
    barrier = next(row for row in page.rows if row.reports > 1)
    assert (barrier.reports, barrier.independent_sources, barrier.conflicts) == (7, 4, 3)
    assert set(barrier.languages) == {"en", "es"}
    assert "El Heraldo de Valmira" in barrier.outlets


def test_story_list_filters_by_words_outlet_language_and_dates(example: Store) -> None:
    store = example

    def titles(**query: object) -> list[str | None]:
        return [row.title for row in store.list_stories(StoryQuery(**query)).rows]  # type: ignore[arg-type]

    barrier = "Calvera and Estmark agree to build joint flood barrier on the Seline River"
    assert titles(text="embankments")[0] == barrier  # best match first
    assert titles(text="construirán") == [barrier]  # the Spanish report
    assert titles(text="construiran") == [barrier]  # accents folded
    assert titles(language="es") == [barrier]
    assert titles(outlet="The Harbour Times") == [barrier]
    assert titles(since=date(2026, 3, 25), until=date(2026, 3, 25)) == [
        "Tram line 4 to close over Easter for track repairs"
    ]
    assert titles(text="no-such-word-anywhere") == []


def test_search_treats_what_users_type_as_words_not_syntax(example: Store) -> None:
    store = example
    for hostile in [
        '"',
        "AND",
        "barrier OR",
        "NEAR(",
        "*",
        "col:umn",
        "'); DROP TABLE articles;--",
    ]:
        store.search(hostile)  # must not raise
    hits = store.search("ostmouth embankments")
    assert hits and all("\x02" in hit.snippet for hit in hits), hits
    assert all(hit.story_ids for hit in hits)
    assert store.article_count() == 9


def test_facets_list_outlets_and_languages(example: Store) -> None:
    facets = example.facets()
    assert facets["language"] == ["en", "es"]
    assert "Meridian Press Agency" in facets["outlet"]


def test_a_version_1_store_is_upgraded_and_analyzed_again(tmp_path: Path, articles) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1'), ('analysis_generated_at', 'x');
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
            source_id TEXT, path TEXT, kind TEXT NOT NULL, title TEXT, outlet TEXT, author TEXT,
            published TEXT, url TEXT, language TEXT, dateline TEXT,
            text TEXT NOT NULL, original TEXT NOT NULL, offsets TEXT NOT NULL, notes TEXT NOT NULL,
            ingested_at TEXT NOT NULL);
        CREATE TABLE stories (position INTEGER NOT NULL, id TEXT PRIMARY KEY, title TEXT,
            storyline_id TEXT, first_reported_by TEXT, body TEXT NOT NULL);
        INSERT INTO articles (id, kind, text, original, offsets, notes, ingested_at)
        VALUES ('a1', 'text', 'The flood barrier was approved.', 'x', '[[0, 0]]', '[]', 'now');
        """
    )
    old.close()
    store = open_store(path)
    assert store.article_count() == 1
    assert store.load_analysis() is None and not store.analysis_is_current()
    assert [hit.article_id for hit in store.search("barrier")] == ["a1"]
    store.add(articles)
    assert len(store.search("ferry")) == 1


def test_a_store_written_by_a_newer_newsweave_is_refused(store_url: str) -> None:
    with open_store(store_url) as store:
        store._set_meta("schema_version", "99")  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match=r"written by a newer newsweave \(schema 99\)"):
        open_store(store_url)


def test_state_is_kept_across_opens_and_apart_from_the_analysis(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.state("watch:https://example.org/feed") is None
        store.set_state("watch:https://example.org/feed", '{"etag": "\\"v1\\""}')
        store.set_state("brief:last", "2026-12-01T06:00:00+00:00")
        store.set_state("brief:last", "2026-12-02T06:00:00+00:00")
    with open_store(store_url) as store:
        assert store.state("watch:https://example.org/feed") == '{"etag": "\\"v1\\""}'
        assert store.state("brief:last") == "2026-12-02T06:00:00+00:00"
        # A key named like newsweave's own metadata is not that metadata.
        store.set_state("schema_version", "999")
        store.set_state("watch:https://example.org/feed", None)
    with open_store(store_url) as store:
        assert store.state("watch:https://example.org/feed") is None
        assert store.state("schema_version") == "999"
