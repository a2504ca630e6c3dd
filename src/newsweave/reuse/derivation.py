"""From shared evidence to a derivation: which report is the source, and what kind of reuse.

Direction comes from publication times when they tell the two apart; otherwise
from evidence, strongest first: a report naming the other's outlet, an official
statement, text the derived report quotes or attributes, and containment (the
source's text reappears inside the derived report). The confidence says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC

from newsweave.reuse.evidence import PairEvidence, ReportView, Side, identity
from newsweave.types import Article, Derivation, DerivationKind, Moment, Passage, Precision, Span

#: A pair is related when shared text covers this much of either report...
MIN_SHARED = 0.12
#: ... or when its verbatim passages add up to this many words.
MIN_VERBATIM_WORDS = 30
#: Share of the shared words that must be identical for most-of-both reuse to be a copy.
COPY_IDENTITY = 0.95
REWRITE_COVERAGE = 0.5
REWRITE_ORDER = 0.75
QUOTATION_SHARE = 0.5

_DIRECTION_CONFIDENCE = {
    "published": 0.95,
    "names source": 0.85,
    "official statement": 0.8,
    "quotes source": 0.75,
    "containment": 0.55,
    "undecided": 0.5,
}


@dataclass(frozen=True)
class Oriented:
    """A related pair, oriented: `source` → `derived`, and why that way."""

    source: ReportView
    derived: ReportView
    evidence: PairEvidence
    reason: str

    def side(self, view: ReportView) -> Side:
        """Return which report of the evidence `view` is."""
        return "a" if view is self.evidence.a else "b"

    def coverage(self, view: ReportView) -> float:
        """Return the fraction of the report's words the shared text covers."""
        return self.evidence.coverage(self.side(view))


def related(evidence: PairEvidence, *, verbatim_only: bool = False) -> bool:
    """Return whether the shared text is enough to call one report derived from the other.

    With `verbatim_only`, reworded and translated sentences do not count: partial
    reuse is shown by text taken word for word, while a few restated sentences
    are what independent reports of one event have in common.
    """
    if verbatim_only:
        evidence = PairEvidence(
            evidence.a, evidence.b, [m for m in evidence.matches if m.kind == "verbatim"]
        )
    verbatim_words = sum(m.b[1] - m.b[0] for m in evidence.matches if m.kind == "verbatim")
    return (
        max(evidence.coverage("a"), evidence.coverage("b")) >= MIN_SHARED
        or verbatim_words >= MIN_VERBATIM_WORDS
    )


def orient(evidence: PairEvidence) -> Oriented:
    """Return the pair with its source first, and the reason for that direction."""
    a, b = evidence.a, evidence.b
    earlier = _earlier(a.article, b.article)
    if earlier is not None:
        return _as(evidence, a if earlier == 0 else b, "published")
    a_named, b_named = _names(a.article, b.article), _names(b.article, a.article)
    if a_named != b_named:
        return _as(evidence, a if a_named else b, "names source")
    if a.official != b.official:
        return _as(evidence, a if a.official else b, "official statement")
    quoted_a, quoted_b = _attributed_share(evidence, "a"), _attributed_share(evidence, "b")
    if abs(quoted_a - quoted_b) >= 0.3:
        return _as(evidence, b if quoted_a > quoted_b else a, "quotes source")
    cover_a, cover_b = evidence.coverage("a"), evidence.coverage("b")
    if abs(cover_a - cover_b) >= 0.05:
        # The report whose text reappears more fully inside the other is the source.
        return _as(evidence, a if cover_a > cover_b else b, "containment")
    return _as(evidence, a if len(a.tokens) <= len(b.tokens) else b, "undecided")


def classify(pair: Oriented) -> DerivationKind:
    """Return the kind of reuse of an oriented pair."""
    source, derived = pair.source, pair.derived
    if _attributed_share(pair.evidence, pair.side(derived)) >= QUOTATION_SHARE:
        return "quotation"
    if (
        pair.coverage(derived) >= REWRITE_COVERAGE
        and pair.coverage(source) >= REWRITE_COVERAGE
        and pair.evidence.in_order() >= REWRITE_ORDER
    ):
        # Most of both reports in common: word for word is a copy (with perhaps a
        # new lead or paragraph), reworded is a rewrite.
        return "copy" if identity(pair.evidence) >= COPY_IDENTITY else "rewrite"
    return "partial"


