"""What two reports share: verbatim passages and matched sentences, as token ranges.

Each report is prepared once (`ReportView`): tokens, sentences as token ranges,
which tokens are inside quotation marks and which sit in sentences that
attribute their words to a source ("the statement said"). `compare` then
collects the evidence between two reports. Text that both reports quote is
left out: two outlets quoting the same speech are not copying each other.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from newsweave.embeddings import Embedder
from newsweave.reuse.passages import shared_passages
from newsweave.reuse.tokens import Tokens, tokenize
from newsweave.text.quotes import quoted_mask
from newsweave.types import Article, Sentence

MatchKind = Literal["verbatim", "reworded", "translated"]
Side = Literal["a", "b"]

#: Sentence pairs in one language: content-word Dice at or above this is a rewording.
LEXICAL_MATCH = 0.7
#: ... or embedding cosine at or above this, with some words in common.
SEMANTIC_MATCH = 0.7
SEMANTIC_MIN_LEXICAL = 0.3
#: Sentence pairs across languages: embedding cosine at or above this is a translation.
TRANSLATION_MATCH = 0.7
#: Reworded sentences count only among at least this many pieces of shared text.
MIN_PIECES = 3
#: Shared text of the reports' own (not quotes of a speaker) that makes quotes count too.
OWN_TEXT = 0.12
# A sentence mostly inside verbatim passages already is not matched again.
_COVERED = 0.5
_MIN_SENTENCE_WORDS = 5


@dataclass(frozen=True)
class Match:
    """One piece of shared text: token ranges [start, end) in report a and report b."""

    a: tuple[int, int]
    b: tuple[int, int]
    kind: MatchKind
    score: float
    #: Words of the match identical in both reports, in the same order.
    identical: int = 0


@dataclass
class ReportView:
    """A report prepared for comparison: computed once, compared with many."""

    article: Article
    tokens: Tokens
    sentences: list[tuple[int, int]]
    sentence_texts: list[str]
    quoted: NDArray[np.bool_]
    attributed: NDArray[np.bool_]
    content: list[frozenset[str]]
    official: bool


@dataclass
class SentenceVectors:
    """Sentence embeddings, computed when a comparison first needs them and kept.

    Most sentence pairs are decided by their words alone; only those in the
    band where wording is inconclusive, and pairs across languages, need an
    embedding, so embedding every sentence of every candidate would be waste.
    `compare_many` asks for the sentences of many pairs at once (`prefetch`):
    the encoder costs about 4 ms a call whatever its batch, and pair by pair
    it was called with a handful of sentences at a time.
    """

    embedder: Embedder
    cache: dict[tuple[str, int], NDArray[np.float32]] = field(default_factory=dict)

    def prefetch(self, wanted: Iterable[tuple[ReportView, Sequence[int]]]) -> None:
        """Embed, in one call, the sentences named that are not embedded yet."""
        keys: dict[tuple[str, int], str] = {}
        for view, indices in wanted:
            for i in indices:
                key = (view.article.id, i)
                if key not in self.cache:
                    keys.setdefault(key, view.sentence_texts[i])
        if keys:
            rows = self.embedder.embed(list(keys.values()))
            self.cache.update(zip(keys, rows, strict=True))

    def of(self, view: ReportView, indices: Sequence[int]) -> NDArray[np.float32]:
        """Return the embeddings of the view's sentences at `indices`, one row each."""
        self.prefetch([(view, indices)])
        if not indices:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.stack([self.cache[(view.article.id, i)] for i in indices])


