"""Polling feeds from a local server: conditional requests, failures, pending pages, restarts."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsweave
from newsweave.errors import StoreError
from newsweave.store import Store, open_store
from newsweave.watch import PollReport, Watcher, WatchSettings

from .conftest import (
    AID,
    BRIDGE,
    FERRY,
    MARKET,
    SCHOOL,
    FakeClock,
    Hit,
    Item,
    Reply,
    Server,
    page,
    rss,
)

FAST = WatchSettings(per_host_interval=0, timeout=5, backoff=0, analyze=False, allow_private=True)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "watch.db")
    yield opened
    opened.close()


def texts(store: Store) -> list[str]:
    return sorted(article.text for article in store.articles())


def lines(report: PollReport) -> list[str]:
    return [*report.lines(), report.summary()]


def test_a_second_poll_is_conditional_and_reads_nothing_again(server: Server, store: Store) -> None:
    feed = rss(Item("b1", "Bridge reopens", BRIDGE), Item("f1", "Ferry resumes", FERRY))
    server.serve("/feed.xml", feed, etag='"v1"')
    url = server.url("/feed.xml")
    watcher = Watcher(store, [url], settings=FAST)

    first, second = watcher.poll(), watcher.poll()

    hits = server.hits("/feed.xml")
    assert "if-none-match" not in hits[0].headers
    assert hits[1].headers.get("if-none-match") == '"v1"'
    assert hits[1].headers.get("user-agent", "").startswith("newsweave/")
    assert lines(first) == [
        f"{url}: 2 new reports",
        "poll 1: 2 new reports from 1 source; no analysis yet",
    ]
    assert lines(second) == [
        f"{url}: not modified",
        "poll 2: 0 new reports from 0 sources, 1 not modified; no analysis yet",
    ]
    assert store.article_count() == 2


def test_entries_that_change_between_polls_are_stored(server: Server, store: Store) -> None:
    changed = BRIDGE.replace("on Monday", "on Monday morning")
    versions = [
        rss(Item("b1", "Bridge reopens", BRIDGE), Item("f1", "Ferry resumes", FERRY)),
        rss(
            Item("m1", "Market returns", MARKET),
            Item("b1", "Bridge reopens", changed),
            Item("f1", "Ferry resumes", FERRY),
        ),
    ]
    server.route("/feed.xml", lambda hit: Reply(body=versions[min(len(server.hits()) - 1, 1)]))
    watcher = Watcher(store, [server.url("/feed.xml")], settings=FAST)

    reports = [watcher.poll(), watcher.poll(), watcher.poll()]

    assert [r.new for r in reports] == [2, 2, 0]
    assert reports[2].sources[0].outcome == "unchanged"
    # The old text may be kept beside it as an earlier version; the new one must be there.
    assert {changed, FERRY, MARKET} <= set(texts(store)), texts(store)


def test_a_feed_that_times_out_is_retried_while_the_others_are_read(
    server: Server, store: Store
) -> None:
    delays = [1.5, 0.0]
    server.route(
        "/slow.xml",
        lambda hit: Reply(
            body=rss(Item("f1", "Ferry resumes", FERRY)),
            delay=delays[min(len(server.hits("/slow.xml")) - 1, 1)],
        ),
    )
    server.serve("/fast.xml", rss(Item("b1", "Bridge reopens", BRIDGE)))
    slow, fast = server.url("/slow.xml"), server.url("/fast.xml")
    settings = WatchSettings(
        per_host_interval=0, timeout=0.4, backoff=0, analyze=False, allow_private=True
    )
    watcher = Watcher(store, [slow, fast], settings=settings)

    first = watcher.poll()
    second = watcher.poll()

    assert first.lines()[0].startswith(f"{slow}: failed: {slow} did not answer within 0.4 s")
    assert first.lines()[1] == f"{fast}: 1 new report"
    assert first.summary() == "poll 1: 1 new report from 1 source, 1 failed; no analysis yet"
    assert second.lines()[0] == f"{slow}: 1 new report"
    assert texts(store) == sorted([BRIDGE, FERRY])


def test_a_feed_that_answers_500_is_stored_when_it_recovers(server: Server, store: Store) -> None:
    feed = rss(Item("b1", "Bridge reopens", BRIDGE))
    server.route(
        "/feed.xml",
        lambda hit: (
            Reply(body=feed) if len(server.hits()) > 1 else Reply(500, b"oops", "text/plain")
        ),
    )
    url = server.url("/feed.xml")
    watcher = Watcher(store, [url], settings=FAST)

    first, second = watcher.poll(), watcher.poll()

    assert first.lines() == [
        f"{url}: failed: {url} answered HTTP 500 Internal Server Error; next try in 0 s"
    ]
    assert second.lines() == [f"{url}: 1 new report"]
    assert texts(store) == [BRIDGE]


def test_an_empty_feed_is_no_failure_and_a_broken_one_is(server: Server, store: Store) -> None:
    server.serve("/empty.xml", rss())
    server.serve("/broken.xml", b"<html><body>Maintenance</body></html>", etag='"x"')
    empty, broken = server.url("/empty.xml"), server.url("/broken.xml")
    watcher = Watcher(store, [empty, broken], settings=FAST)

    first, second = watcher.poll(), watcher.poll()

    assert first.lines()[0] == f"{empty}: no new reports"
    assert first.lines()[1].startswith(f"{broken}: failed: feed has no entries"), first.lines()
    # A body that could not be read is asked for whole again, not "changed since?".
    assert "if-none-match" not in server.hits("/broken.xml")[1].headers
    assert second.count("failed") == 1


def test_failures_in_a_row_wait_longer_each_time(
    server: Server, store: Store, clock: FakeClock
) -> None:
    server.route("/feed.xml", Reply(503, b"down", "text/plain"))
    url = server.url("/feed.xml")
    settings = WatchSettings(per_host_interval=0, backoff=60, analyze=False, allow_private=True)
    watcher = Watcher(store, [url], settings=settings, clock=clock, sleep=clock.sleep)

    waits = []
    for _ in range(4):
        report = watcher.poll().sources[0]
        waits.append((report.outcome, report.retry_in))
        clock.advance(100)

    # Failed at 0 (wait 60), at 100 (wait 120, until 220), waiting at 200, failed at 300.
    assert waits == [("failed", 60), ("failed", 120), ("waiting", 20), ("failed", 240)]
    assert len(server.hits()) == 3


def test_429_with_retry_after_keeps_every_source_of_the_host_waiting(
    server: Server, store: Store, clock: FakeClock
) -> None:
    feed = rss(Item("b1", "Bridge reopens", BRIDGE))
    server.route(
        "/busy.xml",
        lambda hit: (
            Reply(body=feed)
            if len(server.hits()) > 1
            else Reply(429, b"slow down", "text/plain", headers={"Retry-After": "120"})
        ),
    )
    server.serve("/other.xml", rss(Item("f1", "Ferry resumes", FERRY)))
    busy, other = server.url("/busy.xml"), server.url("/other.xml")
    settings = WatchSettings(per_host_interval=1, analyze=False, allow_private=True)
    watcher = Watcher(store, [busy, other], settings=settings, clock=clock, sleep=clock.sleep)
    start = clock.now

    first = watcher.poll()
    clock.advance(60)
    second = watcher.poll()
    assert [hit.path for hit in server.hits()] == ["/busy.xml"]
    clock.advance(61)
    third = watcher.poll()

    assert first.lines() == [
        f"{busy}: failed: {busy} answered HTTP 429 Too Many Requests; next try in 2 min",
        f"{other}: waiting, next try in 2 min: its host asked to wait",
    ]
    assert second.lines()[0] == (
        f"{busy}: waiting, next try in 1 min: 1 failure in a row, "
        f"the last: {busy} answered HTTP 429 Too Many Requests"
    )
    assert [hit.path for hit in server.hits()] == ["/busy.xml", "/busy.xml", "/other.xml"]
    assert clock.now - start >= 120
    assert third.new == 2


def test_a_summary_only_entry_is_stored_with_the_full_text_of_its_page(
    server: Server, store: Store
) -> None:
    summary = "The council approved flood aid on Sunday; read the full report on our site."
    server.serve(
        "/feed.xml",
        rss(Item("a1", "Flood aid approved", summary, link=server.url("/aid"), full=False)),
    )
    server.route("/aid", Reply(body=page("Flood aid approved", AID), content_type="text/html"))
    watcher = Watcher(store, [server.url("/feed.xml")], settings=FAST)

    report = watcher.poll()

    assert report.new == 1
    [article] = store.articles()
    assert "reach about 1,200 families" in article.text, article.text
    assert "read the full report" not in article.text
    assert "Home | World" not in article.text
    assert (article.title, article.outlet, article.source_id) == (
        "Flood aid approved",
        "Brenna Daily",
        "a1",
    )
    assert article.published is not None and article.published.isoformat().startswith("2026-03-30")
    assert article.url == server.url("/aid")


def test_a_page_that_fails_leaves_its_entry_pending_until_it_is_read(
    server: Server, store: Store
) -> None:
    summary = "The council approved flood aid on Sunday; read the full report on our site."
    feed_url = server.url("/feed.xml")
    server.serve(
        "/feed.xml",
        rss(Item("a1", "Flood aid approved", summary, link=server.url("/aid"), full=False)),
        etag='"v1"',
    )
    server.route(
        "/aid",
        lambda hit: (
            Reply(body=page("Flood aid approved", AID), content_type="text/html")
            if len(server.hits("/aid")) > 1
            else Reply(502, b"bad gateway", "text/plain")
        ),
    )
    watcher = Watcher(store, [feed_url], settings=FAST)

    first = watcher.poll()
    kept = json.loads(store.state(f"watch:{feed_url}") or "{}")
    second = watcher.poll()
    third = watcher.poll()

    assert first.lines() == [
        f"{feed_url}: no new reports, 1 pending (page fetch failed: "
        f"{server.url('/aid')} answered HTTP 502 Bad Gateway)"
    ]
    assert [entry["url"] for entry in kept["pending"]] == [server.url("/aid")]
    assert second.lines() == [f"{feed_url}: 1 new report"]
    assert second.sources[0].pending == 0
    assert third.lines() == [f"{feed_url}: not modified"]
    assert [hit.path for hit in server.hits()].count("/aid") == 2
    [article] = store.articles()
    assert "1,200 families" in article.text


def test_a_page_that_never_comes_is_stored_as_the_feed_summary(
    server: Server, store: Store
) -> None:
    summary = "The council approved 4 million euros of flood aid for households on Sunday."
    server.serve(
        "/feed.xml",
        rss(Item("a1", "Flood aid approved", summary, link=server.url("/gone"), full=False)),
    )
    watcher = Watcher(store, [server.url("/feed.xml")], settings=FAST)

    reports = [watcher.poll() for _ in range(5)]

    assert [r.new for r in reports] == [0, 0, 0, 0, 1]
    [article] = store.articles()
    assert article.text == summary
    assert any("feed's summary is stored" in note for note in article.notes), article.notes


def test_an_entry_with_only_a_link_is_read_from_its_page(server: Server, store: Store) -> None:
    server.serve(
        "/feed.xml",
        rss(Item("a1", "Flood aid approved", "Read more.", link=server.url("/aid"), full=False)),
    )
    server.route("/aid", Reply(body=page("Flood aid approved", AID), content_type="text/html"))

    report = Watcher(store, [server.url("/feed.xml")], settings=FAST).poll()

    assert report.lines() == [f"{server.url('/feed.xml')}: 1 new report"]
    assert report.sources[0].skipped == ()
    [article] = store.articles()
    assert "1,200 families" in article.text
    assert (article.title, article.source_id) == ("Flood aid approved", "a1")


def test_an_entry_with_no_report_anywhere_is_dropped_with_its_reason(
    server: Server, store: Store
) -> None:
    server.serve(
        "/feed.xml",
        rss(Item("a1", "Flood aid", "Read more.", link=server.url("/gone"), full=False)),
    )
    watcher = Watcher(store, [server.url("/feed.xml")], settings=FAST)

    reports = [watcher.poll() for _ in range(6)]

    assert [r.sources[0].pending for r in reports] == [1, 1, 1, 1, 0, 0]
    [skip] = reports[4].sources[0].skipped
    assert skip.source == server.url("/gone")
    assert skip.reason.startswith(
        f"no report from the entry's page (page fetch failed: {server.url('/gone')} answered "
        "HTTP 404 Not Found; its summary: no article text"
    ), skip.reason
    assert store.skipped()[-1] == skip
    assert store.article_count() == 0
    assert [hit.path for hit in server.hits()].count("/gone") == 5


def test_a_restarted_watcher_sends_the_validators_kept_in_the_store(
    server: Server, store_url: str
) -> None:
    stamp = "Mon, 30 Mar 2026 07:00:00 GMT"
    feed = rss(Item("b1", "Bridge reopens", BRIDGE))

    def answer(hit: Hit) -> Reply:
        headers = {"ETag": '"v7"', "Last-Modified": stamp}
        if hit.headers.get("if-none-match") == '"v7"':
            return Reply(304, headers=headers)
        return Reply(body=feed, headers=headers)

    server.route("/feed.xml", answer)
    url = server.url("/feed.xml")
    with open_store(store_url) as store:
        assert Watcher(store, [url], settings=FAST).poll().new == 1

    with open_store(store_url) as store:
        report = Watcher(store, [url], settings=FAST).poll()

    restarted = server.hits()[1].headers
    assert (restarted.get("if-none-match"), restarted.get("if-modified-since")) == ('"v7"', stamp)
    assert report.lines() == [f"{url}: not modified"]


def test_requests_to_one_host_are_kept_apart(server: Server, store: Store) -> None:
    for number, text in enumerate([BRIDGE, FERRY, MARKET]):
        server.serve(f"/feed{number}.xml", rss(Item(f"i{number}", f"Item {number}", text)))
    urls = [server.url(f"/feed{number}.xml") for number in range(3)]
    settings = WatchSettings(per_host_interval=0.3, analyze=False, allow_private=True)
    watcher = Watcher(store, urls, settings=settings)

    watcher.poll()
    watcher.poll()

    times = [hit.at for hit in server.hits()]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) == 6
    # The pause runs from the end of one answer, so the server sees at least 0.3 s.
    assert min(gaps) >= 0.3, gaps


def test_a_private_address_is_refused_unless_allowed(server: Server, store: Store) -> None:
    server.serve("/feed.xml", rss(Item("b1", "Bridge reopens", BRIDGE)))
    url = server.url("/feed.xml")
    settings = WatchSettings(per_host_interval=0, analyze=False)

    [line] = Watcher(store, [url], settings=settings).poll().lines()

    assert "private, loopback or link-local address" in line, line
    assert "--allow-private-urls" in line
    assert server.hits() == []


def test_a_folder_is_read_again_for_new_and_changed_files(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "bridge.txt").write_text(f"Bridge reopens\n\n{BRIDGE}\n")
    watcher = Watcher(store, [str(folder)], settings=FAST)

    first, second = watcher.poll(), watcher.poll()
    (folder / "school.txt").write_text(f"Schools reopen\n\n{SCHOOL}\n")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    third = watcher.poll()

    assert first.lines() == [f"{folder}: 1 new report"]
    assert second.lines() == [f"{folder}: not modified"]
    assert third.lines() == [f"{folder}: 1 new report"]
    assert any(SCHOOL in text for text in texts(store))


def test_a_bad_source_is_one_line_and_the_others_are_read(
    server: Server, store: Store, tmp_path: Path
) -> None:
    server.serve("/feed.xml", rss(Item("b1", "Bridge reopens", BRIDGE)))
    missing = tmp_path / "nowhere.opml"
    watcher = Watcher(store, [str(missing), server.url("/feed.xml")], settings=FAST)

    report = watcher.poll()

    assert report.lines() == [
        f"{missing}: failed: {missing}: no such file, folder or http(s) URL",
        f"{server.url('/feed.xml')}: 1 new report",
    ]
    assert report.summary() == "poll 1: 1 new report from 1 source, 1 failed; no analysis yet"


def test_a_poll_that_stores_reports_analyzes_the_store_again(server: Server, store: Store) -> None:
    server.serve(
        "/feed.xml", rss(Item("b1", "Bridge reopens", BRIDGE), Item("f1", "Ferry resumes", FERRY))
    )
    settings = WatchSettings(per_host_interval=0, allow_private=True)
    watcher = Watcher(store, [server.url("/feed.xml")], settings=settings)

    first, second = watcher.poll(), watcher.poll()

    dossier = store.load_analysis()
    assert dossier is not None and store.analysis_is_current()
    assert (first.analyzed, second.analyzed) == (True, False)
    assert first.stories == second.stories == len(dossier.stories) > 0
    assert first.summary().endswith(f"; {len(dossier.stories)} stories")


def test_an_analysis_that_fails_is_tried_again_at_the_next_poll(
    server: Server, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve("/feed.xml", rss(Item("b1", "Bridge reopens", BRIDGE)), etag='"v1"')
    analyze = newsweave.analyze
    calls: list[int] = []

    def busy_once(*args: Any, **options: Any) -> Any:
        calls.append(len(calls))
        if len(calls) == 1:
            raise StoreError("the store is busy (another writer held it for 30 s)")
        return analyze(*args, **options)

    monkeypatch.setattr(newsweave, "analyze", busy_once)
    settings = WatchSettings(per_host_interval=0, allow_private=True)
    watcher = Watcher(store, [server.url("/feed.xml")], settings=settings)

    first, second = watcher.poll(), watcher.poll()

    assert first.summary() == (
        "poll 1: 1 new report from 1 source; no analysis yet; analysis failed, tried again "
        "next poll: the store is busy (another writer held it for 30 s)"
    )
    assert second.lines() == [f"{server.url('/feed.xml')}: not modified"]
    assert second.analyzed and store.analysis_is_current()


def test_run_stops_after_the_poll_under_way_when_told(server: Server, store: Store) -> None:
    server.serve("/feed.xml", rss(Item("b1", "Bridge reopens", BRIDGE)))
    settings = WatchSettings(every=0.05, per_host_interval=0, analyze=False, allow_private=True)
    watcher = Watcher(store, [server.url("/feed.xml")], settings=settings)
    stop = threading.Event()
    seen: list[int] = []

    def on_poll(report: PollReport) -> None:
        seen.append(report.number)
        if report.number == 3:
            stop.set()

    assert watcher.run(stop=stop, on_poll=on_poll) == 3
    assert seen == [1, 2, 3]
    assert Watcher(store, [server.url("/feed.xml")], settings=settings).run(polls=2) == 2
