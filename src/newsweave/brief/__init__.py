"""A brief: the main stories of a period, each with its cited summary; for a story
already briefed, only what is new since.

An analyst reads one every morning, so a brief remembers what it has told (in
the store, under `brief:told`): the reports, claims and conflicts it has cited.
The next brief of a story tells only what came in since (new reports, new
claims, new conflicts), and a story with nothing new is left out. Stories are
ranked by independent sources times novelty: many independent outlets make a
story important, and a story mostly made of reports the reader has not seen
makes it news.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsweave.display import format_value
from newsweave.dossier import Dossier, StoryDossier
from newsweave.errors import ParameterError
from newsweave.revisions import RevisionReport, explain
from newsweave.store import Store
from newsweave.types import Article, Claim, Conflict, SummarySentence

#: The store key under which a brief keeps what it has told.
TOLD_KEY = "brief:told"
#: The period of a first brief, when no earlier brief says where the last one stopped.
DEFAULT_PERIOD = timedelta(hours=24)
DEFAULT_TOP = 10


@dataclass(frozen=True)
class Told:
    """What earlier briefs have told: cited reports, claims and conflicts, and when."""

    articles: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()
    conflicts: frozenset[str] = frozenset()
    #: Revisions as "old id>new id".
    revisions: frozenset[str] = frozenset()
    last: datetime | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "last": self.last.isoformat(timespec="seconds") if self.last else None,
                "articles": sorted(self.articles),
                "claims": sorted(self.claims),
                "conflicts": sorted(self.conflicts),
                "revisions": sorted(self.revisions),
            }
        )

    @classmethod
    def from_json(cls, text: str | None) -> Told:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            articles=frozenset(data.get("articles", ())),
            claims=frozenset(data.get("claims", ())),
            conflicts=frozenset(data.get("conflicts", ())),
            revisions=frozenset(data.get("revisions", ())),
            last=datetime.fromisoformat(data["last"]) if data.get("last") else None,
        )

    def plus(self, brief: Brief) -> Told:
        """Return what is told once `brief` has been read too."""
        items = [story.story for story in brief.stories]
        return Told(
            articles=self.articles | {i for item in items for i in item.story.article_ids},
            claims=self.claims | {claim_key(c) for item in items for c in item.claims},
            conflicts=self.conflicts | {conflict_key(c) for item in items for c in item.conflicts},
            revisions=self.revisions
            | {revision_key(r) for story in brief.stories for r in story.revisions},
            last=brief.generated_at,
        )


@dataclass(frozen=True)
class StoryBrief:
    """One story as a brief tells it.

    A story told for the first time (`update` False) comes with its summary and its
    open conflicts; a story briefed before comes with only what is new since: its
    new reports, the claims and conflicts no brief has told. Either way it comes
    with the revisions of its reports in the period: what a source changed after
    publishing, the facts it corrected and the copies that still carry the old value.
    """

    story: StoryDossier
    score: float
    update: bool
    new_reports: tuple[str, ...]
    summary: tuple[SummarySentence, ...]
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    revisions: tuple[RevisionReport, ...] = ()

    @property
    def title(self) -> str:
        return self.story.story.title or "Untitled story"

    @property
    def sources(self) -> int:
        return self.story.independent_sources or 0


@dataclass(frozen=True)
class Brief:
    """The stories of a period worth reading, best first, and the reports they cite."""

    generated_at: datetime
    since: datetime
    stories: tuple[StoryBrief, ...]
    articles: Mapping[str, Article] = field(default_factory=dict)
    #: Stories with reports in the period that have nothing new since the last brief.
    quiet: int = 0
    #: How many stories had something to tell, before `top` cut the list.
    candidates: int = 0


def build_brief(
    dossier: Dossier,
    arrivals: Mapping[str, datetime],
    *,
    since: datetime,
    told: Told = Told(),
    revisions: Sequence[RevisionReport] = (),
    now: datetime | None = None,
    top: int = DEFAULT_TOP,
) -> Brief:
    """Return the brief of the stories of `dossier` with a report in the period.

    A report is in the period when it was stored (`arrivals`, by id) or published
    at or after `since`; it is new unless an earlier brief (`told`) cited it. A
    new version of a report already told is not a new report: it is told with
    the `revisions` (those of the period, explained) no brief has told yet.
    """
    if top <= 0:
        raise ParameterError.invalid("top", "a positive number of stories", top)
    by_id = {article.id: article for article in dossier.articles}
    fresh = {
        article.id
        for article in dossier.articles
        if (arrivals.get(article.id) and arrivals[article.id] >= since)
        or (article.published and article.published.value >= since)
    }
    untold = [r for r in revisions if revision_key(r) not in told.revisions]
    revised = {r.revision.new: r for r in untold}
    versions = {r.revision.new for r in untold if r.revision.old in told.articles}
    told_stories: list[StoryBrief] = []
    quiet = 0
    for item in dossier.stories:
        members = item.story.article_ids
        if not fresh.union(revised).intersection(members):
            continue
        changes = tuple(revised[i] for i in members if i in revised)
        told_item = _tell(item, fresh - told.articles - versions, told, changes)
        if told_item is None:
            quiet += 1
            continue
        told_stories.append(told_item)
    told_stories.sort(key=lambda s: (-s.score, -len(s.new_reports), s.title))
    chosen = tuple(told_stories[:top])
    cited = {i for s in chosen for i in _cited_ids(s)}
    return Brief(
        generated_at=now or datetime.now(UTC),
        since=since,
        stories=chosen,
        articles={i: by_id[i] for i in cited if i in by_id},
        quiet=quiet,
        candidates=len(told_stories),
    )


def revision_key(report: RevisionReport) -> str:
    """Return the key under which a brief remembers having told a revision."""
    return f"{report.revision.old}>{report.revision.new}"


def brief_store(
    store: Store,
    dossier: Dossier,
    *,
    since: datetime | None = None,
    top: int = DEFAULT_TOP,
    fresh: bool = False,
    remember: bool = True,
    now: datetime | None = None,
) -> Brief:
    """Return the brief of the stored analysis `dossier`, and remember what it told.

    The period starts at `since`, else where the last brief stopped, else
    `DEFAULT_PERIOD` ago. `fresh` forgets earlier briefs (every story told whole);
    `remember` False leaves the store as it was (a preview).
    """
    now = now or datetime.now(UTC)
    told = Told() if fresh else Told.from_json(store.state(TOLD_KEY))
    start = since or told.last or now - DEFAULT_PERIOD
    current = {article.id for article in dossier.articles}
    revisions = [explain(store, r) for r in store.revisions(start) if r.new in current]
    brief = build_brief(
        dossier,
        store.arrivals(start),
        since=start,
        told=told,
        revisions=revisions,
        now=now,
        top=top,
    )
    if remember:
        store.set_state(TOLD_KEY, told.plus(brief).to_json())
    return brief


def claim_key(claim: Claim) -> str:
    """Return a key under which a claim is the same claim in a later analysis."""
    return _digest(" ".join(claim.text.lower().split()))


def conflict_key(conflict: Conflict) -> str:
    """Return a key under which a conflict is the same in a later analysis: its values."""
    values = sorted(format_value(value.value) for value in conflict.values)
    return _digest("\x1f".join([conflict.kind, conflict.about.lower(), *values]))


def _tell(
    item: StoryDossier, new: set[str], told: Told, revisions: tuple[RevisionReport, ...]
) -> StoryBrief | None:
    members = item.story.article_ids
    new_reports = tuple(i for i in members if i in new)
    update = bool(told.articles.intersection(members))
    # A correction is news too, if less than a report no one had read.
    novelty = (len(new_reports) + 0.5 * len(revisions)) / max(len(members), 1)
    score = max(item.independent_sources or 1, 1) * (1 + novelty)
    if not update:
        return StoryBrief(
            story=item,
            score=score,
            update=False,
            new_reports=new_reports,
            summary=item.summary,
            claims=(),
            conflicts=item.conflicts,
            revisions=revisions,
        )
    # What is new must come from a new report: a claim reworded by a later analysis
    # of reports already told is not news.
    claims = tuple(
        c
        for c in item.claims
        if claim_key(c) not in told.claims and new.intersection(c.article_ids)
    )
    conflicts = tuple(
        c
        for c in item.conflicts
        if conflict_key(c) not in told.conflicts
        and new.intersection(i for value in c.values for i in value.article_ids)
    )
    if not (new_reports or claims or conflicts or revisions):
        return None
    return StoryBrief(
        story=item,
        score=score,
        update=True,
        new_reports=new_reports,
        summary=(),
        claims=claims,
        conflicts=conflicts,
        revisions=revisions,
    )


def _cited_ids(story: StoryBrief) -> Iterable[str]:
    yield from story.new_reports
    for cited in (*story.summary, *story.claims):
        yield from cited.article_ids
    for conflict in story.conflicts:
        for value in conflict.values:
            yield from value.article_ids
    for report in story.revisions:
        yield report.revision.new
        yield from (stale.article_id for stale in report.stale)
    if story.story.story.first_reported_by:
        yield story.story.story.first_reported_by


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


__all__: Sequence[str] = [
    "Brief",
    "StoryBrief",
    "Told",
    "brief_store",
    "build_brief",
    "claim_key",
    "conflict_key",
    "revision_key",
]
