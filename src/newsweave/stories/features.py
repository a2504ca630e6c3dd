"""What the stories stage compares reports by: their words, and the names, numbers
and dates they mention.

Both are TF-IDF vectors over hashed features, so a stream of reports needs no
vocabulary fitted in advance: document frequencies are counted as reports are
observed, and each report is weighted by the frequencies known when it arrives
(scikit-learn's `TfidfVectorizer` must see the whole corpus before it can
weigh any of it).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from newsweave.reuse.tokens import fold
from newsweave.types import Article

#: 2^20 hashed features: collisions are rare among the words of news reports.
N_FEATURES = 1 << 20

_TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*")
_OPENS_SENTENCE = re.compile(r"[.!?\n]|:\s*$|(?:^|\s)[\"“«¿¡‘']$")
#: Words that open sentences before names ("The White House") but are no part of them.
_FUNCTION_WORD_LISTS = (
    "the a an this that these those in on at for from by with as after before when while",
    "but and or if el la los las un una en de del le les der die das ein eine il lo gli",
    "o os um uma",
)
_FUNCTION_WORDS = frozenset(word for words in _FUNCTION_WORD_LISTS for word in words.split())
_MONTH_NAMES = (
    # English and Spanish, the languages whose datelines newsweave knows.
    "january february march april may june july august september october november december",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
)
_MONTHS = {
    **{name: n for names in _MONTH_NAMES for n, name in enumerate(names.split(), 1)},
    "sept": 9,
    "setiembre": 9,
}


def entity_terms(text: str) -> list[str]:
    """Return the names, numbers and day dates `text` mentions, folded.

    A name is a run of capitalised words that does not open a sentence
    ("Kamala Harris" gives "kamala harris", "kamala" and "harris", so a later
    "Harris" matches); a number keeps its digits ("1,200" gives "#1200"); a
    month with a day next to it is a date ("June 8", "8 de junio": "@06-08").
    Capitals are the one cue to names that costs nothing and holds across the
    Latin, Greek and Cyrillic scripts; a named-entity model tags ten times
    fewer reports a second for no better clustering (measured on ECB+).
    """
    terms: list[str] = []
    run: list[str] = []
    words = list(_TOKEN.finditer(text))
    for index, match in enumerate(words):
        word = match.group()
        gap = text[words[index - 1].end() : match.start()] if index else "\n"
        if _OPENS_SENTENCE.search(gap):
            _close(run, terms)
            # A capital that opens a sentence marks a name only when a capital follows it:
            # "Kamala Harris said" but not "Floods hit".
            if not word[0].isdigit() and (
                word.lower() in _FUNCTION_WORDS
                or not (index + 1 < len(words) and words[index + 1].group()[0].isupper())
            ):
                continue
        if word[0].isdigit():
            _close(run, terms)
            terms.append("#" + word.replace(",", "").replace("'", ""))
            date = _day_date(words, index)
            if date:
                terms.append(date)
        elif word[0].isupper() and (folded := _fold(word)) not in _MONTHS:
            run.append(folded)
        else:
            _close(run, terms)
    _close(run, terms)
    return terms


def _fold(word: str) -> str:
    # Most words are ASCII: lower() is all they need, and far cheaper than NFKD.
    return word.lower() if word.isascii() else fold(word)


def _close(run: list[str], terms: list[str]) -> None:
    if len(run) > 1:
        terms.append(" ".join(run))
    terms.extend(run)
    run.clear()


def _day_date(words: Sequence[re.Match[str]], index: int) -> str | None:
    """Return "@MM-DD" when the number at `index` is a day next to a month name."""
    word = words[index].group()
    if not word.isdigit() or not 1 <= int(word) <= 31:
        return None
    neighbours = [index - 1, index + 1, index + 2]  # "June 8", "8 June", "8 de junio"
    for n in neighbours:
        if 0 <= n < len(words):
            month = _MONTHS.get(_fold(words[n].group()))
            if month and (n != index + 2 or words[index + 1].group() == "de"):
                return f"@{month:02d}-{int(word):02d}"
    return None


@dataclass(frozen=True)
class Hashed:
    """A document's hashed features and how often each occurs."""

    features: NDArray[np.int32]
    counts: NDArray[np.float32]


@dataclass(frozen=True)
class Document:
    """A report as the vectorizer reads it: its entity terms, and its hashed words and terms.

    Hashed once, where the report is read (on a worker, for a cluster): the
    vectorizer counts a batch before it weighs it, and would otherwise hash
    every report twice.
    """

    terms: list[str]
    words: Hashed
    names: Hashed

    @classmethod
    def of(cls, article: Article) -> Document:
        return documents_of([article])[0]


