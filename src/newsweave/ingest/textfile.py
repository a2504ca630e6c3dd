"""Plain-text and Markdown reports: front matter, then the text's own metadata lines."""

from __future__ import annotations

from newsweave.ingest.conventions import read_conventions
from newsweave.ingest.frontmatter import split_front_matter
from newsweave.ingest.records import RawReport
from newsweave.types import SourceKind


def read_text_report(text: str, *, kind: SourceKind, path: str | None = None) -> RawReport:
    """Return the report in `text`, its metadata read from front matter and conventions."""
    fields, body_start = split_front_matter(text)
    found = read_conventions(text, body_start)
    raw = RawReport(text=text, kind=kind, path=path, body_start=found.start, body_end=found.end)
    raw.fill(fields)
    raw.fill(found.fields)
    raw.dateline = found.fields.get("place")
    return raw
