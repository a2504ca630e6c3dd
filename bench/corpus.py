"""A corpus of N news reports with known truth: which event each tells, and who copied whom.

Report text is made of real English news sentences from ../shared/data. Events
arrive over time, about `--per-day` reports a day, each told by 1 to 12 reports
(most by one, a long tail by many). An event opens with an original report (a
wire story or an official statement) built from a core of sentences; its other
reports, published minutes to days later by fictional outlets, are planted
derivations of it (verbatim copies, rewrites, partial reuse, quotations) or
independent reports of the event (sentences of their own, the same place,
person and organization). Both files are written as the reports are made, so a
million reports never sit in memory:

- `reports.jsonl`, in publication order: id, title, outlet, published, text, url, language;
- `truth.jsonl`, a line per report: {"id", "event", "role", "source"}, role being
  "original", "independent" or the kind of derivation of `source`.

`score_stories` and `score_derivations` score newsweave's answer against the truth.

    .venv/bin/python bench/corpus.py --reports N --out DIR [--seed S] [--per-day K]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import heapq
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

from spacy.lang.en.stop_words import STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from near_duplicates import DATA, edit, real_sentences
from newsweave.evaluate.metrics import bcubed, f1_score

#: Corpora end before this day, so that no report is dated after the time of ingest
#: (newsweave keeps such a date unknown): a million reports at 300 a day span nine years.
END = datetime(2025, 1, 1, tzinfo=UTC)
#: Reports per event: 1 to 12, weighted 1/k^1.5 (half are told once, one in 90 twelve times).
SIZES = range(1, 13)
SIZE_WEIGHTS = [k**-1.5 for k in SIZES]
MEAN_SIZE = sum(k * w for k, w in zip(SIZES, SIZE_WEIGHTS, strict=True)) / sum(SIZE_WEIGHTS)
#: What each report after the original is, and how often.
ROLES = {"copy": 0.2, "rewrite": 0.15, "partial": 0.15, "quotation": 0.15, "independent": 0.35}
KINDS = ("copy", "rewrite", "partial", "quotation")
#: Median delay after the original, in minutes (log-normal): copies come fastest.
DELAY_MINUTES = {"copy": 40, "rewrite": 180, "partial": 360, "quotation": 300, "independent": 600}
MAX_DELAY = timedelta(days=4)
#: How a report names a speaker, and how it quotes them.
SPEAKERS = (
    "{p} of the {o}",
    "{p}, a spokesperson for the {o}",
    "{p}, who speaks for the {o}",
    "{p}",
)
QUOTE_FORMS = (
    '"{q}," {x} said.', '{x} said: "{s}"', '"{q}," {x} said in a statement.',
    '"{q}," {x} told reporters.', '"{q}," said {x}.',
)  # fmt: skip
#: Sentences sharing a run of this many words with one kept already are left out of the pool.
NGRAM = 8

FIRST_NAMES = (
    "Ada Amir Anika Bao Bruno Carmen Dalia Dev Elif Emeka Farah Felix Greta Hana Ilse Idris Jonas "
    "Kaia Kenji Lena Luca Mara Mateo Nadia Noor Olek Pia Quinn Rafael Rhea Sami Selma Tariq Vera"
).split()
LAST_NAMES = (
    "Abara Brandt Castellan Dervish Eklund Falk Granger Holloway Ivers Jansen Kovacs Lindqvist "
    "Marlow Nakamura Okafor Petrov Quell Rasmussen Soriano Thorne Ueda Varga Whitcombe Yilmaz "
    "Zeller Ambrose Bellamy Corrigan Draper Estrada Fairbanks Gallo Hartigan Kestrel Lacroix"
).split()
PLACES = (
    "Aldermere Brackwater Caldmoor Dunhollow Eastfen Farrowgate Glenmarch Harrowby Ivelport "
    "Kestrelton Lowmarsh Millbeck Northwold Oakhaven Pellridge Quarrington Redcliffe Saltmere "
    "Thornbury Umberfield Valemouth Westerholm Yarrowdale Briarwick Emberly Foxbridge Greyhaven"
).split()
ORG_KINDS = (
    "City Council|Port Authority|Police Department|General Hospital|Water Board|"
    "Chamber of Commerce|Fire Service|Transit Agency|School District|Housing Trust"
).split("|")
WIRES = "Meridian Wire|Continental Press Agency|Northstar News Service|Tidewater Wire"
#: Each place has these offices; their statements are the other kind of original.
OFFICES = (
    "Office of the Mayor|Department of Public Works|Office of the Coroner|Department of Health|"
    "Office of the Governor|Department of Transport"
).split("|")
NEWS = (
    "The Harbor Ledger|Valley Courier|The Evening Lantern|Northfield Gazette|The Daily Compass|"
    "Riverside Sentinel|The Morning Tribune|Highland Observer|Coastline Today|The Granite Post|"
    "Metro Dispatch|The Weekly Beacon|Prairie Herald|The Civic Record|Lakeshore Journal|"
    "The Open Register|Summit Times|The Borough Echo|Capital Chronicle|The Lowland Voice|"
    "Eastern Star Daily|The Quarry Review|Westgate Bulletin|The Citizen Mirror"
)
#: UTC offsets (hours) given to outlets in turn: reports carry their outlet's local time.
OFFSETS = (0.0, 1.0, -5.0, 2.0, 5.5, -3.0, 9.0, 10.0, -8.0)
#: A sentence ends at . ! or ? (perhaps before a closing quote) and a space, or at a line end.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))\s+|\s*\n\s*")
_WHOLE = re.compile(r"""^["“']?[A-Z].*[.!?]["”']?$""")
_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_WORD = re.compile(r"[^\W\d_]{2,}")
#: `WordSwap` swaps words in bands of this many about as frequent, of one kind: function
#: words, names, or words with the same ending (a cheap stand-in for the part of speech).
BAND = 50
ENDINGS = ("ing", "ed", "ly", "tion", "ies", "es", "s", "al", "er", "ive", "ous", "ful")


@dataclass(frozen=True)
class Outlet:
    """A fictional outlet: its name, its site (on the reserved .example domain), its clock."""

    name: str
    domain: str
    offset: timezone


def _outlets(names: str, suffix: str, first: int) -> list[Outlet]:
    def outlet(i: int, name: str) -> Outlet:
        stem = "".join(c for c in name.lower().removeprefix("the ") if c.isalnum())
        offset = timezone(timedelta(hours=OFFSETS[(first + i) % len(OFFSETS)]))
        return Outlet(name, f"www.{stem}.{suffix}", offset)

    return [outlet(i, name) for i, name in enumerate(names.split("|"))]


WIRE_OUTLETS = _outlets(WIRES, "example", 0)
OFFICIAL_OUTLETS = {
    place: _outlets("|".join(f"{office} of {place}" for office in OFFICES), "gov.example", 4)
    for place in PLACES
}
NEWS_OUTLETS = _outlets(NEWS, "example", 10)


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


@dataclass(frozen=True)
class Event:
    """One event: its id, its key names, and the core sentences of its original."""

    id: str
    place: str
    person: str
    org: str
    official: Outlet | None
    core: list[str]


@dataclass
class Report:
    """A report as planted: its parts, its role in its event, and what it derives from."""

    id: str
    event: Event
    role: str
    outlet: Outlet
    when: datetime
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    dateline: bool = True
    source: str | None = None

    def record(self) -> dict[str, str]:
        """Return the report's JSONL record."""
        local = self.when.astimezone(self.outlet.offset)
        slug = "-".join(re.findall(r"[a-z0-9]+", self.title.lower())[:6])
        lead = f"{self.event.place.upper()} ({self.outlet.name}) — " if self.dateline else ""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet.name,
            "published": local.isoformat(timespec="minutes"),
            "text": lead + "\n\n".join(self.paragraphs),
            "url": f"https://{self.outlet.domain}/{local:%Y/%m/%d}/{slug}-{self.id}",
            "language": "en",
        }

    def truth(self) -> dict[str, str | None]:
        """Return the report's line of known truth."""
        return {"id": self.id, "event": self.event.id, "role": self.role, "source": self.source}