def documents_of(articles: Sequence[Article]) -> list[Document]:
    """Return the articles' documents, hashed together (one call per batch costs less)."""
    if not articles:
        return []
    # Names are read in the text alone: headlines in title case capitalise every word.
    terms = [entity_terms(article.text) for article in articles]
    words = _hashed(_hashers()[0].transform(f"{a.title or ''}\n{a.text}" for a in articles))
    names = _hashed(_hashers()[1].transform(terms))
    return [Document(t, w, n) for t, w, n in zip(terms, words, names, strict=True)]


@cache
def _hashers() -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import HashingVectorizer

    common = {"n_features": N_FEATURES, "alternate_sign": False, "norm": None}
    return (
        HashingVectorizer(strip_accents="unicode", **common),
        HashingVectorizer(analyzer=_given, **common),
    )


def _hashed(matrix: sp.csr_matrix) -> list[Hashed]:
    matrix = matrix.tocsr()
    matrix.sum_duplicates()
    indices, data = matrix.indices.astype(np.int32), matrix.data.astype(np.float32)
    return [
        Hashed(indices[start:end], data[start:end])
        for start, end in itertools.pairwise(matrix.indptr)
    ]


@dataclass(frozen=True)
class ReportVectors:
    """The L2-normalized TF-IDF rows of some reports: words, and names/numbers/dates."""

    words: sp.csr_matrix
    names: sp.csr_matrix
    #: Per report, whether it mentions any name, number or date at all.
    has_names: NDArray[np.bool_]

    def row(self, index: int) -> ReportVectors:
        """Return the vectors of one report."""
        return ReportVectors(
            self.words[index], self.names[index], self.has_names[index : index + 1]
        )


def _given(terms: list[str]) -> list[str]:
    return terms


class Vectorizer:
    """Turns documents into `ReportVectors`, with document frequencies counted as it goes."""

    def __init__(self) -> None:
        self.documents = 0
        self._frequency = {
            "words": np.zeros(N_FEATURES, dtype=np.int32),
            "names": np.zeros(N_FEATURES, dtype=np.int32),
        }

    def observe(self, documents: Iterable[Document]) -> None:
        """Count the documents in the document frequencies."""
        batch = list(documents)
        if not batch:
            return
        for kind in ("words", "names"):
            # Each feature once per document: a document's features are distinct.
            features = np.concatenate([getattr(d, kind).features for d in batch])
            # Not a bincount: one report observed at a time would pay for all 2^20 counts.
            np.add.at(self._frequency[kind], features, 1)
        self.documents += len(batch)

    def transform(self, documents: Sequence[Document]) -> ReportVectors:
        """Return the documents' vectors, weighted by the frequencies observed so far."""
        words = self._weigh(_stacked([d.words for d in documents]), "words")
        names = self._weigh(_stacked([d.names for d in documents]), "names")
        return ReportVectors(words, names, np.diff(names.indptr) > 0)

    def _weigh(self, counts: sp.csr_matrix, kind: str) -> sp.csr_matrix:
        # scikit-learn's sublinear, smoothed TF-IDF: (1 + log tf) · (1 + log((1+n)/(1+df))),
        # rows scaled to unit length. Entry by entry: a sparse product with a
        # diagonal matrix would cost a pass over all 2^20 columns per call.
        matrix = counts
        frequency = self._frequency[kind][matrix.indices]
        matrix.data = (1.0 + np.log(matrix.data)) * (
            1.0 + np.log((1.0 + self.documents) / (1.0 + frequency))
        ).astype(np.float32)
        row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        norms = np.sqrt(np.bincount(row, weights=matrix.data**2, minlength=matrix.shape[0]))
        matrix.data /= np.maximum(norms, 1e-12).astype(np.float32)[row]
        return matrix


def _stacked(rows: Sequence[Hashed]) -> sp.csr_matrix:
    """Return the documents' counts as the rows of one matrix (a fresh copy, to weigh in place)."""
    indptr = np.concatenate([[0], np.cumsum([len(r.features) for r in rows])])
    return sp.csr_matrix(
        (
            np.concatenate([r.counts for r in rows]) if rows else np.zeros(0, np.float32),
            np.concatenate([r.features for r in rows]) if rows else np.zeros(0, np.int32),
            indptr,
        ),
        shape=(len(rows), N_FEATURES),
    )
