"""Revisions: a report read again after it changed is kept as a new version; what
changed, which facts were corrected, and which copies still carry the old values."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import newsweave as nw
from newsweave import cli
from newsweave.cli import app
from newsweave.ingest.records import RawReport, build_article
from newsweave.revisions import (
    corrections,
    diff_versions,
    key_of_report,
    report_key,
    stale_copies,
)
from newsweave.store import Store, open_store
from newsweave.store.sql import article_row, fingerprint, story_row
from newsweave.types import Article

URL = "https://www.mininfra.calvera.example/press/2026/03/06/seline-barrier"

STATEMENT = """---
title: {title}
published_time: 2026-03-06T14:05:00+01:00
source_url: {url}
outlet: Ministry of Infrastructure and Water of Calvera
---

President Maren Oskelund of Calvera and Prime Minister Jonas Ribeck of Estmark agreed today \
to build a joint flood barrier on the lower Seline River.

The barrier will consist of {length} kilometres of raised embankments between the town of \
Brenna and the port of Ostmouth. The project is estimated to cost 450 million euros.

Works are scheduled to begin on {start} 2027, with completion expected in 2031. The joint \
commission will be chaired by {chair}.

The barrier will protect about 310,000 people living in the lower Seline valley, which was \
hit by severe flooding in February.
"""

FIRST = {"length": "123", "start": "4 May", "chair": "Ilse Varga"}
CORRECTED = {"length": "132", "start": "14 May", "chair": "Tomas Brandt"}
OLD_TITLE = "Calvera and Estmark agree to build a flood barrier on the Seline"
NEW_TITLE = "Calvera and Estmark agree on a Seline flood barrier"

#: Another outlet reprinting the statement: with the first version's facts or the corrected ones.
REPRINT = """---
title: Seline flood barrier agreed
published: {published}
outlet: {outlet}
---

President Maren Oskelund of Calvera and Prime Minister Jonas Ribeck of Estmark agreed on \
Friday to build a joint flood barrier on the lower Seline River.

The barrier will consist of {length} kilometres of raised embankments between the town of \
Brenna and the port of Ostmouth. The project is estimated to cost 450 million euros.

Works are scheduled to begin on {start} 2027, with completion expected in 2031. The joint \
commission will be chaired by {chair}.

