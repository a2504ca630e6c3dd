"""The pipeline: the stages of newsweave as one list, in run order.

Each stage reads fields of the `Analysis` that earlier stages wrote and writes
its own; `check_pipeline` verifies that order when the module loads, so a stage
cannot read what nothing before it produced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import partial
from typing import Any

from newsweave import compare, extract, reuse, stories, summarize
from newsweave.abstractive import Abstract, Endpoint, abstractive_summary
from newsweave.dossier import Dossier, StoryDossier
from newsweave.embeddings import Embedder, load_embedder
from newsweave.errors import ParameterError
from newsweave.scale import Executor, SerialExecutor
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
    run: Callable[[Analysis, Settings, Executor], dict[str, Any]]


#: Stories per task when a stage runs story by story on a parallel executor.
_STORIES = 16
#: Reports per task when a stage runs report by report.
_REPORTS = 200


def _text(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    found = executor.map_chunks(_split_all, analysis.articles, chunk=_REPORTS)
    return {"sentences": {a.id: s for a, s in zip(analysis.articles, found, strict=True)}}


def _split_all(articles: Sequence[Article]) -> list[tuple[Sentence, ...]]:
    return [tuple(split_sentences(article)) for article in articles]


def _reuse(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    return {
        "derivations": reuse.find_derivations(
            analysis.articles, analysis.sentences, embedder=_embedder(settings), executor=executor
        )
    }


def _stories(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    return {
        "stories": stories.group_stories(
            analysis.articles,
            threshold=settings.story_threshold,
            embedder=_embedder(settings),
            executor=executor,
        )
    }


def _extract(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    embedder = _embedder(settings)
    if executor.workers < 2:
        found = extract.extract(
            analysis.articles, analysis.sentences, analysis.stories, embedder=embedder
        )
        return {"facts": found.facts, "entities": found.entities, "quotes": found.quotes}
    jobs = [(members, _sentences_of(members, analysis.sentences)) for members in _members(analysis)]
    results = executor.map_chunks(
        _Each(partial(extract.extract_story, embedder=embedder, processes=1)),
        jobs,
        chunk=_STORIES,
    )
    facts: dict[str, Facts] = {}
    entities, quotes = {}, {}
    for story, (story_facts, story_entities, ledger) in zip(analysis.stories, results, strict=True):
        facts.update(story_facts)
        entities[story.id], quotes[story.id] = story_entities, ledger
    return {"facts": facts, "entities": entities, "quotes": quotes}


def _compare(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    within = _derivations_by_story(analysis)
    jobs = [
        (
            members,
            _sentences_of(members, analysis.sentences),
            within[story.id],
            {a.id: analysis.facts[a.id] for a in members if a.id in analysis.facts},
        )
        for story, members in zip(analysis.stories, _members(analysis), strict=True)
    ]
    results = executor.map_chunks(
        _Each(partial(compare.compare_story, embedder=_embedder(settings))), jobs, chunk=_STORIES
    )
    claims, conflicts, relations = {}, {}, {}
    for story, found in zip(analysis.stories, results, strict=True):
        claims[story.id], conflicts[story.id] = found.claims, found.conflicts
        relations[story.id] = found.relations
    return {"claims": claims, "conflicts": conflicts, "relations": relations}


def _timeline(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    jobs = [
        (
            members,
            _sentences_of(members, analysis.sentences),
            {a.id: analysis.facts[a.id] for a in members if a.id in analysis.facts},
            analysis.claims.get(story.id, ()),
        )
        for story, members in zip(analysis.stories, _members(analysis), strict=True)
    ]
    results = executor.map_chunks(_Each(build_timeline), jobs, chunk=_STORIES)
    return {"timelines": {s.id: r for s, r in zip(analysis.stories, results, strict=True)}}


def _abstract(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    # A language model endpoint serves its own requests; they are sent one story at a time.
    if settings.llm is None:
        return {"abstracts": {}}
    return {
        "abstracts": {
            story.id: abstractive_summary(
                members,
                analysis.claims.get(story.id, ()),
                settings.llm,
                words=settings.summary_words,
            )
            for story, members in zip(analysis.stories, _members(analysis), strict=True)
        }
    }


def _summarize(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    jobs = [
        (
            members,
            _sentences_of(members, analysis.sentences),
            analysis.claims.get(story.id, ()),
            analysis.conflicts.get(story.id, ()),
        )
        for story, members in zip(analysis.stories, _members(analysis), strict=True)
    ]
    summarize_one = partial(
        _summarize_story, words=settings.summary_words, embedder=_embedder(settings)
    )
    results = executor.map_chunks(_Each(summarize_one), jobs, chunk=_STORIES)
    return {"summaries": {s.id: r for s, r in zip(analysis.stories, results, strict=True)}}


def _summarize_story(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    claims: Sequence[Claim],
    conflicts: Sequence[Conflict],
    *,
    words: int,
    embedder: Embedder | None,
) -> tuple[Any, ...]:
    return summarize.summarize_story(
        articles, sentences, claims=claims, conflicts=conflicts, words=words, embedder=embedder
    )


class _Each:
    """Applies a function to each job of a chunk (a tuple of its arguments): a task."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function

    def __call__(self, jobs: Sequence[tuple[Any, ...]]) -> list[Any]:
        return [self.function(*job) for job in jobs]


