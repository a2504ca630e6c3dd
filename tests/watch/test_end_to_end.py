"""Watch, revise, brief: a statement page grows a correction while a rewrite of it does not.

The day an analyst relies on: a ministry's statement and an outlet's rewrite of it
come in through `watch`; the brief tells the story; the ministry corrects a number
on its page; the next poll stores the page's new version, the revision names the
corrected fact and the rewrite that still carries the old one, and the next brief
tells only that.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import newsweave as nw
from newsweave.brief import brief_store
from newsweave.brief.render import render_brief
from newsweave.revisions import explain
from newsweave.store import open_store
from newsweave.watch import Watcher, WatchSettings

from .conftest import Item, Reply, Server, page, rss

EXAMPLE = Path(nw.__file__).parent / "example"


def body(name: str) -> list[str]:
    """Return the paragraphs of an example report, after its front matter."""
    text = (EXAMPLE / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def statement_page(paragraphs: list[str]) -> bytes:
    return page(
        "Calvera and Estmark agree to build joint flood barrier on the Seline River",
        paragraphs,
        site="Ministry of Infrastructure and Water of Calvera",
        published="2026-03-06T14:05:00+01:00",
    )


def test_a_corrected_statement_is_a_revision_and_the_brief_flags_the_stale_rewrite(
    server: Server, tmp_path: Path
) -> None:
    statement = body("01_statement.md")
    assert any("123 kilometres" in p for p in statement)
    corrected = [p.replace("123 kilometres", "132 kilometres") for p in statement]
    corrected.append(
        "Correction: an earlier version of this statement gave the barrier's length "
        "as 123 kilometres."
    )
    pages = {"now": statement_page(statement)}
    server.route("/press/seline", lambda hit: _html(pages["now"]))
    rewrite = Item(
        guid="ambrel-seline-1",
        title="Calvera and Estmark join forces on 450 million euro Seline flood barrier",
        text="\n\n".join(body("03_ambrel_now.md")),
        link="https://www.ambrelnow.example/news/2026/03/06/calvera-estmark-seline-flood-barrier",
        published="Fri, 06 Mar 2026 15:20:00 GMT",
    )
    server.serve("/ambrel.xml", rss(rewrite, title="Ambrel Now"), etag='"a1"')

    store = open_store(tmp_path / "watch.db")
    settings = WatchSettings(allow_private=True, per_host_interval=0.0, every=1.0)
    watcher = Watcher(
        store, [server.url("/press/seline"), server.url("/ambrel.xml")], settings=settings
    )

    first = watcher.poll()
    assert first.new == 2, first.lines()
    dossier = store.load_analysis()
    assert dossier is not None
    (story,) = [s for s in dossier.stories if len(s.story.article_ids) == 2]
    assert story.derivations, "the rewrite should be found as derived from the statement"
    morning = datetime.now(UTC)
    told = brief_store(store, dossier, since=morning - timedelta(days=1), now=morning)
    assert [s.update for s in told.stories] == [False]

    pages["now"] = statement_page(corrected)
    second = watcher.poll()
    assert second.new == 1, second.lines()
    (revision,) = store.revisions()
    report = explain(store, revision)
    assert [c.describe() for c in report.corrections] == [
        "number: “123 kilometres” → “132 kilometres”"
    ]
    (stale,) = report.stale
    assert store.article(stale.article_id).outlet == "Ambrel Now"

    later = store.load_analysis()
    assert later is not None and store.analysis_is_current()
    brief = brief_store(store, later, now=datetime.now(UTC))
    (update,) = brief.stories
    assert update.update and update.new_reports == ()
    text = render_brief(brief, "md")
    assert "corrected its report" in text, text
    assert "Ambrel Now" in text and "still says “123 kilometres”" in text, text
    store.close()


def _html(data: bytes) -> Reply:
    return Reply(200, data, "text/html; charset=utf-8")
