"""The whole store as one dossier JSON document, written piece by piece.

Same shape as `Dossier.to_dict()` (see DESIGN.md: tools read these names), but
each article and story is encoded as the store hands it over, so a store of
millions of reports exports without ever holding them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from newsweave.dossier import article_to_dict, story_to_dict
from newsweave.export.formats import Chunks, chunk_text, dumps, json_array
from newsweave.export.rows import ARTICLE_BATCH
from newsweave.pipeline import PENDING_SECTIONS
from newsweave.store import Store


def _generated_at(store: Store) -> str:
    """Return when the stored analysis was made (now, for a store never analyzed)."""
    # The stamp is the analysis time in the SQLite store; the protocol promises
    # only a token, so anything else reads as "now" rather than failing the export.
    try:
        moment = datetime.fromisoformat(store.analysis_stamp() or "")
    except ValueError:
        moment = datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def _member(key: str, items: Iterable[Any]) -> Iterator[tuple[str, int]]:
    """Yield `"key": [item, ...],` piece by piece, each item counted as a row."""
    yield f"{dumps(key)}: ", 0
    yield from json_array(items)
    yield ",\n", 0


def _pieces(store: Store) -> Iterator[tuple[str, int]]:
    """Yield the document's text in `Dossier.to_dict()` key order, item by item."""
    yield "{\n" + f'"generated_at": {dumps(_generated_at(store))},\n', 0
    yield from _member("articles", map(article_to_dict, store.iter_articles(ARTICLE_BATCH)))
    yield from _member("stories", map(story_to_dict, store.iter_stories()))
    yield from _member(
        "skipped", ({"source": s.source, "reason": s.reason} for s in store.skipped())
    )
    # The store keeps no list of the sections its analysis left unfilled where a
    # reader can get it without loading the whole analysis; this version's list
    # is the one its stories were made with unless the store predates it.
    yield f'"pending_sections": {dumps(list(PENDING_SECTIONS))}\n' + "}\n", 0


def encode_dossier(store: Store) -> Chunks:
    """Encode the store as a dossier JSON document; rows count articles, stories and skips."""
    return chunk_text(_pieces(store))
