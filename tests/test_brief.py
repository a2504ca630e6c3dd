"""The brief: the period's stories ranked, cited, and on later days only what is new."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsweave as nw
from newsweave.brief import TOLD_KEY, Told, brief_store, build_brief
from newsweave.brief.render import brief_to_dict, render_brief
from newsweave.cli import app
from newsweave.dossier import Dossier
from newsweave.errors import ParameterError
from newsweave.periods import parse_duration, parse_since
from newsweave.store import open_store

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
EXAMPLE = Path(nw.__file__).parent / "example"

# A report the example's flood-barrier story has not seen: it carries that
# story's facts, and a cost no other report gives.
FOLLOW_UP = """---
title: Seline barrier to cost 480 million euros, Estmark says
outlet: Estmark Daily
published: 2026-03-08T09:00:00+01:00
url: https://www.estmarkdaily.example/2026/03/08/seline-barrier-cost
---
The joint flood barrier that Calvera and Estmark agreed to build on the lower Seline River
will cost 480 million euros, Estmark's finance ministry said on Sunday, more than the figure
given when the deal was announced.

President Maren Oskelund of Calvera and Prime Minister Jonas Ribeck of Estmark agreed on the
barrier after a virtual meeting on Friday. Calvera will contribute 55 per cent and Estmark
45 per cent.

