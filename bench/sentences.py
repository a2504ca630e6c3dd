"""Real news sentences for planted corpora: the pool, and how to deal it again and again.

The pool is every well-formed sentence of the news texts in ../shared/data, near
twins removed. A corpus larger than the pool deals it again; from the second
pass on, each sentence goes through a `WordSwap` (words exchanged with others
about as frequent and of the same kind), so that unrelated reports never share
wording by accident while numbers, dates and punctuation stay as printed.
"""

from __future__ import annotations

import calendar
import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from near_duplicates import real_sentences

#: Sentences sharing a run of this many words with one kept already are left out of the pool.
NGRAM = 8

#: A sentence ends at . ! or ? (perhaps before a closing quote) and a space, or at a line end.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))\s+|\s*\n\s*")
_WHOLE = re.compile(r"""^["“']?[A-Z].*[.!?]["”']?$""")
_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_WORD = re.compile(r"[^\W\d_]{2,}")
#: `WordSwap` swaps words in bands of this many about as frequent, of one kind: function
#: words, names, or words with the same ending (a cheap stand-in for the part of speech).
BAND = 50
ENDINGS = ("ing", "ed", "ly", "tion", "ies", "es", "s", "al", "er", "ive", "ous", "ful")


def sentence_pool(data: Path) -> list[str]:
    """Return distinct, whole English news sentences from five data sets, sorted.

    `real_sentences` (MRPC, Multi-News) gives about 18,000; FNC-1 bodies, the
    English SemEval-2022 texts, ECB+ and ClaimDiff's claims bring 32,000.
    """
    found = set(real_sentences(data)) | set(_more_sentences(data))
    return _distinct(sorted(s for s in found if _well_formed(s)))


def _distinct(sentences: list[str]) -> list[str]:
    """Return the sentences less those sharing `NGRAM` words in a row with an earlier one.

    MRPC pairs a sentence with its paraphrase, and data sets print one sentence
    with different quote marks: in two reports of two events, such twins would
    be reuse that the truth does not know.
    """
    seen: set[tuple[str, ...]] = set()
    kept = []
    for sentence in sentences:
        words = re.findall(r"[a-z0-9]+", sentence.lower())
        grams = {tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)}
        if seen.isdisjoint(grams):
            seen |= grams
            kept.append(sentence)
    return kept


def _more_sentences(data: Path) -> Iterator[str]:
    csv.field_size_limit(sys.maxsize)
    with (data / "fnc1-stance" / "competition_test_bodies.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield from _SENTENCE_END.split(row["articleBody"])
    with (data / "semeval2022-task8-sample" / "training_set.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for side in ("1", "2"):
                if row[f"lang{side}"] == "en":
                    # The first sentence runs the title into the lead; the last is cut off.
                    yield from _SENTENCE_END.split(row[f"text{side}"])[1:-1]
    # ECB+ is tokenized ("Reid 's rep ,"): NLTK's Treebank detokenizer (NLTK comes
    # with rouge-score, a test dependency) prints it back as it was.
    from nltk.tokenize.treebank import TreebankWordDetokenizer

    detokenize = TreebankWordDetokenizer().detokenize
    with (data / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            for sentence in json.loads(line)["sentences"]:
                yield _HYPHEN.sub("-", detokenize(sentence["text"].split()))  # "90 - day"
    for name in (
        "ClaimDiff-S/ClaimDiff-strength-train.json",
        "ClaimDiff-W/ClaimDiff-weak-train.json",
    ):
        for pair in json.loads((data / "claimdiff" / name).read_text(encoding="utf-8"))["data"]:
            yield from (pair["claim_a"], pair["claim_b"])


def _well_formed(sentence: str) -> bool:
    """Return whether a sentence can stand in a report: whole, its quotes closed, no links."""
    return (
        8 <= len(sentence.split()) <= 60
        and _WHOLE.match(sentence) is not None
        and sentence.count('"') % 2 == 0
        and sentence.count("“") == sentence.count("”")
        and not any(junk in sentence for junk in ("http", "www.", "\n", "\t"))
    )


class WordSwap:
    """Disguises sentences dealt again: each word swapped for one about as frequent.

    32,000 sentences last about 5,500 reports. Dealt again as they are, every
    report of a million would share a sentence word for word with a hundred
    others: reuse that newsweave would be right to find and that no truth
    records. So from its second pass on, the stream deals the pool through a
    fresh permutation of the vocabulary, within bands of words about as
    frequent and of one kind (function words, names, "-ing" words...). Month
    and day names, numbers, punctuation, the lengths of sentences and the
    frequencies of words stay; the grammar and the sense do not, nor does any
    5-gram. Function words are swapped too: runs of them ("who is yet to be")
    alone would link thousands of reports a million apart.
    """

    def __init__(self, pool: list[str], *, band: int = BAND) -> None:
        counts: Counter[str] = Counter()
        capitals: Counter[str] = Counter()
        for sentence in pool:
            for word in _WORD.findall(sentence):
                counts[word.lower()] += 1
                capitals[word.lower()] += word[0].isupper()
        calendar_words = (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, "Sept")
        dates = {w.lower() for w in calendar_words}
        groups: dict[tuple[str, bool, str], list[str]] = {}
        for word in sorted(counts, key=lambda w: (-counts[w], w)):
            if word not in dates:
                ending = next((e for e in ENDINGS if word.endswith(e)), "")
                key = (
                    "stop" if word in STOP_WORDS else "",
                    2 * capitals[word] > counts[word],
                    ending,
                )
                groups.setdefault(key, []).append(word)
        #: (whether its words are names, the words), most frequent first.
        self.bands = [
            (k[1], g[i : i + band]) for k, g in groups.items() for i in range(0, len(g), band)
        ]

    def permutation(self, rng: random.Random, *, names: bool = True) -> dict[str, str]:
        """Return a fresh swap of every word within its band (names kept, unless `names`)."""
        return {
            w: new
            for named, band in self.bands
            if names or not named
            for w, new in zip(band, rng.sample(band, len(band)), strict=True)
        }


def swapped(sentence: str, swap: Mapping[str, str]) -> str:
    """Return the sentence with its words swapped, each in the case it was printed in."""

    def one(match: re.Match[str]) -> str:
        word = match.group()
        new = swap.get(word.lower(), word)
        if word.isupper():
            return new.upper()
        return new.capitalize() if word[0].isupper() else new

    return _WORD.sub(one, sentence)


class SentenceStream:
    """Deals the pool's sentences without replacement, reshuffled at each pass.

    A sentence comes back only after every other one has been dealt, and then
    disguised by a `WordSwap`: two reports share text only where it was planted.
    """

    def __init__(self, pool: list[str], rng: random.Random, words: WordSwap | None = None) -> None:
        self.pool, self.rng, self.words = pool, rng, words
        self.order: list[str] = []
        self.passes = 0
        self.swap: dict[str, str] = {}

    def take(self, count: int) -> list[str]:
        """Return the next `count` sentences."""
        taken: list[str] = []
        while len(taken) < count:
            if not self.order:
                self.order = self.rng.sample(self.pool, len(self.pool))
                self.passes += 1
                if self.passes > 1:
                    self.words = self.words or WordSwap(self.pool)
                    self.swap = self.words.permutation(self.rng)
            sentence = self.order.pop()
            taken.append(swapped(sentence, self.swap) if self.swap else sentence)
        return taken