The barrier will protect about 310,000 people living in the lower Seline valley, which was \
hit by severe flooding in February.
"""

runner = CliRunner()


def statement(folder: Path, facts: dict[str, str], *, title: str = OLD_TITLE) -> Path:
    path = folder / "statement.md"
    path.write_text(STATEMENT.format(title=title, url=URL, **facts), encoding="utf-8")
    return path


def reprint(folder: Path, name: str, outlet: str, facts: dict[str, str]) -> Path:
    path = folder / name
    published = "2026-03-06T18:00:00+01:00"
    path.write_text(REPRINT.format(published=published, outlet=outlet, **facts), "utf-8")
    return path


def read_one(path: Path) -> Article:
    result = nw.read([path])
    assert len(result.articles) == 1, result.skipped
    return result.articles[0]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


# -- the store keeps versions ------------------------------------------------------------------


def test_a_report_read_again_with_a_changed_number_is_a_second_version(
    store: Store, tmp_path: Path
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    first = read_one(statement(tmp_path, FIRST))
    other = read_one(reprint(tmp_path, "reprint.md", "Harbour Times", FIRST))
    assert store.add([first, other]).revised == ()
    second = read_one(statement(tmp_path, {**FIRST, "length": "132"}))

    outcome = store.add([second])

    assert (outcome.added, outcome.revised) == ((second.id,), ((first.id, second.id),))
    assert [a.id for a in store.articles()] == [other.id, second.id]
    assert [a.id for a in store.iter_articles()] == [other.id, second.id]
    everything = [a.id for a in store.iter_articles(include_superseded=True)]
    assert everything == [first.id, other.id, second.id]
    assert store.article_count() == 2
    old = store.article(first.id)
    assert old is not None and "123 kilometres" in old.text
    versions = store.versions(first.id)
    assert [(v.article_id, v.superseded_by) for v in versions] == [
        (first.id, second.id),
        (second.id, None),
    ]
    assert store.versions(second.id) == versions
    assert all(before <= v.ingested_at <= datetime.now(UTC) for v in versions)
    assert versions[0].ingested_at <= versions[1].ingested_at
    revisions = store.revisions()
    assert [(r.old, r.new, r.at) for r in revisions] == [
        (first.id, second.id, versions[1].ingested_at)
    ]
    assert store.revisions(since=before) == revisions
    assert store.revisions(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    assert store.versions(other.id)[0].superseded_by is None
    assert store.versions("no-such-id") == []


def test_search_and_facets_see_the_current_version_only(store: Store, tmp_path: Path) -> None:
    first = read_one(statement(tmp_path, FIRST))
    store.add([first])
    second = read_one(statement(tmp_path, CORRECTED))
    store.add([second])

    assert [hit.article_id for hit in store.search("Brandt")] == [second.id]
    assert store.search("Varga") == []
    assert store.facets()["outlet"] == ["Ministry of Infrastructure and Water of Calvera"]


def test_the_same_version_stored_twice_is_one_copy_and_no_revision(
    store: Store, tmp_path: Path
) -> None:
    first = read_one(statement(tmp_path, FIRST))
    store.add([first])
    again = read_one(statement(tmp_path, FIRST))

    outcome = store.add([again, again])

    assert (outcome.added, outcome.already_stored, outcome.revised) == (
        (),
        (first.id, first.id),
        (),
    )
    assert [a.id for a in store.articles(None)] == [first.id]
    assert store.revisions() == []
    assert [(v.article_id, v.superseded_by) for v in store.versions(first.id)] == [(first.id, None)]


def test_an_older_version_read_again_revises_nothing(store: Store, tmp_path: Path) -> None:
    first = read_one(statement(tmp_path, FIRST))
    second = read_one(statement(tmp_path, CORRECTED))
    store.add([first])
    store.add([second])

    outcome = store.add([first])

    assert (outcome.added, outcome.revised) == ((), ())
    assert [a.id for a in store.articles()] == [second.id]


def test_texts_without_a_key_never_revise(store: Store, tmp_path: Path) -> None:
    texts = nw.read_texts(
        [
            "The barrier will consist of 123 kilometres of raised embankments on the Seline.",
            "The barrier will consist of 132 kilometres of raised embankments on the Seline.",
        ]
    )
    lines = tmp_path / "reports.jsonl"
    lines.write_text(
        "\n".join(
            json.dumps({"text": f"The barrier on the Seline will be {n} kilometres long."})
            for n in (123, 132)
        ),
        encoding="utf-8",
    )
    records = nw.read([lines])
    keyless = [*texts.articles, *records.articles]
    assert len(keyless) == 4, (texts.skipped, records.skipped)
    assert [report_key(a) for a in keyless] == [None] * 4

    outcome = store.add(keyless)

    assert outcome.revised == ()
    assert store.article_count() == 4
    assert [len(store.versions(a.id)) for a in keyless] == [1, 1, 1, 1]


def test_jsonl_records_with_the_same_id_are_versions(store: Store, tmp_path: Path) -> None:
    lines = tmp_path / "wire.jsonl"
    record = {"id": "wire-17", "title": "Seline barrier", "outlet": "Valmira Wire"}
    texts = [
        f"The barrier on the Seline will be {n} kilometres long, officials said."
        for n in (123, 132)
    ]
    lines.write_text("\n".join(json.dumps({**record, "text": t}) for t in texts), "utf-8")
    first, second = nw.read([lines]).articles

    outcome = store.add([first, second])

    assert outcome.revised == ((first.id, second.id),)
    assert report_key(first) == report_key(second) == f"entry {lines} wire-17"


def test_report_key_names_a_report_by_url_then_entry_then_file() -> None:
    def key(
        kind: str, url: str | None = None, entry: str | None = None, path: str | None = None
    ) -> str | None:
        return key_of_report(url=url, source_id=entry, path=path, kind=kind)

    assert key("feed", URL, "g1", "feed.xml") == f"url {URL}"
    assert key("feed", None, "g1", "feed.xml") == "entry feed.xml g1"
    assert key("feed", path="feed.xml") is None
    assert key("markdown", path="reports/a.md") == "file reports/a.md"
    assert key("jsonl", path="reports.jsonl") is None
    assert key("text", path="<stdin>") is None
    assert key("string") is None
    raw = RawReport(
        text="The barrier on the Seline will be long, officials said today.", kind="string"
    )
    assert report_key(build_article(raw, now=datetime.now(UTC))) is None


# -- upgrading a version 2 store ---------------------------------------------------------------


def write_version_2_store(
    url: str, articles: Sequence[Article], dossier: nw.Dossier | None
) -> None:
    """Write a store as schema version 2 wrote it: its script, its rows, its analysis."""
    stored = "2026-03-06T15:00:00+00:00"
    rows = [article_row(article, stored) for article in articles]
    by_id = {a.id: a for a in articles}
    stories = (
        [story_row(n, story, by_id) for n, story in enumerate(dossier.stories)] if dossier else []
    )
    members = [(s.id, i) for s in (dossier.stories if dossier else ()) for i in s.story.article_ids]
    meta = [("schema_version", "2")]
    if dossier:
        meta += [
            ("analysis_fingerprint", fingerprint(a.id for a in dossier.articles)),
            ("analysis_generated_at", dossier.generated_at.isoformat()),
            ("analysis_pending", "[]"),
        ]

    def insert(run: object, table: str, row: dict[str, object], mark: str) -> None:
        marks = ", ".join([mark] * len(row))
        run(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values()))  # type: ignore[operator]

    if url.startswith("postgresql://"):
        import psycopg

        from newsweave.store import postgres

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(postgres._SCHEMA)
            for row in rows:
                insert(db.execute, "articles", row, "%s")
            for row in stories:
                insert(db.execute, "stories", row, "%s")
            for story_id, article_id in members:
                insert(
                    db.execute,
                    "story_articles",
                    {"story_id": story_id, "article_id": article_id},
                    "%s",
                )
            for key, value in meta:
                insert(db.execute, "meta", {"key": key, "value": value}, "%s")
        return
    from newsweave.store import sqlite

    db = sqlite3.connect(url)
    db.executescript(sqlite._SCHEMA)
    for row in rows:
        insert(db.execute, "articles", row, "?")
    for row in stories:
        insert(db.execute, "stories", row, "?")
    for story_id, article_id in members:
        insert(db.execute, "story_articles", {"story_id": story_id, "article_id": article_id}, "?")
    for key, value in meta:
        insert(db.execute, "meta", {"key": key, "value": value}, "?")
    db.commit()
    db.close()


def test_a_version_2_store_keeps_its_articles_and_analysis(store_url: str, tmp_path: Path) -> None:
    first = read_one(statement(tmp_path, FIRST))
    other = read_one(reprint(tmp_path, "reprint.md", "Harbour Times", FIRST))
    dossier = nw.analyze([first, other])
    write_version_2_store(store_url, [first, other], dossier)

    with open_store(store_url) as store:
        assert [a.id for a in store.articles()] == [first.id, other.id]
        assert store.articles()[0].text == first.text
        assert store.analysis_is_current()
        analysis = store.load_analysis()
        assert analysis is not None
        assert [s.story.article_ids for s in analysis.stories] == [
            s.story.article_ids for s in dossier.stories
        ]
        assert store.story_ids_of(first.id) == [dossier.stories[0].id]
        assert store.revisions() == []
        # The upgrade keyed the stored rows: a new version of one revises it.
        second = read_one(statement(tmp_path, CORRECTED))
        assert store.add([second]).revised == ((first.id, second.id),)
        assert not store.analysis_is_current()

    with open_store(store_url) as again:  # opening an upgraded store upgrades nothing
        assert [a.id for a in again.articles()] == [other.id, second.id]


def test_versions_already_in_a_version_2_store_become_versions(
    store_url: str, tmp_path: Path
) -> None:
    first = read_one(statement(tmp_path, FIRST))
    other = read_one(reprint(tmp_path, "reprint.md", "Harbour Times", FIRST))
    second = read_one(statement(tmp_path, CORRECTED))
    write_version_2_store(store_url, [first, other, second], None)

    with open_store(store_url) as store:
        assert [a.id for a in store.articles()] == [other.id, second.id]
        assert [(r.old, r.new) for r in store.revisions()] == [(first.id, second.id)]


# -- what changed --------------------------------------------------------------------------------


def test_diff_shows_the_title_and_the_words_that_changed(tmp_path: Path) -> None:
    old = read_one(statement(tmp_path, FIRST))
    new = read_one(statement(tmp_path, {**FIRST, "length": "132"}, title=NEW_TITLE))

    diff = diff_versions(old, new, context=3)

    assert (diff.old_title, diff.new_title, diff.title_changed) == (OLD_TITLE, NEW_TITLE, True)
    assert [[(s.kind, s.text) for s in hunk.segments] for hunk in diff.hunks] == [
        [
            ("same", "will consist of"),
            ("removed", "123"),
            ("added", "132"),
            ("same", "kilometres of raised"),
        ]
    ]
    hunk = diff.hunks[0]
    assert old.text[hunk.old_start : hunk.old_end] == "will consist of 123 kilometres of raised"
    assert new.text[hunk.new_start : hunk.new_end] == "will consist of 132 kilometres of raised"
    assert diff.describe() == (
        f"title: [-{OLD_TITLE}-] {{+{NEW_TITLE}+}}\n"
        "…will consist of [-123-] {+132+} kilometres of raised…"
    )
    assert diff_versions(old, old).hunks == ()


def test_corrections_are_the_changed_number_date_and_name(tmp_path: Path) -> None:
    old = read_one(statement(tmp_path, FIRST))
    new = read_one(statement(tmp_path, CORRECTED))

    found = corrections(old, new)

    assert [(c.kind, c.old.text, c.new.text) for c in found] == [
        ("number", "123 kilometres", "132 kilometres"),
        ("date", "4 May 2027", "14 May 2027"),
        ("name", "Ilse Varga", "Tomas Brandt"),
    ]
    number = found[0]
    assert number.old_sentence.text.startswith("The barrier will consist of 123 kilometres")
    assert number.new_sentence.text.startswith("The barrier will consist of 132 kilometres")
    assert new.text[number.new.start : number.new.end] == "132 kilometres"
    assert found[1].new.value == "2027-05-14"


def test_an_unchanged_number_and_a_rewritten_sentence_are_no_corrections(tmp_path: Path) -> None:
    old = read_one(statement(tmp_path, FIRST))
    changed = STATEMENT.format(title=OLD_TITLE, url=URL, **FIRST).replace(
        "The project is estimated to cost 450 million euros.",
        "Officials gave no estimate of what 40 engineers will be paid.",
    )
    (tmp_path / "statement.md").write_text(changed, encoding="utf-8")
    new = read_one(tmp_path / "statement.md")

    assert diff_versions(old, new).text_changed
    assert corrections(old, new) == []


# -- copies that still carry the old value -----------------------------------------------------


def test_a_reprint_of_the_old_version_is_stale_and_one_with_the_new_facts_is_not(
    store: Store, tmp_path: Path
) -> None:
    old_copy = read_one(reprint(tmp_path, "harbour.md", "Harbour Times", FIRST))
    new_copy = read_one(reprint(tmp_path, "post.md", "Evening Post", CORRECTED))
    first = read_one(statement(tmp_path, FIRST))
    store.add([first, old_copy])
    second = read_one(statement(tmp_path, CORRECTED))
    store.add([second, new_copy])
    dossier = nw.analyze(store.articles(), store=store)
    derived = {(d.source, d.derived) for s in dossier.stories for d in s.derivations}
    assert {(second.id, old_copy.id), (second.id, new_copy.id)} <= derived, derived

    (revision,) = store.revisions()
    stale = stale_copies(store, revision)

    assert [(s.article_id, s.correction.kind, s.correction.old.text) for s in stale] == [
        (old_copy.id, "number", "123 kilometres"),
        (old_copy.id, "date", "4 May 2027"),
        (old_copy.id, "name", "Ilse Varga"),
    ]
    assert stale[0].source == second.id
    assert stale[0].sentence.text.startswith("The barrier will consist of 123 kilometres")
    assert old_copy.text[stale[0].sentence.start : stale[0].sentence.end] == stale[0].sentence.text


# -- the command ---------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print tables 240 columns wide, so a row of the output is a row of the table."""
    monkeypatch.setattr(cli, "console", Console(width=240))


