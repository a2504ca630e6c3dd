"""The export formats, each an encoder from a stream of rows to a stream of byte chunks.

Every encoder holds at most one batch of rows and one chunk of output at a
time, so memory stays bounded whatever the size of the table. Each chunk comes
with the number of rows it completes, so a caller can count rows as they go.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from types import MappingProxyType
from typing import Any

from newsweave.errors import MissingDependency
from newsweave.export.rows import Row
from newsweave.export.tables import ColumnType, Table

#: Text formats hand out a chunk once this many characters are pending: large
#: enough that writes are cheap, small enough that an HTTP client sees progress.
CHUNK_CHARS = 1 << 16
#: A Parquet row group closes at `batch_size` rows or at this many characters of
#: text, whichever comes first, so a batch of long reports stays bounded too.
ROW_GROUP_CHARS = 1 << 24

Chunks = Iterator[tuple[bytes, int]]
Encoder = Callable[[Table, Iterable[Row], int], Chunks]


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its name, the media type an HTTP response gives, the file suffix."""

    name: str
    media_type: str
    suffix: str
    encode: Encoder


def dumps(value: Any) -> str:
    """Return compact JSON text that keeps non-ASCII letters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def chunk_text(pieces: Iterable[tuple[str, int]]) -> Chunks:
    """Return UTF-8 chunks of about `CHUNK_CHARS` from pieces of text and the rows each ends."""
    pending: list[str] = []
    size = rows = 0
    for text, ended in pieces:
        pending.append(text)
        size += len(text)
        rows += ended
        if size >= CHUNK_CHARS:
            yield "".join(pending).encode(), rows
            pending, size, rows = [], 0, 0
    if pending:
        yield "".join(pending).encode(), rows


def json_array(items: Iterable[Any]) -> Iterator[tuple[str, int]]:
    """Yield a JSON array of the items piece by piece, one item a line, each counted as a row."""
    # One item a line: still one JSON document, and readable with `head`.
    opening = "[\n"
    for item in items:
        yield opening + dumps(item), 1
        opening = ",\n"
    yield ("[]" if opening == "[\n" else "\n]"), 0


def encode_json(table: Table, rows: Iterable[Row], batch_size: int) -> Chunks:
    """Encode the rows as one JSON array of objects, written as the rows come."""
    return chunk_text(chain(json_array(rows), [("\n", 0)]))


def encode_jsonl(table: Table, rows: Iterable[Row], batch_size: int) -> Chunks:
    """Encode the rows as JSON Lines: one object a line."""
    return chunk_text((dumps(row) + "\n", 1) for row in rows)


def _csv_cell(value: Any) -> Any:
    # A cell holds one value: nested ones go in as JSON text, which every reader can decode.
    return dumps(value) if isinstance(value, list | dict) else value


def _csv_pieces(table: Table, rows: Iterable[Row]) -> Iterator[tuple[str, int]]:
    buffer = io.StringIO()
    # The csv module's defaults are RFC 4180: quotes doubled, CRLF line ends.
    writer = csv.writer(buffer)
    writer.writerow(table.names)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in table.names])
        yield buffer.getvalue(), 1
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue(), 0


def encode_csv(table: Table, rows: Iterable[Row], batch_size: int) -> Chunks:
    """Encode the rows as CSV with a header row; nested values are JSON text."""
    return chunk_text(_csv_pieces(table, rows))


class _Drain(io.RawIOBase):
    """A write-only file that keeps what is written until drained, and counts every byte.

    pyarrow writes Parquet to a file-like object and records absolute offsets in
    the footer from `tell()`; this one reports the full length written while
    holding only the bytes not yet handed on, so a file of any size streams.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        block = bytes(data)
        self._pending.append(block)
        self._position += len(block)
        return len(block)

    def tell(self) -> int:
        return self._position

    def drain(self) -> bytes:
        """Return the bytes written since the last drain, and forget them."""
        block = b"".join(self._pending)
        self._pending.clear()
        return block


def _arrow_schema(table: Table) -> Any:
    """Return the Parquet schema of a table: one Arrow type per column type."""
    try:
        import pyarrow as pa
    except ImportError:
        raise MissingDependency.package("pyarrow", "Parquet export") from None
    span = pa.struct([("article_id", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
    types: dict[ColumnType, Any] = {
        "text": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "texts": pa.list_(pa.string()),
        "spans": pa.list_(span),
        "passages": pa.list_(pa.struct([("source", span), ("derived", span)])),
        "json": pa.string(),
    }
    return pa.schema([pa.field(column.name, types[column.type]) for column in table.columns])


def _column_groups(
    table: Table, rows: Iterable[Row], batch_size: int
) -> Iterator[tuple[dict[str, list[Any]], int]]:
    """Return the rows as columns, `batch_size` rows at a time; fewer past `ROW_GROUP_CHARS`.

    The same lists are emptied and refilled for each group, so one group is in
    memory at a time: the caller must be done with a group when it asks for the next.
    """
    nested = {c.name for c in table.columns if c.type == "json"}
    columns: dict[str, list[Any]] = {name: [] for name in table.names}
    count = size = 0
    for row in rows:
        for name, values in columns.items():
            value = row[name]
            # Arrow has no column type for free-form nested values: they go in as JSON text.
            values.append(dumps(value) if name in nested else value)
            size += len(value) if isinstance(value, str) else 0
        count += 1
        if count >= batch_size or size >= ROW_GROUP_CHARS:
            yield columns, count
            for values in columns.values():
                values.clear()
            count = size = 0
    if count:
        yield columns, count


def encode_parquet(table: Table, rows: Iterable[Row], batch_size: int) -> Chunks:
    """Encode the rows as Parquet, one row group per batch, yielding each group's bytes."""
    schema = _arrow_schema(table)
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = _Drain()
    with pq.ParquetWriter(sink, schema) as writer:
        for columns, count in _column_groups(table, rows, batch_size):
            writer.write_table(pa.Table.from_pydict(columns, schema=schema), row_group_size=count)
            yield sink.drain(), count
    yield sink.drain(), 0


#: Every export format by name.
FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        "json": Format("json", "application/json", ".json", encode_json),
        "jsonl": Format("jsonl", "application/x-ndjson", ".jsonl", encode_jsonl),
        "csv": Format("csv", "text/csv; charset=utf-8", ".csv", encode_csv),
        "parquet": Format("parquet", "application/vnd.apache.parquet", ".parquet", encode_parquet),
    }
)
