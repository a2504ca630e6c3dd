"""`newsweave watch`: one line per source and a summary per poll; Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from typer.testing import CliRunner

from newsweave.cli import app
from newsweave.store import open_store

from .conftest import BRIDGE, FERRY, Hit, Item, Reply, Server, rss

runner = CliRunner()


def test_watch_polls_prints_each_source_and_the_stories(server: Server, tmp_path: Path) -> None:
    server.serve(
        "/feed.xml",
        rss(Item("b1", "Bridge reopens", BRIDGE), Item("f1", "Ferry resumes", FERRY)),
        etag='"v1"',
    )
    url = server.url("/feed.xml")
    db = tmp_path / "watch.db"
    args = ["watch", url, str(tmp_path / "missing.opml"), "--db", str(db), "--every", "100ms"]
    args += ["--polls", "2", "--allow-private-urls", "--per-host-interval", "0"]

    result = runner.invoke(app, args)

    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        stories = len(store.load_analysis().stories)  # type: ignore[union-attr]
    lines = result.output.splitlines()
    missing = tmp_path / "missing.opml"
    assert lines == [
        f"{missing}: failed: {missing}: no such file, folder or http(s) URL",
        f"{url}: 2 new reports",
        f"poll 1: 2 new reports from 1 source, 1 failed; {stories} stories",
        f"{missing}: failed: {missing}: no such file, folder or http(s) URL",
        f"{url}: not modified",
        f"poll 2: 0 new reports from 0 sources, 1 not modified, 1 failed; {stories} stories",
    ]


def test_ctrl_c_stops_after_the_poll_under_way(server: Server, tmp_path: Path) -> None:
    feed = rss(Item("b1", "Bridge reopens", BRIDGE))

    def answer(hit: Hit) -> Reply:
        if len(server.hits()) == 2:  # the second poll is under way
            os.kill(os.getpid(), signal.SIGINT)
        return Reply(body=feed)

    server.route("/feed.xml", answer)
    args = ["watch", server.url("/feed.xml"), "--db", str(tmp_path / "w.db"), "--every", "0.1s"]
    args += ["--allow-private-urls", "--per-host-interval", "0"]

    result = runner.invoke(app, args)

    assert result.exit_code == 0, result.output
    assert "Stopping after this poll (Ctrl-C again to stop at once)." in result.output
    assert result.output.splitlines()[-2].startswith("poll 2: 0 new reports")
    assert result.output.splitlines()[-1] == "Stopped after poll 2."
    assert len(server.hits()) == 2


def test_a_bad_interval_is_refused_with_what_is_expected(tmp_path: Path) -> None:
    args = ["watch", "https://a.example/rss", "--every", "soon", "--db", str(tmp_path / "w.db")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert (
        "The '--every' parameter must be a positive duration such as 90s, 15m or 1h. "
        "Got 'soon' instead." in result.output
    )
