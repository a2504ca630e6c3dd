"""Latency and errors of `newsweave serve` under concurrent clients, reads and ingests mixed.

Builds a store (the example corpus by default, or the 772 ECB+ documents of
../shared/data with --ecbplus), starts `newsweave serve` on it in a process of
its own, on loopback, then:

1. opens every story page once, one at a time: the first visit renders the page
   (cold), and the time of each is reported;
2. runs CLIENTS concurrent clients over keep-alive connections until REQUESTS
   requests are done or SECONDS have passed. Each request is one of a MIX of
   kinds, drawn in a fixed order from the weights given:

   - page: a story page (HTML, cached by the server until the next analysis);
   - api: a story as JSON (GET /api/stories/{id});
   - list: the story list as JSON, with and without search words;
   - search: a full-text search of the reports (GET /api/search), several queries;
   - ingest: one new report generated here (POST /api/ingest); one ingest in
     DUPLICATE_EVERY sends again a report sent before, which must be stored once.

   It reports, per kind, how many requests, how many failed (a status other than
   200, a cut or malformed answer, an exception; the first reasons are shown) and
   the p50/p95/p99 latency, then the requests per second of the whole run;
3. checks the store: every distinct report ingested is stored exactly once (the
   store grew by as many reports, each answered "added" once and found by id);
4. waits (up to SETTLE seconds) for the server's background analysis to cover
   every report, and checks each ingested report is in a story.

    .venv/bin/python bench/serve.py [--ecbplus] [--clients 50] [--requests 20000] \
        [--seconds 120] [--mix page:35,api:25,list:10,search:25,ingest:5]

`--mix page:100` is the story-page-only run. The client runs in this process
and shares the machine's cores with the server, so the figures are an upper
bound on what the server alone needs. The load functions are also what
tests/web/test_load.py runs, smaller, against a server in the test process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp
import httpx

import newsweave as nw
from newsweave.evaluate import ecbplus
from newsweave.store import StoryQuery, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
EXAMPLE = ROOT / "src" / "newsweave" / "example"

KINDS = ("page", "api", "list", "search", "ingest")
DEFAULT_MIX = "page:35,api:25,list:10,search:25,ingest:5"
#: How many reasons are kept per kind of request: enough to tell causes apart.
REASONS_KEPT = 3


# -- the store and the server -------------------------------------------------------------------


def build_store(path: Path, use_ecbplus: bool) -> int:
    """Analyze the corpus into a store at `path`; return the number of reports."""
    if use_ecbplus:
        if not (DATA / "ecbplus").exists():
            sys.exit(f"no ECB+ data at {DATA / 'ecbplus'}")
        articles = nw.read_records(ecbplus.load(DATA / "ecbplus")).articles
    else:
        articles = nw.read([EXAMPLE]).articles
    store = open_store(path)
    store.add(articles)
    nw.analyze(articles, store=store)
    store.close()
    return len(articles)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "newsweave", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/analysis", timeout=1).raise_for_status()
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"the server did not start: {server.stderr.read().decode() if server.stderr else ''}")


# -- what the clients ask for -------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """A report to ingest: the record posted, and the id newsweave gives it."""

    record: Mapping[str, str]
    id: str


@dataclass(frozen=True)
class Workload:
    """Every request of a run, decided before it starts so that runs can be compared."""

    #: The kind of each request, in the order the clients issue them.
    plan: tuple[str, ...]
    story_ids: tuple[str, ...]
    queries: tuple[str, ...]
    #: The report of each ingest, in the order the ingests are issued (repeats included).
    reports: tuple[Report, ...]


def parse_mix(text: str) -> dict[str, float]:
    """Return the weight of each kind of request in "page:35,api:25,ingest:5"."""
    weights: dict[str, float] = {}
    for part in text.split(","):
        kind, _, weight = part.strip().partition(":")
        if kind not in KINDS:
            raise ValueError(f"unknown request kind {kind!r} in {text!r}; kinds: {KINDS}")
        try:
            weights[kind] = float(weight)
        except ValueError:
            raise ValueError(f"the weight of {kind!r} must be a number, got {weight!r}") from None
    if not weights or min(weights.values()) < 0 or sum(weights.values()) <= 0:
        raise ValueError(f"the mix {text!r} needs positive weights")
    return weights


def make_workload(
    story_ids: Sequence[str],
    queries: Sequence[str],
    *,
    mix: Mapping[str, float],
    requests: int,
    duplicate_every: int = 10,
    seed: int = 0,
) -> Workload:
    """Return `requests` requests drawn from `mix`, with their reports to ingest."""
    if not story_ids and any(mix.get(kind, 0) for kind in ("page", "api")):
        raise ValueError("the store has no stories to ask for; analyze it first")
    rng = random.Random(seed)
    kinds = [kind for kind in KINDS if mix.get(kind, 0) > 0]
    plan = tuple(rng.choices(kinds, weights=[mix[kind] for kind in kinds], k=requests))
    return Workload(
        plan=plan,
        story_ids=tuple(story_ids),
        queries=tuple(queries),
        reports=reports_to_ingest(plan.count("ingest"), duplicate_every, rng),
    )


def search_queries(titles: Sequence[str], count: int = 8) -> tuple[str, ...]:
    """Return search queries: words of the stored stories' titles, words of the generated
    reports, and one that matches nothing (its answer is empty, not an error)."""
    words = [max(re.findall(r"\w{4,}", title) or [""], key=len).lower() for title in titles]
    found = [word for word in dict.fromkeys(words) if word][:count]
    return (*found, "footbridge", "council budget", "xylophonist quasar")


# Reports are generated rather than read from a corpus: each must be new to the
# store (a report it holds is only "already stored") and the test must run
# without ../shared. Town names are drawn from syllables, so few repeat, and a
# serial number in each report's text makes every report distinct.
_SYLLABLES = "ka lo ve mar sen tor bri al den os ru fel ham wick lin dra".split()
_OUTLETS = ("Riverside Gazette", "Northern Ledger", "Valley Wire", "Coastal Courier")
_FIRST = ("Edda", "Tomas", "Irina", "Paulo", "Greta", "Samir", "Lena", "Oskar")
_LAST = ("Halvorsen", "Marquez", "Dunmore", "Kestrel", "Ambrose", "Lindqvist")
_EVENTS = (
    (
        "{town} opens a footbridge over the {river}",
        "A new footbridge over the {river} opened in {town} on {day}, linking the old "
        "market to the railway station. The bridge cost {amount} million euros and took "
        "{months} months to build. About {people} residents crossed it on the first day. "
        '"We waited a long time for this crossing," mayor {official} said.',
    ),
    (
        "{town} council approves its budget for next year",
        "The council of {town} approved a budget of {amount} million euros on {day}, with "
        "{months} of its members voting in favour. Spending on schools rises by {people} "
        'thousand euros. "The budget keeps every library open," council leader {official} '
        "told reporters after the vote.",
    ),
    (
        "Water main bursts in central {town}",
        "A water main burst under the high street of {town} early on {day}, cutting supply "
        "to about {people} homes. Engineers expected repairs to take {months} days and to "
        "cost {amount} million euros. {official}, who runs the local water board, said "
        "bottled water was being handed out at the town hall.",
    ),
    (
        "{town} school reopens after flood repairs",
        "The primary school in {town} reopened on {day} after {months} months of repairs "
        "following floods on the {river}. The work cost {amount} million euros. Head "
        'teacher {official} said {people} pupils had returned. "The children are glad to '
        'be back in their own classrooms," she said.',
    ),
    (
        "Fire destroys warehouse on the {river} quay in {town}",
        "A fire destroyed a warehouse on the {river} quay in {town} overnight into {day}. "
        "No one was hurt, fire chief {official} said, but about {people} tonnes of grain "
        "were lost. Damage was put at {amount} million euros; the quay will stay closed "
        "for {months} weeks.",
    ),
    (
        "{town} festival draws record crowds",
        "The summer festival in {town} drew about {people} visitors on {day}, a record, "
        "organisers said. Stalls lined the {river} embankment for {months} days. "
        '"Hotels were full for the whole week," said {official}, who chairs the festival '
        "committee. The town spent {amount} million euros on the event.",
    ),
)


def news_report(number: int, rng: random.Random) -> dict[str, str]:
    """Return the record of a short, new, dated report: the `number`th of a run."""
    town = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
    river = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
    published = datetime(2025, 1, 1, 6) + timedelta(hours=rng.randrange(2 * 365 * 24))
    title, text = rng.choice(_EVENTS)
    values = {
        "town": town,
        "river": river,
        "day": published.strftime("%A"),
        "official": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        # The serial number makes every report distinct, whatever the draws.
        "people": str(120 + 7 * number),
        "amount": f"{rng.randint(2, 90)}.{rng.randint(1, 9)}",
        "months": str(rng.randint(2, 14)),
    }
    return {
        "title": title.format(**values),
        "text": text.format(**values),
        "outlet": rng.choice(_OUTLETS),
        "published": published.isoformat() + "Z",
    }


def reports_to_ingest(count: int, duplicate_every: int, rng: random.Random) -> tuple[Report, ...]:
    """Return `count` reports, every `duplicate_every`th one a repeat of an earlier one.

    Every other repeat is of the report just before it, so that the two are
    likely in flight together: the store must keep one of them, not both.
    """
    sent: list[int] = []
    fresh: list[dict[str, str]] = []
    for position in range(count):
        if duplicate_every > 0 and position % duplicate_every == duplicate_every - 1:
            sent.append(sent[-1] if position // duplicate_every % 2 else rng.choice(sent))
        else:
            sent.append(len(fresh))
            fresh.append(news_report(position, rng))
    # Ids come from newsweave's reader, so the checks hold the server to them.
    read = nw.read_records(fresh)
    if len(read.articles) != len(fresh):
        raise RuntimeError(f"generated reports were skipped: {read.skipped}")
    pairs = zip(fresh, read.articles, strict=True)
    reports = [Report(record, article.id) for record, article in pairs]
    return tuple(reports[index] for index in sent)


# -- the load -----------------------------------------------------------------------------------


@dataclass
class KindStats:
    """What the clients saw of one kind of request: latencies, errors and why."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    reasons: list[str] = field(default_factory=list)

    def record(self, millis: float, problem: str | None) -> None:
        self.latencies.append(millis)
        if problem is not None:
            self.errors += 1
            if len(self.reasons) < REASONS_KEPT and problem not in self.reasons:
                self.reasons.append(problem)


