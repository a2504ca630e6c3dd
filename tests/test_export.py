"""Exports: every table in every format reads back the same, streams, and fails clearly."""

from __future__ import annotations

import io
import json
import math
import random
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

import newsweave as nw
from newsweave.errors import ParameterError
from newsweave.export import (
    DOSSIER,
    FORMATS,
    TABLES,
    check_export,
    export_filename,
    iter_rows,
    stream_export,
    write_export,
)
from newsweave.export.rows import ARTICLE_BATCH
from newsweave.store.sqlite import SQLiteStore
from newsweave.types import Article, Moment

EXAMPLE = Path(nw.__file__).parent / "example"

#: A report whose title holds a comma, quotes and a line break, and whose words are not ASCII.
ODD_TITLE = 'Harbour fees, "temporary" rise\nexplained'
ODD = Article(
    id="odd0000000000001",
    kind="string",
    title=ODD_TITLE,
    outlet="Kystposten Ærø",
    language="en",
    published=Moment(datetime(2026, 3, 24, 9, 30, tzinfo=UTC), "minute"),
    text=(
        "Harbour fees in Nørreby will rise by 12% from 1 July, the port authority said on "
        'Tuesday.\n\n"It is temporary," said Åse Lindqvist, the harbour master. Ferry '
        'operators, she added, were "not amused".'
    ),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    """The example corpus plus one odd report and one skipped record, analyzed once."""
    store = SQLiteStore(tmp_path_factory.mktemp("export") / "store.db")
    found = nw.read([EXAMPLE])
    unreadable = nw.read_records([{"title": "A record without its text"}])
    store.add([*found.articles, ODD], skipped=[*found.skipped, *unreadable.skipped])
    nw.analyze(store.articles(), store=store)
    yield store
    store.close()


# -- reading an export back with pandas ------------------------------------------------------


def _plain(value: Any) -> Any:
    """Return a value pandas read as the plain Python value it stands for (NaN -> None)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return [_plain(item) for item in items] if isinstance(items, list) else _plain(items)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _read_back(path: Path, table: str, fmt: str) -> pd.DataFrame:
    """Read an export with pandas the way a user would, each format with its usual options."""
    columns = TABLES[table].columns
    if fmt == "json":
        return pd.read_json(path, orient="records", dtype=False, precise_float=True)
    if fmt == "jsonl":
        if not path.read_bytes():
            return pd.DataFrame()
        return pd.read_json(path, lines=True, dtype=False, precise_float=True)
    if fmt == "csv":
        frame = pd.read_csv(
            path,
            dtype={c.name: str for c in columns if c.type not in ("integer", "number", "boolean")},
            keep_default_na=False,
            na_values=[""],
        )
        for column in columns:
            if column.type in ("texts", "spans", "passages", "json"):
                frame[column.name] = frame[column.name].map(json.loads)
        return frame
    frame = pd.read_parquet(path)
    for column in columns:
        if column.type == "json":
            frame[column.name] = frame[column.name].map(json.loads)
    return frame


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _export(store: SQLiteStore, table: str, fmt: str, folder: Path) -> tuple[Path, int]:
    path = folder / export_filename(table, fmt)
    with path.open("wb") as sink:
        written = write_export(store, table, fmt, sink, batch_size=7)
    return path, written


# -- every table, every format ---------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_every_row_has_exactly_the_documented_columns(store: SQLiteStore, table: str) -> None:
    names = TABLES[table].names
    assert all(column.doc for column in TABLES[table].columns)
    mismatched = [tuple(row) for row in iter_rows(store, table) if tuple(row) != names]
    assert mismatched[:1] == [], f"{table}: columns {names}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_pandas_reads_back_the_rows_of_iter_rows(
    store: SQLiteStore, table: str, fmt: str, tmp_path: Path
) -> None:
    expected = [_plain(row) for row in iter_rows(store, table)]
    path, written = _export(store, table, fmt, tmp_path)
    frame = _read_back(path, table, fmt)
    assert written == len(expected)
    if expected or fmt in ("csv", "parquet"):
        assert list(frame.columns) == list(TABLES[table].names)
    assert _records(frame) == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", ["articles", "conflicts", "dates", "skipped"])
def test_streamed_bytes_equal_the_written_file(
    store: SQLiteStore, table: str, fmt: str, tmp_path: Path
) -> None:
    path, _ = _export(store, table, fmt, tmp_path)
    streamed = b"".join(stream_export(store, table, fmt, batch_size=7))
    assert streamed == path.read_bytes()


def test_the_example_corpus_fills_the_tables_a_reader_looks_for(store: SQLiteStore) -> None:
    counts = {table: sum(1 for _ in iter_rows(store, table)) for table in TABLES}
    empty = [table for table, count in counts.items() if count == 0]
    # No abstractive summary without an LLM endpoint: that table alone stays empty.
    assert empty == ["abstract"], counts
    assert (counts["articles"], counts["skipped"]) == (store.article_count(), 1), counts


@pytest.mark.parametrize("fmt", FORMATS)
def test_commas_quotes_line_breaks_and_accents_survive(
    store: SQLiteStore, fmt: str, tmp_path: Path
) -> None:
    path, _ = _export(store, "articles", fmt, tmp_path)
    odd = next(row for row in _records(_read_back(path, "articles", fmt)) if row["id"] == ODD.id)
    assert (odd["title"], odd["outlet"], odd["text"]) == (ODD_TITLE, ODD.outlet, ODD.text)
    assert odd["published"] == "2026-03-24T09:30+00:00"
    assert len(odd["story_ids"]) == 1


def test_conflict_rows_carry_both_sides_of_the_planted_number(
    store: SQLiteStore, tmp_path: Path
) -> None:
    path, _ = _export(store, "conflicts", "csv", tmp_path)
    rows = _records(_read_back(path, "conflicts", "csv"))
    sides = {row["value"]: row for row in rows if row["kind"] == "number"}
    assert {"540,000,000 EUR", "450,000,000 EUR"} <= set(sides), sorted(sides)
    larger, smaller = sides["540,000,000 EUR"], sides["450,000,000 EUR"]
    assert larger["index"] == smaller["index"]
    assert "540-million-euro" in larger["text"] and "450-million-euro" in smaller["text"]
    assert larger["article_ids"] and smaller["article_ids"]
    assert not set(larger["article_ids"]) & set(smaller["article_ids"])


def test_parquet_holds_one_row_group_per_batch_with_typed_columns(
    store: SQLiteStore, tmp_path: Path
) -> None:
    path, written = _export(store, "claims", "parquet", tmp_path)
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == math.ceil(written / 7)
    assert str(parquet.schema_arrow.field("article_ids").type) == "list<element: string>"
    assert str(parquet.schema_arrow.field("independent_sources").type) == "int64"


# -- the whole dossier -----------------------------------------------------------------------


def test_the_dossier_export_is_the_stored_dossier(store: SQLiteStore) -> None:
    sink = io.BytesIO()
    written = write_export(store, DOSSIER, "json", sink)
    dossier = store.load_analysis()
    assert dossier is not None
    assert json.loads(sink.getvalue()) == dossier.to_dict()
    assert written == len(dossier.articles) + len(dossier.stories) + len(dossier.skipped)
    assert b"".join(stream_export(store, DOSSIER, "json")) == sink.getvalue()


@pytest.mark.shared
def test_the_dossier_export_passes_the_contract_check(
    store: SQLiteStore, check_dossier: Callable[[str], str]
) -> None:
    text = b"".join(stream_export(store, DOSSIER, "json")).decode()
    assert check_dossier(text) == "ok"


def test_a_store_never_analyzed_exports_its_articles_and_no_stories(tmp_path: Path) -> None:
    bare = SQLiteStore(tmp_path / "bare.db")
    bare.add([ODD])
    document = json.loads(b"".join(stream_export(bare, DOSSIER, "json")))
    assert ([a["id"] for a in document["articles"]], document["stories"]) == ([ODD.id], [])
    assert [row["story_ids"] for row in iter_rows(bare, "articles")] == [[]]
    assert b"".join(stream_export(bare, "claims", "json")) == b"[]\n"


# -- clear errors ----------------------------------------------------------------------------


def test_an_unknown_table_lists_the_tables_and_suggests_the_nearest(store: SQLiteStore) -> None:
    with pytest.raises(ParameterError) as caught:
        stream_export(store, "storys", "csv")
    message = caught.value.message
    assert message.startswith("The 'table' parameter must be one of articles, stories,"), message
    assert "dossier" in message and "Got 'storys' instead. Did you mean 'stories'?" in message


def test_an_unknown_format_lists_the_formats(store: SQLiteStore) -> None:
    with pytest.raises(ParameterError) as caught:
        write_export(store, "claims", "xlsx", io.BytesIO())
    assert caught.value.message == (
        "The 'format' parameter must be one of json, jsonl, csv, parquet. Got 'xlsx' instead."
    )


def test_the_dossier_is_json_only_and_says_what_to_export_instead() -> None:
    with pytest.raises(ParameterError, match=r"json for the dossier.*Got 'csv'"):
        check_export(DOSSIER, "csv")
    with pytest.raises(ParameterError, match="'batch_size' parameter must be a positive"):
        check_export("claims", "csv", batch_size=0)
    with pytest.raises(ParameterError, match="'table' parameter"):
        iter_rows(SQLiteStore(":memory:"), "nothing")


def test_media_types_and_file_names() -> None:
    assert {name: f.media_type for name, f in FORMATS.items()} == {
        "json": "application/json",
        "jsonl": "application/x-ndjson",
        "csv": "text/csv; charset=utf-8",
        "parquet": "application/vnd.apache.parquet",
    }
    assert [export_filename("claims", "csv"), export_filename(DOSSIER, "json")] == [
        "claims.csv",
        "dossier.json",
    ]


# -- streaming -------------------------------------------------------------------------------

WORDS = "flood barrier treaty river council budget ferry harbour minister signed".split()
SYNTHETIC = 6000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    """A store of a few thousand short synthetic reports (not analyzed)."""
    store = SQLiteStore(tmp_path_factory.mktemp("export") / "big.db")
    pick = random.Random(7)
    store.add(
        Article(
            id=f"synthetic{number:07d}",
            kind="string",
            title=f"Report {number}",
            outlet=f"Outlet {number % 40}",
            text=" ".join(pick.choice(WORDS) for _ in range(150)),
        )
        for number in range(SYNTHETIC)
    )
    yield store
    store.close()


class _CountingStore(SQLiteStore):
    """A store that counts the articles it has handed out."""

    handed_out = 0

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        for article in super().iter_articles(batch_size):
            self.handed_out += 1
            yield article


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_first_chunk_comes_before_the_store_is_read_through(
    big_store: SQLiteStore, fmt: str
) -> None:
    store = _CountingStore(big_store.url)
    chunks = stream_export(store, "articles", fmt, batch_size=500)
    next(chunks)
    assert 0 < store.handed_out < SYNTHETIC / 2
    assert sum(1 for _ in chunks) >= 5
    assert store.handed_out == SYNTHETIC
    store.close()


class _Discard(io.RawIOBase):
    """A sink that keeps nothing, only counts the bytes written to it."""

    size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        return len(data)


def _peak(work: Callable[[], object]) -> int:
    """Return the most memory Python held at once while `work` ran, in bytes."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", FORMATS)
def test_memory_stays_bounded_by_a_batch(big_store: SQLiteStore, fmt: str) -> None:
    text_size = sum(len(row["text"]) for row in iter_rows(big_store, "articles"))
    reading = _peak(lambda: sum(1 for _ in big_store.iter_articles(ARTICLE_BATCH)))
    sink = _Discard()
    exporting = _peak(lambda: write_export(big_store, "articles", fmt, sink, batch_size=500))  # type: ignore[arg-type]
    # Beyond the batch the store hands over, an export holds a chunk or a row group.
    figures = f"{fmt}: peak {exporting:,} bytes, {reading:,} to read, {text_size:,} of text"
    assert exporting < reading + 2**20, figures
    assert exporting < text_size / 2, figures
    assert sink.size > 0
