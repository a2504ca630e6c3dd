"""Independent origins: a copy or a rewrite is not a second source."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.types import Derivation

#: Derivations whose derived report adds no independent sourcing of its own.
SAME_ORIGIN_KINDS = frozenset({"copy", "rewrite"})


def origin_groups(article_ids: Sequence[str], derivations: Sequence[Derivation]) -> list[list[str]]:
    """Return the articles grouped by independent origin, each group in input order.

    Articles joined (directly or through others) by a copy or rewrite share one
    origin. Partial reuse and quotation keep their own: the derived report
    reports something of its own besides what it took.
    """
    parent = {article_id: article_id for article_id in article_ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for derivation in derivations:
        if derivation.kind in SAME_ORIGIN_KINDS and {derivation.source, derivation.derived} <= (
            parent.keys()
        ):
            parent[root(derivation.derived)] = root(derivation.source)
    groups: dict[str, list[str]] = {}
    for article_id in article_ids:
        groups.setdefault(root(article_id), []).append(article_id)
    return list(groups.values())


def count_origins(article_ids: Sequence[str], derivations: Sequence[Derivation]) -> int:
    """Return how many independent origins the articles have."""
    return len(origin_groups(article_ids, derivations))