def to_derivation(pair: Oriented) -> Derivation | None:
    """Return the derivation of an oriented pair (passages as character spans), if it is one."""
    kind = classify(pair)
    if kind in ("partial", "quotation") and not related(pair.evidence, verbatim_only=True):
        return None
    source_side = pair.side(pair.source)
    passages = tuple(
        Passage(
            _span(pair.source, match.a if source_side == "a" else match.b),
            _span(pair.derived, match.b if source_side == "a" else match.a),
        )
        for match in sorted(pair.evidence.matches, key=lambda m: m.b if source_side == "a" else m.a)
    )
    shared = pair.coverage(pair.derived)
    confidence = _DIRECTION_CONFIDENCE[pair.reason] * min(1.0, 0.6 + shared)
    return Derivation(
        source=pair.source.article.id,
        derived=pair.derived.article.id,
        kind=kind,
        shared_fraction=round(shared, 4),
        passages=passages,
        confidence=round(confidence, 3),
    )


def _as(evidence: PairEvidence, source: ReportView, reason: str) -> Oriented:
    derived = evidence.b if source is evidence.a else evidence.a
    return Oriented(source, derived, evidence, reason)


def _earlier(a: Article, b: Article) -> int | None:
    """Return 0 or 1 for the report published first, or None when times cannot tell.

    Times are compared at the coarser of their two precisions: a report dated
    "2021-05" may have come out before or after one dated "2021-05-20".
    """
    if a.published is None or b.published is None:
        return None
    precision = min(a.published.precision, b.published.precision, key=list(_FIELDS).index)
    key_a, key_b = _truncated(a.published, precision), _truncated(b.published, precision)
    if key_a == key_b:
        return None
    return 0 if key_a < key_b else 1


#: How many leading fields of a `timetuple()` each precision knows, coarsest first.
_FIELDS: dict[Precision, int] = {"year": 1, "month": 2, "day": 3, "minute": 5, "second": 6}


def _truncated(moment: Moment, precision: Precision) -> tuple[int, ...]:
    """Return the fields of `moment` down to `precision` (dates as published, times in UTC)."""
    value = moment.value.astimezone(UTC) if _FIELDS[precision] > 3 else moment.value
    return tuple(value.timetuple()[: _FIELDS[precision]])


def _names(source: Article, derived: Article) -> bool:
    """Return whether `derived` names `source`'s outlet in its text."""
    outlet = (source.outlet or "").strip()
    if len(outlet) < 4 or "." in outlet:
        return False
    if outlet.casefold() == (derived.outlet or "").strip().casefold():
        return False  # a report naming its own outlet ("(Reuters) -") names no source
    core = re.sub(r"^(?:the|la|el|le)\s+", "", outlet, flags=re.IGNORECASE)
    return re.search(rf"\b{re.escape(core)}\b", derived.text, re.IGNORECASE) is not None


def _attributed_share(evidence: PairEvidence, side: Side) -> float:
    """Return the share of one report's shared words that it quotes or attributes."""
    view = evidence.a if side == "a" else evidence.b
    shared = evidence.mask(side)
    if not shared.any():
        return 0.0
    marked = view.quoted | view.attributed
    return float((marked & shared).sum() / shared.sum())


def _span(view: ReportView, tokens: tuple[int, int]) -> Span:
    start, end = tokens
    return Span(view.article.id, int(view.tokens.starts[start]), int(view.tokens.ends[end - 1]))


def explained_by_common_source(pair: Oriented, sources_of: dict[str, list[Oriented]]) -> bool:
    """Return whether what x and y share comes from a third report z both derive from.

    A rewrite and a quotation of the same statement share its words, but
    neither took them from the other. `sources_of` maps each derived report's
    id to its derivations (as oriented pairs).
    """
    x, y = pair.source.article.id, pair.derived.article.id
    x_sources = {other.source.article.id for other in sources_of.get(x, ())}
    y_with_x = pair.evidence.mask(pair.side(pair.derived))
    for other in sources_of.get(y, ()):
        z = other.source.article.id
        if z in (x, y) or z not in x_sources:
            continue
        y_with_z = other.evidence.mask(other.side(other.derived))
        overlap = (y_with_x & y_with_z).sum() / max(int(y_with_x.sum()), 1)
        if overlap >= 0.7 and y_with_z.sum() >= 0.8 * y_with_x.sum():
            return True
    return False
