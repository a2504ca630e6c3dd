"""The pipeline: the stages of newsweave as one list, in run order.

Each stage reads fields of the `Analysis` that earlier stages wrote and writes
its own; `check_pipeline` verifies that order when the module loads, so a stage
cannot read what nothing before it produced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from newsweave import compare, extract, reuse, stories, summarize
from newsweave.abstractive import Abstract, Endpoint, abstractive_summary
from newsweave.dossier import Dossier, StoryDossier
from newsweave.embeddings import load_embedder
from newsweave.errors import ParameterError
from newsweave.text import split_sentences
from newsweave.timeline import build_timeline
from newsweave.types import (
    Article,
    Claim,
    Conflict,
    Derivation,
    Entity,
    Facts,
    Quote,
    Relation,
    Sentence,
    Skipped,
    Story,
    TimelineEvent,
)

StageProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Analysis:
    """Everything the stages have found so far; each stage fills its own fields."""

    articles: tuple[Article, ...]
    sentences: Mapping[str, tuple[Sentence, ...]] = field(default_factory=dict)
    derivations: tuple[Derivation, ...] = ()
    stories: tuple[Story, ...] = ()
    facts: Mapping[str, Facts] = field(default_factory=dict)
    entities: Mapping[str, tuple[Entity, ...]] = field(default_factory=dict)
    quotes: Mapping[str, tuple[Quote, ...]] = field(default_factory=dict)
    claims: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict)
    conflicts: Mapping[str, tuple[Conflict, ...]] = field(default_factory=dict)
    relations: Mapping[str, tuple[Relation, ...]] = field(default_factory=dict)
    summaries: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    timelines: Mapping[str, tuple[TimelineEvent, ...]] = field(default_factory=dict)
    abstracts: Mapping[str, Abstract] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """Every tunable of the default pipeline, with its default."""

    story_threshold: float = stories.DEFAULT_THRESHOLD
    summary_words: int = summarize.DEFAULT_WORDS
    #: Sentence embeddings for reworded and translated reuse; None: words only.
    embedder: str | None = "use-multilingual"
    #: An OpenAI-compatible endpoint for abstractive summaries; None (the default): none.
    llm: Endpoint | None = None


@dataclass(frozen=True)
class Stage:
    """One step: its name, the fields it reads and writes, and what it runs."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Analysis, Settings], dict[str, Any]]