Tenders for the first construction contracts will be launched next month, the ministry said.
"""


@pytest.fixture
def dossier(example_store: Path) -> Dossier:
    with open_store(example_store) as store:
        analysis = store.load_analysis()
    assert analysis is not None
    return analysis


def arrived(dossier: Dossier, when: datetime) -> dict[str, datetime]:
    return {article.id: when for article in dossier.articles}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", NOW - timedelta(hours=24)),
        ("90m", NOW - timedelta(minutes=90)),
        ("7d", NOW - timedelta(days=7)),
        ("2w", NOW - timedelta(weeks=2)),
        ("2026-12-06", datetime(2026, 12, 6, tzinfo=UTC)),
        ("2026-12-06T06:30+01:00", datetime(2026, 12, 6, 5, 30, tzinfo=UTC)),
    ],
)
def test_since_reads_durations_and_dates(text: str, expected: datetime) -> None:
    assert parse_since(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "2026", "-1h", "24 hours"])
def test_since_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ParameterError, match=r"--since.*24h") as caught:
        parse_since(text, now=NOW)
    assert repr(text) in caught.value.message


@pytest.mark.parametrize(
    ("text", "seconds"), [("500ms", 0.5), ("90s", 90), ("90", 90), ("15m", 900), ("1H", 3600)]
)
def test_durations_read_the_same_for_every_command(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0s", "soon", "15 minutes", ""])
def test_a_duration_must_be_positive_and_readable(text: str) -> None:
    with pytest.raises(ParameterError, match=r"'--every'.*90s, 15m or 1h"):
        parse_duration(text)


def test_first_brief_tells_every_story_of_the_period_ranked_and_cited(dossier: Dossier) -> None:
    brief = build_brief(dossier, arrived(dossier, NOW), since=NOW - timedelta(hours=1), now=NOW)

    titles = [story.title for story in brief.stories]
    assert len(titles) == len(dossier.stories), titles
    # The story four independent outlets carry comes before single-source stories.
    assert brief.stories[0].sources == max(s.independent_sources or 0 for s in dossier.stories)
    scores = [story.score for story in brief.stories]
    assert scores == sorted(scores, reverse=True), scores
    for story in brief.stories:
        assert not story.update
        assert story.summary == story.story.summary
        for sentence in story.summary:
            assert set(sentence.article_ids) <= set(brief.articles), sentence.text


def test_reports_outside_the_period_are_not_news(dossier: Dossier) -> None:
    last_year = NOW - timedelta(days=365)
    brief = build_brief(dossier, arrived(dossier, last_year), since=NOW - timedelta(days=1))

    # The example's reports were published in March 2026 and stored a year ago.
    assert brief.stories == ()
    assert "Nothing new since" in render_brief(brief, "md")


def test_top_keeps_the_best_stories_and_says_how_many_were_left(dossier: Dossier) -> None:
    brief = build_brief(
        dossier, arrived(dossier, NOW), since=NOW - timedelta(hours=1), now=NOW, top=1
    )

    assert len(brief.stories) == 1
    assert brief.candidates == len(dossier.stories)
    assert f"the top 1 of {len(dossier.stories)}" in render_brief(brief, "md")


def test_markdown_cites_numbered_sources_in_the_order_first_cited(dossier: Dossier) -> None:
    brief = build_brief(dossier, arrived(dossier, NOW), since=NOW - timedelta(hours=1), now=NOW)
    text = render_brief(brief, "md")

    body, sources = text.split("## Sources")
    first_cited = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", body)))
    assert first_cited == list(range(1, len(first_cited) + 1)), first_cited
    listed = [int(n) for n in re.findall(r"^\[(\d+)\]", sources, re.MULTILINE)]
    assert listed == first_cited
    assert "<https://www.varnholtherald.example/" in sources


def test_html_escapes_report_text_and_links_only_web_addresses(dossier: Dossier) -> None:
    hostile = dossier.articles[0]
    from dataclasses import replace

    bad = replace(hostile, title="<script>alert(1)</script>", url="javascript:alert(1)")
    changed = replace(dossier, articles=(bad, *dossier.articles[1:]))
    brief = build_brief(changed, arrived(changed, NOW), since=NOW - timedelta(hours=1), now=NOW)
    page = render_brief(brief, "html")

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page


def test_json_names_the_reports_each_line_cites(dossier: Dossier) -> None:
    brief = build_brief(dossier, arrived(dossier, NOW), since=NOW - timedelta(hours=1), now=NOW)
    data = json.loads(render_brief(brief, "json"))

    assert data == brief_to_dict(brief)
    ids = {article.id for article in dossier.articles}
    top = data["stories"][0]
    assert top["summary"], top
    for line in top["summary"] + [v for c in top["conflicts"] for v in c["values"]]:
        assert line["article_ids"] and set(line["article_ids"]) <= ids, line
    assert [s["number"] for s in data["sources"]] == list(range(1, len(data["sources"]) + 1))


def test_a_brief_remembers_what_it_told_and_the_next_says_only_what_is_new(
    example_store_url: str,
) -> None:
    with open_store(example_store_url) as store:
        dossier = store.load_analysis()
        assert dossier is not None
        first = brief_store(store, dossier, since=NOW - timedelta(days=3650), now=NOW)
        told = Told.from_json(store.state(TOLD_KEY))
        again = brief_store(store, dossier, now=NOW + timedelta(hours=1))

    assert len(first.stories) == len(dossier.stories)
    assert told.last == NOW
    assert told.articles == {a.id for a in dossier.articles}
    # The second brief starts where the first stopped, and nothing came in since.
    assert again.since == NOW
    assert again.stories == ()


def test_preview_and_fresh_leave_what_was_told(example_store_url: str) -> None:
    with open_store(example_store_url) as store:
        dossier = store.load_analysis()
        assert dossier is not None
        brief_store(store, dossier, since=NOW - timedelta(days=3650), now=NOW, remember=False)
        assert store.state(TOLD_KEY) is None
        brief_store(store, dossier, since=NOW - timedelta(days=3650), now=NOW)
        again = brief_store(store, dossier, since=NOW - timedelta(days=3650), fresh=True)

    assert len(again.stories) == len(dossier.stories)
    assert not any(story.update for story in again.stories)


def test_a_story_briefed_before_comes_back_with_its_new_report_only(
    example_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store.db"
    shutil.copy(example_store, path)
    with open_store(path) as store:
        dossier = store.load_analysis()
        assert dossier is not None
        brief_store(store, dossier, since=NOW - timedelta(days=3650), now=NOW)
        result = nw.read_texts([FOLLOW_UP])
        store.add(result.articles)
        later = nw.analyze(store.articles(), store=store)
        brief = brief_store(store, later, now=NOW + timedelta(days=1))

    new_id = result.articles[0].id
    assert [story.title for story in brief.stories] == [
        "Calvera and Estmark agree to build joint flood barrier on the Seline River"
    ]
    (story,) = brief.stories
    assert story.update
    assert story.new_reports == (new_id,)
    # The summary was told yesterday; what is new cites the new report.
    assert story.summary == ()
    assert story.claims and all(new_id in claim.article_ids for claim in story.claims)
    text = render_brief(brief, "md")
    assert "(update)" in text and "**New reports**" in text
    assert "Estmark Daily" in text and "480 million euros" in text


def test_a_correction_is_told_with_the_copies_that_still_carry_the_old_value(
    example_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store.db"
    shutil.copy(example_store, path)
    statement = (EXAMPLE / "01_statement.md").read_text(encoding="utf-8")
    assert "consist of 123 kilometres" in statement
    corrected = tmp_path / "01_statement.md"
    corrected.write_text(statement.replace("123 kilometres", "132 kilometres"), encoding="utf-8")
    with open_store(path) as store:
        dossier = store.load_analysis()
        assert dossier is not None
        brief_store(store, dossier, since=NOW - timedelta(days=3650), now=NOW)
        outcome = store.add(nw.read([corrected]).articles)
        later = nw.analyze(store.articles(), store=store)
        brief = brief_store(store, later, since=NOW, now=NOW + timedelta(days=1))
        again = brief_store(store, later, since=NOW, now=NOW + timedelta(days=2))

    ((old_id, new_id),) = outcome.revised
    (story,) = brief.stories
    assert story.update
    # A new version of a report already told is a revision, not a new report.
    assert story.new_reports == ()
    (report,) = story.revisions
    assert (report.revision.old, report.revision.new) == (old_id, new_id)
    assert [c.describe() for c in report.corrections] == [
        "number: “123 kilometres” → “132 kilometres”"
    ]
    stale_outlets = {brief.articles[s.article_id].outlet for s in report.stale}
    assert "Ambrel Now" in stale_outlets, stale_outlets
    text = render_brief(brief, "md")
    assert "corrected its report (text)" in text
    assert "still says “123 kilometres”" in text
    data = brief_to_dict(brief)
    assert data["stories"][0]["revisions"][0]["corrections"] == [
        {"kind": "number", "old": "123 kilometres", "new": "132 kilometres"}
    ]
    # Told once: a brief of the same period again has nothing new.
    assert again.stories == ()


def test_cli_writes_a_brief_in_each_format(example_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    shutil.copy(example_store, path)
    runner = CliRunner()

    preview = runner.invoke(app, ["brief", "--db", str(path), "--since", "3650d", "--preview"])
    assert preview.exit_code == 0, preview.output
    assert preview.output.startswith("# newsweave brief")
    page = tmp_path / "brief.html"
    written = runner.invoke(
        app, ["brief", "--db", str(path), "--since", "3650d", "-f", "html", "-o", str(page)]
    )
    assert written.exit_code == 0, written.output
    assert "<h1>newsweave brief" in page.read_text()
    after = runner.invoke(app, ["brief", "--db", str(path), "--format", "json"])
    assert after.exit_code == 0, after.output
    assert json.loads(after.output)["stories"] == []

    wrong = runner.invoke(app, ["brief", "--db", str(path), "--format", "pdf"])
    assert wrong.exit_code == 2, wrong.output
    assert "md, html, json" in wrong.output
