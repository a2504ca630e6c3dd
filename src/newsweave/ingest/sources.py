"""Where reports come from: paths, folders, standard input, strings and records.

Each input is read by its kind; an input that cannot be read becomes one
`Skipped` line with its reason and the batch goes on.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from newsweave.errors import InputNotFound, ParameterError, UnreadableInput, byte_size
from newsweave.ingest.decode import decode
from newsweave.ingest.feeds import DEFAULT_MAX_ENTRIES, read_feed
from newsweave.ingest.html import read_html_page
from newsweave.ingest.jsonl import read_jsonl, read_jsonl_stream
from newsweave.ingest.records import RawReport, build_article, one_line
from newsweave.ingest.textfile import read_text_report
from newsweave.types import Article, Skipped, SourceKind

#: File kinds by suffix. Files with no suffix are read as plain text.
KINDS: dict[str, SourceKind] = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DEFAULT_MAX_BYTES = 25_000_000

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ReadResult:
    """The articles read (each once, in input order) and the inputs skipped, with reasons."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)


def read(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    progress: Progress | None = None,
) -> ReadResult:
    """Return the articles in files, folders (recursively) and `-` (standard input).

    `max_bytes` caps the size of a file (of a line, in JSON Lines), `max_entries`
    the entries read from one feed. Raises `InputNotFound` when a named path
    does not exist; everything wrong with a single file, line or entry is a
    `Skipped` line instead.
    """
    limits = _Limits.checked(max_bytes, max_entries)
    files = list(_expand(paths))
    batch = _Batch()
    for done, item in enumerate(files, start=1):
        if isinstance(item, Skipped):
            batch.skip(item)
        else:
            batch.extend(_read_file(item, limits), source=_display(item))
        if progress:
            progress(done, len(files), _display(item) if isinstance(item, Path) else item.source)
    return batch.result()


def read_texts(texts: Iterable[str]) -> ReadResult:
    """Return the articles in strings, each a whole report (metadata lines are read too)."""
    batch = _Batch()
    for number, text in enumerate(texts, start=1):
        where = f"text #{number}"
        if not isinstance(text, str):  # callers without a type checker pass anything
            kind = type(text).__name__  # type: ignore[unreachable]
            batch.skip(Skipped(where, f"expected a string, got {kind}"))
            continue
        batch.extend(_lazily(partial(read_text_report, text, kind="string")), where)
    return batch.result()


def read_records(records: Iterable[Mapping[str, Any]]) -> ReadResult:
    """Return the articles in mappings with the JSONL fields (`text` required)."""
    batch = _Batch()
    for number, record in enumerate(records, start=1):
        where = f"record #{number}"
        text = record.get("text") if isinstance(record, Mapping) else None
        if not isinstance(text, str) or not text.strip():
            batch.skip(Skipped(where, "record has no 'text' (a non-empty string is required)"))
            continue
        raw = RawReport(text=text, kind="jsonl")
        raw.fill(record)
        batch.extend(iter([raw]), where)
    return batch.result()