def headline(sentence: str) -> str:
    """Return a title cut from a sentence: its first ten words, without end punctuation."""
    return " ".join(sentence.split()[:10]).strip(" .,;:!?\"'“”")


def quoted(sentence: str, speaker: str, rng: random.Random) -> str:
    """Return the sentence as a quotation attributed to `speaker`."""
    # Quotes inside a quotation become single quotes, as newspapers print them.
    bare = sentence.strip().replace('"', "'").replace("“", "‘").replace("”", "’")
    clause = bare[:-1] if bare.endswith(".") else bare
    text = rng.choice(QUOTE_FORMS).format(q=clause, s=bare, x=speaker)
    return text[0].upper() + text[1:]


class Planter:
    """Plants events: an original, then reports that derive from it or tell it anew."""

    def __init__(self, stream: SentenceStream, rng: random.Random) -> None:
        self.stream, self.rng = stream, rng
        self.reports = self.events = 0
        self.untold: list[str] = []
        stream.words = stream.words or WordSwap(stream.pool)
        #: Retells a fact in other words: its names, numbers and dates, other words swapped.
        self.retell = stream.words.permutation(rng, names=False)
        self.builders: dict[str, Callable[[Report, Report], None]] = {
            role: getattr(self, f"_{role}") for role in ROLES
        }

    def event(self, began: datetime, size: int) -> list[Report]:
        """Return the reports of one event: its original first."""
        rng = self.rng
        place = rng.choice(PLACES)
        official = rng.choice(OFFICIAL_OUTLETS[place]) if rng.random() < 0.3 else None
        org = official.name if official else f"{place} {rng.choice(ORG_KINDS)}"
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        core = self.stream.take(rng.randint(6, 12))
        event = Event(f"e{self.events}", place, person, org, official, core)
        self.events += 1
        self.untold = rng.sample(core, len(core))  # facts no independent report has retold
        original = self._original(event, began + timedelta(minutes=rng.expovariate(1 / 30)))
        reports = [original]
        for outlet in rng.sample(NEWS_OUTLETS, size - 1):
            role = rng.choices(list(ROLES), weights=list(ROLES.values()))[0]
            delay = max(rng.lognormvariate(0.0, 1.0) * DELAY_MINUTES[role], 2.0)
            report = self._report(event, role, outlet, original.when + timedelta(minutes=delay))
            report.when = min(report.when, original.when + MAX_DELAY)
            report.dateline = rng.random() < 0.7
            self.builders[role](report, original)
            reports.append(report)
        return reports

    def _report(self, event: Event, role: str, outlet: Outlet, when: datetime) -> Report:
        self.reports += 1
        return Report(f"r{self.reports - 1}", event, role, outlet, when)

    def _speaker(self, event: Event) -> str:
        return self.rng.choice(SPEAKERS).format(p=event.person, o=event.org)

    def _original(self, event: Event, when: datetime) -> Report:
        """A wire story, or an office's statement, that quotes the event's person."""
        core = list(event.core)
        core[2] = quoted(core[2], self._speaker(event), self.rng)
        report = self._report(
            event, "original", event.official or self.rng.choice(WIRE_OUTLETS), when
        )
        report.title = headline(core[0])
        if event.official:
            report.title = f"Statement on {report.title[0].lower()}{report.title[1:]}"
        report.paragraphs, report.dateline = core, event.official is None
        return report

    def _copy(self, report: Report, source: Report) -> None:
        """Word for word; perhaps a new title, a paragraph dropped, or a credit line added."""
        rng = self.rng
        report.source, report.dateline = source.id, source.dateline
        report.title = edit(source.title, rng, 0.3) if rng.random() < 0.4 else source.title
        report.paragraphs = list(source.paragraphs)
        if rng.random() < 0.3:
            report.paragraphs.pop(rng.randrange(1, len(report.paragraphs)))
        if rng.random() < 0.3:
            report.paragraphs.append(f"This article was first published by {source.outlet.name}.")

    def _rewrite(self, report: Report, source: Report) -> None:
        """Every paragraph kept, in order, each reworded: words dropped or swapped."""
        share = self.rng.uniform(0.15, 0.3)
        report.source, report.title = source.id, edit(source.title, self.rng, 0.4)
        report.paragraphs = [edit(p, self.rng, share) for p in source.paragraphs]

    def _partial(self, report: Report, source: Report) -> None:
        """A passage of 2 to 4 of the source's paragraphs, word for word, among its own."""
        own, length = self.stream.take(self.rng.randint(3, 7)), self.rng.randint(2, 4)
        first = self.rng.randrange(0, len(source.event.core) - length + 1)
        at = self.rng.randint(1, len(own))
        report.source, report.title = source.id, headline(own[0])
        report.paragraphs = [*own[:at], *source.paragraphs[first : first + length], *own[at:]]

    def _quotation(self, report: Report, source: Report) -> None:
        """One or two of the source's sentences quoted and attributed, among its own."""
        event, own = source.event, self.stream.take(self.rng.randint(3, 6))
        speaker = f"the {event.org}" if event.official else self._speaker(event)
        plain = [s for s in source.paragraphs if s in event.core and '"' not in s] or event.core
        taken = self.rng.sample(plain, min(self.rng.randint(1, 2), len(plain)))
        report.source, report.title = source.id, f"{event.person}: {headline(own[0])}"
        report.paragraphs = [own[0], *(quoted(s, speaker, self.rng) for s in taken), *own[1:]]

    def _independent(self, report: Report, source: Report) -> None:
        """Its own sentences, the event's names, and one of its facts in other words.

        The fact is a core sentence with all words but its names, numbers and
        dates swapped: the key terms two reports of one event share, no wording.
        Each fact is retold once, as the swap is the same for all reports.
        """
        event, own = source.event, self.stream.take(self.rng.randint(4, 9))
        own[1] = quoted(own[1], self._speaker(event), self.rng)
        fact = [swapped(self.untold.pop(), self.retell)] if self.untold else []
        report.title = f"{event.place}: {headline(own[0])}"
        report.paragraphs = [own[0], *fact, *own[1:]]


