"""English date expressions: their templates, and the checks that tell a date from a name.

The words come from the English lexicon; what is here is the shape of each
expression ("June 8, 2021", "8th of June", "three weeks ago", "last
weekend") and the reading of capitals around month and weekday names, which
in English are also names ("Theresa May", "the Sunday Times").
"""

from __future__ import annotations

import re

from newsweave.extract.dates.lexicon import ENGLISH, ENGLISH_MONTH_NAMES, Lexicon, cue_words
from newsweave.extract.dates.patterns import (
    ABBREVIATION_DOT,
    CLOCK,
    MILITARY,
    NOT_A_NUMBER,
    ORDINAL,
    WINDOW,
    YEAR,
    YEAR_BLOCKED,
    YEAR_TO,
    Grammar,
    Template,
    after_word_of_time,
    alt,
    at_sentence_start,
    bare_year,
    cased,
    template,
    titled,
    zone_suffix,
)

# Capital letters around a month or weekday name make it part of a name: "Theresa May",
# "the Sunday Times"; a month name or a word of time after a weekday does not.
_TITLE_WORD = re.compile(r"[^\S\n]+[A-Z][a-z]")
_TITLE_BEFORE = re.compile(r"\b[A-Z][\w’'.-]*[^\S\n]+$")
_NAME_BEFORE = re.compile(rf"\b(?:{cased(cue_words('name_before', language='en'))})\s+$")
_DAY_WORDS = [*ENGLISH.months, *cue_words("day_after_weekday", language="en")]
_DAY_AFTER_WEEKDAY = re.compile(rf"[^\S\n]+(?:{alt(w.capitalize() for w in _DAY_WORDS)})\b")


def english_templates(lex: Lexicon) -> list[Template]:
    """Return the English templates, made with the words of `lex`."""
    return _dates(lex) + _relative(lex) + _clocks()


def _dates(lex: Lexicon) -> list[Template]:
    """Return the templates of calendar dates: days, months, years, decades."""
    months = titled(lex.months)
    day_range = rf"(?:\s*[-–]\s*(?P<day_to>\d{{1,2}}){ORDINAL})?"
    return [
        template(
            "date",
            rf"(?P<month>{months})(?:\.\s*|\s+)(?P<day>\d{{1,2}}){ORDINAL}{day_range}\b"
            rf"{NOT_A_NUMBER}(?:\s*,?\s*{YEAR})?",
        ),
        template(
            "date",
            rf"(?P<day>\d{{1,2}}){ORDINAL}{day_range}\s+(?:of\s+)?(?P<month>{months})\b{ABBREVIATION_DOT}"
            rf"(?:\s*,?\s*{YEAR})?",
        ),
        template("date", rf"(?P<month>{months})\.?\s*,?\s+(?:of\s+)?{YEAR}"),
        template(
            "date",
            rf"(?P<month>{titled(ENGLISH_MONTH_NAMES)})\b(?![^\S\n]*\d{{1,2}}\b)",
            _month_alone,
        ),
        template("decade", r"(?:(?P<century>1[89]|20)|['’])(?P<decade>\d)0['’]?s\b"),
        Template(
            "date",
            re.compile(rf"{YEAR}{YEAR_TO}\b(?!\s*%|\s*per\s*cent)"),
            bare_year,
            YEAR_BLOCKED,
        ),
    ]


# Expressions of time that no date resolves: they count from a time the text
# gives elsewhere ("the following day") or from none ("in the near future").
_UNANCHORED = (
    r"(?:The|the)\s+(?:following|next|previous|prior|same)\s+(?:day|week|month|year"
    r"|decade|morning|afternoon|evening|night|weekend)\b"
    r"|(?:The|the)\s+(?:day|week|month|year)\s+(?:before|after)\b"
    r"(?!\s+(?:yesterday|tomorrow))"
    r"|(?:That|that)\s+(?:day|night|morning|afternoon|evening|week|weekend|month|year)\b"
    r"|(?:In|in)\s+(?:the\s+)?(?:near|not[-\s]too[-\s]distant|foreseeable)\s+future\b"
    r"|(?:In|in)\s+(?:the\s+)?(?:coming|next|following)\s+(?:few\s+)?"
    r"(?:days|weeks|months|years)\b"
    r"|(?:In|in)\s+the\s+(?:days|weeks|months|years)\s+(?:ahead|to\s+come)\b"
    r"|(?:In|in)\s+recent\s+(?:days|weeks|months|years)\b"
)


def _relative(lex: Lexicon) -> list[Template]:
    """Return the templates of days and periods named from the report's date."""
    tod = alt(lex.times_of_day)
    units = alt(lex.units)
    shift = rf"(?P<mod>{cased(lex.shifts)})"
    early_late = cased(["earlier", "later", "early", "late"])
    seasons = alt(lex.seasons)
    return [
        template(
            "weekday",
            rf"(?P<weekday>{titled(lex.weekdays)})\b(?:\s+(?P<tod>{tod})\b)?",
            _weekday,
        ),
        template(
            "dayword",
            rf"(?P<dayword>{cased(lex.day_words)})\b(?:\s+(?P<tod>{tod})\b)?"
            rf"|(?:{early_late})\s+in\s+the\s+(?P<today>day)\b",
        ),
        template(
            "period",
            rf"{shift}\s+(?P<unit>{cased(['week', 'weekend', 'month', 'year'])})\b"
            rf"|(?P<part3>{early_late})\s+(?:in|on)\s+(?:the|this)\s+"
            r"(?P<unit2>week|month|year)\b"
            r"|(?:The|the|This|this)\s+(?P<unit3>weekend)\b",
        ),
        template("ago", rf"(?P<unit>{units})\s+(?P<dir>ago|from\s+now)\b", counted=True),
        template(
            "unresolvable",
            rf"(?P<unit>{units})\s+(?:earlier|later|before|after|prior)\b",
            counted=True,
        ),
        template("unresolvable", _UNANCHORED),
        template(
            "season",
            rf"{shift}\s+(?P<season>{seasons})\b|(?P<season2>{seasons})\s+(?:of\s+)?{YEAR}",
        ),
    ]


def _clocks() -> list[Template]:
    """Return the templates of clock times: "11:00 AM EDT", "noon", "0800 GMT"."""
    return [
        template("clock", rf"(?:{CLOCK}){zone_suffix()}(?:\s+local\s+time)?"),
        template("clock", r"(?P<noon>noon|midnight)\b"),
        template("clock", MILITARY),
    ]


def _month_alone(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a capitalized month name standing alone is a month, not a name or a verb.

    "May" alone counts only after a word of time ("in May", "last May"): it is
    also a verb and a surname. Any month after "the" ("the March on
    Washington"), after a capitalized word ("Theresa May") or before one
    ("June Carter") is taken for a name.
    """
    start = match.start()
    if after_word_of_time(text, start, grammar):
        return True
    if match["month"] in ("May", "MAY"):
        return False
    if _NAME_BEFORE.search(text, max(0, start - WINDOW), start):
        return False
    if _TITLE_BEFORE.search(text, max(0, start - WINDOW), start) and not at_sentence_start(
        text, start
    ):
        return False
    return not _TITLE_WORD.match(text, match.end())


def _weekday(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a weekday name is a day, not part of a name ("Sunday Times")."""
    after = match.end()
    return not _TITLE_WORD.match(text, after) or bool(_DAY_AFTER_WEEKDAY.match(text, after))
