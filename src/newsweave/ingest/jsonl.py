"""JSON Lines: one report per line, `text` required (see DESIGN.md for the fields).

A JSON Lines file may be a whole corpus, so it has no size limit of its own:
each line has (`max_bytes`), and a file is read line by line, never holding
more than one line's limit of it in memory, even when a line never ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from newsweave.errors import UnreadableInput
from newsweave.ingest.decode import binary_reason
from newsweave.ingest.records import RawReport
from newsweave.types import Skipped

# Bytes read at once while skipping the rest of a line over the limit.
_SKIP_CHUNK = 1 << 20
# Bytes looked at to tell a binary file from JSON Lines.
_SNIFF_BYTES = 8192


def read_jsonl_stream(
    stream: BinaryIO, *, path: str, max_bytes: int
) -> Iterator[RawReport | Skipped]:
    """Yield a report for each line of a binary stream, or the reason a line was skipped.

    Raises `UnreadableInput` (for the whole file) when the stream is a binary
    file: JSON has no raw NUL bytes, and a compressed file is no JSON Lines.
    """
    head = stream.read(_SNIFF_BYTES)
    reason = binary_reason(head)
    if reason:
        raise UnreadableInput(reason)
    stream.seek(0)
    for number, line in enumerate(_bounded_lines(stream, max_bytes), start=1):
        if isinstance(line, int):
            yield Skipped(f"{path}:{number}", _too_long(line, max_bytes))
            continue
        found = _read_line(line, number, path)
        if found is not None:
            yield found


def read_jsonl(
    lines: Iterable[bytes | str], *, path: str, max_bytes: int
) -> Iterator[RawReport | Skipped]:
    """Yield a report for each line, or the reason a line was skipped (as `path:line`)."""
    for number, line in enumerate(lines, start=1):
        if len(line) > max_bytes:
            yield Skipped(f"{path}:{number}", _too_long(len(line), max_bytes))
            continue
        found = _read_line(line, number, path)
        if found is not None:
            yield found


def _bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | int]:
    """Yield each line of `stream`; for a line over `max_bytes`, its size in bytes instead.

    Iterating a file reads a whole line into memory however long it is (a 1 GB
    file with no line break is one line); `readline` with a limit does not.
    """
    while line := stream.readline(max_bytes + 1):
        if len(line) <= max_bytes:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := stream.readline(_SKIP_CHUNK)):
            size += len(line)
        yield size


def _too_long(size: int, max_bytes: int) -> str:
    return (
        f"line is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
        "(raise it with --max-bytes)"
    )


def _read_line(line: bytes | str, number: int, path: str) -> RawReport | Skipped | None:
    """Return the report on one line, why it was skipped, or None for a blank line."""
    where = f"{path}:{number}"
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            return Skipped(where, f"line is not UTF-8 (byte {error.start})")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError as error:
        reason = getattr(error, "msg", str(error))
        column = getattr(error, "colno", "?")
        return Skipped(where, f"line is not JSON ({reason}, column {column})")
    except RecursionError:
        # json raises RecursionError, not ValueError, for deeply nested arrays.
        return Skipped(where, "line is not a JSON record (nested too deeply)")
    if not isinstance(record, dict):
        kind = type(record).__name__
        return Skipped(where, f"line is a JSON {kind}, not an object with 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, "record has no 'text' (a non-empty string is required)")
    raw = RawReport(text=text, kind="jsonl", path=path, where=where)
    raw.fill(record)
    return raw
