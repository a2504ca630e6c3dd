"""Exports of everything in a store, streamed: any table in JSON, JSONL, CSV or Parquet.

    from newsweave.export import write_export, stream_export
    with open("claims.parquet", "wb") as sink:
        write_export(store, "claims", "parquet", sink)    # rows written
    for chunk in stream_export(store, "articles", "csv"):  # an HTTP body, chunk by chunk
        ...

`TABLES` lists the tables with their documented columns, `FORMATS` the formats
with their media types and suffixes; `"dossier"` is the whole store as one
dossier JSON document. Rows are read from the store a batch at a time and
written as they come, so memory stays bounded by a batch whatever the size of the
store. The CLI's `export` command and the API's export route are thin shells
over `write_export` and `stream_export`.

Reading an export back with pandas gives the same rows in every format; for CSV
pass `keep_default_na=False, na_values=[""]` so that text such as "NA" stays text.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from typing import BinaryIO

from newsweave.errors import ParameterError
from newsweave.export.dossier import encode_dossier
from newsweave.export.formats import FORMATS, Chunks, Format
from newsweave.export.rows import Row
from newsweave.export.tables import TABLES, Column, ColumnType, Table
from newsweave.store import Store

#: The whole store as one document, in the shape of `Dossier.to_dict()` (JSON only).
DOSSIER = "dossier"
#: Rows per Parquet row group: what an export holds in memory at once.
DEFAULT_BATCH = 10_000


def _unknown(name: str, got: str, choices: list[str]) -> ParameterError:
    error = ParameterError.invalid(name, f"one of {', '.join(choices)}", got)
    close = get_close_matches(got, choices, n=1)
    return ParameterError(f"{error.message} Did you mean '{close[0]}'?") if close else error


def table_of(name: str) -> Table:
    """Return the table called `name`, or raise `ParameterError` listing the tables."""
    if name not in TABLES:
        raise _unknown("table", name, list(TABLES))
    return TABLES[name]


def format_of(name: str) -> Format:
    """Return the format called `name`, or raise `ParameterError` listing the formats."""
    if name not in FORMATS:
        raise _unknown("format", name, list(FORMATS))
    return FORMATS[name]


def iter_rows(store: Store, table: str) -> Iterator[Row]:
    """Return the rows of a table, read from the store as they are consumed.

    The name is checked at once, not on the first row.
    """
    return table_of(table).rows(store)


def check_export(table: str, fmt: str, *, batch_size: int = DEFAULT_BATCH) -> None:
    """Raise `ParameterError` unless `table` can be exported as `fmt` (before touching a store)."""
    if table == DOSSIER:
        if fmt != "json":
            raise ParameterError.invalid(
                "format", "json for the dossier (export one of its tables for other formats)", fmt
            )
        return
    if table not in TABLES:
        raise _unknown("table", table, [*TABLES, DOSSIER])
    format_of(fmt)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ParameterError.invalid("batch_size", "a positive integer", batch_size)


def _chunks(store: Store, table: str, fmt: str, batch_size: int) -> Chunks:
    """Check every argument now, then return the export as (bytes, rows they complete)."""
    check_export(table, fmt, batch_size=batch_size)
    if table == DOSSIER:
        return encode_dossier(store)
    chosen = TABLES[table]
    return FORMATS[fmt].encode(chosen, chosen.rows(store), batch_size)


def stream_export(
    store: Store, table: str, fmt: str, *, batch_size: int = DEFAULT_BATCH
) -> Iterator[bytes]:
    """Return the export of a table (or `"dossier"`) as byte chunks, produced as they are read.

    For an HTTP streaming response: the arguments are checked before this
    returns, so a bad table or format fails before any byte is sent. Parquet
    comes one row group per chunk, then its footer.
    """
    chunks = _chunks(store, table, fmt, batch_size)
    return (data for data, _ in chunks if data)


def write_export(
    store: Store, table: str, fmt: str, sink: BinaryIO, *, batch_size: int = DEFAULT_BATCH
) -> int:
    """Write the export of a table (or `"dossier"`) to a binary file; return the rows written.

    `sink` may be a file or `sys.stdout.buffer`: it is written in order and never
    seeked. For the dossier the rows are its articles, stories and skipped inputs.
    """
    written = 0
    for data, rows in _chunks(store, table, fmt, batch_size):
        sink.write(data)
        written += rows
    return written


def export_filename(table: str, fmt: str) -> str:
    """Return the file name an export is saved under: "claims.csv", "dossier.json"."""
    if table == DOSSIER:
        return f"{DOSSIER}.json"
    return f"{table_of(table).name}{format_of(fmt).suffix}"


__all__ = [
    "DEFAULT_BATCH",
    "DOSSIER",
    "FORMATS",
    "TABLES",
    "Column",
    "ColumnType",
    "Format",
    "Row",
    "Table",
    "check_export",
    "export_filename",
    "format_of",
    "iter_rows",
    "stream_export",
    "table_of",
    "write_export",
]
