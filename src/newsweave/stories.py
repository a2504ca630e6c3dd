"""The stories stage: group reports about the same event.

This is the batch baseline: TF-IDF vectors of title and text, cosine
similarity discounted by the time between publications, and average-link
agglomerative clustering cut at a similarity threshold (tuned on ECB+ topics
1–35; `newsweave eval ecbplus` measures it). Stories alike in content but apart
in time are linked into storylines.
Reports in different languages share few words, so with an embedder their
similarity comes from multilingual embeddings of their leads instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime

import numpy as np
from numpy.typing import NDArray

from newsweave.embeddings import Embedder
from newsweave.errors import ParameterError
from newsweave.types import Article, Moment, Story

#: Average cosine similarity above which two groups of reports are one story.
DEFAULT_THRESHOLD = 0.18
#: Lead embeddings of two reports in different languages count above this cosine.
#: Measured on the example corpus: a translated report and its story's reports
#: score 0.67-0.80, the same outlet's unrelated story 0.38.
CROSS_LANGUAGE_FLOOR = 0.45
_LEAD_CHARS = 1500
#: Reports published this many days apart count e^-1 as alike: outlets cover an
#: event within days; a follow-up weeks later is another event of the storyline.
TIME_SCALE_DAYS = 7.0


def group_stories(
    articles: Sequence[Article],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    embedder: Embedder | None = None,
) -> tuple[Story, ...]:
    """Return the stories the articles form, largest first, each with a title and first report.

    With an `embedder`, reports in different languages are compared through it.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ParameterError.invalid("threshold", "a float in [0, 1]", threshold)
    if not articles:
        return ()
    similarity = similarity_matrix(articles)
    if embedder is not None and len({a.language for a in articles}) > 1:
        similarity = np.maximum(similarity, cross_language_similarity(articles, embedder))
    members = _events(articles, similarity, threshold=threshold)
    storylines = _storylines(articles, members, similarity, threshold=threshold)
    stories = [
        _story(articles, group, similarity, storyline)
        for group, storyline in zip(members, storylines, strict=True)
    ]
    first_seen = {article.id: i for i, article in enumerate(articles)}
    stories.sort(key=lambda story: (-len(story.article_ids), first_seen[story.article_ids[0]]))
    return tuple(stories)


def _events(
    articles: Sequence[Article], similarity: NDArray[np.float64], *, threshold: float
) -> list[list[int]]:
    """Return the articles grouped into events, as lists of indices.

    Dated reports are clustered with time taken into account. A report with no
    date cannot be placed in time, so it joins the event of the report most
    like it, best match first; those alike to none form events of their own.
    """
    dated = [i for i, a in enumerate(articles) if a.published is not None]
    undated = [i for i, a in enumerate(articles) if a.published is None]
    if not dated or not undated:
        return _groups(cluster(similarity * time_closeness(articles), threshold=threshold))
    sub = np.ix_(dated, dated)
    closeness = time_closeness([articles[i] for i in dated])
    events = [
        [dated[i] for i in g]
        for g in _groups(cluster(similarity[sub] * closeness, threshold=threshold))
    ]
    event_of = {index: n for n, event in enumerate(events) for index in event}
    remaining = set(undated)
    while remaining:
        placed = list(event_of)
        rows = sorted(remaining)
        block = similarity[np.ix_(rows, placed)]
        row, column = np.unravel_index(int(np.argmax(block)), block.shape)
        if block[row, column] < threshold:
            break
        event = event_of[placed[column]]
        events[event].append(rows[row])
        event_of[rows[row]] = event
        remaining.discard(rows[row])
    if remaining:
        rest = sorted(remaining)
        events += [
            [rest[i] for i in g]
            for g in _groups(cluster(similarity[np.ix_(rest, rest)], threshold=threshold))
        ]
    return [sorted(event) for event in events]


def _groups(labels: NDArray[np.int64]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())


def time_closeness(articles: Sequence[Article]) -> NDArray[np.float64]:
    """Return e^(-days apart / TIME_SCALE_DAYS) per pair; 1 where a date is unknown."""
    days = np.array(
        [a.published.value.timestamp() / 86400 if a.published else np.nan for a in articles]
    )
    apart = np.abs(days[:, None] - days[None, :])
    # Publication dates are often days, not times: less than a day apart is no gap.
    closeness = np.exp(-np.clip(apart - 1.0, 0.0, None) / TIME_SCALE_DAYS)
    return np.where(np.isnan(closeness), 1.0, closeness)