def _embedder(settings: Settings) -> Embedder | None:
    return load_embedder(settings.embedder) if settings.embedder else None


def _members(analysis: Analysis) -> list[list[Article]]:
    """Return each story's articles, in the story's order."""
    by_id = {article.id: article for article in analysis.articles}
    return [[by_id[i] for i in story.article_ids if i in by_id] for story in analysis.stories]


def _sentences_of(
    articles: Sequence[Article], sentences: Mapping[str, tuple[Sentence, ...]]
) -> dict[str, tuple[Sentence, ...]]:
    return {a.id: sentences[a.id] for a in articles if a.id in sentences}


def _derivations_by_story(analysis: Analysis) -> dict[str, tuple[Derivation, ...]]:
    """Return, per story, the derivations between two of its reports, in one pass."""
    story_of: dict[str, set[str]] = {}
    for story in analysis.stories:
        for article_id in story.article_ids:
            story_of.setdefault(article_id, set()).add(story.id)
    found: dict[str, list[Derivation]] = {story.id: [] for story in analysis.stories}
    for derivation in analysis.derivations:
        shared = story_of.get(derivation.source, set()) & story_of.get(derivation.derived, set())
        for story_id in shared:
            found[story_id].append(derivation)
    return {story_id: tuple(kept) for story_id, kept in found.items()}


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
    executor: Executor | None = None,
) -> Analysis:
    """Return the analysis of the articles after every stage has run, in order.

    An `executor` (`newsweave.scale`) runs the stages' maps in parallel, on a
    Dask cluster for instance; the analysis is the same as without one.
    """
    settings = settings or Settings()
    executor = executor or SerialExecutor()
    analysis = Analysis(articles=tuple(articles))
    for done, stage in enumerate(stages):
        if progress:
            progress(stage.name, done, len(stages))
        analysis = replace(analysis, **stage.run(analysis, settings, executor))
    if progress:
        progress("done", len(stages), len(stages))
    return analysis


def to_dossier(analysis: Analysis, *, skipped: Iterable[Skipped] = ()) -> Dossier:
    """Return the dossier of an analysis: per story, what every stage found about it."""
    none = Abstract((), ())
    within = _derivations_by_story(analysis)
    abstracts = {story.id: analysis.abstracts.get(story.id, none) for story in analysis.stories}
    return Dossier(
        articles=analysis.articles,
        stories=tuple(
            StoryDossier(
                story=story,
                independent_sources=reuse.count_origins(story.article_ids, within[story.id]),
                derivations=within[story.id],
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
