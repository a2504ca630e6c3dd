"""Storage: the `Store` interface and its backends, chosen by URL."""

from newsweave.store.base import AddResult, Store, add_in_batches, open_store

__all__ = ["AddResult", "Store", "add_in_batches", "open_store"]