def _storylines(
    articles: Sequence[Article],
    groups: list[list[int]],
    similarity: NDArray[np.float64],
    *,
    threshold: float,
) -> list[str]:
    """Return, per group, its storyline's id: the id of the chain's earliest story.

    Two stories are one storyline when their reports are alike in content
    (average similarity at the clustering threshold, time set aside): the same
    actors and subject at another time.
    """
    parent = list(range(len(groups)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if similarity[np.ix_(groups[i], groups[j])].mean() >= threshold:
                parent[root(j)] = root(i)
    chains: dict[int, list[int]] = {}
    for index in range(len(groups)):
        chains.setdefault(root(index), []).append(index)
    storyline = [""] * len(groups)
    for chain in chains.values():
        earliest = min(chain, key=lambda g: _group_start(articles, groups[g]))
        for g in chain:
            storyline[g] = _story_id(articles, groups[earliest])
    return storyline


def _group_start(articles: Sequence[Article], group: list[int]) -> tuple[float, str]:
    moments = [articles[i].published for i in group]
    dates = [moment.value.timestamp() for moment in moments if moment is not None]
    return (min(dates) if dates else float("inf"), _story_id(articles, group))


def _story_id(articles: Sequence[Article], group: list[int]) -> str:
    ids = sorted(articles[i].id for i in group)
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]


def similarity_matrix(articles: Sequence[Article]) -> NDArray[np.float64]:
    """Return the cosine similarity of every pair of articles' TF-IDF vectors."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    documents = [f"{article.title or ''}\n{article.text}" for article in articles]
    vectorizer = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode", min_df=1)
    try:
        vectors = vectorizer.fit_transform(documents)
    except ValueError:  # no word in any document (e.g. only numbers)
        return np.eye(len(articles))
    return np.asarray((vectors @ vectors.T).toarray(), dtype=np.float64)


def cross_language_similarity(
    articles: Sequence[Article], embedder: Embedder
) -> NDArray[np.float64]:
    """Return, for pairs in different languages, how far their lead embeddings pass the floor."""
    leads = embedder.embed([f"{a.title or ''}. {a.text[:_LEAD_CHARS]}" for a in articles])
    excess: NDArray[np.float64] = np.clip(leads @ leads.T - CROSS_LANGUAGE_FLOOR, 0.0, None).astype(
        np.float64
    )
    languages = np.array([a.language or "" for a in articles])
    excess[languages[:, None] == languages[None, :]] = 0.0
    return excess


def cluster(similarity: NDArray[np.float64], *, threshold: float) -> NDArray[np.int64]:
    """Return a cluster label per row: average-link groups whose mean similarity ≥ threshold."""
    if len(similarity) == 1:
        return np.zeros(1, dtype=np.int64)
    from sklearn.cluster import AgglomerativeClustering

    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold,
    )
    return np.asarray(model.fit_predict(distance), dtype=np.int64)


def _story(
    articles: Sequence[Article],
    members: list[int],
    similarity: NDArray[np.float64],
    storyline: str,
) -> Story:
    chosen = [articles[i] for i in members]
    centrality = similarity[np.ix_(members, members)].mean(axis=1)
    # A headline reads better than a lead sentence: the most central titled
    # report names the story, the most central report only when none has a title.
    by_centrality = [chosen[i] for i in np.argsort(-centrality, kind="stable")]
    central = next((a for a in by_centrality if a.title), by_centrality[0])
    dated = [(a, a.published) for a in chosen if a.published is not None]
    first = min(dated, key=lambda pair: _earliest_key(pair[1]))[0] if dated else None
    ids = tuple(article.id for article in chosen)
    return Story(
        id=_story_id(articles, members),
        title=central.title or _lead(central.text),
        article_ids=ids,
        storyline_id=storyline,
        first_reported_by=first.id if first else None,
    )


def _earliest_key(moment: Moment) -> tuple[date, int, datetime]:
    """Order publication moments; on the same day a stated time comes before a bare date.

    "2026-03-06" may be any hour of that day, so it cannot be said to precede
    "2026-03-06T14:05+01:00"; the report whose time is known is taken as first.
    """
    exact = moment.precision in ("minute", "second")
    value = moment.value.astimezone(UTC) if exact else moment.value
    return value.date(), 0 if exact else 1, value


def _lead(text: str, limit: int = 120) -> str:
    first_line = text.split("\n", 1)[0]
    return (
        first_line if len(first_line) <= limit else first_line[: limit - 1].rsplit(" ", 1)[0] + "…"
    )