@dataclass
class PairEvidence:
    """Everything reports a and b share, and how much of each it covers."""

    a: ReportView
    b: ReportView
    matches: list[Match] = field(default_factory=list)

    def mask(self, side: Side, kinds: Sequence[MatchKind] | None = None) -> NDArray[np.bool_]:
        """Return, per token of one report, whether shared text covers it."""
        view = self.a if side == "a" else self.b
        mask = np.zeros(len(view.tokens), dtype=bool)
        for match in self.matches:
            if kinds is None or match.kind in kinds:
                start, end = match.a if side == "a" else match.b
                mask[start:end] = True
        return mask

    def coverage(self, side: Side, kinds: Sequence[MatchKind] | None = None) -> float:
        """Return the fraction of one report's words that the shared text covers."""
        mask = self.mask(side, kinds)
        return _fraction(mask)

    def in_order(self) -> float:
        """Return the fraction of matches that keep their order in both reports."""
        if len(self.matches) < 2:
            return 1.0
        ordered = sorted(self.matches, key=lambda m: m.a[0])
        positions = [m.b[0] for m in ordered]
        return _longest_increasing(positions) / len(positions)


@lru_cache(maxsize=1)
def _attribution() -> dict[str, Any]:
    source = resources.files("newsweave.data").joinpath("attribution.toml").read_text()
    return tomllib.loads(source)


@lru_cache(maxsize=32)
def _attribution_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    patterns = _attribution().get(language, {}).get("patterns", [])
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@lru_cache(maxsize=32)
def _stop_words(language: str) -> frozenset[str]:
    from spacy.util import get_lang_class

    try:
        words = get_lang_class(language).Defaults.stop_words
    except (ImportError, KeyError, AttributeError):
        return frozenset()
    from newsweave.reuse.tokens import fold

    return frozenset(fold(word) for word in words)


def is_official(article: Article) -> bool:
    """Return whether the article reads as an official statement (title, outlet or site)."""
    official = _attribution()["official"]
    if article.title and re.match(official["title"], article.title, re.IGNORECASE):
        return True
    if article.outlet and re.search(official["outlet"], article.outlet, re.IGNORECASE):
        return True
    return _official_host(article.url, tuple(official["domains"]))


def _official_host(url: str | None, suffixes: tuple[str, ...]) -> bool:
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # a malformed address ("http://[x") names no site
        return False
    # "europa.eu" itself, as well as "ec.europa.eu".
    return any(host.endswith(suffix) or host == suffix.lstrip(".") for suffix in suffixes)


def content_words(words: Sequence[str], language: str) -> frozenset[str]:
    """Return the folded words of a sentence that are not stop words of its language."""
    stop = _stop_words(language)
    return frozenset(word for word in words if word not in stop)


def prepare(article: Article, sentences: Sequence[Sentence]) -> ReportView:
    """Return the comparison view of one report."""
    tokens = tokenize(article.text)
    char_quoted = quoted_mask(article.text)
    quoted = char_quoted[tokens.starts] if len(tokens) else np.zeros(0, dtype=bool)
    attributed = np.zeros(len(tokens), dtype=bool)
    patterns = _attribution_patterns(article.language or "en")
    ranges, texts, content = [], [], []
    for sentence in sentences:
        start = int(np.searchsorted(tokens.starts, sentence.start))
        end = int(np.searchsorted(tokens.starts, sentence.end))
        ranges.append((start, end))
        texts.append(sentence.text)
        content.append(content_words(tokens.words[start:end], article.language or "en"))
        if any(p.search(sentence.text) for p in patterns):
            attributed[start:end] = True
    return ReportView(
        article, tokens, ranges, texts, quoted, attributed, content, is_official(article)
    )


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Dice overlap of two word sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def compare(a: ReportView, b: ReportView, vectors: SentenceVectors | None = None) -> PairEvidence:
    """Return the evidence reports a and b share (third-party quotes left out).

    Without `vectors`, reworded sentences are found from their words alone and
    reports in different languages share only verbatim passages.
    """
    return compare_many([(a, b)], vectors)[0]


