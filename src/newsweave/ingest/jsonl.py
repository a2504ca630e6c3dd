"""JSON Lines: one report per line, `text` required (see DESIGN.md for the fields)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from newsweave.ingest.records import RawReport
from newsweave.types import Skipped


def read_jsonl(
    lines: Iterable[bytes | str], *, path: str, max_bytes: int
) -> Iterator[RawReport | Skipped]:
    """Yield a report for each line, or the reason a line was skipped (as `path:line`)."""
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if len(line) > max_bytes:
            yield Skipped(
                where,
                f"line is {len(line) / 1e6:.1f} MB, over the "
                f"{max_bytes / 1e6:.0f} MB limit (raise it with --max-bytes)",
            )
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield Skipped(where, f"line is not UTF-8 (byte {error.start})")
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            reason = getattr(error, "msg", str(error))
            column = getattr(error, "colno", "?")
            yield Skipped(where, f"line is not JSON ({reason}, column {column})")
            continue
        except RecursionError:
            # json raises RecursionError, not ValueError, for deeply nested arrays.
            yield Skipped(where, "line is not a JSON record (nested too deeply)")
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield Skipped(where, f"line is a JSON {kind}, not an object with 'text'")
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(where, "record has no 'text' (a non-empty string is required)")
            continue
        raw = RawReport(text=text, kind="jsonl", path=path, where=where)
        raw.fill(record)
        yield raw
