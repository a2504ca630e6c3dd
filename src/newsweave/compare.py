"""The compare stage: claims across a story's reports, their support, and conflicts.

Not built yet: it aligns no claims and flags no conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.types import Claim, Conflict, Derivation, Sentence, Story


def compare_story(
    story: Story,
    sentences: Mapping[str, Sequence[Sentence]],
    derivations: Sequence[Derivation],
) -> tuple[tuple[Claim, ...], tuple[Conflict, ...]]:
    """Return the story's claims and conflicts (none yet)."""
    return (), ()