@dataclass
class CorpusStats:
    """What `generate` wrote: counts by role, the days spanned, and the cost."""

    reports: int = 0
    events: int = 0
    roles: dict[str, int] = field(default_factory=dict)
    pool: int = 0
    passes: int = 0
    days: float = 0.0
    megabytes: float = 0.0
    seconds: float = 0.0

    def describe(self) -> str:
        """Return the counts as two lines for the terminal."""
        roles = Counter(self.roles)
        kinds = ", ".join(f"{kind} {roles[kind]:,}" for kind in KINDS)
        return (
            f"{self.reports:,} reports of {self.events:,} events over {self.days:,.0f} days; "
            f"{sum(roles[k] for k in KINDS):,} planted derivations ({kinds}); "
            f"{roles['independent']:,} independent reports\n"
            f"sentence pool {self.pool:,} (dealt {self.passes} times); "
            f"{self.megabytes:,.1f} MB written in {self.seconds:.1f} s"
        )


def generate(
    count: int,
    out: Path,
    *,
    seed: int = 7,
    per_day: int = 300,
    pool: list[str] | None = None,
    data: Path = DATA,
) -> CorpusStats:
    """Write `count` reports to out/reports.jsonl and their truth to out/truth.jsonl.

    The same seed, rate and pool give the same bytes (the pool defaults to
    `sentence_pool(data)`). A report is held only until no later event can be
    published before it: a few days of reports.
    """
    tick = time.perf_counter()
    pool = pool if pool is not None else sentence_pool(data)
    rng = random.Random(seed)
    planter = Planter(SentenceStream(pool, rng), rng)
    start = clock = END - timedelta(days=count / per_day * 1.1 + 10)
    pending: list[tuple[datetime, str, str]] = []
    out.mkdir(parents=True, exist_ok=True)
    roles: Counter[str] = Counter()
    with (
        (out / "reports.jsonl").open("w", encoding="utf-8") as reports,
        (out / "truth.jsonl").open("w", encoding="utf-8") as truth,
    ):
        while planter.reports < count:
            clock += timedelta(days=rng.expovariate(per_day / MEAN_SIZE))
            _flush(pending, reports, before=clock)
            size = min(rng.choices(SIZES, weights=SIZE_WEIGHTS)[0], count - planter.reports)
            for report in planter.event(clock, size):
                truth.write(json.dumps(report.truth()) + "\n")
                line = json.dumps(report.record(), ensure_ascii=False) + "\n"
                heapq.heappush(pending, (report.when, report.id, line))
                roles[report.role] += 1
        _flush(pending, reports, before=None)
    written = sum((out / name).stat().st_size for name in ("reports.jsonl", "truth.jsonl"))
    return CorpusStats(
        planter.reports,
        planter.events,
        dict(roles),
        len(pool),
        planter.stream.passes,
        (clock - start).total_seconds() / 86400,
        written / 1e6,
        time.perf_counter() - tick,
    )