def read_bytes(
    inputs: Iterable[tuple[str, bytes]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    kinds: Mapping[str, SourceKind] | None = None,
) -> ReadResult:
    """Return the articles in named byte strings (uploads, fetched pages).

    Each input is read by the suffix of its name, as a file would be, or by
    `kinds[name]` when the caller knows better (a page fetched from a URL says
    what it is in its content type).
    """
    limits = _Limits.checked(max_bytes, max_entries)
    batch = _Batch()
    for name, data in inputs:
        if len(data) > max_bytes:
            batch.skip(
                Skipped(
                    name,
                    f"input is {byte_size(len(data))}, over the {byte_size(max_bytes)} limit",
                )
            )
            continue
        kind = (kinds or {}).get(name) or KINDS.get(Path(name).suffix.lower(), "text")
        # A generator: it reads when the batch iterates it, so the batch catches its errors.
        batch.extend(_read_data(data, kind=kind, name=name, limits=limits), name)
    return batch.result()


@dataclass(frozen=True)
class _Limits:
    """How much of one input is read: bytes of a file (or JSONL line), entries of a feed."""

    max_bytes: int
    max_entries: int

    @classmethod
    def checked(cls, max_bytes: int, max_entries: int) -> _Limits:
        if max_bytes <= 0:
            raise ParameterError.invalid("max_bytes", "a positive number of bytes", max_bytes)
        if max_entries <= 0:
            raise ParameterError.invalid("max_entries", "a positive number of entries", max_entries)
        return cls(max_bytes, max_entries)


class _Batch:
    """Collects articles and skips; a repeated report is kept once."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self.articles: dict[str, Article] = {}
        self.first_seen: dict[str, str] = {}
        self.skipped: list[Skipped] = []

    def skip(self, item: Skipped) -> None:
        # A source or reason may quote the input (a file name, a feed entry's id).
        self.skipped.append(Skipped(one_line(item.source), one_line(item.reason)))

    def extend(self, items: Iterator[RawReport | Skipped], source: str) -> None:
        try:
            for item in items:
                if isinstance(item, Skipped):
                    self.skip(item)
                    continue
                where = _where(item, source)
                try:
                    article = build_article(item, now=self.now)
                except UnreadableInput as error:
                    self.skip(Skipped(where, error.message))
                    continue
                if article.id in self.articles:
                    self.skip(Skipped(where, f"same report as {self.first_seen[article.id]}"))
                    continue
                self.articles[article.id] = article
                self.first_seen[article.id] = where
        except UnreadableInput as error:
            self.skip(Skipped(source, error.message))
        except OSError as error:
            # A file that vanished or is locked since the folder was listed is one
            # bad input, not the end of the batch.
            self.skip(Skipped(source, f"cannot read the file ({error.strerror or error})"))

    def result(self) -> ReadResult:
        return ReadResult(tuple(self.articles.values()), tuple(self.skipped))


def _where(raw: RawReport, source: str) -> str:
    # A duplicate JSONL line must name its line, not only the file it is in.
    if raw.where:
        return raw.where
    if raw.kind == "feed" and raw.source_id:
        return f"{source} ({one_line(raw.source_id, limit=80)})"
    return source


def _lazily(read_one: Callable[[], RawReport]) -> Iterator[RawReport | Skipped]:
    """Defer a reader's call so that its `UnreadableInput` is caught by the batch."""
    yield read_one()


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    for given in paths:
        if str(given) == "-":
            yield Path("-")
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                    continue
                if child.suffix.lower() not in KINDS:
                    yield Skipped(_display(child), _unsupported(child))
                    continue
                yield child
        elif path.is_file():
            yield path
        elif path.exists():
            yield Skipped(_display(path), "not a regular file")
        else:
            raise InputNotFound(f"{_display(path)}: no such file or folder")


def _unsupported(path: Path) -> str:
    known = " ".join(sorted({suffix for suffix in KINDS if suffix}))
    return f"unsupported file type '{path.suffix}' (newsweave reads {known})"


def _display(path: Path) -> str:
    """Return a path as text any store can hold: bytes of a non-UTF-8 name as escapes."""
    if str(path) == "-":
        return "<stdin>"
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_file(path: Path, limits: _Limits) -> Iterator[RawReport | Skipped]:
    name = _display(path)
    max_bytes = limits.max_bytes
    if str(path) == "-":
        data = _read_limited(sys.stdin.buffer, max_bytes, name)
        text, note = decode(data)
        kind: SourceKind = "jsonl" if text.lstrip().startswith("{") else "text"
        if kind == "jsonl":
            yield from read_jsonl(text.splitlines(), path=name, max_bytes=max_bytes)
        else:
            yield _noted(read_text_report(text, kind="text", path=name), note)
        return
    kind = KINDS.get(path.suffix.lower(), "text")
    if kind == "jsonl":
        with path.open("rb") as stream:
            yield from read_jsonl_stream(stream, path=name, max_bytes=max_bytes)
        return
    # The size on disk decides before a byte is read: a 1 GB file is refused at once.
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableInput(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-bytes)"
        )
    yield from _read_data(path.read_bytes(), kind=kind, name=name, limits=limits)


def _read_data(
    data: bytes, *, kind: SourceKind, name: str, limits: _Limits
) -> Iterator[RawReport | Skipped]:
    """Yield the reports in one input's bytes, read as `kind`."""
    if kind == "jsonl":
        yield from read_jsonl_stream(io.BytesIO(data), path=name, max_bytes=limits.max_bytes)
        return
    if kind == "feed":
        yield from read_feed(data, path=name, max_entries=limits.max_entries)
        return
    text, note = decode(data)
    if kind == "html":
        yield _noted(read_html_page(text, path=name), note)
    else:
        yield _noted(read_text_report(text, kind=kind, path=name), note)


def _noted(raw: RawReport, note: str | None) -> RawReport:
    if note:
        raw.notes.append(note)
    return raw


def _read_limited(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableInput(f"{name} is over the {max_bytes / 1e6:.0f} MB limit")
    return data
