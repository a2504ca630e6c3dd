"""The extract stage: typed facts (dates, quantities, entities, quotes) with offsets.

Not built yet: it finds no facts, so stories show no quote ledger.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.types import Article, Quote, Sentence


def extract_quotes(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]
) -> tuple[Quote, ...]:
    """Return the quotes in the articles with their speakers (none yet)."""
    return ()
