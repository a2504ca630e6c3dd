"""The extract stage: typed facts with offsets, for every report of every story.

Per report: date and time expressions resolved to the time they speak of
(`dates`), quantities as intervals (`quantities`), mentions of people,
organizations and places (`entities`), and quotes with their speakers
(`quotes`). Per story: its entities under one canonical name each, and its
quote ledger (each statement once, with its wording in each report).

Entities are resolved story by story because a name's referent is settled by
the reports around it: "the president" is López Obrador in a story about his
meeting with Harris. A report with no date of its own has its relative dates
resolved against its story's first date, and says so (`anchor` "story").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.embeddings import Embedder, default_threads
from newsweave.extract.dates import find_dates, report_anchor
from newsweave.extract.entities import Name, StoryEntities, find_names, resolve_entities
from newsweave.extract.quantities import find_quantities
from newsweave.extract.quotes import find_attributions, quote_ledger
from newsweave.stories.clusterer import arrival_order
from newsweave.text.nlp import english_entities
from newsweave.types import (
    AnchorSource,
    Article,
    DateMention,
    Entity,
    Facts,
    Moment,
    Quantity,
    Quote,
    Sentence,
    Story,
)

#: Called after each story with (stories done, stories in all).
Progress = Callable[[int, int], None]

# spaCy reads this many reports at a time...
_BATCH = 32
# ...in two processes from this many reports on (fewer do not repay the start).
_MANY = 200


@dataclass(frozen=True)
class Extraction:
    """The facts of every report, and per story its entities and quote ledger."""

    facts: Mapping[str, Facts]
    entities: Mapping[str, tuple[Entity, ...]]
    quotes: Mapping[str, tuple[Quote, ...]]


def extract(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    stories: Sequence[Story],
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Extraction:
    """Return the typed facts of the reports, story by story."""
    by_id = {article.id: article for article in articles}
    names = find_all_names(articles)
    facts: dict[str, Facts] = {}
    entities: dict[str, tuple[Entity, ...]] = {}
    quotes: dict[str, tuple[Quote, ...]] = {}
    for done, story in enumerate(stories, 1):
        members = [by_id[i] for i in story.article_ids if i in by_id]
        story_facts, entities[story.id], quotes[story.id] = extract_story(
            members, sentences, embedder=embedder, names=names
        )
        facts.update(story_facts)
        if progress:
            progress(done, len(stories))
    return Extraction(facts, entities, quotes)


def extract_story(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    *,
    embedder: Embedder | None = None,
    names: Mapping[str, Sequence[Name]] | None = None,
    processes: int | None = None,
) -> tuple[dict[str, Facts], tuple[Entity, ...], tuple[Quote, ...]]:
    """Return the facts of one story's reports, its entities and its quote ledger.

    `names` are the names already found in the reports (`find_all_names` finds
    those of many reports in one pass); the reports missing from it are read
    here, by the English model in `processes` processes (default: two for many
    reports, else one; a task on a cluster worker, which may not start
    processes, passes 1).
    """
    known = dict(names or {})
    missing = [a for a in articles if a.id not in known]
    if missing:
        known.update(find_all_names(missing, processes=processes))
    found = resolve_entities(articles, known)
    facts = {}
    attributions = {}
    for article in articles:
        attributions[article.id] = tuple(
            find_attributions(article, sentences.get(article.id, ()), found)
        )
        facts[article.id] = Facts(
            dates=tuple(_dates(article, articles)),
            quantities=tuple(
                find_quantities(article.text, article_id=article.id, language=article.language)
            ),
            mentions=found.mentions.get(article.id, ()),
            attributions=attributions[article.id],
        )
    order = [articles[i].id for i in arrival_order(articles)]
    ledger = quote_ledger(attributions, order, embedder=embedder)
    return facts, found.entities, ledger


def story_entities(articles: Sequence[Article]) -> StoryEntities:
    """Return the entities of one story's reports, each under its canonical name."""
    return resolve_entities(articles, find_all_names(articles))


def find_all_names(
    articles: Sequence[Article], *, processes: int | None = None
) -> dict[str, tuple[Name, ...]]:
    """Return the names each report mentions, by article id, found in one pass.

    English reports are read by the English model in `processes` processes
    (default: two for many reports, else one); the others get capitalised names.
    """
    english = [a for a in articles if (a.language or "en") == "en"]
    names = {a.id: tuple(find_names(a, None)) for a in articles if a not in english}
    if english:
        nlp = english_entities()
        # The model reads one report at a time per process: with many reports,
        # two processes read them 1.7 times as fast on two cores.
        if processes is None:
            processes = min(default_threads(), 2) if len(english) >= _MANY else 1
        docs = nlp.pipe((a.text for a in english), batch_size=_BATCH, n_process=processes)
        for article, doc in zip(english, docs, strict=True):
            names[article.id] = tuple(find_names(article, doc))
    return names


def date_anchor(article: Article, story: Sequence[Article]) -> tuple[Moment, AnchorSource] | None:
    """Return what a report's relative dates count from: its own date, else its story's first.

    None when neither the report nor any report of its story is dated.
    """
    anchored = report_anchor(article)
    if anchored is not None:
        return anchored
    dated = [a.published for a in story if a.published is not None]
    return (min(dated, key=lambda m: m.value), "story") if dated else None


def _dates(article: Article, story: Sequence[Article]) -> list[DateMention]:
    anchored = date_anchor(article, story)
    anchor, source = anchored if anchored else (None, None)
    return find_dates(
        article.text,
        article_id=article.id,
        anchor=anchor,
        anchor_source=source,
        language=article.language,
    )


def group_dates(facts: Iterable[Facts]) -> list[tuple[str | None, list[DateMention]]]:
    """Return the reports' date expressions grouped by the time they resolve to.

    Earliest first; the unresolved ones (value None) come last.
    """
    groups: dict[str | None, list[DateMention]] = {}
    for found in facts:
        for date in found.dates:
            groups.setdefault(date.value, []).append(date)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))


def group_quantities(facts: Iterable[Facts]) -> list[tuple[str, list[Quantity]]]:
    """Return the reports' quantities grouped by the interval, unit and count they state."""
    groups: dict[str, list[Quantity]] = {}
    for found in facts:
        for quantity in found.quantities:
            groups.setdefault(quantity.describe(), []).append(quantity)
    return list(groups.items())


__all__ = [
    "Extraction",
    "Facts",
    "StoryEntities",
    "date_anchor",
    "extract",
    "extract_story",
    "find_all_names",
    "group_dates",
    "group_quantities",
    "story_entities",
]