def compare_many(
    pairs: Sequence[tuple[ReportView, ReportView]], vectors: SentenceVectors | None = None
) -> list[PairEvidence]:
    """Return `compare` of each pair, embedding the sentences they all need at once."""
    found = [_shared_passages(a, b) for a, b in pairs]
    sentences = [_SentencePairs.of(evidence) for evidence in found]
    if vectors is not None:
        vectors.prefetch(view for pair in sentences if pair for view in pair.wanted())
    return [
        _with_sentences(evidence, pair.matches(vectors) if pair else [])
        for evidence, pair in zip(found, sentences, strict=True)
    ]


def _shared_passages(a: ReportView, b: ReportView) -> PairEvidence:
    evidence = PairEvidence(a, b)
    for p in shared_passages(a.tokens, b.tokens):
        evidence.matches.append(Match((p.a_start, p.a_end), (p.b_start, p.b_end), "verbatim", 1.0))
    return evidence


def _with_sentences(evidence: PairEvidence, sentences: list[Match]) -> PairEvidence:
    a, b = evidence.a, evidence.b
    # One reworded sentence is two outlets stating the same fact; reuse shows
    # as several pieces of shared text.
    if len(sentences) + len(evidence.matches) >= MIN_PIECES:
        evidence.matches.extend(sentences)
    evidence.matches = [_with_identical(a, b, m) for m in evidence.matches]
    own = PairEvidence(a, b, [m for m in evidence.matches if not _third_party(a, b, m)])
    # Quotes count only beside shared text of the reports' own: then they were
    # copied with it. Alone, they are two outlets quoting the same speaker.
    if max(own.coverage("a"), own.coverage("b")) < OWN_TEXT:
        return own
    return evidence


def _with_identical(a: ReportView, b: ReportView, match: Match) -> Match:
    words_a = a.tokens.words[match.a[0] : match.a[1]]
    words_b = b.tokens.words[match.b[0] : match.b[1]]
    blocks = SequenceMatcher(None, words_a, words_b, autojunk=False).get_matching_blocks()
    return replace(match, identical=sum(block.size for block in blocks))


def identity(evidence: PairEvidence) -> float:
    """Return the share of report b's shared words that are identical in report a."""
    shared = sum(m.b[1] - m.b[0] for m in evidence.matches)
    return sum(m.identical for m in evidence.matches) / shared if shared else 0.0


def _third_party(a: ReportView, b: ReportView, match: Match) -> bool:
    """Return whether a match may be words both reports took from a speaker, not each other.

    That is the case when both quote it, or when one quotes it without saying
    it comes from a statement and neither report is an official statement.
    """
    in_a = _share(a.quoted, match.a) > 0.5
    in_b = _share(b.quoted, match.b) > 0.5
    if in_a and in_b:
        return True
    if a.official or b.official:
        return False
    return (in_a and _share(a.attributed, match.a) < 0.5) or (
        in_b and _share(b.attributed, match.b) < 0.5
    )


def _share(mask: NDArray[np.bool_], tokens: tuple[int, int]) -> float:
    return _fraction(mask[tokens[0] : tokens[1]])


