"""Shared fixtures for the ingest tests: write a tiny report, read it back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.types import Article

Write = Callable[..., Path]
ReadOne = Callable[..., Article]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Return a function that writes text (or bytes) to a file under tmp_path."""

    def write(name: str, content: str | bytes, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return write


@pytest.fixture
def read_one(write: Write) -> ReadOne:
    """Return a function that writes one file, reads it and returns its only article."""

    def read_one(name: str, content: str | bytes, **options: str) -> Article:
        result = nw.read([write(name, content, **options)])
        assert result.skipped == ()
        assert len(result.articles) == 1, result.articles
        return result.articles[0]

    return read_one


@pytest.fixture
def read_text() -> Callable[[str], Article]:
    """Return a function that reads one string as a report and returns its article."""

    def read_text(text: str) -> Article:
        result = nw.read_texts([text])
        assert result.skipped == ()
        (article,) = result.articles
        return article

    return read_text