@dataclass
class IngestLog:
    """Which reports the server accepted, and which it said it newly stored."""

    #: Report id: how many ingests of it were answered 200.
    accepted: Counter[str] = field(default_factory=Counter)
    #: Report id: how many answers listed it under `added`.
    added: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class LoadResult:
    """A finished run: what each kind of request saw, the ingests, the wall time."""

    stats: dict[str, KindStats]
    ingests: IngestLog
    seconds: float

    @property
    def requests(self) -> int:
        return sum(len(kind.latencies) for kind in self.stats.values())

    @property
    def errors(self) -> int:
        return sum(kind.errors for kind in self.stats.values())


Ask = Callable[[aiohttp.ClientSession, Workload, int, IngestLog], Awaitable[str | None]]


async def run_load(base: str, workload: Workload, *, clients: int, seconds: float) -> LoadResult:
    """Run the workload with `clients` concurrent clients; stop early after `seconds`.

    aiohttp, as its per-request cost is a fraction of the server's; with httpx's
    async pool the client itself was the bottleneck (275 against 4,400 requests/s).
    """
    stats = {kind: KindStats() for kind in KINDS}
    log = IngestLog()
    turns: Counter[str] = Counter()
    issued = 0
    deadline = time.monotonic() + seconds

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal issued
        while issued < len(workload.plan) and time.monotonic() < deadline:
            kind = workload.plan[issued]
            issued += 1
            turn = turns[kind]
            turns[kind] += 1
            began = time.perf_counter()
            try:
                problem = await ASK[kind](session, workload, turn, log)
            except (aiohttp.ClientError, TimeoutError) as error:
                problem = f"{type(error).__name__}: {error}"
            stats[kind].record((time.perf_counter() - began) * 1000, problem)

    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        began = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        wall = time.perf_counter() - began
    return LoadResult({k: v for k, v in stats.items() if v.latencies}, log, wall)