def test_revisions_command_lists_and_shows_a_revised_report(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    db = str(tmp_path / "store.db")
    statement(folder, FIRST)
    reprint(folder, "harbour.md", "Harbour Times", FIRST)
    assert run("ingest", str(folder), "--db", db)[0] == 0
    code, output = run("revisions", "--db", db)
    assert (code, output.strip()) == (0, "No report was revised."), output
    statement(folder, CORRECTED, title=NEW_TITLE)
    assert run("ingest", str(folder), "--db", db)[0] == 0
    with open_store(db) as store:
        (revision,) = store.revisions()

    code, listed = run("revisions", "--since", "24h", "--db", db)

    assert code == 0, listed
    lines = listed.splitlines()
    at = next(n for n, line in enumerate(lines) if revision.new in line)
    cells = [[cell.strip() for cell in lines[n].split("│")[1:-1]] for n in (at, at + 1)]
    assert cells[0] == [
        revision.new,
        NEW_TITLE,
        "2",
        revision.at.strftime("%Y-%m-%d %H:%M"),
        "title and text",
        "3",
        "1",
    ]
    assert cells[1][1] == "Ministry of Infrastructure and Water of Calvera", cells

    code, shown = run("revisions", revision.old[:8], "--db", db)

    assert code == 0, shown
    assert "[-123-] {+132+}" in shown and "[-4-] {+14+}" in shown
    assert f"title: [-{OLD_TITLE}-] {{+{NEW_TITLE}+}}" in shown
    assert (
        "number: “123 kilometres” → “132 kilometres” in “The barrier will consist of 132" in shown
    )
    assert "name: “Ilse Varga” → “Tomas Brandt”" in shown
    assert "Harbour Times (2026-03-06)" in shown and "still says “Ilse Varga”" in shown
    assert f"│ 1 │ {revision.old} │" in shown and "replaced by 2" in shown


def test_revisions_command_says_what_it_wants(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    folder = tmp_path / "reports"
    folder.mkdir()
    statement(folder, FIRST)
    assert run("ingest", str(folder), "--db", db)[0] == 0

    code, output = run("revisions", "--since", "yesterday", "--db", db)
    assert code == 2 and "'--since' parameter must be a duration such as 24h" in output, output
    code, output = run("revisions", "0123abcd", "--db", db)
    assert code == 4 and "no revised report has a version '0123abcd'" in output, output
    code, output = run("revisions", "--help")
    assert code == 0 and "--since" in output and "which facts the source corrected" in output, (
        output
    )
