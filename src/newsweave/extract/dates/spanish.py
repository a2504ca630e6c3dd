"""Spanish date expressions: their templates, and the checks that tell a date from other words.

The words come from the Spanish lexicon; what is here is the shape of each
expression ("8 de junio de 2021", "el viernes pasado", "hace tres días", "a
las 9 de la noche") and the checks of the words around them: Spanish writes
months and weekdays in lower case, so a capitalized one mid-sentence is a
name, and "mañana" is tomorrow or the morning by the word before it.
"""

from __future__ import annotations

import re

from newsweave.extract.dates.lexicon import Lexicon, cue_words
from newsweave.extract.dates.patterns import (
    CLOCK,
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
    zone_suffix,
)

_DETERMINER_BEFORE = re.compile(
    rf"\b(?:{'|'.join(cue_words('determiner_before_weekday', language='es'))})\s+$",
    re.IGNORECASE,
)
_MORNING_BEFORE = re.compile(
    rf"\b(?:{'|'.join(cue_words('morning_before', language='es'))})\s+$", re.IGNORECASE
)
# The words after a weekday or a period that shift it: "el viernes pasado", "la semana que viene".
_SHIFT_AFTER = r"(?P<mod2>pasado|pasada|próximo|próxima|que\s+viene|entrante)"
# The words before a period or a season that shift it: "la próxima semana", "este verano".
_SHIFT_BEFORE = ["próximo", "próxima", "pasado", "pasada", "este", "esta"]


def spanish_templates(lex: Lexicon) -> list[Template]:
    """Return the Spanish templates, made with the words of `lex`."""
    return _dates(lex) + _relative(lex) + _clocks()


def _dates(lex: Lexicon) -> list[Template]:
    """Return the templates of calendar dates: days, months, years, decades."""
    months = cased(lex.months)
    return [
        template(
            "date",
            rf"(?P<day>\d{{1,2}})(?:º|°)?(?:\s*(?:al|-|–|y)\s*(?P<day_to>\d{{1,2}}))?"
            rf"\s+de\s+(?P<month>{months})\b(?:\s*(?:de|del|,)\s*{YEAR})?",
        ),
        template("date", rf"(?P<month>{months})\s+(?:de|del)\s+{YEAR}"),
        template("date", rf"(?P<month>{months})\b(?:\s+{_SHIFT_AFTER})?", _month_alone),
        Template(
            "date",
            re.compile(rf"{YEAR}{YEAR_TO}\b(?!\s*%|\s*por\s+ciento)"),
            bare_year,
            YEAR_BLOCKED,
        ),
        template(
            "decade",
            r"(?:[Ll]os\s+años|[Ll]a\s+década\s+de(?:\s+los)?)\s+(?P<century>19|20)?(?P<decade>\d)0\b",
        ),
    ]


# Expressions of time that no date resolves: they count from a time the text
# gives elsewhere ("al día siguiente") or from none ("en un futuro próximo").
_UNANCHORED = (
    r"(?:Al|al|El|el)\s+día\s+(?:siguiente|anterior)\b"
    r"|(?:La|la|El|el)\s+(?:semana|mes|año)\s+(?:siguiente|anterior)\b"
    r"|(?:En|en)\s+(?:un|el)\s+futuro\s+(?:próximo|cercano|inmediato)\b"
    r"|(?:En|en)\s+los\s+(?:próximos|últimos)\s+(?:días|meses|años|semanas)\b"
    r"|(?:Próximamente|próximamente)\b"
)


def _relative(lex: Lexicon) -> list[Template]:
    """Return the templates of days and periods named from the report's date."""
    number = rf"(?P<n>\d+|{cased(lex.numbers)}|{cased(lex.vague_numbers)})"
    units = alt(lex.units)
    tod = rf"(?:\s+(?:por|en)\s+la\s+(?P<tod>{alt(lex.times_of_day)}))?"
    seasons = alt(lex.seasons)
    return [
        template(
            "weekday",
            rf"(?P<weekday>{cased(lex.weekdays)})(?:\s+{_SHIFT_AFTER})?{tod}\b"
            r"(?P<digit>(?=\s*,?\s+\d))?",
            _weekday,
        ),
        template("dayword", rf"(?P<dayword>{cased(lex.day_words)})\b{tod}", _dayword),
        template(
            "period",
            rf"(?P<mod>{cased(_SHIFT_BEFORE)})\s+(?P<unit>semana|mes|año)\b"
            rf"|(?P<unit2>semana|mes|año)\s+{_SHIFT_AFTER}\b",
        ),
        template(
            "ago",
            rf"(?P<dir>{cased(['hace', 'dentro de'])})\s+{number}\s+(?P<unit>{units})\b",
        ),
        template(
            "unresolvable",
            rf"(?P<unit>{units})\s+(?:después|antes|más\s+tarde)\b",
            counted=True,
        ),
        template("unresolvable", _UNANCHORED),
        template(
            "season",
            rf"(?P<mod>{cased(_SHIFT_BEFORE)})\s+"
            rf"(?P<season>{seasons})\b|(?P<season2>{seasons})\s+(?:de|del)\s+{YEAR}",
        ),
    ]


def _clocks() -> list[Template]:
    """Return the templates of clock times: "a las 9 de la noche", "11:00 horas", "mediodía"."""
    return [
        template(
            "clock",
            r"[Aa]\s+las?\s+(?P<x>(?P<hour>\d{1,2})(?::(?P<minute>[0-5]\d))?"
            r"(?:\s*(?:horas|hrs?\.?|h)\b)?"
            r"(?:\s+de\s+la\s+(?P<daypart>mañana|tarde|noche|madrugada))?" + zone_suffix() + ")",
        ),
        template("clock", rf"(?:{CLOCK}){zone_suffix()}(?:\s+hora\s+local)?"),
        template("clock", r"(?P<noon>mediodía|medianoche)\b"),
    ]


def _month_alone(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a Spanish month name alone is a month: capitalized mid-sentence it is a name."""
    start = match.start()
    if match["month"][0].isupper() and not at_sentence_start(text, start):
        return after_word_of_time(text, start, grammar)
    return True


def _weekday(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a Spanish weekday speaks of one day: "el viernes", "este lunes", "lunes 8"."""
    start = match.start()
    if match["weekday"][0].isupper() and not at_sentence_start(text, start):
        return False
    if match["mod2"] or match["tod"] or match["digit"] is not None:
        return True
    return bool(_DETERMINER_BEFORE.search(text, max(0, start - WINDOW), start))


def _dayword(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a Spanish day word is one: "mañana" is tomorrow, "la mañana" the morning."""
    if match["dayword"].lower() != "mañana":
        return True
    start = match.start()
    return not _MORNING_BEFORE.search(text, max(0, start - WINDOW), start)
