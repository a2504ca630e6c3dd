"""Watching feeds: reports/s ingested, and the lag from an entry's appearance to its story.

A local server publishes ECB+ documents (real news text, 35 topics of two events
each) as entries of a few RSS feeds, one entry after another over `--span`
seconds, each feed listing its newest 60. One entry in four carries only a
summary and a link, so its page is fetched and read. `newsweave.watch` polls
the feeds every `--every` seconds into a SQLite store, analyzing the store
again after each poll that stored something, until every entry is in a story.

Figures: reports/s while polling (fetch, read, store; the analysis apart), the
analysis time per poll, and the lag from an entry's appearance on the server to
the end of the first analysis whose stories hold it (median and max).

    .venv/bin/python bench/watch.py [--entries 200] [--span 40] [--every 5] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsweave.store import open_store
from newsweave.watch import PollReport, Watcher, WatchSettings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FEEDS = 4
WINDOW = 60
OUTLETS = ["Harbour Times", "Varnholt Herald", "Ostmouth Post", "Brenna Daily"]


@dataclass(frozen=True)
class Entry:
    guid: str
    feed: int
    title: str
    text: str
    summary_only: bool
    appears: float


def ecb_documents(data: Path, count: int) -> list[tuple[str, str]]:
    """Return (title, text) of `count` ECB+ documents, spread over all topics."""
    by_topic: dict[int, list[tuple[str, str]]] = {}
    with (data / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            sentences = [s["text"] for s in doc["sentences"]]
            if len(sentences) < 4:
                continue
            by_topic.setdefault(doc["topic"], []).append((sentences[0], " ".join(sentences[1:])))
    picked: list[tuple[str, str]] = []
    while len(picked) < count and any(by_topic.values()):
        for docs in by_topic.values():
            if docs and len(picked) < count:
                picked.append(docs.pop(0))
    return picked


class Site:
    """The feeds and pages, each entry visible from its `appears` time on."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.pages = {f"/page/{e.guid}": e for e in entries if e.summary_only}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def feed(self, number: int) -> tuple[bytes, str]:
        now = time.time()
        visible = [e for e in self.entries if e.feed == number and e.appears <= now]
        items = []
        for entry in reversed(visible[-WINDOW:]):
            if entry.summary_only:
                summary = entry.text.split(" . ")[0][:200]
                body = f"<description>{escape(summary)}</description>"
                link = f"<link>{self.base}/page/{entry.guid}</link>"
            else:
                body = f"<content:encoded>{escape(entry.text)}</content:encoded>"
                link = f"<link>{self.base}/story/{entry.guid}</link>"
            items.append(
                f"<item><guid>{entry.guid}</guid><title>{escape(entry.title)}</title>{link}"
                f"<pubDate>{formatdate(entry.appears, usegmt=True)}</pubDate>{body}</item>"
            )
        xml = (
            '<?xml version="1.0"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{OUTLETS[number]}</title>{''.join(items)}</channel></rss>"
        )
        return xml.encode(), f'"{number}-{len(visible)}"'

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                kind, etag, body = "text/plain", "", b"no such page"
                status = 404
                if self.path.startswith("/feed/"):
                    body, etag = site.feed(int(self.path.removeprefix("/feed/")))
                    kind, status = "application/rss+xml", 200
                    if self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                elif self.path in site.pages:
                    entry = site.pages[self.path]
                    paragraphs = "".join(f"<p>{escape(s)} .</p>" for s in entry.text.split(" . "))
                    body = (
                        f"<!doctype html><html><head><title>{escape(entry.title)}</title></head>"
                        f"<body><nav>Home | World</nav><article><h1>{escape(entry.title)}</h1>"
                        f"{paragraphs}</article></body></html>"
                    ).encode()
                    kind, status = "text/html; charset=utf-8", 200
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--span", type=float, default=40.0, help="seconds entries appear over")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between polls")
    parser.add_argument("--per-host-interval", type=float, default=0.0)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not (args.data / "ecbplus").is_dir():
        print(f"skipped: no ECB+ data at {args.data / 'ecbplus'} (no ../shared; --data PATH)")
        return

    documents = ecb_documents(args.data, args.entries)
    start = time.time() + 1.0
    entries = [
        Entry(
            f"e{n}",
            n % FEEDS,
            title,
            text,
            summary_only=n % 4 == 3,
            appears=start + args.span * n / max(len(documents) - 1, 1),
        )
        for n, (title, text) in enumerate(documents)
    ]
    appears = {entry.guid: entry.appears for entry in entries}
    site = Site(entries)
    threading.Thread(target=site.httpd.serve_forever, daemon=True).start()
    urls = [f"{site.base}/feed/{number}" for number in range(FEEDS)]

    lag: dict[str, float] = {}
    polls: list[PollReport] = []
    stop = threading.Event()

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "watch.db")
        settings = WatchSettings(
            every=args.every,
            allow_private=True,
            per_host_interval=args.per_host_interval,
        )
        watcher = Watcher(store, urls, settings=settings)

        def on_poll(report: PollReport) -> None:
            done = time.time()
            polls.append(report)
            dossier = store.load_analysis()
            stories = dossier.stories if dossier else ()
            in_stories = {a for story in stories for a in story.story.article_ids}
            for article in store.articles():
                guid = article.source_id or ""
                if article.id in in_stories and guid in appears and guid not in lag:
                    lag[guid] = done - appears[guid]
            print(
                f"  {report.summary()}  [{report.seconds:.1f} s, "
                f"analysis {report.analysis_seconds:.1f} s]",
                flush=True,
            )
            if len(lag) == len(entries) or done > start + args.span + 20 * args.every:
                stop.set()

        began = time.time()
        watcher.run(stop=stop, on_poll=on_poll)
        wall = time.time() - began
        store.close()
    site.httpd.shutdown()

    polling = sum(p.seconds - p.analysis_seconds for p in polls)
    analysis = [p.analysis_seconds for p in polls if p.analyzed]
    stored = sum(p.new for p in polls)
    lags = sorted(lag.values())
    print(
        f"{len(entries)} entries ({sum(e.summary_only for e in entries)} summary-only, their "
        f"pages fetched) in {FEEDS} feeds over {args.span:g} s; polls every {args.every:g} s"
    )
    print(f"polls: {len(polls)}, wall {wall:.1f} s; reports stored: {stored}")
    print(
        f"ingest while watching: {stored / polling:.0f} reports/s "
        f"(fetch, read, store: {polling:.1f} s in all)"
    )
    # The first poll that reads reports also loads the language models, once per process.
    later = [p for p in polls if p.new][1:]
    if later:
        seconds = sum(p.seconds - p.analysis_seconds for p in later)
        print(
            f"  after the first poll with reports: {sum(p.new for p in later) / seconds:.0f} "
            f"reports/s ({seconds:.1f} s for {sum(p.new for p in later)} reports)"
        )
    print(
        f"analysis after each poll with new reports: {len(analysis)} runs, "
        f"{min(analysis):.1f}-{max(analysis):.1f} s (whole store each time)"
    )
    print(
        f"lag from appearance to a story: median {statistics.median(lags):.1f} s, "
        f"max {max(lags):.1f} s ({len(lags)} of {len(entries)} entries)"
    )
    if len(lags) < len(entries):
        sys.exit("not every entry reached a story")


if __name__ == "__main__":
    main()
