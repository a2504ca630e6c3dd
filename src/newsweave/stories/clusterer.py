"""Online event clustering: each report, in time order, joins an event or opens one.

A report's score with an event is the average, over the event's reports, of
how alike the two reports are (average link), each pair discounted by the
time between their publications. How alike: TF-IDF cosine of their words (or,
for reports in different languages, how far the cosine of their lead
embeddings passes a floor), blended with the TF-IDF cosine of the names,
numbers and dates they mention. The report joins its best event when that
score reaches the threshold, else it opens an event; either way the scores
are kept as the reason.

Only reports published within `WINDOW_DAYS` of the new one can move its
score, so a report is compared with those alone: placing one costs the same
whether the clusterer holds a thousand reports or a million.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from newsweave.embeddings import Embedder
from newsweave.errors import ParameterError
from newsweave.scale import Executor, SerialExecutor
from newsweave.stories.features import (
    N_FEATURES,
    Document,
    ReportVectors,
    Vectorizer,
    documents_of,
)
from newsweave.types import Article, Moment, Placement, Story

#: Average score above which a report joins an event (tuned on ECB+ topics 1–35
#: and the Clust-McMs dev clusters; `newsweave eval` measures both).
DEFAULT_THRESHOLD = 0.22
#: An event scores by the mean of its `LINK` pairs best for the report: a small
#: event and a large one compete on their closest reports (full average link
#: favours small events; single link chains unlike reports together).
LINK = 2
#: Weight of the names, numbers and dates signal against the words signal: two
#: earthquakes share their words; their places, magnitudes and dates differ.
NAMES_WEIGHT = 0.3
#: Lead embeddings of two reports in different languages count above this cosine.
#: Measured on the example corpus: a translated report and its story's reports
#: score 0.67-0.80, the same outlet's unrelated story 0.38.
CROSS_LANGUAGE_FLOOR = 0.45
#: Reports published this many days apart count e^-1 as alike: outlets cover an
#: event within days; a follow-up weeks later is another event of the storyline.
TIME_SCALE_DAYS = 7.0
#: Beyond this many days apart a pair counts less than 5%: it is not compared.
WINDOW_DAYS = 1.0 + TIME_SCALE_DAYS * math.log(20.0)
#: An event may follow one that started up to this many days before it: a
#: storyline whose events keep coming runs on, one that falls silent for a
#: season ends (its return starts a new one).
STORYLINE_DAYS = 90.0
_LEAD_CHARS = 1500
_BLOCK = 1024
#: Reports placed together: their products with the reports before are taken at once.
_CHUNK = 256
#: Reports whose features (and lead embeddings) one task reads.
_FEATURE_CHUNK = 256
_SHARED_SHOWN = 6
#: A story's title is chosen among its first reports: centrality costs the square of their number.
_CENTRALITY_SAMPLE = 200

Progress = Callable[[int, int], None]


def time_closeness(apart_days: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return e^-(days apart - 1)/TIME_SCALE_DAYS, 1 within a day or where a date is unknown."""
    # Publication dates are often days, not times: less than a day apart is no gap.
    closeness = np.exp(-np.clip(apart_days - 1.0, 0.0, None) / TIME_SCALE_DAYS)
    return np.where(np.isnan(closeness), 1.0, closeness)


def lead_text(article: Article) -> str:
    """Return what a report's lead embedding is taken of: its title and first paragraphs."""
    return f"{article.title or ''}. {article.text[:_LEAD_CHARS]}"


