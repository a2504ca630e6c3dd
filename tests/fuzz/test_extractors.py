"""Fuzzing the extractors: dates, quantities and quotes come back, or nothing does.

Whatever the text and the report's date, `find_dates`, `find_quantities` and
`find_attributions` return facts whose spans lie inside the text and whose
values are well formed; a value no type can hold ("10000 years ago" before the
year 1, a figure beyond any float) is left unresolved or not reported. The
`@example`s are the failures these tests found, kept as regressions.
"""

from __future__ import annotations

import math
import os
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsweave.extract.dates import ENGLISH, SPANISH, find_dates
from newsweave.extract.entities import find_names, resolve_entities
from newsweave.extract.quantities import find_quantities, head_noun
from newsweave.extract.quotes import find_attributions, quote_ledger
from newsweave.text import split_sentences
from newsweave.text.quotes import quoted_regions
from newsweave.types import Article, Moment

# NEWSWEAVE_FUZZ_EXAMPLES=5000 fuzzes deeper than the suite's default.
EXAMPLES = int(os.environ.get("NEWSWEAVE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LANGUAGES = st.sampled_from(["en", "es", None, "fr", "de", "xx", "", "EN-us"])
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


def moment(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> Moment:
    precision = "minute" if hour or minute else "day"
    return Moment(datetime(year, month, day, hour, minute, tzinfo=UTC), precision)


# -- dates ------------------------------------------------------------------------


def _date_words() -> list[str]:
    words: set[str] = set()
    for lexicon in (ENGLISH, SPANISH):
        for table in (lexicon.months, lexicon.weekdays, lexicon.numbers, lexicon.units):
            words.update(table)
        for table in (lexicon.day_words, lexicon.shifts, lexicon.parts, lexicon.seasons):
            words.update(table)
    return sorted(words)


DATE_WORDS = st.sampled_from(_date_words())
COUNTS = st.one_of(
    st.integers(0, 40).map(str),
    st.integers(0, 10**12).map(str),
    st.sampled_from(["1999", "2021", "0000", "9999", "10000", "3,000", "1/2", "٣", "9" * 5000]),
)
JOINERS = st.sampled_from(
    [
        " ",
        ", ",
        ". ",
        "/",
        "-",
        "–",
        ":",
        "\n",
        "de ",
        "the ",
        "of ",
        "to ",
        "from ",
        "until ",
        "since ",
        "ago ",
        "hace ",
        "dentro de ",
        "in ",
        "at ",
        "a las ",
        "a.m. ",
        "p.m. ",
        "EDT ",
        "UTC+14 ",
        "+02:00",
        "'",
        "’",
        "s ",
        "th ",
        "last ",
        "next ",
        "early ",
        "late ",
        "mid-",
        "between ",
        "and ",
        "y ",
        "al ",
        "el ",
        "will ",
        "said ",
        "va a ",
        "dijo ",
        "years ",
    ]
)
# "N unit ago", "hace N unidades", "in N units": the shapes whose arithmetic can overflow.
SPANS = st.builds(
    "{} {} {}".format,
    st.sampled_from(["", "in", "hace", "dentro de", "within"]),
    COUNTS,
    st.sampled_from(
        ["days ago", "weeks ago", "years ago", "decades ago", "días", "años", "months"]
    ),
)
DATE_TEXT = st.lists(
    st.one_of(DATE_WORDS.map(str.title), DATE_WORDS, COUNTS, JOINERS, SPANS, st.text(max_size=3)),
    max_size=25,
).map(" ".join)
ANCHORS = st.one_of(
    st.none(),
    st.builds(
        Moment,
        st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59), timezones=st.just(UTC)),
        st.sampled_from(["year", "month", "day", "minute", "second"]),
    ),
)
TODAY = moment(2021, 6, 8)


@FUZZ
@given(st.one_of(DATE_TEXT, ANY_TEXT), ANCHORS, LANGUAGES)
@example("10000 years ago", TODAY, "en")  # ValueError: year -7979 is out of range
@example("99999999 days ago", TODAY, "en")  # OverflowError in timedelta
@example("dentro de 10000 años", TODAY, "es")
@example("hace " + "9" * 5000 + " días", TODAY, "es")  # int() of over 4,300 digits
@example("5 years from now", moment(9999, 12, 31), "en")
@example("Dec. 31 at 11 pm EST", moment(9999, 12, 31, 23, 59), "en")  # past datetime.max in UTC
@example("el próximo viernes", moment(1, 1, 1), "es")
def test_dates_are_found_inside_the_text_and_resolve_or_stay_open(text, anchor, language):
    for date in find_dates(text, article_id="a", anchor=anchor, language=language):
        assert 0 <= date.span.start < date.span.end <= len(text), date
        assert date.text == text[date.span.start : date.span.end]
        for bound in (date.start, date.end):
            assert bound is None or bound.value.tzinfo is not None, date
        assert date.anchor is None or anchor is not None, date


# -- quantities ----------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(0, 10**30).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.sampled_from(["3,000", "3.200", "2,7", "1,000,000", "82.000", "0", "007", "9" * 400]),
    st.sampled_from(["1e9", "½", "١٢", "１２", "inf", "nan", "NaN", "Infinity", "E+99"]),
)
QUANTITY_WORDS = st.sampled_from(
    [
        "more than ",
        "about ",
        "nearly ",
        "between ",
        " and ",
        " to ",
        "-",
        "–",
        " or ",
        "up to ",
        "million ",
        "billion ",
        "thousand ",
        "mil ",
        "millones ",
        "billón ",
        "de ",
        "$",
        "€",
        "£",
        "MX$",
        " percent",
        "%",
        " km",
        " kilómetros",
        " pesos",
        " dollars",
        " people",
        "a ",
        "un ",
        " personas",
        "hundreds of ",
        "thousands of ",
        "miles de ",
        "one ",
        "two ",
        "sixty-two ",
        "tres ",
        "cien ",
        "No. ",
        "Route ",
        "COVID-",
        "(",
        ")",
        ".",
        ",",
        " ",
        "\n",
        "1.º",
        "2nd",
        "1990s",
        "3-1",
        "10 a.m.",
        "June 8",
        "at least ",
        "over ",
        "-plus",
        " or more",
        "mdd",
    ]
)
QUANTITY_TEXT = st.lists(st.one_of(NUMBERS, QUANTITY_WORDS, st.text(max_size=3)), max_size=25).map(
    "".join
)


