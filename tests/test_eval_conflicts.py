"""The conflict set: changes planted in a story, and how reported conflicts are scored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsweave.evaluate.conflict_set import (
    Case,
    Change,
    changed_value,
    looser_numbers,
    month_only_text,
    plant_cases,
    shift_date_text,
    write_number,
)
from newsweave.evaluate.conflicts import CaseResult, run_cases, score
from newsweave.evaluate.ecbplus_text import load_documents
from newsweave.extract import extract_story
from newsweave.extract.dates import find_dates
from newsweave.extract.quantities import find_quantities
from newsweave.text import split_sentences
from newsweave.types import Article, Conflict, ConflictValue, Moment, Span

PUBLISHED = Moment(datetime(2024, 3, 14, tzinfo=UTC), "day")
# Three reports of one fictional grounding: two share a date, a count and a captain.
REPORTS = {
    "quay": (
        "Ferry runs aground off Port Alden\n\n"
        "The ferry Solvig ran aground on a sandbank outside Port Alden on March 12, 2024, "
        "harbor officials said. Captain Marta Quell told reporters that 14 passengers were "
        "taken to the county hospital with minor injuries. The ferry line expects to resume "
        "its crossings next week."
    ),
    "tide": (
        "Port Alden ferry strikes sandbank\n\n"
        "Harbor officials said the ferry Solvig struck a sandbank near Port Alden on "
        "March 12, 2024. According to Captain Marta Quell, 14 passengers were taken to the "
        "county hospital. Divers inspected the hull on Wednesday and found a long crack."
    ),
    "gull": (
        "Inquiry opens into Solvig grounding\n\n"
        "The maritime board opened an inquiry into the grounding of the Solvig, which carried "
        "212 people when it hit the sandbank. Its chair, Oskar Brandt, said the board would "
        "report within 30 days."
    ),
}
DONORS = ("Ingrid Solberg", "Tomas Verhoeven", "Quell Harbor")


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return _plant(seed=1)


def _plant(seed: int) -> list[Case]:
    articles = [
        Article(id=key, text=text, kind="string", language="en", published=PUBLISHED)
        for key, text in REPORTS.items()
    ]
    sentences = {a.id: split_sentences(a) for a in articles}
    facts, _, _ = extract_story(articles, sentences)
    return plant_cases("ferry", articles, sentences, facts, donors=DONORS, seed=seed)


def _case(cases: list[Case], kind: str, fact: str | None = None) -> Case:
    found = [
        c
        for c in cases
        if c.kind == kind and (fact is None or (c.change is not None and c.change.kind == fact))
    ]
    assert len(found) == 1, [(c.kind, c.change) for c in cases]
    return found[0]


def _text(case: Case, article_id: str) -> str:
    return next(a.text for a in case.articles if a.id == article_id)


def _assert_only_the_change(case: Case, change: Change) -> None:
    """The changed report reads as before except for the change; the others are untouched."""
    new = _text(case, change.span.article_id)
    old = REPORTS[change.span.article_id]
    assert new[change.span.start : change.span.end] == change.after
    assert new[: change.span.start] == old[: change.span.start]
    assert new[change.span.end :] == old[change.span.start + len(change.before) :]
    others = {a.id: a.text for a in case.articles if a.id != change.span.article_id}
    assert others == {k: v for k, v in REPORTS.items() if k in others}


def test_the_story_as_written_comes_first(cases: list[Case]) -> None:
    assert cases[0].kind == "unchanged"
    assert cases[0].change is None
    assert {a.id: a.text for a in cases[0].articles} == REPORTS
    assert sorted(c.kind for c in cases[1:]) == [
        "compatible",
        "compatible",
        "date",
        "name",
        "number",
    ]


def test_a_planted_date_moves_a_shared_day_in_the_same_format(cases: list[Case]) -> None:
    change = _case(cases, "date").change
    assert change is not None
    assert (change.kind, change.before) == ("date", "March 12, 2024")
    day = int(change.after.removeprefix("March ").removesuffix(", 2024"))
    assert 2 <= abs(day - 12) <= 5, change.after
    _assert_only_the_change(_case(cases, "date"), change)
    # The other report still says March 12: there is something to conflict with.
    assert change.witness.article_id != change.span.article_id
    witness = REPORTS[change.witness.article_id]
    assert witness[change.witness.start : change.witness.end] == "March 12, 2024"
    found = find_dates(_text(_case(cases, "date"), change.span.article_id))
    assert f"2024-03-{day:02d}" in [d.value for d in found]


def test_a_planted_number_is_clearly_different(cases: list[Case]) -> None:
    case = _case(cases, "number")
    change = case.change
    assert change is not None
    assert (change.before, change.after) == ("14", "21")
    _assert_only_the_change(case, change)


def test_a_planted_name_is_a_stranger_of_the_same_gender(cases: list[Case]) -> None:
    case = _case(cases, "name")
    change = case.change
    assert change is not None
    # "Tomas Verhoeven" is a man's name, "Quell Harbor" shares a word with the story.
    assert (change.before, change.after) == ("Marta Quell", "Ingrid Solberg")
    _assert_only_the_change(case, change)


def test_a_loosened_number_still_allows_the_other_reports(cases: list[Case]) -> None:
    case = _case(cases, "compatible", "number")
    change = case.change
    assert change is not None
    _assert_only_the_change(case, change)
    text = _text(case, change.span.article_id)
    loosened = [
        q
        for q in find_quantities(text, article_id=change.span.article_id)
        if q.span.start >= change.span.start and q.span.end <= change.span.end
    ]
    witness = [
        q
        for q in find_quantities(REPORTS[change.witness.article_id])
        if q.span.start == change.witness.start
    ]
    assert len(loosened) == len(witness) == 1, (loosened, witness)
    assert loosened[0].low != loosened[0].high, loosened[0]
    assert loosened[0].overlaps(witness[0]), (loosened[0].describe(), witness[0].describe())


def test_a_day_cut_to_its_month_reads_as_the_month(cases: list[Case]) -> None:
    case = _case(cases, "compatible", "date")
    change = case.change
    assert change is not None
    assert (change.before, change.after) == ("on March 12, 2024", "in March 2024")
    _assert_only_the_change(case, change)
    found = find_dates(_text(case, change.span.article_id))
    within = [d for d in found if change.span.start <= d.span.start < change.span.end]
    assert [(d.text, d.value, d.granularity) for d in within] == [
        ("March 2024", "2024-03", "month")
    ]


def test_the_same_seed_plants_the_same_cases(cases: list[Case]) -> None:
    assert _plant(seed=1) == cases


def test_date_words_keep_their_format() -> None:
    assert shift_date_text("June 8", date(2021, 6, 8), date(2021, 6, 11)) == "June 11"
    assert shift_date_text("Tuesday", date(2021, 6, 8), date(2021, 6, 11)) == "Friday"
    assert (
        shift_date_text("Tue Dec 30th, 2008", date(2008, 12, 30), date(2009, 1, 2))
        == "Fri Jan 2nd, 2009"
    )
    assert shift_date_text("MAY 03, 2013", date(2013, 5, 3), date(2013, 5, 6)) == "MAY 06, 2013"
    assert shift_date_text("last week", date(2013, 5, 3), date(2013, 5, 6)) is None


def test_month_only_keeps_the_month_and_year() -> None:
    assert month_only_text("June 8") == "June"
    assert month_only_text("Tuesday, 8 June 2021") == "June 2021"
    assert month_only_text("Sept. 8") is None  # "Sept" is no month name calendar knows
    assert month_only_text("Tuesday") is None


def test_numbers_keep_their_scale_and_grouping() -> None:
    assert [changed_value(v) for v in (4.0, 10.0, 12.0, 6.1)] == [7.0, 13.0, 18.0, 9.15]
    assert write_number("2.7 million", 2_700_000, 4_050_000) == "4.05 million"
    assert write_number("$3,000", 3000, 4500) == "$4,500"
    assert write_number("a dozen", 12, 18) == "18"
    assert looser_numbers(3000) == [("more than", 2850.0), ("nearly", 3150.0)]
    assert looser_numbers(6.1) == [("more than", 5.7), ("nearly", 6.5)]


def _conflict(kind: str, *sides: tuple[str, Span]) -> Conflict:
    values = tuple(ConflictValue(value, "", (span,)) for value, span in sides)
    return Conflict("the thing", values, kind)  # type: ignore[arg-type]


CHANGE = Change(Span("b", 100, 110), "number", "14", "21", Span("a", 40, 42))


def test_a_change_is_found_when_set_against_another_report() -> None:
    set_apart = _conflict("number", ("21", Span("b", 80, 160)), ("14", Span("a", 0, 60)))
    same_report = _conflict("number", ("21", Span("b", 80, 160)), ("9", Span("b", 200, 260)))
    other_kind = _conflict("date", ("2024-03-12", Span("b", 80, 160)), ("x", Span("a", 0, 60)))
    case = Case("s", "number", (), CHANGE)
    found = [CaseResult(case, (c,)).found for c in (set_apart, same_report, other_kind)]
    assert found == [True, False, False]
    # A conflict the story held before the change was not caused by it.
    assert not CaseResult(case, (set_apart,), (set_apart,)).found


def test_scores_count_cases_conflicts_and_false_alarms() -> None:
    hit = _conflict("number", ("21", Span("b", 80, 160)), ("14", Span("a", 0, 60)))
    elsewhere = _conflict("number", ("5", Span("a", 300, 360)), ("6", Span("b", 300, 360)))
    loosened = Change(Span("b", 100, 115), "number", "14", "nearly 15", Span("a", 40, 42))
    results = [
        CaseResult(Case("s", "unchanged", ()), (elsewhere,)),
        CaseResult(Case("s", "number", (), CHANGE), (hit, elsewhere), (elsewhere,)),
        CaseResult(Case("s", "date", (), CHANGE), ()),
        CaseResult(Case("s", "compatible", (), loosened), (hit,)),
        CaseResult(Case("s", "compatible", (), loosened), ()),
    ]
    metrics = score(results)
    assert {k: metrics[k] for k in ("cases", "planted", "compatible", "conflicts")} == {
        "cases": 5,
        "planted": 2,
        "compatible": 2,
        "conflicts": 3,
    }
    assert metrics["conflicts_on_unchanged"] == 1
    assert (metrics["recall"], metrics["recall_number"], metrics["recall_date"]) == (0.5, 1.0, 0.0)
    assert metrics["precision"] == pytest.approx(1 / 3)
    assert metrics["false_positive_rate_compatible"] == 0.5


@pytest.mark.shared
def test_the_evaluation_plants_and_scores_cases_on_ecbplus(
    shared: Callable[..., Path],
) -> None:
    folder = shared("data", "ecbplus")
    metrics = score(run_cases(load_documents(folder, topics=range(1, 5))))
    counts = ("cases", "planted", "compatible", "planted_date", "planted_number", "planted_name")
    assert all(metrics[name] > 0 for name in counts), metrics
    shares = [v for k, v in metrics.items() if k not in counts and isinstance(v, float)]
    assert shares and all(0.0 <= v <= 1.0 for v in shares), metrics
