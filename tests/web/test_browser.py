"""The web UI in a real browser: Chromium, driven by Playwright, against a live server.

Each test loads pages from a server started on loopback, acts as a reader would
(clicks a citation, searches, pastes a report) and checks what is shown.
Screenshots are saved under test-artifacts/screenshots (or $NEWSWEAVE_ARTIFACTS).
Where Chromium is absent the tests skip, unless NEWSWEAVE_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(
    os.environ.get("NEWSWEAVE_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)
#: Flags for Chromium as root, in a sandbox, with no network beyond loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BARRIER = "Calvera and Estmark agree to build joint flood barrier on the Seline River"


def _chromium() -> str | None:
    found = os.environ.get("NEWSWEAVE_CHROMIUM") or shutil.which("chromium")
    return found or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("NEWSWEAVE_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (NEWSWEAVE_REQUIRE_BROWSER=1) but not found")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    yield opened
    context.close()
    assert problems == [], problems


def _shot(page: Any, name: str, *, full_page: bool = False) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def test_story_list_shows_counts_badges_and_finds_words(page: Any, live_server: str) -> None:
    page.goto(live_server)
    rows = page.locator("tr.story-row")
    assert rows.count() == 3
    barrier = rows.filter(has_text=BARRIER)
    assert barrier.locator(".b-conflict").inner_text() == "3 conflicts"
    assert barrier.locator("td.num").first.inner_text() == "7"
    _shot(page, "stories")
    page.fill("input[name=q]", "construirán")
    page.click("button[type=submit]")
    assert page.locator("tr.story-row").all_inner_texts()[0].startswith(BARRIER)
    assert page.locator("mark.hit").first.inner_text().lower() == "construirán"


def test_a_citation_opens_the_report_at_the_cited_sentence(page: Any, live_server: str) -> None:
    page.goto(live_server)
    page.click(f"text={BARRIER}")
    assert page.locator("#story-title").inner_text() == BARRIER
    first_sentence = page.locator("#summary p").first
    chip = first_sentence.locator("a.chip").first
    _shot(page, "story")
    _shot(page, "story-full", full_page=True)
    summary_text = first_sentence.inner_text()
    chip.click()
    page.wait_for_url("**/articles/**#hl")
    cited = page.locator("#hl")
    assert cited.is_visible()
    assert page.locator("#cited-note").is_visible()
    whole = page.locator("#article-text .cited").all_inner_texts()
    assert "".join(whole) and "".join(whole) in summary_text, (whole, summary_text)
    assert cited.bounding_box()["y"] < 900  # scrolled into view
    _shot(page, "article-cited")


def test_story_page_shows_every_panel(page: Any, live_server: str) -> None:
    page.goto(live_server)
    page.click(f"text={BARRIER}")
    conflicts = page.locator(".conflict-box")
    assert conflicts.count() == 3
    assert "450,000,000 EUR" in conflicts.first.inner_text()
    assert "540,000,000 EUR" in conflicts.first.inner_text()
    assert page.locator("#columns article.column").count() == 7
    assert page.locator("#columns .shared").count() > 0
    assert page.locator("#provenance svg").count() == 1
    assert page.locator("#timeline-chart svg").count() == 1
    assert page.locator("#quotes-h").is_visible()
    assert page.locator("blockquote").count() > 0


def test_an_article_highlights_reuse_facts_and_quotes(page: Any, live_server: str) -> None:
    stories = json.load(urllib.request.urlopen(f"{live_server}/api/stories"))["stories"]
    story_id = next(s["id"] for s in stories if s["title"] == BARRIER)
    story = json.load(urllib.request.urlopen(f"{live_server}/api/stories/{story_id}"))
    derived = story["derivations"][0]["derived"]
    page.goto(f"{live_server}/articles/{derived}")
    for kind in ("reused", "date", "number"):
        assert page.locator(f"#article-text .{kind}").count() > 0, kind
    assert page.locator("#derivations li").count() >= 1
    _shot(page, "article")


def test_report_text_is_shown_as_text_and_runs_nothing(page: Any, live_server: str) -> None:
    hostile = {
        "title": '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
        "outlet": "<b onmouseover=alert(1)>Evil Outlet</b>",
        "url": "javascript:alert(document.cookie)",
        "published": "2026-03-31",
        "text": "Officials said the <script>window.__pwned = 3</script> dam held on Tuesday. "
        '<a href="javascript:window.__pwned=4">click</a> <iframe src="/"></iframe> '
        "The river fell by 40 centimetres overnight, the water board said.",
    }
    done = _post(f"{live_server}/api/ingest?wait=true", {"records": [hostile]})
    (article_id,) = done["added"]
    page.goto(f"{live_server}/articles/{article_id}")
    assert page.locator("#article-title").inner_text() == hostile["title"]
    assert "<script>window.__pwned = 3</script>" in page.locator("#article-text").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("iframe, #article-text img, #article-text script").count() == 0
    _shot(page, "hostile-article")
    page.goto(live_server)
    assert page.get_by_text(hostile["title"]).count() == 1
    page.get_by_text(hostile["title"]).click()
    page.locator("a.chip").first.hover()
    assert page.evaluate("window.__pwned") is None
    _shot(page, "hostile-story")


def test_reports_are_added_from_the_browser(page: Any, live_server: str, tmp_path: Path) -> None:
    page.goto(f"{live_server}/ingest")
    page.fill("#title", "Brenna opens flood shelter")
    page.fill("#outlet", "Brenna Daily")
    page.fill("#published", "2026-03-30")
    page.fill(
        "#text",
        "The town of Brenna opened a flood shelter for 300 people in its sports hall on "
        "Monday, the mayor said.",
    )
    page.click("button[value=text]")
    assert page.locator("#ingest-result").inner_text().startswith("1 new")
    upload = tmp_path / "ostmouth.md"
    upload.write_text(
        "---\ntitle: Ostmouth harbour reopens\noutlet: Port Gazette\npublished: 2026-03-31\n---\n\n"
        "The harbour of Ostmouth reopened to ships on Tuesday after a week of high water, "
        "the port authority said.\n",
        encoding="utf-8",
    )
    page.set_input_files("#files", str(upload))
    page.click("button[value=files]")
    assert page.locator("#ingest-result").inner_text().startswith("1 new")
    _shot(page, "ingest")


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Radio</title>
<item><title>Storm gates tested</title><link>https://radio.example/gates</link>
<description>Engineers tested the three storm gates of the Seline barrier on Tuesday, the
operator said, and all of them closed within ten minutes.</description>
<pubDate>Tue, 31 Mar 2026 08:00:00 +0200</pubDate></item></channel></rss>"""


