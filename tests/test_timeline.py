"""The timeline: dated events in event time, each citing the reports that date it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import newsweave as nw
from newsweave.extract import extract_story
from newsweave.text import split_sentences
from newsweave.timeline import build_timeline
from newsweave.types import Article, Moment


def report(article_id: str, text: str, day: int) -> Article:
    published = Moment(datetime(2024, 3, day, tzinfo=UTC), "day")
    return Article(id=article_id, text=text, kind="string", language="en", published=published)


def timeline_of(*articles: Article):
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    facts, _, _ = extract_story(list(articles), sentences)
    return build_timeline(articles, sentences, facts)


def test_events_are_in_event_time_and_cite_every_report_that_dates_them():
    events = timeline_of(
        report("a", "The storm reached Brenna on Tuesday and flooded the harbour.", 21),
        report("b", "On Tuesday the storm flooded the harbour of Brenna.", 22),
        report("c", "The harbour will reopen on 2 April, the mayor said.", 22),
    )

    assert [(e.date.isoformat(), e.article_ids) for e in events] == [
        ("2024-03-19", ("a", "b")),
        ("2024-04-02", ("c",)),
    ]


def test_the_day_a_statement_was_made_is_not_an_event():
    events = timeline_of(
        report("a", "The harbour office said on Wednesday that the pier had collapsed.", 21)
    )

    assert events == ()


@pytest.mark.shared
def test_the_seeds_timeline_has_the_meeting_and_the_visit(shared):
    dossier = nw.analyze(nw.read([shared("seeds")]))
    meeting = next(s for s in dossier.stories if len(s.story.article_ids) == 4)
    dates = {e.date.isoformat(): len(e.article_ids) for e in meeting.timeline}
    visit = next(s for s in dossier.stories if len(s.story.article_ids) == 1)

    assert dates["2021-05-07"] == 4, dates  # the virtual meeting, dated by every report
    assert "2021-06-08" in dates
    assert "2021-09" in {e.date.isoformat() for e in visit.timeline}  # the economic dialogue


@pytest.mark.shared
def test_the_report_shows_the_storyline_timeline_beside_the_story(shared):
    from newsweave.report.html import render_report

    dossier = nw.analyze(nw.read([shared("seeds")]))
    page = render_report(dossier.to_dict())
    meeting_section = page.split("Elsewhere in this storyline")[1].split("When the reports")[0]

    # The June visit story's event, seen from the May meeting's story.
    assert "reactivate, since September" in meeting_section
    assert 'datetime="2021-09"' in meeting_section
