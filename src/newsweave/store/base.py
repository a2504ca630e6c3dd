"""The store interface every backend implements, and how a URL picks one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from newsweave.dossier import Dossier
from newsweave.errors import StoreError
from newsweave.types import Article, Sentence, Skipped


@dataclass(frozen=True)
class AddResult:
    """What one `add` did: ids newly stored, ids already there."""

    added: tuple[str, ...]
    already_stored: tuple[str, ...]


class Store(Protocol):
    """Where articles and analyses live; every stage can be re-run from it."""

    url: str

    def add(self, articles: Iterable[Article], *, skipped: Iterable[Skipped] = ()) -> AddResult:
        """Store a batch atomically (all or none); an article already stored is kept once."""
        ...

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Return articles in the order they arrived (all of them, or those with `ids`)."""
        ...

    def article_count(self) -> int: ...

    def skipped(self) -> list[Skipped]:
        """Return every input ever skipped, oldest first."""
        ...

    def save_sentences(self, sentences: Iterable[Sentence]) -> None: ...

    def sentences(self, article_id: str) -> list[Sentence]: ...

    def save_analysis(self, dossier: Dossier) -> None:
        """Replace the stored analysis with `dossier` (its stories), atomically."""
        ...

    def load_analysis(self) -> Dossier | None:
        """Return the last analysis, or None when the store has never been analyzed."""
        ...

    def analysis_is_current(self) -> bool:
        """Return whether the last analysis covers exactly the stored articles."""
        ...

    def close(self) -> None: ...


def add_in_batches(
    store: Store,
    articles: Sequence[Article],
    *,
    skipped: Iterable[Skipped] = (),
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> AddResult:
    """Store articles in atomic batches of `batch_size`; a crash loses at most the open batch.

    A re-run after an interruption stores only what is missing: ids derive from
    content, so the batches already written are recognised.
    """
    added: list[str] = []
    known: list[str] = []
    pending_skips = tuple(skipped)
    for start in range(0, max(len(articles), 1), batch_size):
        outcome = store.add(articles[start : start + batch_size], skipped=pending_skips)
        pending_skips = ()
        added.extend(outcome.added)
        known.extend(outcome.already_stored)
        if progress:
            progress(min(start + batch_size, len(articles)), len(articles))
    return AddResult(tuple(added), tuple(known))


def open_store(url: str | Path) -> Store:
    """Return the store at `url`: a file path or `sqlite:///path` (`:memory:` for none)."""
    from newsweave.store.sqlite import SQLiteStore

    text = str(url)
    if text.startswith("sqlite:///"):
        return SQLiteStore(text.removeprefix("sqlite:///"))
    if text.startswith("sqlite://"):
        return SQLiteStore(":memory:")
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"no store backend for '{scheme}://' URLs; give a SQLite file path "
            "or a sqlite:///path URL"
        )
    return SQLiteStore(text)
