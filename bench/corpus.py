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

`truth.py` reads the truth and scores newsweave's answer against it; `sentences.py` holds the
sentence pool.

    .venv/bin/python bench/corpus.py --reports N --out DIR [--seed S] [--per-day K]
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from near_duplicates import DATA, edit
from sentences import SentenceStream, WordSwap, sentence_pool, swapped
from truth import KINDS

#: Corpora end before this day, so that no report is dated after the time of ingest
#: (newsweave keeps such a date unknown): a million reports at 300 a day span nine years.
END = datetime(2025, 1, 1, tzinfo=UTC)
#: Reports per event: 1 to 12, weighted 1/k^1.5 (half are told once, one in 90 twelve times).
SIZES = range(1, 13)
SIZE_WEIGHTS = [k**-1.5 for k in SIZES]
MEAN_SIZE = sum(k * w for k, w in zip(SIZES, SIZE_WEIGHTS, strict=True)) / sum(SIZE_WEIGHTS)
#: What each report after the original is, and how often.
ROLES = {"copy": 0.2, "rewrite": 0.15, "partial": 0.15, "quotation": 0.15, "independent": 0.35}
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