@FUZZ
@given(st.one_of(QUANTITY_TEXT, ANY_TEXT), LANGUAGES)
@example("1 " + "million " * 200 + "people", "en")  # 10^1200 people: the value was inf
@example("Exactly " + "mil " * 200 + "personas", "es")
@example("9" * 400 + " people", "en")
def test_quantities_are_finite_intervals_inside_the_text(text, language):
    for quantity in find_quantities(text, article_id="a", language=language):
        assert 0 <= quantity.span.start < quantity.span.end <= len(text), quantity
        assert quantity.text == text[quantity.span.start : quantity.span.end]
        assert math.isfinite(quantity.value), quantity
        assert quantity.low <= quantity.high, quantity
        assert not math.isnan(quantity.low) and not math.isnan(quantity.high), quantity
        if quantity.counts:
            assert isinstance(head_noun(quantity.counts, language=language), str)


# -- quotes --------------------------------------------------------------------------

QUOTE_PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "«",
        "»",
        "‘",
        "’",
        "'",
        "„",
        ", ",
        ". ",
        ": ",
        "\n\n",
        "\n",
        " ",
        "said ",
        "dijo ",
        "told ",
        "according to ",
        "según ",
        "he ",
        "she ",
        "it ",
        "they ",
        "Ana Ruiz ",
        "the president ",
        "Mr. ",
        "Lt. ",
        "U.S. ",
        "who ",
        "that ",
        "que ",
        "and ",
        "also ",
        "We will build it ",
        "x",
        "(",
        ")",
        "—",
        "…",
        "El presidente ",
        "ella ",
        "él ",
    ]
)
QUOTE_TEXT = st.lists(st.one_of(QUOTE_PIECES, st.text(max_size=3)), max_size=40).map("".join)


@FUZZ
@given(st.one_of(QUOTE_TEXT, ANY_TEXT), st.sampled_from(["en", "es", None, "fr", "EN-us", "zz"]))
@example("They met the Minister of. Then of of.", "en")
@example("‘a’ " * 50, "en")
@example("“We will build it\ud800,” said Ana Ruiz.", "en")  # spaCy cannot encode "\ud800"
def test_quotes_and_speakers_lie_inside_the_text(text, language):
    text = text.strip() or "x"
    for start, end in quoted_regions(text):
        assert 0 <= start <= end <= len(text)
    article = Article(id="a", text=text, kind="string", language=language)
    # Capitalised names only (no model): the rules, not spaCy, are what is fuzzed here.
    entities = resolve_entities([article], {"a": tuple(find_names(article, None))})

    found = find_attributions(article, split_sentences(article), entities)

    for attribution in found:
        assert 0 <= attribution.span.start <= attribution.span.end <= len(text), attribution
        assert attribution.text == text[attribution.span.start : attribution.span.end]
        speaker = attribution.speaker_span
        assert speaker is None or 0 <= speaker.start <= speaker.end <= len(text), attribution
    for quote in quote_ledger({"a": tuple(found)}, ["a"]):
        assert quote.evidence, quote
