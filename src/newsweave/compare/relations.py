"""The Cross-document Structure Theory relations of aligned sentences (Radev, 2000).

Each pair of sentences of one claim, and each pair on the two sides of a
conflict, gets the relation it shows:

- `translation`: the two are in different languages;
- `identity`: the same words (Dice of content words 0.95 or more);
- `contradiction`: they give values that cannot both hold (a conflict);
- `attribution`: one passes the other's content on as someone's words
  ("..., the ministry said");
- `subsumption`: one says all the other says and more (its words contain the
  other's); `elaboration`: it says most of it and adds;
- `paraphrase`: the same proposition otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.compare.claims import Alignment, Unit
from newsweave.types import Article, Conflict, Relation, RelationKind, Span

_IDENTITY = 0.95
_SUBSUMED = 0.9
_ELABORATED = 0.6
# Says another's words are someone's: "said", "according to", "dijo", "según".
_ATTRIBUTED = re.compile(
    r"\b(?:said|says|told|according to|stated|announced|dijo|afirmó|señaló|según)\b",
    re.IGNORECASE,
)


def relate(
    alignment: Alignment, articles: Sequence[Article], conflicts: Sequence[Conflict]
) -> tuple[Relation, ...]:
    """Return the relation of every aligned sentence pair and every conflicting pair."""
    contradicting = {
        frozenset((a, b))
        for conflict in conflicts
        for i, one in enumerate(conflict.values)
        for other in conflict.values[i + 1 :]
        for a in one.evidence
        for b in other.evidence
        if a.article_id != b.article_id
    }
    relations = []
    for group in alignment.groups:
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                one, other = alignment.units[i], alignment.units[j]
                pair = frozenset((one.sentence.span, other.sentence.span))
                kind = "contradiction" if pair in contradicting else _kind(alignment, i, j)
                relations.append(
                    Relation(one.sentence.span, other.sentence.span, kind, _score(alignment, i, j))
                )
                contradicting.discard(pair)
    # Sorted: a set's order changes from one process to the next.
    ordered = (tuple(sorted(pair, key=_position)) for pair in contradicting)
    for a, b in sorted(ordered, key=lambda ab: (_position(ab[0]), _position(ab[1]))):
        relations.append(Relation(a, b, "contradiction"))
    return tuple(relations)


def _position(span: Span) -> tuple[str, int, int]:
    return span.article_id, span.start, span.end


def _kind(alignment: Alignment, i: int, j: int) -> RelationKind:
    one, other = alignment.units[i], alignment.units[j]
    if one.language != other.language:
        return "translation"
    if alignment.lexical[i, j] >= _IDENTITY:
        return "identity"
    if bool(_ATTRIBUTED.search(one.sentence.text)) != bool(_ATTRIBUTED.search(other.sentence.text)):
        return "attribution"
    smaller, larger = sorted((one, other), key=lambda u: len(u.words))
    contained = _contained(smaller, larger)
    if contained >= _SUBSUMED and len(larger.words) > len(smaller.words):
        return "subsumption"
    if contained >= _ELABORATED and len(larger.words) >= 1.3 * len(smaller.words):
        return "elaboration"
    return "paraphrase"


def _contained(smaller: Unit, larger: Unit) -> float:
    return len(smaller.words & larger.words) / len(smaller.words) if smaller.words else 0.0


def _score(alignment: Alignment, i: int, j: int) -> float:
    return float(alignment.scores.get((min(i, j), max(i, j)), alignment.lexical[i, j]))
