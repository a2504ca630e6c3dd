"""The compare stage: claims across a story's reports, their support, and conflicts.

Not built yet: it aligns no claims and flags no conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsweave.embeddings import Embedder
from newsweave.types import Article, Claim, Conflict, Derivation, Facts, Relation, Sentence


@dataclass(frozen=True)
class Comparison:
    """What the compare stage found in one story."""

    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    relations: tuple[Relation, ...] = ()


def compare_story(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    derivations: Sequence[Derivation],
    facts: Mapping[str, Facts],
    *,
    embedder: Embedder | None = None,
) -> Comparison:
    """Return the claims, conflicts and sentence relations of one story's reports."""
    return Comparison()