def translation(cosine: NDArray[Any], across: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Return how far lead cosines pass `CROSS_LANGUAGE_FLOOR`, for pairs across languages only."""
    return np.where(across, np.clip(cosine - CROSS_LANGUAGE_FLOOR, 0.0, None), 0.0)


def blend(
    content: NDArray[np.float64],
    names: NDArray[Any],
    named: NDArray[np.bool_],
    names_weight: float,
) -> NDArray[np.float64]:
    """Return the pair score, time set aside: content blended with names where both have any.

    A report without a name, number or date (a script without capitals) is
    scored on its content alone rather than penalised for the missing signal.
    """
    blended = (1.0 - names_weight) * content + names_weight * names
    return np.asarray(np.where(named, blended, content), dtype=np.float64)


def _day(moment: Moment | None) -> float:
    return moment.value.timestamp() / 86400.0 if moment is not None else math.nan


def _earliest_key(moment: Moment) -> tuple[date, int, datetime]:
    """Order publication moments; on the same day a stated time comes before a bare date.

    "2026-03-06" may be any hour of that day, so it cannot be said to precede
    "2026-03-06T14:05+01:00"; the report whose time is known is taken as first.
    """
    exact = moment.precision in ("minute", "second")
    value = moment.value.astimezone(UTC) if exact else moment.value
    return value.date(), 0 if exact else 1, value


def arrival_order(articles: Sequence[Article]) -> list[int]:
    """Return the indices of the articles in time order, undated ones last, ties in input order."""

    def key(index: int) -> tuple[int, tuple[date, int, datetime] | None, int]:
        moment = articles[index].published
        return (0, _earliest_key(moment), index) if moment else (1, None, index)

    return sorted(range(len(articles)), key=key)


class _Rows:
    """A growable CSR matrix: appending a row costs its own entries, not the matrix's."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self._data = np.zeros(1024, dtype=np.float32)
        self._indices = np.zeros(1024, dtype=np.int32)
        self._indptr = [0]
        self._matrix: sp.csr_matrix | None = None

    def append(self, row: sp.csr_matrix) -> None:
        start, count = self._indptr[-1], row.nnz
        if start + count > len(self._data):
            size = max(2 * len(self._data), start + count)
            self._data = np.resize(self._data, size)
            self._indices = np.resize(self._indices, size)
        self._data[start : start + count] = row.data
        self._indices[start : start + count] = row.indices
        self._indptr.append(start + count)
        self._matrix = None

    def matrix(self) -> sp.csr_matrix:
        if self._matrix is None:
            end = self._indptr[-1]
            self._matrix = sp.csr_matrix(
                (self._data[:end], self._indices[:end], np.array(self._indptr)),
                shape=(len(self._indptr) - 1, self.columns),
                copy=False,
            )
        return self._matrix


class _Columns:
    """Some reports' vectors as dense columns over the features they use.

    A block of placed reports times a chunk of reports being placed is then a
    sparse-by-dense product: each stored entry of the block is read once for
    the whole chunk, where a product per report reads the block once per
    report (8x slower for 256 reports; the sums are the same, term for term).
    Only the features the chunk uses are kept: 2^20 dense rows would not fit.
    """

    def __init__(self, rows: sp.csr_matrix) -> None:
        features = np.unique(rows.indices)
        #: Each feature's row in the dense columns, -1 for those the reports do not use.
        self._position = np.full(N_FEATURES, -1, dtype=np.int32)
        self._position[features] = np.arange(len(features), dtype=np.int32)
        self._dense = np.zeros((len(features), rows.shape[0]), dtype=np.float32)
        reports = np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))
        self._dense[self._position[rows.indices], reports] = rows.data

    def times(self, matrix: sp.csr_matrix) -> NDArray[np.float32]:
        """Return `matrix` @ these columns: one row per row of `matrix`, one column per report."""
        position = self._position[matrix.indices]
        kept = position >= 0
        indptr = np.concatenate([[0], np.cumsum(kept)])[matrix.indptr]
        narrowed = sp.csr_matrix(
            (matrix.data[kept], position[kept], indptr),
            shape=(matrix.shape[0], self._dense.shape[0]),
        )
        return np.asarray(narrowed @ self._dense)