def _text(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    return {"sentences": {a.id: tuple(split_sentences(a)) for a in analysis.articles}}


def _reuse(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    embedder = load_embedder(settings.embedder) if settings.embedder else None
    return {
        "derivations": reuse.find_derivations(
            analysis.articles, analysis.sentences, embedder=embedder
        )
    }


def _stories(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    embedder = load_embedder(settings.embedder) if settings.embedder else None
    return {
        "stories": stories.group_stories(
            analysis.articles, threshold=settings.story_threshold, embedder=embedder
        )
    }


def _extract(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    embedder = load_embedder(settings.embedder) if settings.embedder else None
    found = extract.extract(
        analysis.articles, analysis.sentences, analysis.stories, embedder=embedder
    )
    return {"facts": found.facts, "entities": found.entities, "quotes": found.quotes}


def _compare(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    embedder = load_embedder(settings.embedder) if settings.embedder else None
    by_id = {article.id: article for article in analysis.articles}
    claims, conflicts, relations = {}, {}, {}
    for story in analysis.stories:
        found = compare.compare_story(
            [by_id[i] for i in story.article_ids if i in by_id],
            analysis.sentences,
            _within(analysis.derivations, story),
            analysis.facts,
            embedder=embedder,
        )
        claims[story.id], conflicts[story.id] = found.claims, found.conflicts
        relations[story.id] = found.relations
    return {"claims": claims, "conflicts": conflicts, "relations": relations}


def _timeline(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    by_id = {article.id: article for article in analysis.articles}
    return {
        "timelines": {
            story.id: build_timeline(
                [by_id[i] for i in story.article_ids if i in by_id],
                analysis.sentences,
                analysis.facts,
                analysis.claims.get(story.id, ()),
            )
            for story in analysis.stories
        }
    }


def _abstract(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    if settings.llm is None:
        return {"abstracts": {}}
    by_id = {article.id: article for article in analysis.articles}
    return {
        "abstracts": {
            story.id: abstractive_summary(
                [by_id[i] for i in story.article_ids if i in by_id],
                analysis.claims.get(story.id, ()),
                settings.llm,
                words=settings.summary_words,
            )
            for story in analysis.stories
        }
    }


def _summarize(analysis: Analysis, settings: Settings) -> dict[str, Any]:
    by_id = {article.id: article for article in analysis.articles}
    embedder = load_embedder(settings.embedder) if settings.embedder else None
    return {
        "summaries": {
            story.id: summarize.summarize_story(
                [by_id[i] for i in story.article_ids],
                analysis.sentences,
                claims=analysis.claims.get(story.id, ()),
                conflicts=analysis.conflicts.get(story.id, ()),
                words=settings.summary_words,
                embedder=embedder,
            )
            for story in analysis.stories
        }
    }


PIPELINE: tuple[Stage, ...] = (
    Stage("text", reads=("articles",), writes=("sentences",), run=_text),
    Stage("reuse", reads=("articles", "sentences"), writes=("derivations",), run=_reuse),
    Stage("stories", reads=("articles",), writes=("stories",), run=_stories),
    Stage(
        "extract",
        reads=("articles", "sentences", "stories"),
        writes=("facts", "entities", "quotes"),
        run=_extract,
    ),
    Stage(
        "compare",
        reads=("articles", "stories", "sentences", "derivations", "facts"),
        writes=("claims", "conflicts", "relations"),
        run=_compare,
    ),
    Stage(
        "timeline",
        reads=("articles", "stories", "sentences", "facts", "claims"),
        writes=("timelines",),
        run=_timeline,
    ),
    Stage(
        "abstract", reads=("articles", "stories", "claims"), writes=("abstracts",), run=_abstract
    ),
    Stage(
        "summarize",
        reads=("articles", "stories", "sentences", "claims", "conflicts"),
        writes=("summaries",),
        run=_summarize,
    ),
)


#: Dossier sections that no stage fills yet. The report says "not analyzed" for
#: them, so that an empty list is never read as "the sources agree".
PENDING_SECTIONS: tuple[str, ...] = ()


def check_pipeline(stages: Sequence[Stage]) -> None:
    """Raise `ParameterError` when a stage reads a field no earlier stage writes."""
    known = {f.name for f in fields(Analysis)}
    available = {"articles"}
    for stage in stages:
        for name in (*stage.reads, *stage.writes):
            if name not in known:
                raise ParameterError(
                    f"stage '{stage.name}' names '{name}', not a field of Analysis"
                )
        missing = [name for name in stage.reads if name not in available]
        if missing:
            raise ParameterError(
                f"stage '{stage.name}' reads {missing}, which no earlier stage writes"
            )
        available.update(stage.writes)


check_pipeline(PIPELINE)


def run_pipeline(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    stages: Sequence[Stage] = PIPELINE,
    progress: StageProgress | None = None,
) -> Analysis:
    """Return the analysis of the articles after every stage has run, in order."""
    settings = settings or Settings()
    analysis = Analysis(articles=tuple(articles))
    for done, stage in enumerate(stages):
        if progress:
            progress(stage.name, done, len(stages))
        analysis = replace(analysis, **stage.run(analysis, settings))
    if progress:
        progress("done", len(stages), len(stages))
    return analysis


def to_dossier(analysis: Analysis, *, skipped: Iterable[Skipped] = ()) -> Dossier:
    """Return the dossier of an analysis: per story, what every stage found about it."""
    none = Abstract((), ())
    abstracts = {story.id: analysis.abstracts.get(story.id, none) for story in analysis.stories}
    return Dossier(
        articles=analysis.articles,
        stories=tuple(
            StoryDossier(
                story=story,
                independent_sources=reuse.count_origins(
                    story.article_ids, _within(analysis.derivations, story)
                ),
                derivations=_within(analysis.derivations, story),
                claims=analysis.claims.get(story.id, ()),
                conflicts=analysis.conflicts.get(story.id, ()),
                relations=analysis.relations.get(story.id, ()),
                quotes=analysis.quotes.get(story.id, ()),
                entities=analysis.entities.get(story.id, ()),
                facts={i: analysis.facts[i] for i in story.article_ids if i in analysis.facts},
                summary=analysis.summaries.get(story.id, ()),
                timeline=analysis.timelines.get(story.id, ()),
                abstract=abstracts[story.id].sentences,
                abstract_dropped=tuple((d.text, d.reason) for d in abstracts[story.id].dropped),
            )
            for story in analysis.stories
        ),
        skipped=tuple(skipped),
        pending_sections=PENDING_SECTIONS,
    )


def _within(derivations: Iterable[Derivation], story: Story) -> tuple[Derivation, ...]:
    members = set(story.article_ids)
    return tuple(d for d in derivations if d.source in members and d.derived in members)
