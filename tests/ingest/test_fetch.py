"""Fetching feeds and pages by URL: kinds, limits, and the private-address guard."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsweave.errors import UnreadableInput
from newsweave.ingest.fetch import check_url, fetch, read_urls

FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Brenna Daily</title>
<item><title>Bridge reopens</title><link>https://brenna.example/bridge</link>
<description>The old bridge over the Seline reopened to traffic on Monday after the river fell
back below its banks, the city said.</description>
<pubDate>Mon, 30 Mar 2026 07:00:00 +0200</pubDate></item>
<item><title>Ferry resumes</title><link>https://brenna.example/ferry</link>
<description>The ferry between Brenna and Ostmouth resumed its timetable on Tuesday after a
week of high water, its operator said.</description>
<pubDate>Tue, 31 Mar 2026 07:00:00 +0200</pubDate></item>
</channel></rss>"""

PAGE = b"""<!doctype html><html><head><title>Flood aid approved | Ostmouth Post</title>
<meta property="og:site_name" content="Ostmouth Post">
<meta property="article:published_time" content="2026-03-29T10:00:00+02:00"></head>
<body><article><h1>Flood aid approved</h1>
<p>The Ostmouth council approved 4 million euros in aid for households flooded in February,
its finance committee said on Sunday.</p>
<p>Payments will start in April and reach about 1,200 families, the committee added.</p>
</article></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/feed.xml": (200, "application/rss+xml", FEED),
            "/page": (200, "text/html; charset=utf-8", PAGE),
            "/feed-as-text": (200, "text/plain", FEED),
            "/broken": (500, "text/plain", b"oops"),
            "/huge": (200, "text/plain", b"word " * 50_000),
        }
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        status, kind, body = routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up waiting
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_and_a_page_are_read_by_what_the_server_says_they_are(server: str) -> None:
    result = read_urls(
        [f"{server}/feed.xml", f"{server}/page", f"{server}/feed-as-text"], allow_private=True
    )
    titles = sorted(a.title or "" for a in result.articles)
    # The third URL serves the feed as text/plain: its first bytes say it is a feed,
    # and its entries are the ones already read.
    assert titles == ["Bridge reopens", "Ferry resumes", "Flood aid approved"], titles
    page = next(a for a in result.articles if a.title == "Flood aid approved")
    assert (page.outlet, page.published and page.published.isoformat()) == (
        "Ostmouth Post",
        "2026-03-29T10:00:00+02:00",
    )


def test_a_redirect_is_followed(server: str) -> None:
    assert fetch(f"{server}/moved", allow_private=True).url == f"{server}/page"


def test_failures_are_skipped_lines_with_their_reason(server: str) -> None:
    result = read_urls(
        [f"{server}/broken", f"{server}/huge", f"{server}/slow", "ftp://example.org/x"],
        allow_private=True,
        max_bytes=100_000,
        timeout=0.5,
    )
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in result.skipped}
    assert reasons == {
        "broken": f"{server}/broken answered HTTP 500 Internal Server Error",
        "huge": f"{server}/huge is over the 100 kB limit (raise it with --max-bytes)",
        "slow": f"{server}/slow did not answer within 0.5 s",
        "x": "'ftp://example.org/x' is not an http:// or https:// URL",
    }, reasons
    assert result.articles == ()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/feed",
        "http://10.1.2.3/",
        "http://192.168.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnreadableInput, match="private, loopback or link-local"):
        check_url(url)


def test_without_permission_a_server_on_loopback_is_not_fetched(server: str) -> None:
    with pytest.raises(UnreadableInput, match=r"resolves to 127\.0\.0\.1"):
        fetch(f"{server}/moved")
