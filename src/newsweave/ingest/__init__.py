"""The ingest stage: any source into `Article`s, with what was skipped and why."""

from newsweave.ingest.feeds import DEFAULT_MAX_ENTRIES
from newsweave.ingest.sources import (
    DEFAULT_MAX_BYTES,
    KINDS,
    ReadResult,
    read,
    read_bytes,
    read_records,
    read_texts,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "KINDS",
    "ReadResult",
    "read",
    "read_bytes",
    "read_records",
    "read_texts",
]