def _flush(
    pending: list[tuple[datetime, str, str]], out: TextIO, *, before: datetime | None
) -> None:
    """Write, in time order, the held reports published before `before` (all, with None)."""
    while pending and (before is None or pending[0][0] < before):
        out.write(heapq.heappop(pending)[2])


@dataclass(frozen=True)
class Truth:
    """The planted truth: each report's event and role; each derivation's kind."""

    events: dict[str, str]
    roles: dict[str, str]
    #: (source id, derived id) → kind.
    derivations: dict[tuple[str, str], str]


def read_truth(path: Path) -> Truth:
    """Return the truth written beside a corpus (its truth.jsonl)."""
    truth = Truth({}, {}, {})
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            truth.events[row["id"]], truth.roles[row["id"]] = row["event"], row["role"]
            if row["source"] is not None:
                truth.derivations[(row["source"], row["id"])] = row["role"]
    return truth


def score_stories(stories_by_report: Mapping[str, str], truth: Truth) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 of stories (report id → story) against the events.

    A report the stories leave out counts as a story of its own; reports the
    truth does not know are ignored.
    """
    predicted = {r: stories_by_report.get(r, f"alone:{r}") for r in truth.events}
    return bcubed(predicted, truth.events)


def score_derivations(found: Iterable[tuple[str, str, str]], truth: Truth) -> dict[str, float]:
    """Return how well found (source, derived, kind) triples recover the planted derivations.

    Pairs match whatever their direction: precision, recall, F1, and recall per
    kind. Over the planted pairs found, `direction` is the share found source
    first, and `kind` the share found as the planted kind. Unplanted pairs are
    counted by whether their reports tell one event (`false_same_event`: two
    copies of one wire, say) or two (`false_cross_event`).
    """
    planted = {frozenset(pair): (pair, kind) for pair, kind in truth.derivations.items()}
    answer: dict[frozenset[str], tuple[tuple[str, str], str]] = {}
    for source, derived, kind in found:
        answer.setdefault(frozenset((source, derived)), ((source, derived), kind))
    hits = [key for key in answer if key in planted]
    precision = len(hits) / len(answer) if answer else 0.0
    recall = len(hits) / len(planted) if planted else 0.0
    false = [key for key in answer if key not in planted]
    same = sum(len({truth.events.get(r, r) for r in key}) == 1 for key in false)
    scores = {
        "found": len(answer),
        "planted": len(planted),
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "direction": _share(answer[k][0] == planted[k][0] for k in hits),
        "kind": _share(answer[k][1] == planted[k][1] for k in hits),
        "false_same_event": same,
        "false_cross_event": len(false) - same,
    }
    for kind in KINDS:
        scores[f"recall_{kind}"] = _share(k in answer for k, (_, p) in planted.items() if p == kind)
    return {name: float(value) for name, value in scores.items()}


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data at {args.data}; pass --data PATH (the folder holding the data sets)")
    if args.reports < 1 or args.per_day < 1:
        sys.exit("--reports and --per-day must be at least 1")
    stats = generate(args.reports, args.out, seed=args.seed, per_day=args.per_day, data=args.data)
    print(stats.describe())
    print(f"wrote {args.out / 'reports.jsonl'} and {args.out / 'truth.jsonl'}")


if __name__ == "__main__":
    main()
