"""Date and time expressions: found where a reader sees them, resolved as a reader would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsweave.extract.dates import find_dates, report_anchor
from newsweave.ingest import read
from newsweave.types import AnchorSource, Article, DateMention, Moment


def dates(
    text: str,
    anchor: str | None = "2021-05-07",
    *,
    language: str | None = "en",
    source: AnchorSource = "published",
) -> list[tuple[str, str | None, str]]:
    """Return (words, ISO value, granularity) of each expression found in `text`."""
    moment = Moment.fromisoformat(anchor) if anchor else None
    found = find_dates(
        text, anchor=moment, anchor_source=source if moment else None, language=language
    )
    return [(m.text, m.value, m.granularity) for m in found]


def values(text: str, anchor: str | None = "2021-05-07", **options: object) -> list[str | None]:
    return [value for _, value, _ in dates(text, anchor, **options)]  # type: ignore[arg-type]


# -- absolute dates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The agreement was signed May 7, 2021, in the capital.", ("May 7, 2021", "2021-05-07")),
        ("Filed on May 03 , 2013 by the clerk.", ("May 03 , 2013", "2013-05-03")),
        ("The notice is dated 05/02/2013.", ("05/02/2013", "2013-05-02")),
        ("Records from 2021-05-07 were released.", ("2021-05-07", "2021-05-07")),
        ("The plant closed in September 2010.", ("September 2010", "2010-09")),
        ("The bridge opened in 2010.", ("2010", "2010")),
        ("The treaty of 4 November 2011 still holds.", ("4 November 2011", "2011-11-04")),
        ("Rates rose on Dec.14 last year.", ("Dec.14", "2020-12-14")),
        ("The walls date from the 1940s.", ("1940s", "1940/1949")),
    ],
)
def test_absolute_dates_resolve_to_the_day_month_or_year_written(
    text: str, expected: tuple[str, str]
) -> None:
    assert [(words, value) for words, value, _ in dates(text)][:1] == [expected]


def test_a_range_of_months_is_one_expression() -> None:
    assert dates("He ran the office from September 2010 to January 2011.") == [
        ("from September 2010 to January 2011", "2010-09/2011-01", "range")
    ]


def test_absolute_dates_resolve_without_an_anchor() -> None:
    assert values("The match of June 8, 2021 was postponed.", anchor=None) == ["2021-06-08"]


def test_spans_point_into_the_text() -> None:
    text = "Officials met on Friday and again on June 8."
    found = find_dates(text, article_id="a1", anchor=Moment.fromisoformat("2021-05-07"))
    assert [(m.span.article_id, text[m.span.start : m.span.end], m.text) for m in found] == [
        ("a1", "Friday", "Friday"),
        ("a1", "June 8", "June 8"),
    ]


# -- a month and day without a year ----------------------------------------------


def test_a_future_visit_takes_the_next_such_day() -> None:
    assert values("The minister will visit the port on June 8.") == ["2021-06-08"]


def test_a_past_event_takes_the_last_such_day_even_across_new_year() -> None:
    assert values("On December 28 the singer died at home.", "2021-01-10") == ["2020-12-28"]


def test_an_invitation_to_meet_looks_ahead() -> None:
    assert values("She invited him to meet in person on June 7.", "2021-05-08") == ["2021-06-07"]


def test_a_month_alone_follows_the_tense() -> None:
    assert dates("The leader repeated what he told the press in March.") == [
        ("March", "2021-03", "month")
    ]


def test_a_month_after_the_report_month_in_the_past_is_last_year() -> None:
    assert values("The factory was sold in August.", "2021-05-07") == ["2020-08"]


# -- weekdays ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("The two leaders met Friday.", "2021-05-07", "2021-05-07"),
        ("The two leaders met on Friday.", "2021-05-10", "2021-05-07"),
        ("The council held a vote this Friday.", "2021-05-08", "2021-05-07"),
        ("The council voted last Friday.", "2021-05-07", "2021-04-30"),
        ("The council will vote next Friday.", "2021-05-07", "2021-05-14"),
        ("The council will vote on Friday.", "2021-05-05", "2021-05-07"),
        ("Fire crews arrived late Thursday.", "2021-05-07", "2021-05-06"),
        ("Crowds gathered Friday night.", "2021-05-08", "2021-05-07"),
        ("Friday, the market stayed closed.", "2021-05-09", "2021-05-07"),
    ],
)
def test_weekdays_are_placed_by_their_words_then_the_tense(
    text: str, anchor: str, expected: str
) -> None:
    assert values(text, anchor) == [expected]


def test_a_weekday_with_its_date_is_the_date() -> None:
    assert dates("The ruling came on Monday, July 13, 2009.") == [
        ("Monday, July 13, 2009", "2009-07-13", "day")
    ]


# -- relative expressions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected", "granularity"),
    [
        ("today", "2021-05-07", "day"),
        ("yesterday", "2021-05-06", "day"),
        ("tomorrow", "2021-05-08", "day"),
        ("tonight", "2021-05-07", "day"),
        ("this morning", "2021-05-07", "day"),
        ("two days ago", "2021-05-05", "day"),
        ("three weeks ago", "2021-04-16", "week"),
        ("last week", "2021-04-26/2021-05-02", "week"),
        ("next week", "2021-05-10/2021-05-16", "week"),
        ("last month", "2021-04", "month"),
        ("next month", "2021-06", "month"),
        ("early next month", "2021-06-01/2021-06-10", "range"),
        ("late last year", "2020-09/2020-12", "range"),
        ("last year", "2020", "year"),
        ("this year", "2021", "year"),
    ],
)
def test_relative_expressions_resolve_against_the_report_date(
    words: str, expected: str, granularity: str
) -> None:
    assert dates(f"The figures were published {words}, officials said.") == [
        (words, expected, granularity)
    ]


def test_since_a_month_opens_a_range_in_the_past_by_default() -> None:
    assert dates("Prices have risen since September.", "2021-06-08") == [
        ("since September", "2020-09/..", "month")
    ]


def test_since_a_month_in_a_clause_about_the_future_looks_ahead() -> None:
    text = "In addition, they agreed to restart, since September, the trade dialogue."
    assert values(text, "2021-06-08") == ["2021-09/.."]


def test_the_near_future_is_found_but_never_guessed() -> None:
    found = find_dates(
        "Both sides will meet again in the near future.",
        anchor=Moment.fromisoformat("2021-06-08"),
        anchor_source="published",
    )
    assert [(m.text, m.start, m.granularity, m.anchor) for m in found] == [
        ("in the near future", None, "range", None)
    ]


def test_without_an_anchor_relative_expressions_stay_unresolved() -> None:
    found = find_dates("They met Friday and will meet again next month.")
    assert [(m.text, m.value, m.relative) for m in found] == [
        ("Friday", None, True),
        ("next month", None, True),
    ]


def test_the_anchor_source_is_kept_on_what_used_it() -> None:
    found = find_dates(
        "They met Friday in Madrid on May 7, 2021.",
        anchor=Moment.fromisoformat("2021-05-07"),
        anchor_source="story",
    )
    assert [(m.text, m.relative, m.anchor) for m in found] == [
        ("Friday", True, "story"),
        ("May 7, 2021", False, None),
    ]


# -- times of day --------------------------------------------------------------------


def test_a_clock_time_with_a_zone_is_a_minute_in_utc() -> None:
    assert dates("The update was posted at 11:00 AM EDT on Friday.") == [
        ("11:00 AM EDT on Friday", "2021-05-07T15:00+00:00", "minute")
    ]


def test_a_clock_time_takes_the_zone_of_a_timed_anchor() -> None:
    assert values("The vote closed at 1:32 PM.", "2021-05-07T12:38:03-04:00") == [
        "2021-05-07T17:32+00:00"
    ]


def test_a_clock_time_in_an_unknown_zone_keeps_only_its_day() -> None:
    found = find_dates("The vote closed at 1:32 PM.", anchor=Moment.fromisoformat("2021-05-07"))
    assert [(m.text, m.value, m.granularity) for m in found] == [
        ("1:32 PM", "2021-05-07", "minute")
    ]


def test_a_clock_time_is_on_the_day_named_before_it_in_the_sentence() -> None:
    text = "On May 3, 2013, police arrived at 9 p.m. EST."
    assert values(text, "2013-05-10") == ["2013-05-03", "2013-05-04T02:00+00:00"]


# -- Spanish ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("La cumbre se celebró el 8 de junio de 2021.", "2021-06-20", "2021-06-08"),
        ("La vicepresidenta visitará el país el 8 de junio.", "2021-05-07", "2021-06-08"),
        ("Los líderes se reunieron el viernes.", "2021-05-08", "2021-05-07"),
        ("La reunión fue el viernes pasado.", "2021-05-07", "2021-04-30"),
        ("La delegación llegará el próximo lunes.", "2021-05-07", "2021-05-10"),
        ("El acuerdo se firmó hace tres días.", "2021-05-07", "2021-05-04"),
        ("El ministro habló ayer con la prensa.", "2021-05-07", "2021-05-06"),
        ("Hoy comienza la temporada.", "2021-05-07", "2021-05-07"),
        ("Mañana se votará la ley.", "2021-05-07", "2021-05-08"),
        ("Las ventas cayeron el mes pasado.", "2021-05-07", "2021-04"),
        ("Las ventas cayeron el año pasado.", "2021-05-07", "2020"),
        ("La comisión se reunirá la próxima semana.", "2021-05-07", "2021-05-10/2021-05-16"),
        ("Los precios suben desde septiembre.", "2021-06-08", "2020-09/.."),
        ("Acordaron reactivar desde septiembre el diálogo.", "2021-06-08", "2021-09/.."),
    ],
)
def test_spanish_dates(text: str, anchor: str, expected: str) -> None:
    assert values(text, anchor, language="es") == [expected]


def test_spanish_morning_is_not_tomorrow() -> None:
    assert dates("La reunión empezó por la mañana.", language="es") == []


def test_spanish_in_the_near_future_stays_unresolved() -> None:
    assert dates("Se verán en un futuro próximo.", "2021-06-08", language="es") == [
        ("en un futuro próximo", None, "range")
    ]


def test_both_languages_when_the_language_is_unknown() -> None:
    assert values("El 8 de junio de 2021 and June 9, 2021.", language=None) == [
        "2021-06-08",
        "2021-06-09",
    ]


def test_other_languages_read_absolute_dates_with_month_names() -> None:
    assert values("Le sommet du 8 juin 2021 a été reporté.", language="fr") == ["2021-06-08"]


# -- what is not a date ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The border runs for more than 3,000 kilometers.",
        "The country received 2.7 million doses.",
        "You may go now, and they may stay.",
        "May I ask a question?",
        "Thousands joined the march on Washington.",
        "Theresa May said the vote would go ahead.",
        "He wrote a column for the Sunday Times.",
        "The company employs 1500 people.",
    ],
)
def test_numbers_verbs_and_names_are_not_dates(text: str) -> None:
    assert dates(text) == []


# -- the report's own date ------------------------------------------------------------------


def test_report_anchor_is_the_publication_date() -> None:
    undated = Article(id="a1", text="The council met on Friday.", kind="string")
    published = Moment(datetime(2021, 5, 7, tzinfo=UTC), "day")
    assert report_anchor(undated) is None
    assert report_anchor(replace(undated, published=published)) == (published, "published")


# -- the seeds ---------------------------------------------------------------------------------

STORY_DATE = Moment.fromisoformat("2021-05-07")


@pytest.mark.shared
def test_seed_reports_resolve_their_dates(shared: Callable[..., Path]) -> None:
    """The five seed reports: every relative date resolved against the report's own date."""
    articles = {Path(a.path or "").name[:3]: a for a in read([shared("seeds")]).articles}
    found: dict[str, list[DateMention]] = {}
    for number, article in articles.items():
        anchored = report_anchor(article) or (STORY_DATE, "story")
        found[number] = find_dates(
            article.text, article_id=article.id, anchor=anchored[0], anchor_source=anchored[1]
        )

    def value(number: str, words: str) -> list[str | None]:
        return [m.value for m in found[number] if m.text == words]

    assert value("000", "Friday") == ["2021-05-07"]
    assert value("004", "Friday") == ["2021-05-07", "2021-05-07"]
    assert value("000", "June 8") == ["2021-06-08", "2021-06-08"]
    assert value("001", "June 8") == ["2021-06-08"]
    assert value("003", "June 8") == ["2021-06-08"]
    assert value("004", "last month") == ["2021-04"]
    assert value("002", "since September") == ["2021-09/.."]
    assert value("003", "this Friday") == ["2021-05-07"]
    assert value("004", "early next month") == ["2021-06-01/2021-06-10"]
    assert value("004", "March") == ["2021-03"]
    assert value("004", "January") == ["2021-01"]
    assert [m.anchor for m in found["004"] if m.text == "last month"] == ["story"]
    assert [m.anchor for m in found["002"] if m.text == "since September"] == ["published"]


@pytest.mark.parametrize(
    "text",
    [
        "The treaty will be signed in Varnholt on 26 March.",
        "The new bridge is expected to be opened on 26 March.",
    ],
    ids=["will-be-passive", "expected-to-be-passive"],
)
def test_a_passive_after_a_modal_looks_ahead(text: str) -> None:
    # "signed" and "opened" end in -ed but say nothing of the past here.
    assert values(text, "2024-03-06") == ["2024-03-26"]


def test_a_full_stop_after_a_month_is_not_part_of_the_date() -> None:
    assert dates("The ferry returns on 8 June. Tickets are on sale.", "2024-03-06") == [
        ("8 June", "2024-06-08", "day")
    ]
