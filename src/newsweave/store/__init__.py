"""Storage: the `Store` interface and its backends, chosen by URL."""

from newsweave.store.base import (
    BUSY_TIMEOUT,
    AddResult,
    SearchHit,
    Store,
    StoryPage,
    StoryQuery,
    StoryRow,
    add_in_batches,
    open_store,
)

__all__ = [
    "BUSY_TIMEOUT",
    "AddResult",
    "SearchHit",
    "Store",
    "StoryPage",
    "StoryQuery",
    "StoryRow",
    "add_in_batches",
    "open_store",
]
