from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsweave.types import Claim, Moment, OffsetMap, Span


@pytest.mark.parametrize(
    "text, precision",
    [
        ("2021", "year"),
        ("2021-06", "month"),
        ("2021-06-08", "day"),
        ("2026-03-27T10:00+01:00", "minute"),
        ("2021-05-07T12:38:03-04:00", "second"),
    ],
)
def test_moment_round_trips_through_iso_without_adding_detail(text: str, precision: str) -> None:
    moment = Moment.fromisoformat(text)
    assert (moment.precision, moment.isoformat()) == (precision, text)


def test_moment_of_a_day_says_only_the_day() -> None:
    moment = Moment(datetime(2021, 6, 8, 17, 30, tzinfo=UTC), "day")
    assert moment.isoformat() == "2021-06-08"


def test_moment_keeps_its_offset() -> None:
    zone = timezone(timedelta(hours=-4))
    assert Moment(datetime(2021, 5, 7, 12, 38, 3, tzinfo=zone), "second").isoformat() == (
        "2021-05-07T12:38:03-04:00"
    )


def test_offset_map_follows_anchors() -> None:
    # normalized 0..4 come from original 10..14; normalized 5.. from original 20..
    offsets = OffsetMap(((0, 10), (5, 20)))
    assert [offsets.to_original(i) for i in (0, 4, 5, 7)] == [10, 14, 20, 22]


def test_cited_items_list_each_article_once_in_order_of_evidence() -> None:
    claim = Claim("x", (Span("b", 0, 1), Span("a", 3, 4), Span("b", 5, 6)), 2)
    assert claim.article_ids == ("b", "a")
