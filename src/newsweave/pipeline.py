"""The pipeline: the stages of newsweave as one list, in run order.

Each stage reads fields of the `Analysis` that earlier stages wrote and writes
its own; `check_pipeline` verifies that order when the module loads, so a stage
cannot read what nothing before it produced.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from newsweave import compare, extract, reuse, stories, summarize
from newsweave.abstractive import Abstract, Endpoint, abstractive_summary
from newsweave.dossier import Dossier, StoryDossier
from newsweave.embeddings import Embedder, load_embedder
from newsweave.errors import ParameterError
from newsweave.extract.entities import Name
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
    #: The names each report mentions, before a story ties them to entities.
    names: Mapping[str, tuple[Name, ...]] = field(default_factory=dict)
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
class StoryWork:
    """What a per-story stage sees of one story: its reports and what is known of them."""

    story: Story
    articles: Sequence[Article]
    sentences: Mapping[str, tuple[Sentence, ...]]
    #: The derivations between two of the story's reports.
    derivations: tuple[Derivation, ...]
    #: The names found in each report (the `names` stage), by article id.
    names: Mapping[str, tuple[Name, ...]]
    #: What earlier per-story stages found for this story, by `Analysis` field;
    #: "facts" maps article ids to their facts.
    found: dict[str, Any]


#: Fields of `Analysis` keyed by article id; the others a per-story stage writes are by story id.
_BY_ARTICLE = frozenset({"facts"})


@dataclass(frozen=True)
class Stage:
    """One step: its name, the fields it reads and writes, and what it runs.

    A stage runs either over the whole analysis (`run`) or one story at a time
    (`per_story`, returning its fields' values for that story; None leaves the
    story out of a field). Consecutive per-story stages run together, story by
    story, so a story's sentences are read, embedded and compared while they
    are still at hand: at 10,000 reports, running them stage after stage
    embedded every sentence again in each (summaries took 121 s, against 0.5 s
    when the embedding cache holds them).
    """

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Analysis, Settings, Executor], dict[str, Any]] | None = None
    per_story: Callable[[StoryWork, Settings], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        if (self.run is None) == (self.per_story is None):
            raise ParameterError(f"stage '{self.name}' needs exactly one of run and per_story")

    def apply(self, analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
        """Return the fields this stage writes, for the whole analysis."""
        return _run_story_stages([self], analysis, settings, executor, {})


#: Stories per task when stages run story by story on a parallel executor.
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


def _names(analysis: Analysis, settings: Settings, executor: Executor) -> dict[str, Any]:
    # The English model reads reports fastest many at a time: here, in two
    # processes when serial; on a cluster, a chunk of reports per task.
    if executor.workers < 2:
        found = extract.find_all_names(analysis.articles)
    else:
        parts = executor.map_chunks(_names_of, analysis.articles, chunk=_REPORTS)
        found = {a.id: names for a, names in zip(analysis.articles, parts, strict=True)}
    return {"names": found}


def _names_of(articles: Sequence[Article]) -> list[tuple[Name, ...]]:
    found = extract.find_all_names(articles, processes=1)
    return [found[a.id] for a in articles]


def _extract(work: StoryWork, settings: Settings) -> dict[str, Any]:
    facts, entities, quotes = extract.extract_story(
        work.articles, work.sentences, embedder=_embedder(settings), names=work.names
    )
    return {"facts": facts, "entities": entities, "quotes": quotes}


def _compare(work: StoryWork, settings: Settings) -> dict[str, Any]:
    found = compare.compare_story(
        work.articles,
        work.sentences,
        work.derivations,
        work.found["facts"],
        embedder=_embedder(settings),
    )
    return {"claims": found.claims, "conflicts": found.conflicts, "relations": found.relations}


def _timeline(work: StoryWork, settings: Settings) -> dict[str, Any]:
    timeline = build_timeline(
        work.articles, work.sentences, work.found["facts"], work.found["claims"]
    )
    return {"timelines": timeline}


def _abstract(work: StoryWork, settings: Settings) -> dict[str, Any]:
    # A language model endpoint serves its own requests, one story at a time.
    if settings.llm is None:
        return {"abstracts": None}
    abstract = abstractive_summary(
        work.articles, work.found["claims"], settings.llm, words=settings.summary_words
    )
    return {"abstracts": abstract}


def _summarize(work: StoryWork, settings: Settings) -> dict[str, Any]:
    summary = summarize.summarize_story(
        work.articles,
        work.sentences,
        claims=work.found["claims"],
        conflicts=work.found["conflicts"],
        words=settings.summary_words,
        embedder=_embedder(settings),
    )
    return {"summaries": summary}


def _run_story_stages(
    stages: Sequence[Stage],
    analysis: Analysis,
    settings: Settings,
    executor: Executor,
    seconds: dict[str, float],
) -> dict[str, Any]:
    """Run stages over the whole analysis: each `run`, or the per-story ones story by story.

    Adds each stage's seconds to `seconds`: wall time for a `run`; for per-story
    stages, their time summed over the stories (over all workers, on a cluster).
    """
    if len(stages) == 1 and stages[0].run is not None:
        tick = time.perf_counter()
        whole = stages[0].run(analysis, settings, executor)
        seconds[stages[0].name] = seconds.get(stages[0].name, 0.0) + time.perf_counter() - tick
        return whole
    within = _derivations_by_story(analysis)
    read = {name for stage in stages for name in stage.reads}
    jobs = [
        StoryWork(
            story=story,
            articles=members,
            sentences=_sentences_of(members, analysis.sentences),
            derivations=within[story.id],
            names={a.id: analysis.names[a.id] for a in members if a.id in analysis.names},
            found=_found_before(analysis, story, members, read),
        )
        for story, members in zip(analysis.stories, _members(analysis), strict=True)
    ]
    results = executor.map_chunks(_StoryTask(tuple(stages), settings), jobs, chunk=_STORIES)
    written: dict[str, dict[str, Any]] = {name: {} for stage in stages for name in stage.writes}
    for story, (found, timed) in zip(analysis.stories, results, strict=True):
        for name, value in found.items():
            if name in _BY_ARTICLE:
                written[name].update(value)
            elif value is not None:
                written[name][story.id] = value
        for name, spent in timed.items():
            seconds[name] = seconds.get(name, 0.0) + spent
    return written


def _found_before(
    analysis: Analysis, story: Story, members: Sequence[Article], read: set[str]
) -> dict[str, Any]:
    """Return what the analysis already holds for the story, of the fields read."""
    found: dict[str, Any] = {}
    for name in read & _PER_STORY_FIELDS:
        held = getattr(analysis, name)
        if name in _BY_ARTICLE:
            found[name] = {a.id: held[a.id] for a in members if a.id in held}
        else:
            found[name] = held.get(story.id, ())
    return found


class _StoryTask:
    """Runs per-story stages, in order, over each story of a chunk: one task."""

    def __init__(self, stages: tuple[Stage, ...], settings: Settings) -> None:
        self.stages, self.settings = stages, settings

    def __call__(self, works: Sequence[StoryWork]) -> list[tuple[dict[str, Any], dict[str, float]]]:
        done = []
        for work in works:
            timed: dict[str, float] = {}
            found: dict[str, Any] = {}
            for stage in self.stages:
                assert stage.per_story is not None  # run_pipeline groups only these
                tick = time.perf_counter()
                written = stage.per_story(work, self.settings)
                timed[stage.name] = time.perf_counter() - tick
                work.found.update(written)
                found.update(written)
            done.append((found, timed))
        return done


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
    Stage("names", reads=("articles",), writes=("names",), run=_names),
    Stage(
        "extract",
        reads=("articles", "sentences", "stories", "names"),
        writes=("facts", "entities", "quotes"),
        per_story=_extract,
    ),
    Stage(
        "compare",
        reads=("articles", "stories", "sentences", "derivations", "facts"),
        writes=("claims", "conflicts", "relations"),
        per_story=_compare,
    ),
    Stage(
        "timeline",
        reads=("articles", "stories", "sentences", "facts", "claims"),
        writes=("timelines",),
        per_story=_timeline,
    ),
    Stage(
        "abstract",
        reads=("articles", "stories", "claims"),
        writes=("abstracts",),
        per_story=_abstract,
    ),
    Stage(
        "summarize",
        reads=("articles", "stories", "sentences", "claims", "conflicts"),
        writes=("summaries",),
        per_story=_summarize,
    ),
)

#: The fields per-story stages write, which a later per-story stage may read.
_PER_STORY_FIELDS = frozenset(
    name for stage in PIPELINE if stage.per_story is not None for name in stage.writes
)


def pipeline_steps(stages: Sequence[Stage]) -> list[tuple[str, tuple[Stage, ...]]]:
    """Return the steps the stages run as: each whole-analysis stage alone, and each
    run of consecutive per-story stages together, named by its first and last."""
    steps: list[tuple[str, tuple[Stage, ...]]] = []
    for stage in stages:
        if stage.per_story is not None and steps and steps[-1][1][-1].per_story is not None:
            group = (*steps[-1][1], stage)
            steps[-1] = (f"{group[0].name} … {stage.name}", group)
        else:
            steps.append((stage.name, (stage,)))
    return steps


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
    seconds: dict[str, float] | None = None,
) -> Analysis:
    """Return the analysis of the articles after every stage has run, in order.

    An `executor` (`newsweave.scale`) runs the stages' maps in parallel, on a
    Dask cluster for instance; the analysis is the same as without one.
    `progress` is called before each step (`pipeline_steps`) and at the end;
    `seconds`, when given, receives each stage's seconds.
    """
    settings = settings or Settings()
    executor = executor or SerialExecutor()
    seconds = {} if seconds is None else seconds
    analysis = Analysis(articles=tuple(articles))
    steps = pipeline_steps(stages)
    for done, (name, group) in enumerate(steps):
        if progress:
            progress(name, done, len(steps))
        written = _run_story_stages(group, analysis, settings, executor, seconds)
        analysis = replace(analysis, **written)
    if progress:
        progress("done", len(steps), len(steps))
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