class _Chunk:
    """The word and name products of a chunk of reports being placed, with the reports before.

    A block's products are taken once, for the whole chunk, over the reports
    it held when the chunk began; reports of the chunk placed since are read
    from the chunk's products with itself.
    """

    def __init__(self, vectors: ReportVectors, first_row: int) -> None:
        self._words, self._names = _Columns(vectors.words), _Columns(vectors.names)
        self._first_row = first_row
        self._within = (self._words.times(vectors.words), self._names.times(vectors.names))
        self._blocks: dict[int, tuple[NDArray[np.float32], NDArray[np.float32]]] = {}
        #: The chunk position of each report placed from the chunk, in row order.
        self.placed: list[int] = []

    def dots(
        self, number: int, block: _Block, position: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Return the block's word and name products with the chunk's report at `position`."""
        start = number * _BLOCK
        before = min(max(self._first_row - start, 0), block.size)
        if number not in self._blocks:
            words, names, _ = block.stacked()
            self._blocks[number] = (
                self._words.times(words[:before]),
                self._names.times(names[:before]),
            )
        since = self.placed[start + before - self._first_row : start + block.size - self._first_row]
        (old_words, old_names), (within_words, within_names) = self._blocks[number], self._within

        def column(old: NDArray[np.float32], within: NDArray[np.float32]) -> NDArray[np.float64]:
            return np.concatenate([old[:, position], within[since, position]]).astype(np.float64)

        return column(old_words, within_words), column(old_names, within_names)


class _Dense:
    """A reused dense buffer to multiply a block of rows by one sparse row.

    Spread into the buffer, the row makes the product a matrix-vector one;
    scipy's sparse-by-sparse product would first transpose the row into a
    2^20-row column.
    """

    def __init__(self, size: int) -> None:
        self._buffer = np.zeros(size, dtype=np.float32)

    def dot(self, matrix: sp.csr_matrix, row: sp.csr_matrix) -> NDArray[np.float64]:
        self._buffer[row.indices] = row.data
        try:
            return np.asarray(matrix @ self._buffer, dtype=np.float64)
        finally:
            self._buffer[row.indices] = 0.0


class _Block:
    """Up to `_BLOCK` consecutive reports' vectors: words, names and lead embedding."""

    def __init__(self, dimension: int) -> None:
        self.words = _Rows(N_FEATURES)
        self.names = _Rows(N_FEATURES)
        self._leads = np.zeros((_BLOCK, dimension), dtype=np.float32)
        self.size = 0
        #: The days its dated reports span, and whether it holds undated ones.
        self.first_day, self.last_day, self.undated = math.inf, -math.inf, False

    def append(self, vectors: ReportVectors, lead: NDArray[np.float32], day: float) -> None:
        self.words.append(vectors.words)
        self.names.append(vectors.names)
        self._leads[self.size] = lead
        self.size += 1
        if math.isnan(day):
            self.undated = True
        else:
            self.first_day, self.last_day = min(self.first_day, day), max(self.last_day, day)

    def near(self, day: float) -> bool:
        """Return whether any of its reports may be within `WINDOW_DAYS` of `day`."""
        return (
            math.isnan(day)
            or self.undated
            or (self.first_day - WINDOW_DAYS <= day <= self.last_day + WINDOW_DAYS)
        )

    def stacked(self) -> tuple[sp.csr_matrix, sp.csr_matrix, NDArray[np.float32]]:
        return self.words.matrix(), self.names.matrix(), self._leads[: self.size]


class _Column:
    """A growable numpy column, amortized O(1) per append."""

    def __init__(self, dtype: type[np.generic], fill: float = 0) -> None:
        self._data = np.full(64, fill, dtype=dtype)
        self._fill = fill
        self.size = 0

    def append(self, value: float) -> None:
        if self.size == len(self._data):
            grown = np.full(2 * len(self._data), self._fill, dtype=self._data.dtype)
            grown[: self.size] = self._data
            self._data = grown
        self._data[self.size] = value
        self.size += 1

    def __setitem__(self, index: int, value: float) -> None:
        self._data[index] = value

    @property
    def values(self) -> NDArray[Any]:
        return self._data[: self.size]


@dataclass
class _Event:
    """An event's reports, as rows, in the order they joined; the first opened it."""

    rows: list[int]
    placements: list[Placement]


@dataclass(frozen=True)
class _Report:
    """What a story needs of a placed report once its text is gone."""

    id: str
    title: str | None
    lead: str
    published: Moment | None
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _Scores:
    """One report's pair scores with the reports in its window, row by row."""

    rows: NDArray[np.int64]
    words: NDArray[np.float64]
    names: NDArray[np.float64]
    translation: NDArray[np.float64]
    closeness: NDArray[np.float64]
    content: NDArray[np.float64]

    @property
    def score(self) -> NDArray[np.float64]:
        return self.content * self.closeness


class StoryClusterer:
    """Places reports into events one at a time, and keeps why.

    `observe` counts reports in the word statistics without placing them (a
    batch is observed before it is replayed); `place` observes a report it has
    not seen. With an `embedder`, lead embeddings compare reports across
    languages; a clusterer embeds the leads of a batch when it has seen more
    than one language, so a report placed before the first report in another
    language cannot be matched across languages.
    """

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        embedder: Embedder | None = None,
        names_weight: float = NAMES_WEIGHT,
        link: int = LINK,
    ) -> None:
        if isinstance(link, bool) or not isinstance(link, int) or link < 1:
            raise ParameterError.invalid("link", "an int >= 1", link)
        for name, value in (("threshold", threshold), ("names_weight", names_weight)):
            if isinstance(value, bool) or not isinstance(value, float | int) or not 0 <= value <= 1:
                raise ParameterError.invalid(name, "a float in [0, 1]", value)
        self.threshold = float(threshold)
        self.names_weight = float(names_weight)
        self.embedder = embedder
        self.link = link
        self._vectorizer = Vectorizer()
        self._words_buffer = _Dense(N_FEATURES)
        self._names_buffer = _Dense(N_FEATURES)
        self._observed: set[str] = set()
        self._languages: dict[str, int] = {}
        self._blocks: list[_Block] = []
        self._day = _Column(np.float64, math.nan)
        self._event = _Column(np.int64)
        self._language = _Column(np.int64)
        self._has_names = _Column(np.bool_)
        self._has_lead = _Column(np.bool_)
        self._event_size = _Column(np.int64)
        self._reports: list[_Report] = []
        self._row_of: dict[str, int] = {}
        self._events: list[_Event] = []

    def __len__(self) -> int:
        """Return how many reports have been placed."""
        return len(self._reports)

    def observe(self, articles: Iterable[Article]) -> None:
        """Count articles not seen before in the document frequencies."""
        fresh = [a for a in articles if a.id not in self._observed]
        self._observe(fresh, documents_of(fresh))

    def _observe(self, articles: Sequence[Article], documents: Sequence[Document]) -> None:
        fresh = [
            (a, d) for a, d in zip(articles, documents, strict=True) if a.id not in self._observed
        ]
        self._vectorizer.observe(d for _, d in fresh)
        for article, _ in fresh:
            self._observed.add(article.id)
            self._languages.setdefault(article.language or "", len(self._languages))

    def place_many(
        self,
        articles: Sequence[Article],
        *,
        progress: Progress | None = None,
        executor: Executor | None = None,
    ) -> list[Placement]:
        """Observe the articles, then place them in time order; return their placements.

        An `executor` reads the reports' features (words, names, lead embeddings)
        in parallel; placing stays in time order, one report after another.
        """
        executor = executor or SerialExecutor()
        batch = [articles[i] for i in arrival_order(articles)]
        documents = executor.map_chunks(documents_of, batch, chunk=_FEATURE_CHUNK)
        self._observe(batch, documents)
        leads = self._leads(batch, executor)
        placements = {}
        for start in range(0, len(batch), _CHUNK):
            part = slice(start, start + _CHUNK)
            vectors = self._vectorizer.transform(documents[part])
            chunk = _Chunk(vectors, first_row=len(self._reports))
            for i, article in enumerate(batch[part]):
                placements[article.id] = self._place(
                    article,
                    vectors.row(i),
                    documents[start + i].terms,
                    leads[start + i],
                    chunk=chunk,
                    position=i,
                )
                if progress is not None:
                    progress(start + i + 1, len(batch))
        return [placements[a.id] for a in articles]

    def place(self, article: Article) -> Placement:
        """Place one article: it joins its best event or opens one."""
        document = Document.of(article)
        self._observe([article], [document])
        vectors = self._vectorizer.transform([document]).row(0)
        return self._place(article, vectors, document.terms, self._leads([article])[0])

    def _leads(
        self, articles: Sequence[Article], executor: Executor | None = None
    ) -> NDArray[np.float32]:
        dimension = getattr(self.embedder, "dimension", 1)
        if self.embedder is None or len(self._languages) < 2:
            return np.zeros((len(articles), dimension), dtype=np.float32)
        texts = [lead_text(a) for a in articles]
        # Chunked the same way here and on a cluster, so both embed the same batches.
        rows = (executor or SerialExecutor()).map_chunks(
            partial(_embed_rows, embedder=self.embedder), texts, chunk=_FEATURE_CHUNK
        )
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), dimension)

    def _place(
        self,
        article: Article,
        vectors: ReportVectors,
        terms: Sequence[str],
        lead: NDArray[np.float32],
        *,
        chunk: _Chunk | None = None,
        position: int = 0,
    ) -> Placement:
        """Place a report; `chunk` holds its products with the reports before, at `position`."""
        if article.id in self._row_of:  # placed before: the same report is one report
            row = self._row_of[article.id]
            placed = self._events[int(self._event.values[row])]
            return placed.placements[placed.rows.index(row)]
        day = _day(article.published)
        language = self._languages[article.language or ""]
        scores = self._scores(
            vectors, lead, day=day, language=language, chunk=chunk, position=position
        )
        events, event_scores = self._event_scores(scores)
        ranked = np.argsort(-event_scores, kind="stable")[:2]
        best = int(events[ranked[0]]) if len(ranked) else -1
        best_score = float(event_scores[ranked[0]]) if len(ranked) else 0.0
        terms = tuple(dict.fromkeys(terms))
        closest = self._closest(scores, best)
        opened = best_score < self.threshold
        if opened:
            self._events.append(_Event(rows=[], placements=[]))
            self._event_size.append(0)
        event = len(self._events) - 1 if opened else best
        founder = article.id if opened else self._reports[self._events[event].rows[0]].id
        placement = Placement(
            article_id=article.id,
            story_id=story_id(founder),
            opened=opened,
            score=round(best_score, 4),
            runner_up=round(float(event_scores[ranked[1]]), 4) if len(ranked) > 1 else 0.0,
            signals=self._signals(scores, closest) if best >= 0 else {},
            shared=self._shared(terms, scores, closest) if best >= 0 else (),
        )
        row = len(self._reports)
        if row % _BLOCK == 0:
            self._blocks.append(_Block(len(lead)))
        self._blocks[-1].append(vectors, lead, day)
        self._day.append(day)
        self._event.append(event)
        self._language.append(language)
        self._has_names.append(bool(vectors.has_names[0]))
        self._has_lead.append(bool(lead.any()))
        self._reports.append(
            _Report(article.id, article.title, _lead(article.text), article.published, terms)
        )
        self._row_of[article.id] = row
        self._events[event].rows.append(row)
        self._events[event].placements.append(placement)
        self._event_size[event] = len(self._events[event].rows)
        if chunk is not None:
            chunk.placed.append(position)
        return placement

    def _scores(
        self,
        vectors: ReportVectors,
        lead: NDArray[np.float32],
        *,
        day: float,
        language: int,
        chunk: _Chunk | None = None,
        position: int = 0,
    ) -> _Scores:
        """Return the report's pair scores with every placed report in its time window."""
        days = self._day.values
        parts: list[
            tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]
        ] = []
        for number, block in enumerate(self._blocks):
            if not block.near(day):
                continue
            start = number * _BLOCK
            block_days = days[start : start + _BLOCK]
            if math.isnan(day):
                local = np.arange(len(block_days))
            else:
                local = np.flatnonzero(
                    np.isnan(block_days) | (np.abs(block_days - day) <= WINDOW_DAYS)
                )
            if not len(local):
                continue
            words, names, leads = block.stacked()
            rows = local + start
            excess = np.zeros(len(local))
            if lead.any():
                other = (self._language.values[rows] != language) & self._has_lead.values[rows]
                if other.any():
                    excess = translation(leads[local] @ lead, other)
            if chunk is not None:
                words_dot, names_dot = chunk.dots(number, block, position)
            else:
                words_dot = self._words_buffer.dot(words, vectors.words)
                names_dot = self._names_buffer.dot(names, vectors.names)
            parts.append((rows, words_dot[local], names_dot[local], excess))
        if not parts:
            empty = np.zeros(0)
            return _Scores(np.zeros(0, dtype=np.int64), empty, empty, empty, empty, empty)
        rows, words, names, excess = (np.concatenate(column) for column in zip(*parts, strict=True))
        both_named = self._has_names.values[rows] & bool(vectors.has_names[0])
        content = blend(np.maximum(words, excess), names, both_named, self.names_weight)
        closeness = time_closeness(np.abs(days[rows] - day))
        return _Scores(rows, words, names, excess, closeness, content)

    def _event_scores(self, scores: _Scores) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Return the events in the window and each one's score: the mean of its best pairs."""
        if not len(scores.rows):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        labels = self._event.values[scores.rows]
        # Events renumbered 0..n-1 through a mask over their range: no sort.
        low = int(labels.min())
        present = np.zeros(int(labels.max()) - low + 1, dtype=np.bool_)
        present[labels - low] = True
        events = np.flatnonzero(present) + low
        index = (np.cumsum(present) - 1)[labels - low]
        # The `link` best pairs of each event, best first, taken a value at a
        # time (ties together): `link` maxima per event cost less than sorting
        # every pair of the window, once per report.
        pair = scores.score
        totals = np.zeros(len(events))
        taken = np.zeros(len(events), dtype=np.int64)
        left = np.arange(len(pair))
        while len(left):
            best = np.full(len(events), -np.inf)
            np.maximum.at(best, index[left], pair[left])
            top = pair[left] == best[index[left]]
            take = np.minimum(
                np.bincount(index[left[top]], minlength=len(events)), self.link - taken
            )
            totals += np.where(take > 0, best, 0.0) * take
            taken += take
            # Each round every event left takes at least one pair: `link` rounds at most.
            left = left[~top & (taken[index[left]] < self.link)]
        sizes = self._event_size.values[events]
        return events, totals / np.minimum(sizes, self.link)

    def _closest(self, scores: _Scores, event: int) -> NDArray[np.int64]:
        """Return the positions in `scores` of the event's `link` reports best for the report."""
        members = np.flatnonzero(self._event.values[scores.rows] == event)
        return members[np.argsort(-scores.score[members], kind="stable")[: self.link]]

    def _signals(self, scores: _Scores, closest: NDArray[np.int64]) -> dict[str, float]:
        """Return each signal's mean over the pairs the event's score was taken from."""
        signals = {
            "words": scores.words[closest].mean(),
            "names": scores.names[closest].mean(),
            "time": scores.closeness[closest].mean(),
        }
        if scores.translation[closest].any():
            signals["translation"] = scores.translation[closest].mean()
        return {name: round(float(value), 4) for name, value in signals.items()}

    def _shared(
        self, terms: tuple[str, ...], scores: _Scores, closest: NDArray[np.int64]
    ) -> tuple[str, ...]:
        """Return the names, numbers and dates the report shares with the event's closest ones."""
        theirs = {t for row in scores.rows[closest] for t in self._reports[int(row)].terms}
        shared = [t for t in terms if t in theirs]
        # Longer names say more than their parts; numbers and dates after names.
        shared.sort(key=lambda t: (t[0] in "#@", -t.count(" "), -len(t)))
        return tuple(shared[:_SHARED_SHOWN])

    def stories(self) -> tuple[Story, ...]:
        """Return the events so far as stories, in the order they opened, with their storylines."""
        storyline, follows = self._storylines()
        stories = []
        for number, event in enumerate(self._events):
            reports = [self._reports[row] for row in event.rows]
            dated = [r for r in reports if r.published is not None]
            first = min(dated, key=lambda r: _earliest_key(r.published)) if dated else None  # type: ignore[arg-type]
            stories.append(
                Story(
                    id=event.placements[0].story_id,
                    title=self._title(event),
                    article_ids=tuple(r.id for r in reports),
                    storyline_id=self._events[storyline[number]].placements[0].story_id,
                    first_reported_by=first.id if first else None,
                    follows=(
                        self._events[follows[number]].placements[0].story_id
                        if follows[number] >= 0
                        else None
                    ),
                    placements=tuple(event.placements),
                )
            )
        return tuple(stories)

    def _title(self, event: _Event) -> str:
        """Return the event's most central headline, or its most central report's lead."""
        # A headline reads better than a lead sentence: the most central titled
        # report names the story, the most central report only when none has a title.
        rows = sorted(event.rows)[:_CENTRALITY_SAMPLE]
        if len(rows) == 1:
            return self._reports[rows[0]].title or self._reports[rows[0]].lead
        centrality = self._content(rows, rows).mean(axis=1)
        by_centrality = [
            self._reports[rows[int(i)]] for i in np.argsort(-centrality, kind="stable")
        ]
        central = next((r for r in by_centrality if r.title), by_centrality[0])
        return central.title if central.title else central.lead

    def _content(self, rows: list[int], others: list[int]) -> NDArray[np.float64]:
        """Return the content score (words or translation, blended with names) of two row sets."""
        words, names, leads = self._gather(rows)
        other_words, other_names, other_leads = self._gather(others)
        content = _product(words, other_words)
        languages = self._language.values
        across = languages[rows][:, None] != languages[others][None, :]
        if across.any():
            content = np.maximum(content, translation(leads @ other_leads.T, across))
        named = self._has_names.values[rows][:, None] & self._has_names.values[others][None, :]
        return blend(content, _product(names, other_names), named, self.names_weight)

    def _gather(self, rows: list[int]) -> tuple[sp.csr_matrix, sp.csr_matrix, NDArray[np.float32]]:
        """Return the vectors of `rows`, in that order."""
        parts: list[tuple[sp.csr_matrix, sp.csr_matrix, NDArray[np.float32]]] = []
        for row in rows:
            words, names, leads = self._blocks[row // _BLOCK].stacked()
            offset = row % _BLOCK
            parts.append((words[offset], names[offset], leads[offset : offset + 1]))
        return (
            sp.vstack([p[0] for p in parts], format="csr"),
            sp.vstack([p[1] for p in parts], format="csr"),
            np.vstack([p[2] for p in parts]),
        )

    def _storylines(self) -> tuple[list[int], list[int]]:
        """Return, per event, its storyline's first event and the event it follows (-1: none).

        Two events are of one storyline when their reports are alike in content
        (average score at the threshold, time set aside): the same actors and
        subject at another time. An event follows the most alike of the events
        that started up to `STORYLINE_DAYS` before it (an undated one, of all
        earlier events), so a storyline runs on as long as its events keep
        coming, and building them grows with the events, not their square.
        """
        count = len(self._events)
        starts = np.array([min(_start(self._reports[r]) for r in e.rows) for e in self._events])
        order = np.array(sorted(range(count), key=lambda n: (starts[n], n)), dtype=np.int64)
        ordered = starts[order]
        follows = [-1] * count
        # Event-level averages of a pair score are averages of the pair scores
        # of their reports; events are compared by their mean vectors.
        means = self._event_means()
        for begin in range(0, count, _CHUNK):
            end = min(begin + _CHUNK, count)
            block, block_starts = order[begin:end], ordered[begin:end]
            undated = np.isinf(block_starts)
            first = (
                0 if undated.any() else np.searchsorted(ordered, block_starts[0] - STORYLINE_DAYS)
            )
            others = order[first:end]
            scores = means.content(block, others, self.names_weight)
            earlier = np.arange(first, end)[None, :] < np.arange(begin, end)[:, None]
            near = (ordered[first:end][None, :] >= (block_starts - STORYLINE_DAYS)[:, None]) | (
                undated[:, None]
            )
            passing = np.where(earlier & near & (scores >= self.threshold), scores, -np.inf)
            best = passing.max(axis=1, initial=-np.inf)
            for i in np.flatnonzero(best > -np.inf):
                # Of equally alike events, the first opened, as the events are numbered.
                follows[int(block[i])] = int(others[passing[i] == best[i]].min())
        storyline = list(range(count))
        for event in order:
            if follows[event] >= 0:
                storyline[event] = storyline[follows[event]]
        return storyline, follows

    def _event_means(self) -> _EventMeans:
        rows = len(self._reports)
        labels = self._event.values
        membership = sp.csr_matrix(
            (1.0 / self._event_size.values[labels], (labels, np.arange(rows))),
            shape=(len(self._events), rows),
            dtype=np.float32,
        )
        stacked = [block.stacked() for block in self._blocks]
        words = membership @ sp.vstack([s[0] for s in stacked], format="csr")
        names = membership @ sp.vstack([s[1] for s in stacked], format="csr")
        leads = membership @ np.vstack([s[2] for s in stacked])
        named = membership @ self._has_names.values.astype(np.float32)
        # An event's language is the language of most of its reports.
        languages = np.array(
            [np.bincount(self._language.values[e.rows]).argmax() for e in self._events]
        )
        return _EventMeans(words, names, np.asarray(leads), named > 0, languages)


@dataclass(frozen=True)
class _EventMeans:
    """Per event, the mean of its reports' vectors."""

    words: sp.csr_matrix
    names: sp.csr_matrix
    leads: NDArray[np.float32]
    named: NDArray[np.bool_]
    languages: NDArray[np.int64]

    def content(
        self, block: NDArray[np.int64], others: NDArray[np.int64], names_weight: float
    ) -> NDArray[np.float64]:
        """Return the average content score of each `block` event with each of `others`."""
        content = _Columns(self.words[block]).times(self.words[others]).T.astype(np.float64)
        across = self.languages[block][:, None] != self.languages[others][None, :]
        if across.any() and self.leads.any():
            cosine = self.leads[block] @ self.leads[others].T
            content = np.maximum(content, translation(cosine, across))
        names = _Columns(self.names[block]).times(self.names[others]).T
        named = self.named[block][:, None] & self.named[others][None, :]
        return blend(content, names, named, names_weight)


def _product(a: sp.csr_matrix, b: sp.csr_matrix) -> NDArray[np.float64]:
    """Return a @ b.T as a dense array, over the columns the rows use.

    Transposing a few rows of 2^20 columns would build a 2^20-long index;
    the few thousand columns they use are renumbered first.
    """
    columns, inverse = np.unique(np.concatenate([a.indices, b.indices]), return_inverse=True)
    size, split = len(columns), a.nnz
    left = sp.csr_matrix((a.data, inverse[:split], a.indptr), shape=(a.shape[0], size))
    right = sp.csr_matrix((b.data, inverse[split:], b.indptr), shape=(b.shape[0], size))
    return np.asarray((left @ right.T).toarray(), dtype=np.float64)


def _start(report: _Report) -> float:
    return _day(report.published) if report.published is not None else math.inf


def _embed_rows(texts: Sequence[str], *, embedder: Embedder) -> list[NDArray[np.float32]]:
    return list(embedder.embed(texts).astype(np.float32))


def story_id(founder: str) -> str:
    """Return the id of the story a report opened: it stays the same as the story grows."""
    return hashlib.sha256(f"story\n{founder}".encode()).hexdigest()[:12]


def _lead(text: str, limit: int = 120) -> str:
    first_line = text.split("\n", 1)[0]
    return (
        first_line if len(first_line) <= limit else first_line[: limit - 1].rsplit(" ", 1)[0] + "…"
    )
