"""The dossier: what `analyze` gives back, and its JSON form (see DESIGN.md).

The JSON field names are a contract that tools read; new fields may be added,
none renamed. `to_dict` and `from_dict` are exact inverses, so the store can keep
a dossier as JSON and give back the same objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsweave.errors import NotFound
from newsweave.types import (
    Article,
    Attribution,
    Claim,
    Conflict,
    ConflictValue,
    DateMention,
    Derivation,
    Entity,
    Facts,
    Mention,
    Moment,
    OffsetMap,
    Passage,
    Placement,
    Quantity,
    Quote,
    Relation,
    Skipped,
    Span,
    Story,
    SummarySentence,
    TimelineEvent,
)

JSON = dict[str, Any]


@dataclass(frozen=True)
class StoryDossier:
    """A story with everything the later stages found about it."""

    story: Story
    independent_sources: int | None = None
    derivations: tuple[Derivation, ...] = ()
    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    #: The abstractive summary, when an endpoint was given: only sentences its
    #: citations carry; `abstract_dropped` holds the others, (text, why).
    abstract: tuple[SummarySentence, ...] = ()
    abstract_dropped: tuple[tuple[str, str], ...] = ()
    #: How aligned sentences of the story relate (paraphrase, contradiction, ...).
    relations: tuple[Relation, ...] = ()
    #: The typed facts of each report of the story, by article id.
    facts: Mapping[str, Facts] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.story.id


@dataclass(frozen=True)
class Dossier:
    """Articles and the stories woven from them, plus the inputs that were skipped."""

    articles: tuple[Article, ...]
    stories: tuple[StoryDossier, ...]
    skipped: tuple[Skipped, ...] = ()
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: Story sections no stage of this version fills: "not analyzed", not "none found".
    pending_sections: tuple[str, ...] = ()

    def story(self, key: str) -> StoryDossier:
        """Return the story whose id starts with `key`, or the `key`-th story (1-based)."""
        if key.isdigit() and 1 <= int(key) <= len(self.stories) and len(key) < 4:
            return self.stories[int(key) - 1]
        matches = [story for story in self.stories if story.id.startswith(key)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"no story {key!r}; `newsweave stories` lists them with their ids")
        raise NotFound(f"{key!r} matches {len(matches)} stories; give more of the id")

    def to_dict(self) -> JSON:
        return {
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "articles": [article_to_dict(article) for article in self.articles],
            "stories": [story_to_dict(story) for story in self.stories],
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "pending_sections": list(self.pending_sections),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Dossier:
        return cls(
            articles=tuple(article_from_dict(a) for a in data.get("articles", [])),
            stories=tuple(story_from_dict(s) for s in data.get("stories", [])),
            skipped=tuple(Skipped(s["source"], s["reason"]) for s in data.get("skipped", [])),
            generated_at=datetime.fromisoformat(data["generated_at"])
            if data.get("generated_at")
            else datetime.now(UTC),
            pending_sections=tuple(data.get("pending_sections", ())),
        )


def article_to_dict(article: Article) -> JSON:
    return {
        "id": article.id,
        "source_id": article.source_id,
        "path": article.path,
        "kind": article.kind,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "language": article.language,
        "dateline": article.dateline,
        "notes": list(article.notes),
        "text": article.text,
    }


def article_from_dict(
    data: Mapping[str, Any], *, original: str = "", offsets: OffsetMap | None = None
) -> Article:
    return Article(
        id=data["id"],
        text=data["text"],
        kind=data["kind"],
        source_id=data.get("source_id"),
        path=data.get("path"),
        title=data.get("title"),
        outlet=data.get("outlet"),
        author=data.get("author"),
        published=Moment.fromisoformat(data["published"]) if data.get("published") else None,
        url=data.get("url"),
        language=data.get("language"),
        dateline=data.get("dateline"),
        original=original,
        offsets=offsets or OffsetMap(),
        notes=tuple(data.get("notes", ())),
    )


def _spans(spans: Iterable[Span]) -> list[JSON]:
    return [{"article_id": s.article_id, "start": s.start, "end": s.end} for s in spans]


def _spans_from(data: Iterable[Mapping[str, Any]]) -> tuple[Span, ...]:
    return tuple(Span(d["article_id"], d["start"], d["end"]) for d in data)


def _cited(text: str, evidence: tuple[Span, ...], article_ids: tuple[str, ...]) -> JSON:
    return {"text": text, "article_ids": list(article_ids), "evidence": _spans(evidence)}


def story_to_dict(dossier: StoryDossier) -> JSON:
    story = dossier.story
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "storyline_id": story.storyline_id,
        "follows": story.follows,
        "first_reported_by": story.first_reported_by,
        "placements": [
            {
                "article_id": p.article_id,
                "opened": p.opened,
                "score": p.score,
                "runner_up": p.runner_up,
                "signals": dict(p.signals),
                "shared": list(p.shared),
            }
            for p in story.placements
        ],
        "independent_sources": dossier.independent_sources,
        "derivations": [
            {
                "source": d.source,
                "derived": d.derived,
                "kind": d.kind,
                "shared_fraction": d.shared_fraction,
                "confidence": d.confidence,
                "passages": [
                    {"source": _spans([p.source])[0], "derived": _spans([p.derived])[0]}
                    for p in d.passages
                ],
            }
            for d in dossier.derivations
        ],
        "claims": [
            {
                **_cited(c.text, c.evidence, c.article_ids),
                "independent_sources": c.independent_sources,
                "first_reported_by": c.first_reported_by,
            }
            for c in dossier.claims
        ],
        "conflicts": [
            {
                "about": c.about,
                "kind": c.kind,
                "values": [
                    {"value": v.value, **_cited(v.text, v.evidence, v.article_ids)}
                    for v in c.values
                ],
            }
            for c in dossier.conflicts
        ],
        "quotes": [
            {
                "speaker": q.speaker,
                **_cited(q.text, q.evidence, q.article_ids),
                "wordings": list(q.wordings),
                "direct": q.direct,
                "first_reported_by": q.first_reported_by,
            }
            for q in dossier.quotes
        ],
        "relations": [
            {"source": _span(r.source), "target": _span(r.target), "kind": r.kind, "score": r.score}
            for r in dossier.relations
        ],
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "aliases": list(e.aliases),
                "article_ids": list(e.article_ids),
                "evidence": _spans(e.evidence),
            }
            for e in dossier.entities
        ],
        "facts": {article_id: facts_to_dict(f) for article_id, f in dossier.facts.items()},
        "timeline": [
            {"date": t.date.isoformat(), **_cited(t.text, t.evidence, t.article_ids)}
            for t in dossier.timeline
        ],
        "summary": [_cited(s.text, s.evidence, s.article_ids) for s in dossier.summary],
        "abstract": [_cited(s.text, s.evidence, s.article_ids) for s in dossier.abstract],
        "abstract_dropped": [{"text": t, "reason": r} for t, r in dossier.abstract_dropped],
    }


def story_from_dict(data: Mapping[str, Any]) -> StoryDossier:
    story = Story(
        id=data["id"],
        title=data.get("title"),
        article_ids=tuple(data["article_ids"]),
        storyline_id=data.get("storyline_id"),
        first_reported_by=data.get("first_reported_by"),
        follows=data.get("follows"),
        placements=tuple(
            Placement(
                article_id=p["article_id"],
                story_id=data["id"],
                opened=p["opened"],
                score=p["score"],
                runner_up=p.get("runner_up", 0.0),
                signals=dict(p.get("signals", {})),
                shared=tuple(p.get("shared", ())),
            )
            for p in data.get("placements", [])
        ),
    )
    return StoryDossier(
        story=story,
        independent_sources=data.get("independent_sources"),
        derivations=tuple(
            Derivation(
                source=d["source"],
                derived=d["derived"],
                kind=d["kind"],
                shared_fraction=d["shared_fraction"],
                confidence=d.get("confidence", 0.0),
                passages=tuple(
                    Passage(_spans_from([p["source"]])[0], _spans_from([p["derived"]])[0])
                    for p in d["passages"]
                ),
            )
            for d in data.get("derivations", [])
        ),
        claims=tuple(
            Claim(
                c["text"],
                _spans_from(c["evidence"]),
                c["independent_sources"],
                c.get("first_reported_by"),
            )
            for c in data.get("claims", [])
        ),
        conflicts=tuple(
            Conflict(
                c["about"],
                tuple(
                    ConflictValue(v["value"], v["text"], _spans_from(v["evidence"]))
                    for v in c["values"]
                ),
                c.get("kind", "number"),
            )
            for c in data.get("conflicts", [])
        ),
        quotes=tuple(
            Quote(
                q["speaker"],
                q["text"],
                _spans_from(q["evidence"]),
                wordings=tuple(q.get("wordings", ())),
                direct=q.get("direct", True),
                first_reported_by=q.get("first_reported_by"),
            )
            for q in data.get("quotes", [])
        ),
        relations=tuple(
            Relation(
                _spans_from([r["source"]])[0],
                _spans_from([r["target"]])[0],
                r["kind"],
                r.get("score", 0.0),
            )
            for r in data.get("relations", [])
        ),
        entities=tuple(
            Entity(e["name"], e["kind"], tuple(e["aliases"]), _spans_from(e["evidence"]))
            for e in data.get("entities", [])
        ),
        facts={i: facts_from_dict(f) for i, f in data.get("facts", {}).items()},
        timeline=tuple(
            TimelineEvent(Moment.fromisoformat(t["date"]), t["text"], _spans_from(t["evidence"]))
            for t in data.get("timeline", [])
        ),
        summary=tuple(
            SummarySentence(s["text"], _spans_from(s["evidence"])) for s in data.get("summary", [])
        ),
        abstract=tuple(
            SummarySentence(s["text"], _spans_from(s["evidence"])) for s in data.get("abstract", [])
        ),
        abstract_dropped=tuple((d["text"], d["reason"]) for d in data.get("abstract_dropped", [])),
    )


def _span(span: Span) -> JSON:
    return _spans([span])[0]


def _moment(moment: Moment | None) -> str | None:
    return moment.isoformat() if moment else None


def _bound(value: float) -> float | None:
    # JSON has no infinity: an open-ended interval's missing bound is null.
    return None if value in (float("inf"), float("-inf")) else value


def facts_to_dict(facts: Facts) -> JSON:
    """Return the JSON form of one report's facts (offsets into its normalized text)."""
    return {
        "dates": [date_to_dict(d) for d in facts.dates],
        "quantities": [quantity_to_dict(q) for q in facts.quantities],
        "mentions": [mention_to_dict(m) for m in facts.mentions],
        "attributions": [attribution_to_dict(a) for a in facts.attributions],
    }


