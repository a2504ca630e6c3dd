"""Ingest from the web: pasted text, records, uploaded files and URLs into the store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import newsweave as nw
from newsweave.errors import ParameterError
from newsweave.ingest import ReadResult, read_bytes
from newsweave.ingest.fetch import read_urls
from newsweave.store import Store, add_in_batches
from newsweave.types import Skipped
from newsweave.web.state import ServerSettings


@dataclass(frozen=True)
class Ingested:
    """What one ingest did: ids newly stored, ids already there, inputs skipped and why."""

    added: tuple[str, ...]
    already_stored: tuple[str, ...]
    skipped: tuple[Skipped, ...]


def ingest_request(
    settings: ServerSettings,
    store: Store,
    *,
    texts: Sequence[str] = (),
    records: Sequence[Mapping[str, Any]] = (),
    urls: Sequence[str] = (),
) -> Ingested:
    """Read texts, records and URLs, store what was read; raise if nothing was given."""
    if not (texts or records or urls):
        raise ParameterError("nothing to ingest: give texts, records or urls")
    results = []
    if texts:
        results.append(nw.read_texts(texts))
    if records:
        results.append(nw.read_records(records))
    if urls:
        results.append(
            read_urls(
                urls,
                timeout=settings.fetch_timeout,
                max_bytes=settings.max_bytes,
                allow_private=settings.allow_private_urls,
            )
        )
    return _store(store, results)


def ingest_bytes(
    settings: ServerSettings, store: Store, uploads: Iterable[tuple[str, bytes]]
) -> Ingested:
    """Read uploaded files by their names' suffixes and store what was read."""
    # Only the file's own name is kept: a browser may send a path, and the name
    # ends up in `path` and in messages, never on disk.
    named = [(PurePath(name.replace("\\", "/")).name or "upload", data) for name, data in uploads]
    if not named:
        raise ParameterError("nothing to ingest: no files were uploaded")
    return _store(store, [read_bytes(named, max_bytes=settings.max_bytes)])


def _store(store: Store, results: Sequence[ReadResult]) -> Ingested:
    articles = [article for result in results for article in result.articles]
    skipped = tuple(item for result in results for item in result.skipped)
    outcome = add_in_batches(store, articles, skipped=skipped)
    return Ingested(outcome.added, outcome.already_stored, skipped)
