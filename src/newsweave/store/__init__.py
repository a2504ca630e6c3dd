"""Storage: the `Store` interface and its backends, chosen by URL."""

from newsweave.store.base import AddResult, Store, open_store

__all__ = ["AddResult", "Store", "open_store"]
