"""Publication times: kept as stated, never invented, refused when impossible."""

from __future__ import annotations

import datetime as dt

import pytest

import newsweave as nw
from newsweave.ingest.published import parse_published

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
TEXT = "The harbour authority approved the new pier after a long debate among its board members."


def read_published(value: object) -> nw.Article:
    result = nw.read_records([{"text": TEXT, "published": value}])
    assert result.skipped == ()
    return result.articles[0]


def test_no_date_stays_unknown():
    article = read_published(None)

    assert (article.published, article.notes) == (None, ())


@pytest.mark.parametrize(
    ("stated", "iso"),
    [
        ("2021-06-08", "2021-06-08"),
        ("2021-06", "2021-06"),
        ("2021", "2021"),
        (dt.date(2021, 6, 8), "2021-06-08"),
    ],
)
def test_partial_dates_keep_their_precision(stated, iso):
    moment, note = parse_published(stated, now=NOW)

    assert (moment.isoformat(), note) == (iso, None)


def test_date_only_is_a_day_not_midnight():
    article = read_published("2021-06-08")

    assert article.published.precision == "day"
    assert article.published.isoformat() == "2021-06-08"


@pytest.mark.parametrize(
    ("stated", "iso"),
    [
        ("2021-05-07T12:38:03-04:00", "2021-05-07T12:38:03-04:00"),
        ("2021-05-07 12:38-04:00", "2021-05-07T12:38-04:00"),
        ("2021-05-07T16:38:00Z", "2021-05-07T16:38:00+00:00"),
        ("Fri, 07 May 2021 12:38:03 -0400", "2021-05-07T12:38:03-04:00"),
        ("Fri, 07 May 2021 16:38:00 GMT", "2021-05-07T16:38:00+00:00"),
        # Written seconds are kept, ":00" too; a datetime object (YAML) carries seconds.
        (
            dt.datetime(2021, 5, 7, 12, 38, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
            "2021-05-07T12:38:00-04:00",
        ),
    ],
)
def test_zoned_times_keep_their_zone(stated, iso):
    moment, note = parse_published(stated, now=NOW)

    assert (moment.isoformat(), note) == (iso, None)


@pytest.mark.parametrize("stated", ["2021-06-08T10:15:00", "Tue, 08 Jun 2021 10:15:00 -0000"])
def test_zone_less_time_keeps_the_day_with_a_note(stated):
    article = read_published(stated)

    assert article.published.isoformat() == "2021-06-08"
    (note,) = article.notes
    assert "no time zone" in note
    assert "kept the day only" in note


@pytest.mark.parametrize("stated", ["2999-01-01", "2999-01-01T00:00:00+00:00"])
def test_future_date_is_refused_with_a_note(stated):
    article = read_published(stated)

    assert article.published is None
    (note,) = article.notes
    assert "later than the time of ingest" in note
    assert "kept unknown" in note


def test_today_in_a_zone_ahead_of_utc_is_not_the_future():
    tomorrow = (NOW + dt.timedelta(days=1)).date()

    moment, note = parse_published(tomorrow.isoformat(), now=NOW)

    assert (moment.isoformat(), note) == (tomorrow.isoformat(), None)


@pytest.mark.parametrize(
    "stated",
    [
        "next Tuesday",
        "2021-13",
        "2021-02-30",
        "Jun 8, 2021",
        "0000-01-01",
        2021,
        3.5,
        ["2021"],
    ],
)
def test_unparseable_is_unknown_with_a_note(stated):
    article = read_published(stated)

    assert article.published is None
    (note,) = article.notes
    assert "not a date newsweave can read" in note


def test_implausibly_early_date_is_refused():
    # Years before 1000 would not even print as ISO 8601 (strftime gives "999-06-08").
    article = read_published("0999-06-08")

    assert article.published is None
    (note,) = article.notes
    assert "earlier than any newspaper" in note


def test_impossible_front_matter_date_keeps_the_report(read_text):
    # PyYAML raises a bare ValueError for this date; it used to stop the whole batch.
    article = read_text(f"---\ndate: 2021-02-30\ntitle: Pier\n---\n{TEXT}\n")

    assert (article.title, article.published) == ("Pier", None)
    assert any("not a date newsweave can read" in note for note in article.notes), article.notes


def test_yaml_timestamp_with_zone(read_text):
    article = read_text(f"---\npublished_time: 2021-05-07 12:38:03-04:00\n---\n{TEXT}\n")

    assert article.published.isoformat() == "2021-05-07T12:38:03-04:00"