def restates(
    lexical: NDArray[np.float64],
    semantic: NDArray[np.float32] | None,
    *,
    same_language: bool,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Return a score per sentence pair and whether one restates the other.

    In one language: enough content words in common, or an embedding very
    close with some words in common (a paraphrase reuses some wording). Across
    languages words differ, so the embedding alone decides, at a threshold
    measured on translations.
    """
    if not same_language:
        if semantic is None:
            raise ValueError("sentences in two languages need embeddings to be compared")
        score = semantic.astype(np.float64)
        return score, score >= TRANSLATION_MATCH
    score = lexical.astype(np.float64)
    if semantic is not None:
        strong = (semantic >= SEMANTIC_MATCH) & (lexical >= SEMANTIC_MIN_LEXICAL)
        score = np.where(strong, np.maximum(score, semantic), score)
    return score, score >= LEXICAL_MATCH


@dataclass
class _SentencePairs:
    """The sentences of two reports that passages leave uncovered, and their word overlap."""

    a: ReportView
    b: ReportView
    open_a: list[int]
    open_b: list[int]
    lexical: NDArray[np.float64]
    same_language: bool

    @classmethod
    def of(cls, evidence: PairEvidence) -> _SentencePairs | None:
        """Return the open sentences of the pair, or None when one side has none."""
        a, b = evidence.a, evidence.b
        covered_a, covered_b = evidence.mask("a"), evidence.mask("b")
        open_a = [i for i, (s, e) in enumerate(a.sentences) if _open(covered_a, s, e)]
        open_b = [j for j, (s, e) in enumerate(b.sentences) if _open(covered_b, s, e)]
        if not open_a or not open_b:
            return None
        language_a, language_b = a.article.language, b.article.language
        # An unknown language is compared as if it were the other's.
        same = language_a == language_b or language_a is None or language_b is None
        lexical = np.array([[dice(a.content[i], b.content[j]) for j in open_b] for i in open_a])
        return cls(a, b, open_a, open_b, lexical, same)

    def _unsure(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Return the rows and columns whose wording is inconclusive: their meaning decides."""
        unsure = (self.lexical >= SEMANTIC_MIN_LEXICAL) & (self.lexical < LEXICAL_MATCH)
        return np.flatnonzero(unsure.any(axis=1)), np.flatnonzero(unsure.any(axis=0))

    def wanted(self) -> list[tuple[ReportView, list[int]]]:
        """Return the sentences of each side whose embeddings `matches` will read."""
        if not self.same_language:
            return [(self.a, self.open_a), (self.b, self.open_b)]
        rows, columns = self._unsure()
        if not len(rows):
            return []
        return [
            (self.a, [self.open_a[r] for r in rows]),
            (self.b, [self.open_b[c] for c in columns]),
        ]

    def matches(self, vectors: SentenceVectors | None) -> list[Match]:
        """Return the sentence pairs that restate each other, best first, each sentence once."""
        a, b, open_a, open_b = self.a, self.b, self.open_a, self.open_b
        semantic = None
        if vectors is not None and self.same_language:
            # Only pairs whose wording is inconclusive need their meaning compared.
            rows, columns = self._unsure()
            if len(rows):
                semantic = np.zeros(self.lexical.shape, dtype=np.float32)
                semantic[np.ix_(rows, columns)] = (
                    vectors.of(a, [open_a[r] for r in rows])
                    @ vectors.of(b, [open_b[c] for c in columns]).T
                )
        elif vectors is not None:
            semantic = vectors.of(a, open_a) @ vectors.of(b, open_b).T
        if not self.same_language and semantic is None:
            return []
        score, accepted = restates(self.lexical, semantic, same_language=self.same_language)
        kind: MatchKind = "reworded" if self.same_language else "translated"
        matches = []
        used_a: set[int] = set()
        used_b: set[int] = set()
        for flat in np.argsort(-score, axis=None):
            row, col = divmod(int(flat), score.shape[1])
            if not accepted[row, col]:
                break
            if row in used_a or col in used_b:
                continue
            used_a.add(row)
            used_b.add(col)
            matches.append(
                Match(
                    a.sentences[open_a[row]], b.sentences[open_b[col]], kind, float(score[row, col])
                )
            )
        return matches


def _open(covered: NDArray[np.bool_], start: int, end: int) -> bool:
    if end - start < _MIN_SENTENCE_WORDS:
        return False
    return _fraction(covered[start:end]) < _COVERED


def _longest_increasing(values: Sequence[int]) -> int:
    from bisect import bisect_left

    tails: list[int] = []
    for value in values:
        index = bisect_left(tails, value)
        if index == len(tails):
            tails.append(value)
        else:
            tails[index] = value
    return len(tails)


def _fraction(mask: NDArray[np.bool_]) -> float:
    """Return the share of True in `mask`, 0 when empty (`mean` costs 10x more on short ones)."""
    return int(np.count_nonzero(mask)) / len(mask) if len(mask) else 0.0