async def _story_page(
    session: aiohttp.ClientSession, work: Workload, turn: int, log: IngestLog
) -> str | None:
    path = f"/stories/{work.story_ids[turn % len(work.story_ids)]}"
    async with session.get(path) as answer:
        body = await answer.read()
    if answer.status != 200:
        return _refused(answer.status, path, body)
    return None if body.rstrip().endswith(b"</html>") else f"GET {path}: the page is cut short"


async def _story_json(
    session: aiohttp.ClientSession, work: Workload, turn: int, log: IngestLog
) -> str | None:
    story_id = work.story_ids[turn % len(work.story_ids)]
    path = f"/api/stories/{story_id}"
    async with session.get(path) as answer:
        body = await answer.read()
    if answer.status != 200:
        return _refused(answer.status, path, body)
    found = json.loads(body).get("id")
    return None if found == story_id else f"GET {path}: answered story {found!r}"


async def _story_list(
    session: aiohttp.ClientSession, work: Workload, turn: int, log: IngestLog
) -> str | None:
    # Every other list is searched, as the story list's search box does.
    params = {"limit": "20"} if turn % 2 else {"q": _query(work, turn // 2), "limit": "20"}
    async with session.get("/api/stories", params=params) as answer:
        body = await answer.read()
    if answer.status != 200:
        return _refused(answer.status, f"/api/stories?{params}", body)
    stories = json.loads(body).get("stories")
    return None if isinstance(stories, list) else f"GET /api/stories: no list in {body[:80]!r}"


async def _search(
    session: aiohttp.ClientSession, work: Workload, turn: int, log: IngestLog
) -> str | None:
    query = _query(work, turn)
    async with session.get("/api/search", params={"q": query, "limit": "20"}) as answer:
        body = await answer.read()
    if answer.status != 200:
        return _refused(answer.status, f"/api/search?q={query}", body)
    hits = json.loads(body)
    return None if isinstance(hits, list) else f"GET /api/search: no list in {body[:80]!r}"


async def _ingest(
    session: aiohttp.ClientSession, work: Workload, turn: int, log: IngestLog
) -> str | None:
    report = work.reports[turn]
    async with session.post("/api/ingest", json={"records": [report.record]}) as answer:
        body = await answer.read()
    if answer.status != 200:
        return _refused(answer.status, "/api/ingest", body)
    done = json.loads(body)
    ids = [*done["added"], *done["already_stored"]]
    if ids != [report.id] or done["skipped"]:
        return f"POST /api/ingest: sent report {report.id}, answered {ids}, {done['skipped']}"
    log.accepted[report.id] += 1
    log.added.update(done["added"])
    return None


ASK: dict[str, Ask] = {
    "page": _story_page,
    "api": _story_json,
    "list": _story_list,
    "search": _search,
    "ingest": _ingest,
}


def _query(work: Workload, turn: int) -> str:
    return work.queries[turn % len(work.queries)] if work.queries else "report"


def _refused(status: int, path: str, body: bytes) -> str:
    return f"{path}: {status} {body[:160].decode('utf-8', 'replace')}"


# -- after the load -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestCheck:
    """Whether every distinct report ingested is in the store exactly once."""

    distinct: int
    #: How many more reports the store holds than before the run.
    grown: int
    #: Ids accepted by the server but not found in the store.
    missing: tuple[str, ...]
    #: Ids the server answered "added" more than once.
    added_twice: tuple[str, ...]
    #: Ids accepted but never answered "added" (stored by no ingest of the run).
    never_added: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.grown == self.distinct and not (
            self.missing or self.added_twice or self.never_added
        )


def check_ingested(store_url: str, before: int, log: IngestLog) -> IngestCheck:
    """Compare the store with what the server accepted; `before` is its count before the run."""
    ids = sorted(log.accepted)
    with open_store(store_url) as store:
        found = {article.id for article in store.articles(ids)}
        grown = store.article_count() - before
    return IngestCheck(
        distinct=len(ids),
        grown=grown,
        missing=tuple(i for i in ids if i not in found),
        added_twice=tuple(i for i, times in log.added.items() if times > 1),
        never_added=tuple(i for i in ids if log.added[i] == 0),
    )


def wait_for_analysis(base: str, seconds: float) -> float | None:
    """Return the seconds until the server's analysis covers every report, None if it did
    not within `seconds` (or failed)."""
    began = time.monotonic()
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() - began < seconds:
            status = client.get("/api/analysis").json()
            if status["state"] == "failed":
                return None
            if status["state"] == "idle" and status["current"]:
                return time.monotonic() - began
            time.sleep(0.5)
    return None


def unstoried(store_url: str, ids: Sequence[str]) -> list[str]:
    """Return the ids, of those given, that no story of the last analysis holds."""
    with open_store(store_url) as store:
        return [article_id for article_id in ids if not store.story_ids_of(article_id)]


# -- the command --------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cold_pass(base: str, story_ids: Sequence[str]) -> list[float]:
    """Return the milliseconds of each story page's first (rendering) request."""
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for story_id in story_ids:
            began = time.perf_counter()
            client.get(f"/stories/{story_id}").raise_for_status()
            times.append((time.perf_counter() - began) * 1000)
    return times


def load_table(result: LoadResult) -> list[str]:
    """Return the lines that show a run: per kind and in all, then the first reasons."""
    heads = ("p50 ms", "p95 ms", "p99 ms", "max ms")
    lines = [f"{'kind':<8}{'requests':>10}{'errors':>8}" + "".join(f"{h:>9}" for h in heads)]
    everything = [ms for kind in result.stats.values() for ms in kind.latencies]
    for name, kind in [*result.stats.items(), ("all", KindStats(everything, result.errors))]:
        shown = [percentile(kind.latencies, share) for share in (0.5, 0.95, 0.99, 1.0)]
        lines.append(
            f"{name:<8}{len(kind.latencies):>10,}{kind.errors:>8,}"
            + "".join(f"{value:>9.1f}" for value in shown)
        )
    for name, kind in result.stats.items():
        lines += [f"  {name} error: {reason}" for reason in kind.reasons]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ecbplus", action="store_true", help="serve the ECB+ documents")
    parser.add_argument("--db", type=Path, help="serve this store (no build; ingests write to it)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=120.0, help="cap on the load's wall time")
    parser.add_argument("--mix", type=_mix, default=DEFAULT_MIX, help="kind:weight,...")
    parser.add_argument("--duplicate-every", type=int, default=10, help="0: no repeated reports")
    parser.add_argument("--settle", type=float, default=600.0, help="wait for the analysis (s)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "bench.db"
        if args.db is None:
            began = time.perf_counter()
            count = build_store(db, args.ecbplus)
            print(f"store: {count} reports analyzed in {time.perf_counter() - began:.1f} s")
        port = free_port()
        server = start_server(db, port)
        try:
            bench(f"http://127.0.0.1:{port}", str(db), args)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _mix(text: str) -> dict[str, float]:
    try:
        return parse_mix(text)
    except ValueError as error:  # argparse shows an ArgumentTypeError's own message
        raise argparse.ArgumentTypeError(str(error)) from None


def bench(base: str, store_url: str, args: argparse.Namespace) -> None:
    """Run the cold pass, the mixed load and the checks against the server at `base`."""
    with open_store(store_url) as store:
        rows = store.list_stories(StoryQuery(limit=1000)).rows
        before = store.article_count()
    story_ids = [row.id for row in rows]
    sizes = [row.reports for row in rows]
    print(
        f"stories: {len(story_ids)} (reports per story: max {max(sizes)}, "
        f"mean {statistics.mean(sizes):.1f}); cores: {os.cpu_count()}"
    )
    cold = cold_pass(base, story_ids)
    print(
        f"first visit (renders the page), one at a time: p50 {percentile(cold, 0.5):.1f} ms"
        f", p95 {percentile(cold, 0.95):.1f} ms, max {max(cold):.1f} ms"
    )
    workload = make_workload(
        story_ids,
        search_queries([row.title or "" for row in rows]),
        mix=args.mix,
        requests=args.requests,
        duplicate_every=args.duplicate_every,
        seed=args.seed,
    )
    result = asyncio.run(run_load(base, workload, clients=args.clients, seconds=args.seconds))
    print(
        f"{args.clients} concurrent clients: {result.requests:,} requests in "
        f"{result.seconds:.1f} s ({result.requests / result.seconds:,.0f} requests/s), "
        f"{result.errors} errors"
    )
    print("\n".join(load_table(result)))
    if not result.ingests.accepted:
        return
    check = check_ingested(store_url, before, result.ingests)
    repeats = sum(result.ingests.accepted.values()) - check.distinct
    print(
        f"ingested: {check.distinct} distinct reports (+{repeats} sent again); the store grew by "
        f"{check.grown}; missing {len(check.missing)}, answered 'added' twice "
        f"{len(check.added_twice)}, never 'added' {len(check.never_added)}: "
        + ("each stored once" if check.ok else "NOT each stored once")
    )
    settled = wait_for_analysis(base, args.settle)
    if settled is None:
        status = httpx.get(f"{base}/api/analysis").json()
        print(f"the analysis did not cover every report within {args.settle:.0f} s: {status}")
        return
    left_out = unstoried(store_url, sorted(result.ingests.accepted))
    print(
        f"analysis current {settled:.1f} s after the load; ingested reports in no story: "
        f"{len(left_out)}"
    )


if __name__ == "__main__":
    main()
