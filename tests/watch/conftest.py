"""A local HTTP server whose answers each test scripts, and feeds to serve from it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass(frozen=True)
class Hit:
    """One request the server received: when (its clock), what, and which headers."""

    at: float
    path: str
    headers: dict[str, str]


@dataclass
class Reply:
    """What the server answers: a status, a body, headers, and a delay before answering."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Callable[[Hit], Reply]


class Server:
    """The scripted server: `route(path, reply_or_function)`, then read `hits(path)`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda hit, fixed=reply: fixed)

    def serve(
        self,
        path: str,
        body: bytes,
        *,
        etag: str | None = None,
        headers: dict[str, str] | None = None,
        content_type: str = "application/rss+xml",
    ) -> None:
        """Serve `body` at `path`, answering 304 to a request that holds its `etag`."""
        sent = {**(headers or {}), **({"ETag": etag} if etag else {})}

        def answer(hit: Hit) -> Reply:
            if etag and hit.headers.get("if-none-match") == etag:
                return Reply(304, headers=sent)
            return Reply(200, body, content_type, headers=sent)

        self.route(path, answer)

    def hits(self, path: str | None = None) -> list[Hit]:
        with self._lock:
            return [hit for hit in self._hits if path is None or hit.path == path]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hit = Hit(
                    time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}
                )
                with server._lock:
                    server._hits.append(hit)
                route = server.routes.get(self.path)
                reply = route(hit) if route else Reply(404, b"no such page", "text/plain")
                if reply.delay:
                    time.sleep(reply.delay)
                with suppress(BrokenPipeError, ConnectionResetError):  # a client gave up
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    """A scripted HTTP server on 127.0.0.1, in a thread, for one test."""
    running = Server()
    thread = threading.Thread(
        target=running.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@dataclass(frozen=True)
class Item:
    """A feed entry: its guid, title, text, and whether the text is full content."""

    guid: str
    title: str
    text: str
    link: str | None = None
    full: bool = True
    published: str = formatdate(1_774_850_400, usegmt=True)  # 2026-03-30


def rss(*items: Item, title: str = "Brenna Daily") -> bytes:
    """Return an RSS 2.0 feed of `items`: full ones in content:encoded, the others as summaries."""
    parts = []
    for item in items:
        link = f"<link>{escape(item.link)}</link>" if item.link else ""
        body = (
            f"<content:encoded>{escape(item.text)}</content:encoded>"
            if item.full
            else f"<description>{escape(item.text)}</description>"
        )
        parts.append(
            f"<item><guid>{escape(item.guid)}</guid><title>{escape(item.title)}</title>{link}"
            f"<pubDate>{item.published}</pubDate>{body}</item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title>{''.join(parts)}</channel></rss>"
    ).encode()


def page(
    title: str, paragraphs: list[str], *, site: str | None = None, published: str | None = None
) -> bytes:
    """Return an article page as a news site serves it (`published`: ISO 8601, in its meta)."""
    meta = f'<meta property="og:site_name" content="{escape(site)}">' if site else ""
    if published:
        meta += f'<meta property="article:published_time" content="{escape(published)}">'
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title>{meta}</head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>{escape(title)}</h1>{body}"
        "</article><footer>Copyright Ostmouth Post</footer></body></html>"
    ).encode()


BRIDGE = (
    "The old bridge over the Seline reopened to traffic on Monday after the river fell back "
    "below its banks, the city said. Engineers inspected the piers over the weekend and found "
    "no damage, according to the mayor's office."
)
FERRY = (
    "The ferry between Brenna and Ostmouth resumed its timetable on Tuesday after a week of "
    "high water, its operator said. The first crossing left at seven in the morning with forty "
    "passengers on board."
)
MARKET = (
    "The Saturday market returned to the cathedral square after three weeks in the old "
    "tram depot, the traders' association said. Stalls selling river fish were the busiest."
)
SCHOOL = (
    "Two primary schools in the lower town will reopen on Thursday once their cellars have "
    "been pumped dry, the education department announced on Wednesday."
)
AID = [
    "The Ostmouth council approved 4 million euros in aid for households flooded in February, "
    "its finance committee said on Sunday.",
    "Payments will start in April and reach about 1,200 families, the committee added. "
    "Applications open online and at the town hall next Monday.",
    "The opposition said the sum was too small for the damage along the river and asked the "
    "regional government to add to it.",
]


class FakeClock:
    """A clock that moves only when told to, or when slept on."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