def date_to_dict(d: DateMention) -> JSON:
    """Return a date mention as the dossier writes it: `start`/`end` are the times it spans."""
    return {
        "text": d.text,
        "span": _span(d.span),
        "value": d.value,
        "start": _moment(d.start),
        "end": _moment(d.end),
        "granularity": d.granularity,
        "relative": d.relative,
        "anchor": d.anchor,
    }


def quantity_to_dict(q: Quantity) -> JSON:
    """Return a quantity as the dossier writes it: an open bound is null."""
    return {
        "text": q.text,
        "span": _span(q.span),
        "value": q.value,
        "low": _bound(q.low),
        "high": _bound(q.high),
        "low_open": q.low_open,
        "high_open": q.high_open,
        "unit": q.unit,
        "counts": q.counts,
        "qualifier": q.qualifier,
    }


def mention_to_dict(m: Mention) -> JSON:
    return {"text": m.text, "span": _span(m.span), "kind": m.kind, "entity": m.entity, "via": m.via}


def attribution_to_dict(a: Attribution) -> JSON:
    return {
        "text": a.text,
        "span": _span(a.span),
        "speaker": a.speaker,
        "direct": a.direct,
        "speaker_span": _span(a.speaker_span) if a.speaker_span else None,
        "cue": a.cue,
    }


