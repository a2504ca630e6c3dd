"""The stories stage: group reports about the same event, as they arrive.

`StoryClusterer` places reports one at a time, in time order: each joins the
event it scores best with, or opens one, and keeps the scores as its reason.
`group_stories` replays a batch through it. Events alike in content but apart
in time are linked into storylines. `newsweave eval ecbplus`, `clustmcms` and
`semeval` measure the stage.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from newsweave.embeddings import Embedder
from newsweave.scale import Executor
from newsweave.stories.clusterer import (
    CROSS_LANGUAGE_FLOOR,
    DEFAULT_THRESHOLD,
    NAMES_WEIGHT,
    Progress,
    StoryClusterer,
    arrival_order,
    blend,
    lead_text,
    story_id,
    time_closeness,
    translation,
)
from newsweave.stories.features import Vectorizer, documents_of, entity_terms
from newsweave.types import Article, Story

__all__ = [
    "CROSS_LANGUAGE_FLOOR",
    "DEFAULT_THRESHOLD",
    "NAMES_WEIGHT",
    "StoryClusterer",
    "arrival_order",
    "entity_terms",
    "group_stories",
    "pair_scores",
    "story_id",
    "time_closeness",
]


def group_stories(
    articles: Sequence[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> tuple[Story, ...]:
    """Return the stories the articles form, largest first, each with a title and first report.

    The articles are replayed in time order through a `StoryClusterer`; with
    an `embedder`, reports in different languages are compared through it. An
    `executor` reads the reports' features in parallel.
    """
    clusterer = StoryClusterer(threshold=threshold, embedder=embedder)
    if not articles:
        return ()
    clusterer.place_many(articles, progress=progress, executor=executor)
    first_seen = {article.id: i for i, article in enumerate(articles)}
    return tuple(
        sorted(
            clusterer.stories(),
            key=lambda story: (-len(story.article_ids), first_seen[story.article_ids[0]]),
        )
    )


def pair_scores(
    pairs: Sequence[tuple[Article, Article]],
    *,
    embedder: Embedder | None = None,
    names_weight: float = NAMES_WEIGHT,
) -> NDArray[np.float64]:
    """Return the same-story score of each pair, time set aside: the score events are built on."""
    articles = list({a.id: a for pair in pairs for a in pair}.values())
    documents = documents_of(articles)
    vectorizer = Vectorizer()
    vectorizer.observe(documents)
    vectors = vectorizer.transform(documents)
    row = {a.id: i for i, a in enumerate(articles)}
    first = [row[a.id] for a, _ in pairs]
    second = [row[b.id] for _, b in pairs]
    words = np.asarray(vectors.words[first].multiply(vectors.words[second]).sum(axis=1)).ravel()
    names = np.asarray(vectors.names[first].multiply(vectors.names[second]).sum(axis=1)).ravel()
    content = words.astype(np.float64)
    if embedder is not None:
        leads = embedder.embed([lead_text(a) for a in articles])
        across = np.array([a.language != b.language for a, b in pairs])
        cosine = np.einsum("ij,ij->i", leads[first], leads[second])
        content = np.maximum(content, translation(cosine, across))
    return blend(content, names, vectors.has_names[first] & vectors.has_names[second], names_weight)
