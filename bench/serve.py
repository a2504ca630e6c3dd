"""Story page latency of `newsweave serve` under concurrent readers, on loopback.

Builds a store (the example corpus by default, or the 772 ECB+ documents of
../shared/data with --ecbplus), starts `newsweave serve` on it in a process of
its own, then:

1. opens every story page once, one at a time: the first visit renders the page
   (cold), and the time of each is reported;
2. runs CLIENTS concurrent clients, each asking for story pages in turn (cycling
   through all stories) over keep-alive connections, until REQUESTS requests are
   done or SECONDS have passed, and reports throughput, errors and latency
   percentiles (warm: pages come from the server's page cache).

    .venv/bin/python bench/serve.py [--ecbplus] [--clients 50] [--requests 10000] [--seconds 60]

The client runs in this process and shares the machine's cores with the server,
so the figures are an upper bound on what the server alone needs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

import newsweave as nw
from newsweave.evaluate import ecbplus
from newsweave.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
EXAMPLE = ROOT / "src" / "newsweave" / "example"


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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cold_pass(base: str, story_ids: list[str]) -> list[float]:
    """Return the milliseconds of each story page's first (rendering) request."""
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for story_id in story_ids:
            began = time.perf_counter()
            client.get(f"/stories/{story_id}").raise_for_status()
            times.append((time.perf_counter() - began) * 1000)
    return times


async def load(
    base: str, story_ids: list[str], clients: int, requests: int, seconds: float
) -> tuple[list[float], int, float]:
    """Return (latencies in ms, errors, wall seconds) of the concurrent run.

    aiohttp, as its per-request cost is a fraction of the server's; with httpx's
    async pool the client itself was the bottleneck (275 against 4,400 requests/s).
    """
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.monotonic() + seconds

    async def reader(session: aiohttp.ClientSession, offset: int) -> None:
        nonlocal errors, issued
        turn = offset
        while issued < requests and time.monotonic() < deadline:
            issued += 1
            story_id = story_ids[turn % len(story_ids)]
            turn += 1
            began = time.perf_counter()
            try:
                async with session.get(f"/stories/{story_id}") as answer:
                    body = await answer.read()
                    ok = answer.status == 200 and body.rstrip().endswith(b"</html>")
            except aiohttp.ClientError:
                ok = False
            latencies.append((time.perf_counter() - began) * 1000)
            errors += not ok

    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        began = time.perf_counter()
        await asyncio.gather(*(reader(session, n) for n in range(clients)))
        wall = time.perf_counter() - began
    return latencies, errors, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ecbplus", action="store_true", help="serve the ECB+ documents")
    parser.add_argument("--db", type=Path, help="serve this store as it is (no build)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "bench.db"
        if args.db is None:
            began = time.perf_counter()
            count = build_store(db, args.ecbplus)
            print(f"store: {count} reports analyzed in {time.perf_counter() - began:.1f} s")
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            listed = httpx.get(f"{base}/api/stories", params={"limit": 1000}).json()
            story_ids = [row["id"] for row in listed["stories"]]
            sizes = [row["reports"] for row in listed["stories"]]
            print(
                f"stories: {len(story_ids)} (reports per story: max {max(sizes)}, "
                f"mean {statistics.mean(sizes):.1f}); cores: {os.cpu_count()}"
            )
            cold = cold_pass(base, story_ids)
            print(
                f"first visit (renders the page), one at a time: p50 {percentile(cold, 0.5):.1f} ms"
                f", p95 {percentile(cold, 0.95):.1f} ms, max {max(cold):.1f} ms"
            )
            latencies, errors, wall = asyncio.run(
                load(base, story_ids, args.clients, args.requests, args.seconds)
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        f"{args.clients} concurrent clients: {len(latencies)} requests in {wall:.1f} s "
        f"({len(latencies) / wall:.0f} requests/s), {errors} errors"
    )
    print(
        f"story page latency: p50 {percentile(latencies, 0.5):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
        f"max {max(latencies):.1f} ms"
    )


if __name__ == "__main__":
    main()