def facts_from_dict(data: Mapping[str, Any]) -> Facts:
    """Return the facts `facts_to_dict` wrote."""

    def span(d: Mapping[str, Any]) -> Span:
        return _spans_from([d])[0]

    def moment(text: str | None) -> Moment | None:
        return Moment.fromisoformat(text) if text else None

    return Facts(
        dates=tuple(
            DateMention(
                span(d["span"]),
                d["text"],
                moment(d["start"]),
                moment(d["end"]),
                d["granularity"],
                d["relative"],
                d["anchor"],
            )
            for d in data.get("dates", [])
        ),
        quantities=tuple(
            Quantity(
                span(q["span"]),
                q["text"],
                q["value"],
                float("-inf") if q["low"] is None else q["low"],
                float("inf") if q["high"] is None else q["high"],
                q["unit"],
                q["counts"],
                q["qualifier"],
                q["low_open"],
                q["high_open"],
            )
            for q in data.get("quantities", [])
        ),
        mentions=tuple(
            Mention(span(m["span"]), m["text"], m["kind"], m["entity"], m["via"])
            for m in data.get("mentions", [])
        ),
        attributions=tuple(
            Attribution(
                span(a["span"]),
                a["text"],
                a["speaker"],
                a["direct"],
                span(a["speaker_span"]) if a["speaker_span"] else None,
                a["cue"],
            )
            for a in data.get("attributions", [])
        ),
    )
