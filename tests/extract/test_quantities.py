"""Quantities as intervals: qualifiers kept, units normalized, what is counted, what is no number."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.extract.quantities import find_quantities, head_noun
from newsweave.types import Quantity

INF = math.inf


def texts(text: str, language: str | None = "en") -> list[str]:
    return [quantity.text for quantity in find_quantities(text, language=language)]


def only(text: str, language: str | None = "en") -> Quantity:
    found = find_quantities(text, language=language)
    assert len(found) == 1, [quantity.text for quantity in found]
    return found[0]


def interval(quantity: Quantity) -> tuple[float, float, bool, bool]:
    return quantity.low, quantity.high, quantity.low_open, quantity.high_open


# -- the interval each qualifier allows ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "qualifier", "expected"),
    [
        (
            "The pipeline runs 3,000 kilometers.",
            "3,000 kilometers",
            None,
            (3000, 3000, False, False),
        ),
        (
            "The pipeline runs more than 3,000 kilometers.",
            "more than 3,000 kilometers",
            "more than",
            (3000, INF, True, False),
        ),
        (
            "The pipeline runs over 3,000 kilometers.",
            "over 3,000 kilometers",
            "over",
            (3000, INF, True, False),
        ),
        (
            "The pipeline runs at least 3,000 kilometers.",
            "at least 3,000 kilometers",
            "at least",
            (3000, INF, False, False),
        ),
        (
            "The pipeline runs nearly 3,000 kilometers.",
            "nearly 3,000 kilometers",
            "nearly",
            (2700, 3000, False, True),
        ),
        (
            "The pipeline runs almost 3,000 kilometers.",
            "almost 3,000 kilometers",
            "almost",
            (2700, 3000, False, True),
        ),
        (
            "The pipeline runs just under 3,000 kilometers.",
            "just under 3,000 kilometers",
            "just under",
            (2700, 3000, False, True),
        ),
        (
            "The pipeline runs about 3,000 kilometers.",
            "about 3,000 kilometers",
            "about",
            (2700, 3300, False, False),
        ),
        (
            "The pipeline runs roughly 3,000 kilometers.",
            "roughly 3,000 kilometers",
            "roughly",
            (2700, 3300, False, False),
        ),
        (
            "The pipeline runs some 3,000 kilometers.",
            "some 3,000 kilometers",
            "some",
            (2700, 3300, False, False),
        ),
        (
            "The pipeline runs approximately 3,000 kilometers.",
            "approximately 3,000 kilometers",
            "approximately",
            (2700, 3300, False, False),
        ),
        (
            "The pipeline runs up to 3,000 kilometers.",
            "up to 3,000 kilometers",
            "up to",
            (0, 3000, False, False),
        ),
        (
            "The pipeline runs as many as 3,000 kilometers.",
            "as many as 3,000 kilometers",
            "as many as",
            (0, 3000, False, False),
        ),
        (
            "The pipeline runs less than 3,000 kilometers.",
            "less than 3,000 kilometers",
            "less than",
            (0, 3000, False, True),
        ),
        (
            "The pipeline runs under 3,000 kilometers.",
            "under 3,000 kilometers",
            "under",
            (0, 3000, False, True),
        ),
        (
            "The pipeline runs 3,000 kilometers or more.",
            "3,000 kilometers or more",
            "or more",
            (3000, INF, False, False),
        ),
    ],
)
def test_a_qualifier_sets_the_interval_and_is_kept(text, written, qualifier, expected):
    quantity = only(text)

    assert (quantity.text, quantity.qualifier, quantity.unit) == (written, qualifier, "km")
    assert quantity.value == 3000
    assert interval(quantity) == expected


@pytest.mark.parametrize(
    ("text", "written", "low", "high"),
    [
        ("Officials counted between 10 and 12 bodies.", "between 10 and 12", 10, 12),
        ("Officials counted 10 to 12 bodies.", "10 to 12", 10, 12),
        ("Officials counted 10-12 bodies.", "10-12", 10, 12),
        ("Officials counted two or three bodies.", "two or three", 2, 3),
        ("The ferry will cost 10 to 12 million dollars.", "10 to 12 million dollars", 10e6, 12e6),
        (
            "The plan costs between $40,000 and $60,000 a year.",
            "between $40,000 and $60,000",
            40_000,
            60_000,
        ),
    ],
)
def test_a_range_is_the_interval_between_its_ends(text, written, low, high):
    quantity = only(text)

    assert quantity.text == written
    assert interval(quantity) == (low, high, False, False)
    assert quantity.value == low


def test_a_trailing_qualifier_may_come_before_or_after_the_unit():
    before = only("The pipeline runs 3,000 or more kilometers.")
    plus = only("The army sent 3,000-plus troops.")

    assert (before.text, before.qualifier, before.unit) == (
        "3,000 or more kilometers",
        "or more",
        "km",
    )
    assert interval(before) == (3000, INF, False, False)
    assert (plus.text, plus.qualifier, plus.counts) == ("3,000-plus", "plus", "troops")


def test_a_qualified_range_keeps_the_qualifier_and_its_ends():
    quantity = only("Rescuers found about 10 to 12 survivors.")

    assert (quantity.qualifier, interval(quantity)) == ("about", (10, 12, False, False))


def test_a_change_from_one_value_to_another_is_two_quantities_not_a_range():
    assert texts("Turnout fell from 10 to 12 percent.") == ["10", "12 percent"]


def test_plurals_of_scale_words_are_open_ranges():
    hundreds = only("Hundreds of families slept in the stadium.")
    thousands = only("Each year thousands of workers cross the river to find jobs.")

    assert (interval(hundreds), hundreds.counts) == ((200, 1000, False, True), "families")
    assert (interval(thousands), thousands.counts) == ((2000, 1e6, False, True), "workers")


# -- overlapping figures are not a contradiction ------------------------------------


def test_more_than_3000_and_nearly_3200_kilometers_can_both_hold():
    wide = only("The neighbors share a frontier of more than 3,000 kilometers.")
    near = only("They will patrol their nearly 3,200-kilometer frontier together.")

    assert wide.overlaps(near) and near.overlaps(wide)


def test_12_dead_and_15_dead_cannot_both_hold():
    twelve = only("The storm left 12 dead in the valley.")
    fifteen = only("The storm left 15 dead in the valley.")

    assert (twelve.counts, fifteen.counts) == ("dead", "dead")
    assert not twelve.overlaps(fifteen)


def test_about_a_number_overlaps_a_near_value_but_not_a_far_one():
    about = only("About 300 people marched.")

    assert about.overlaps(only("Some 320 people marched."))
    assert not about.overlaps(only("At least 400 people marched."))


# -- numbers as written ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("The fund holds 82,000 files.", "82,000", 82_000),
        ("The fund holds 2.7 million files.", "2.7 million", 2_700_000),
        ("The fund holds 1.5bn files.", "1.5bn", 1_500_000_000),
        ("The fund holds sixty-two files.", "sixty-two", 62),
        ("The fund holds three hundred and five files.", "three hundred and five", 305),
        ("The fund holds a dozen files.", "a dozen", 12),
        ("The fund holds two million files.", "two million", 2_000_000),
        ("The fund holds 4 thousand files.", "4 thousand", 4000),
    ],
)
def test_numbers_in_digits_words_and_scale_words(text, written, value):
    quantity = only(text)

    assert (quantity.text, quantity.value, quantity.counts) == (written, value, "files")


def test_in_english_a_point_is_a_decimal_mark():
    assert only("The rate is 3.200 points.").value == 3.2


@pytest.mark.parametrize(
    ("text", "written", "unit", "value"),
    [
        ("The city pledged $310 million in aid.", "$310 million", "USD", 310e6),
        ("The city pledged US $310 million in aid.", "US $310 million", "USD", 310e6),
        ("The city pledged US$ 310 million in aid.", "US$ 310 million", "USD", 310e6),
        ("The city pledged 310 million dollars in aid.", "310 million dollars", "USD", 310e6),
        ("The city pledged €5 billion in aid.", "€5 billion", "EUR", 5e9),
        ("The city pledged 5,000 pesos in aid.", "5,000 pesos", "MXN", 5000),
        ("The city pledged $5,000 pesos in aid.", "$5,000 pesos", "MXN", 5000),
        ("The city pledged 5,000 Argentine pesos in aid.", "5,000 Argentine pesos", "ARS", 5000),
        ("The city pledged £40m in aid.", "£40m", "GBP", 40e6),
        ("The city pledged 5 million pounds in aid.", "5 million pounds", "GBP", 5e6),
        ("The city pledged C$12 in aid.", "C$12", "CAD", 12),
        ("Voters backed it by 15%.", "15%", "%", 15),
        ("Voters backed it by 15 percent.", "15 percent", "%", 15),
        ("Voters backed it by 15 per cent.", "15 per cent", "%", 15),
        ("Support rose 2.5 percentage points.", "2.5 percentage points", "pp", 2.5),
        ("The road is 3,200 km long.", "3,200 km", "km", 3200),
        ("The road is 3km long.", "3km", "km", 3),
        ("The road is 120 miles long.", "120 miles", "mi", 120),
        ("The catch weighed 200 pounds.", "200 pounds", "lb", 200),
        ("The ship carries 40 tonnes.", "40 tonnes", "t", 40),
        ("The talks lasted 36 hours.", "36 hours", "hour", 36),
        ("She served for three years.", "three years", "year", 3),
        ("He began a 2-day tour.", "2-day", "day", 2),
    ],
)
def test_units_and_currencies_are_normalized(text, written, unit, value):
    quantity = only(text)

    assert (quantity.text, quantity.unit, quantity.value, quantity.counts) == (
        written,
        unit,
        value,
        None,
    )


def test_a_dollar_sign_after_an_article_is_not_the_australian_dollar():
    assert only("Lawmakers must close a $185 million gap.").unit == "USD"


def test_the_span_points_at_the_words_in_the_text():
    text = "Rescuers said nearly 3,200-kilometer routes were closed."
    quantity = find_quantities(text, article_id="a1")[0]

    assert quantity.span.article_id == "a1"
    assert (
        text[quantity.span.start : quantity.span.end] == quantity.text == "nearly 3,200-kilometer"
    )


# -- what is counted ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "The country received 2.7 million Pfizer Covid-19 doses with help from allies.",
            "pfizer covid-19 doses",
        ),
        ("Investigators reopened more than 82,000 missing persons cases.", "missing persons cases"),
        ("Each year thousands of farmers flee drought in the region.", "farmers"),
        ("The two governments signed.", "governments"),
        ("Twelve people were hurt.", "people"),
        ("At least 40 dead were found.", "dead"),
        ("Officials reported 300 new cases on Monday.", "new cases"),
        ("The vote ended 300 to 250 in the chamber.", None),
        ("The 659-seat chamber voted.", "seat"),
    ],
)
def test_counts_is_the_noun_phrase_with_the_head_noun_last(text, counts):
    assert find_quantities(text)[0].counts == counts


def test_nothing_counted_when_the_number_ends_the_phrase():
    quantity = only("The toll rose to 3,000.")

    assert (quantity.value, quantity.counts, quantity.unit) == (3000, None, None)


def test_head_noun_is_last_in_english_and_first_in_spanish():
    assert head_noun("astrazeneca covid-19 vaccines") == "vaccines"
    assert head_noun("personas desaparecidas", language="es") == "personas"
    assert head_noun("nuevas personas desaparecidas", language="es") == "personas"


# -- what is not a quantity ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2021.",
        "The 2020 elections were close.",
        "The leaders will meet on June 8.",
        "The statement was issued on May 7, 2021.",
        "The meeting ran on 2021-05-07 as planned.",
        "The call began at 1:32 PM sharp.",
        "The call began at 10 a.m. sharp.",
        "She finished 2nd in the race.",
        "It was his first visit.",
        "The COVID-19 pandemic and the Covid-19 crisis hit hard.",
        "The G7 leaders met.",
        "Follow @VP2021 for news.",
        "See pic.twitter.com/ab12cd for the video.",
        "They drove along Route 66 at night.",
        "The Boeing 737 landed.",
        "It happened in the 1990s.",
        "The shop is open 24/7.",
        "The visitors won 3-1 on Sunday.",
        "Both leaders agreed.",
        "One of the ministers resigned.",
        "The delay is the one that matters.",
        "Corruption is an obvious one.",
        "The two agreed on a plan.",
        "A day after the vote, nobody came.",
        "Call 555-123-4567 for details.",
    ],
)
def test_dates_times_ordinals_codes_and_pronouns_are_no_quantities(text):
    assert texts(text) == []


def test_a_list_marker_is_no_quantity():
    assert texts("Steps:\n1. Open the gate.\n2) Close it.") == []


def test_a_year_followed_by_a_counted_plural_is_a_count():
    assert texts("Some 2000 people marched.") == ["Some 2000"]


# -- Spanish ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "expected", "unit", "counts", "qualifier"),
    [
        (
            "Hay 82.000 personas desaparecidas en el país.",
            "82.000",
            (82_000, 82_000, False, False),
            None,
            "personas desaparecidas",
            None,
        ),
        (
            "Hay 82,000 personas desaparecidas en el país.",
            "82,000",
            (82_000, 82_000, False, False),
            None,
            "personas desaparecidas",
            None,
        ),
        (
            "Llegaron 2,7 millones de vacunas al país.",
            "2,7 millones",
            (2.7e6, 2.7e6, False, False),
            None,
            "vacunas",
            None,
        ),
        (
            "Anunció 310 millones de dólares en ayuda.",
            "310 millones de dólares",
            (310e6, 310e6, False, False),
            "USD",
            None,
            None,
        ),
        ("Anunció 310 mdd en ayuda.", "310 mdd", (310e6, 310e6, False, False), "USD", None, None),
        (
            "Costó mil millones de euros.",
            "mil millones de euros",
            (1e9, 1e9, False, False),
            "EUR",
            None,
            None,
        ),
        (
            "La frontera mide más de 3.000 kilómetros.",
            "más de 3.000 kilómetros",
            (3000, INF, True, False),
            "km",
            None,
            "más de",
        ),
        (
            "La frontera mide casi 3.200 kilómetros.",
            "casi 3.200 kilómetros",
            (2880, 3200, False, True),
            "km",
            None,
            "casi",
        ),
        (
            "La frontera mide cerca de 3.000 kilómetros.",
            "cerca de 3.000 kilómetros",
            (2700, 3300, False, False),
            "km",
            None,
            "cerca de",
        ),
        (
            "Viajaron unos 40 kilómetros.",
            "unos 40 kilómetros",
            (36, 44, False, False),
            "km",
            None,
            "unos",
        ),
        (
            "Hubo al menos 5 muertos.",
            "al menos 5",
            (5, INF, False, False),
            None,
            "muertos",
            "al menos",
        ),
        ("Dura hasta 20 años.", "hasta 20 años", (0, 20, False, False), "year", None, "hasta"),
        (
            "Faltan menos de 100 días.",
            "menos de 100 días",
            (0, 100, False, True),
            "day",
            None,
            "menos de",
        ),
        ("Votó el 15 por ciento.", "15 por ciento", (15, 15, False, False), "%", None, None),
        (
            "Hubo entre 10 y 12 heridos.",
            "entre 10 y 12",
            (10, 12, False, False),
            None,
            "heridos",
            None,
        ),
        (
            "Murieron sesenta y dos personas.",
            "sesenta y dos",
            (62, 62, False, False),
            None,
            "personas",
            None,
        ),
        (
            "Llegaron tres mil soldados.",
            "tres mil",
            (3000, 3000, False, False),
            None,
            "soldados",
            None,
        ),
        (
            "Miles de migrantes huyen de la violencia.",
            "Miles",
            (2000, 1e6, False, True),
            None,
            "migrantes",
            None,
        ),
        ("Pagó 5.000 pesos.", "5.000 pesos", (5000, 5000, False, False), "MXN", None, None),
    ],
)
def test_spanish_numbers_qualifiers_units_and_counts(
    text, written, expected, unit, counts, qualifier
):
    quantity = only(text, language="es")

    assert (quantity.text, quantity.unit, quantity.counts, quantity.qualifier) == (
        written,
        unit,
        counts,
        qualifier,
    )
    assert interval(quantity) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La visita será el 8 de junio de 2021.",
        "Se reunieron en mayo de 2021.",
        "Desde 2019 no hay acuerdo.",
        "Uno de los líderes habló.",
        "Una reunión y un acuerdo.",
        "Pasaron por la Ruta 66.",
        "Fue el 1.º de la lista.",
    ],
)
def test_spanish_dates_articles_and_names_are_no_quantities(text):
    assert texts(text, language="es") == []


def test_a_spanish_year_like_count_before_a_plural_noun_is_a_count():
    assert texts("Llegaron 2500 personas.", language="es") == ["2500"]


def test_the_language_is_detected_when_not_given():
    quantity = only("Las autoridades buscan a más de 82.000 personas desaparecidas.", language=None)

    assert (quantity.value, quantity.counts) == (82_000, "personas desaparecidas")


def test_a_language_without_tables_reads_digits_and_symbols():
    assert texts("Die Inflation lag bei 3,5 % und 2.000 Menschen.", language="de") == [
        "3,5 %",
        "2.000",
    ]


# -- the seeds ---------------------------------------------------------------------


@pytest.fixture
def seed_quantities(shared) -> dict[str, list[Quantity]]:
    """The quantities of each seed report, by the first three characters of its file name."""
    return {
        Path(article.path or "").name[:3]: find_quantities(
            article.text, article_id=article.id, language=article.language
        )
        for article in nw.read([shared("seeds")]).articles
    }


def find(quantities: list[Quantity], text: str) -> Quantity:
    matches = [quantity for quantity in quantities if quantity.text == text]
    assert matches, [quantity.text for quantity in quantities]
    return matches[0]


@pytest.mark.shared
def test_seed_aid_and_vaccines(seed_quantities):
    aid = find(seed_quantities["004"], "US $310 million")
    vaccines = find(seed_quantities["004"], "2.7 million")

    assert (aid.unit, aid.value, interval(aid)) == ("USD", 310e6, (310e6, 310e6, False, False))
    assert vaccines.value == 2.7e6 and vaccines.unit is None
    assert vaccines.counts is not None and vaccines.counts.endswith("vaccines"), vaccines.counts


@pytest.mark.shared
def test_seed_missing_persons_and_border(seed_quantities):
    cases = find(seed_quantities["002"], "more than 82,000")
    border = find(seed_quantities["002"], "nearly 3,200-kilometer")

    assert (cases.counts, interval(cases)) == ("missing persons cases", (82_000, INF, True, False))
    assert (border.unit, interval(border)) == ("km", (2880, 3200, False, True))


@pytest.mark.shared
def test_seed_border_lengths_overlap(seed_quantities):
    nearly = find(seed_quantities["002"], "nearly 3,200-kilometer")
    for key in ("003", "004"):
        wide = find(seed_quantities[key], "more than 3,000 kilometers")

        assert (wide.unit, interval(wide)) == ("km", (3000, INF, True, False))
        assert wide.overlaps(nearly) and nearly.overlaps(wide)


@pytest.mark.shared
def test_seeds_yield_no_year_date_or_disease_name(seed_quantities):
    written = [quantity.text for found in seed_quantities.values() for quantity in found]

    assert written, "the seeds hold quantities"
    for text in written:
        assert not any(word in text for word in ("2021", "June", "May", "COVID", "Covid", "19")), (
            text
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They will build a 540-million-euro flood barrier.", ("540-million-euro", 540e6, "EUR")),
        ("It signed a $2-billion deal with the port.", ("$2-billion", 2e9, "USD")),
    ],
)
def test_a_scale_joined_by_dashes_keeps_its_scale_and_unit(text, expected):
    (found,) = find_quantities(text)

    assert (found.text, found.value, found.unit) == expected
