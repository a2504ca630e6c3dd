"""The reuse stage: which reports copy, rewrite or quote which.

Finding shared passages and their direction is not built yet: this stage finds
no derivations, and every report counts as its own origin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.types import Article, Derivation, Sentence


def find_derivations(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]
) -> tuple[Derivation, ...]:
    """Return the derivations between the articles (none yet: see the module docstring)."""
    return ()


def count_origins(article_ids: Sequence[str], derivations: Sequence[Derivation]) -> int:
    """Return how many independent origins the articles have.

    A copy or rewrite is not a second source: articles joined by such a
    derivation share one origin. Partial reuse and quotation keep their own.
    """
    parent = {article_id: article_id for article_id in article_ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for derivation in derivations:
        if (
            derivation.kind in ("copy", "rewrite")
            and {derivation.source, derivation.derived} <= parent.keys()
        ):
            parent[root(derivation.derived)] = root(derivation.source)
    return len({root(article_id) for article_id in article_ids})