@pytest.fixture
def feed_url() -> Iterator[str]:
    """The URL of an RSS feed served on loopback by a server the test starts."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.xml"
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_is_added_by_its_url(page: Any, live_server: str, feed_url: str) -> None:
    page.goto(f"{live_server}/ingest")
    page.fill("#feed_url", feed_url)
    page.click("button[value=url]")
    assert page.locator("#ingest-result").inner_text().startswith("1 new")
    page.goto(f"{live_server}/?q=storm+gates+tested")
    assert "Storm gates tested" in page.locator("ol.hits").inner_text()


def test_the_api_docs_page_works_offline(page: Any, live_server: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/api/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/stories/{story_id}" in paths, paths
    assert all(url.startswith(live_server) for url in requested), requested
    _shot(page, "api-docs")


@pytest.mark.shared
@pytest.mark.slow
def test_the_seeds_story_page(browser: Any, shared: Any, serve: Any, tmp_path: Path) -> None:
    import newsweave as nw
    from newsweave.store import open_store
    from newsweave.web import ServerSettings

    store = open_store(tmp_path / "seeds.db")
    result = nw.read([shared("seeds")])
    store.add(result.articles)
    nw.analyze(result.articles, store=store)
    store.close()
    page = browser.new_page(viewport={"width": 1360, "height": 900})
    with serve(ServerSettings(str(tmp_path / "seeds.db"))) as url:
        stories = json.load(urllib.request.urlopen(f"{url}/api/stories"))["stories"]
        biggest = max(stories, key=lambda s: s["reports"])
        page.goto(f"{url}/stories/{biggest['id']}")
        assert page.locator("#summary p").count() > 0
        assert "2021-06-08" in page.locator("#conflicts").inner_text()
        _shot(page, "seeds-story")
        _shot(page, "seeds-story-full", full_page=True)
    page.close()
