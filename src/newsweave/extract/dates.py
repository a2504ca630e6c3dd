"""Date and time expressions in a report, resolved against the report's own date.

`find_dates` finds every date or time expression of a text ("June 8", "8 de
junio de 2021", "05/02/2013", "last month", "el viernes pasado", "hace tres
días", "at 11:00 AM EDT", "from September 2010 to January 2011") and resolves
it to the time it speaks of. Absolute dates resolve alone; relative ones need
the report's date (the anchor) and stay unresolved without it: newsweave never
guesses a date.

dateparser knows month names and time zones in many languages, and newsweave
takes those tables from it; but its parser neither finds expressions in running
text quickly nor picks a year by tense, so the rule layer is written here.
Regular expressions over words find the core of each expression (a month name,
a weekday, a number); the words before it that change its meaning ("last",
"early", "since", "from … to") are read next, and the rules below resolve it.

Which occurrence a day or month without a year means, and which day a bare
"Friday" means, is decided by the words of the sentence around it. The
expression's own words come first: "last"/"pasado" pick strictly before the
report's date, "next"/"próximo" strictly after (a report of a Friday saying
"last Friday" means a week ago). Then the nearest tense cue before the
expression, else the nearest after it: a future cue (will, would, is going to,
expects to, plans to, agreed to, looks forward to, se espera, va a, -rá/-rán
verbs) picks the first such day on or after the report's date, a past cue (a
past-tense verb, had, was, -ó/-aron verbs) the last one on or before it. With
no cue a weekday is taken in the past (news reports what happened), a "since"
date too, and a month or a month-day goes to its nearest occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Literal

from newsweave.types import AnchorSource, Article, DateMention, Granularity, Moment, Span

Kind = Literal[
    "date", "weekday", "dayword", "period", "ago", "clock", "season", "decade", "unresolvable"
]
Part = Literal["early", "mid", "late", "earlier", "later"]

# ---------------------------------------------------------------------------
# The words, per language
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The words one language builds date expressions from (keys lower-case).

    The `*_before` fields are regex sources for the words that may precede an
    expression's core: `part_before` ("early", "a principios de"),
    `shift_before` ("last", "el próximo"), `context_before` (the words after
    which a bare month or year is surely one: "in", "since", "desde"),
    `article_before` (words a period's span takes in: "el mes pasado").
    """

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    vague_numbers: frozenset[str]
    units: Mapping[str, str]
    day_words: Mapping[str, int]
    shifts: Mapping[str, int]
    parts: Mapping[str, Part]
    seasons: Mapping[str, int]
    times_of_day: frozenset[str]
    month_day_first: bool
    part_before: str
    shift_before: str
    context_before: str
    article_before: str | None = None


def _numbered(words: str, first: int = 1) -> dict[str, int]:
    """Return each of the space-separated words → its place in the list, counting from `first`."""
    return {word: i for i, word in enumerate(words.split(), start=first)}


_EN_MONTH_NAMES = tuple(
    _numbered(
        "january february march april may june july august september october november december"
    )
)

ENGLISH = Lexicon(
    months=_numbered(" ".join(_EN_MONTH_NAMES))
    | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8}
    | {"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12},
    weekdays=_numbered("monday tuesday wednesday thursday friday saturday sunday", first=0),
    numbers=_numbered(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty"
    )
    | {"a": 1, "an": 1, "thirty": 30},
    vague_numbers=frozenset({"a few", "few", "several", "some", "a couple of", "many"}),
    units={
        f"{unit}{plural}": unit
        for unit in ("minute", "hour", "day", "week", "month", "year", "decade")
        for plural in ("", "s")
    },
    day_words={
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    },
    shifts={"last": -1, "next": 1, "this": 0, "coming": 1},
    parts={
        "early": "early",
        "mid": "mid",
        "late": "late",
        "earlier": "earlier",
        "later": "later",
        "the beginning of": "early",
        "the start of": "early",
        "the middle of": "mid",
        "the end of": "late",
    },
    seasons={"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12},
    times_of_day=frozenset({"morning", "afternoon", "evening", "night"}),
    month_day_first=True,
    part_before=(
        r"\b(?:at\s+)?(?P<part>early|mid|late|earlier|later"
        r"|the\s+(?:beginning|start|middle|end)\s+of)(?:[-\s]\s*(?:in|on)\s+|[-\s]\s*)$"
    ),
    shift_before=r"\b(?P<shift>last|next|this|coming)\s+$",
    context_before=(
        r"\b(?:in|on|since|from|until|till|through|by|during|before|after|of|around|between"
        r"|and|to|early|mid|late|last|next|this)(?:\s+|-)$"
    ),
)

SPANISH = Lexicon(
    months=_numbered(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    )
    | {"setiembre": 9},
    weekdays=_numbered("lunes martes miércoles jueves viernes sábado domingo", first=0)
    | {"miercoles": 2, "sabado": 5},
    numbers=_numbered(
        "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciséis diecisiete dieciocho diecinueve veinte"
    )
    | {"un": 1, "una": 1, "treinta": 30},
    vague_numbers=frozenset({"unos", "unas", "varios", "varias", "algunos", "algunas", "pocos"}),
    units={
        word: unit
        for unit, words in {
            "minute": "minuto minutos",
            "hour": "hora horas",
            "day": "día días",
            "week": "semana semanas",
            "month": "mes meses",
            "year": "año años",
            "decade": "década décadas",
        }.items()
        for word in words.split()
    },
    day_words={
        "hoy": 0,
        "esta mañana": 0,
        "esta tarde": 0,
        "esta noche": 0,
        "ayer": -1,
        "anoche": -1,
        "anteayer": -2,
        "antier": -2,
        "antes de ayer": -2,
        "mañana": 1,
        "pasado mañana": 2,
    },
    shifts={
        "pasado": -1,
        "pasada": -1,
        "próximo": 1,
        "próxima": 1,
        "que viene": 1,
        "entrante": 1,
        "este": 0,
        "esta": 0,
    },
    parts={
        "principios": "early",
        "comienzos": "early",
        "inicios": "early",
        "mediados": "mid",
        "finales": "late",
        "fines": "late",
    },
    seasons={"primavera": 3, "verano": 6, "otoño": 9, "invierno": 12},
    times_of_day=frozenset({"mañana", "tarde", "noche", "madrugada"}),
    month_day_first=False,
    part_before=(
        r"\b(?:a\s+)?(?P<part>principios|comienzos|inicios|mediados|finales|fines)\s+del?\s+$"
    ),
    shift_before=r"\b(?:el\s+|la\s+)?(?P<shift>próximo|próxima|pasado|pasada|este|esta)\s+$",
    context_before=(
        r"\b(?:en|desde|hasta|de|del|a|al|para|durante|el|este|esta|hoy|ayer|año|próximo"
        r"|próxima|pasado|pasada)\s+$"
    ),
    article_before=r"\b(?:el|la)\s+$",
)

# Words that mark the tense of a clause, for choosing which occurrence of a
# bare weekday, month or month-day is meant. Verbs of intent followed by "to"
# (or a Spanish infinitive) speak of what is to come even in the past tense.
_INFINITIVE = r"to\s+(?!the\b|a\b|an\b|[A-Z\d])\w+"
_EN_FUTURE = (
    r"will|won't|'ll|shall|would|wouldn't|'d|may|might|gonna|upcoming|forthcoming"
    rf"|(?:is|are|am|was|were)\s+(?:(?:going|due|set|scheduled|slated|expected)\s+)?{_INFINITIVE}"
    r"|(?:is|are|am)\s+\w+ing|(?:scheduled|set|slated|planned|due|expected)\s+(?:for|on)"
    r"|(?i:look(?:s|ed|ing)?\s+forward\s+to)"
    r"|(?i:agree|pledge|promise|plan|decide|vow|expect|hope|want|intend|aim|schedule|slate"
    r"|prepare|seek|invite|summon|ask|urge|threaten|commit|propose)[a-z]*"
    rf"(?:\s+(?!to\b)[\w.]+){{0,2}}?\s+{_INFINITIVE}"
)
_EN_PAST = (
    r"(?i:was|were|had|hadn't|did|didn't|said|told|met|held|took|went|came|made|gave|saw"
    r"|found|left|led|brought|began|broke|chose|drove|fell|felt|fought|flew|got|grew|kept"
    r"|knew|lost|paid|ran|rose|sent|shot|sold|spoke|spent|stood|struck|thought|threw|won"
    r"|wrote|became|bought|caught|built|heard|meant|sat|slept|stole|swore|taught|woke"
    r"|ago|previously|earlier)"
    # Lower-case only: capitalized words in -ed are mostly names ("United", "Ted").
    r"|(?!(?:need|speed|indeed|hundred|red|bed|seed|feed|breed|proceed|succeed|exceed|shed"
    r"|sled|weed|heed|greed|steed|creed|deed|reed|bleed|embed|wed)\b)[a-z]{2,}ed"
)
# Irregular Spanish stems of the future and conditional ("podrá", "haría").
_ES_IRREGULAR = r"(?:podr|har|tendr|habr|querr|sabr|saldr|vendr|pondr|dir|cabr|valdr)"
_ES_FUTURE = (
    r"(?i:\w+(?:ará|erá|irá|arán|erán|irán|aré|eré|iré)"
    rf"|{_ES_IRREGULAR}(?:á|án|é|ía|ían)"
    # Conditionals: an infinitive plus -ía ("visitaría"), which nouns in -ría are not.
    r"|\w+(?:ar|er|ir)ían?"
    r"|va\s+a|van\s+a|vamos\s+a|voy\s+a|iba\s+a|iban\s+a"
    r"|se\s+espera|espera[n]?|prevé|prevén|previsto|prevista|planea[n]?|próximamente"
    r"|(?:acord|promet|decid|plane|anunci|propus|propon|compromet|prepar)\w*"
    r"(?:\s+\w+){0,2}?\s+(?:a\s+)?\w+(?:ar|er|ir)(?:se|lo|la|los|las)?)"
)
_ES_PAST = (
    r"(?i:fue|fueron|era|eran|estuvo|estaba|estaban|había|habían|hubo|dijo|dijeron|hizo"
    r"|hicieron|tuvo|tuvieron|vino|vinieron|puso|pusieron|hace"
    r"|\w{2,}(?:ó|aron|ieron|yeron|aba|aban)"
    r"|(?:ha|han|he|hemos|había|habían)\s+\w+(?:ado|ido))"
)
_TENSE_CUES: Mapping[str, tuple[str, str]] = {
    "en": (_EN_FUTURE, _EN_PAST),
    "es": (_ES_FUTURE, _ES_PAST),
}

# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------
# Every pattern starts with its core's first word or digit, never with an
# optional word or a \b: Python's regex engine then skips ahead to the
# characters that can start a match, which makes finding 5-10 times faster.
# The word boundary before a match is checked in code (`Template.blocked`).

Guard = Callable[[str, "re.Match[str]", "Grammar"], bool]

_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True, eq=False)
class Template:
    """One shape of date expression: its regex, what kind it is, and a check of its context.

    `counted` templates match from the unit ("weeks ago"); the count before
    it ("three", "a few") is read after, and the match dropped without one.
    `blocked` matches a character that may not come right before a match (by
    default a word character: a match starts a word). The span is the group
    "x" where the pattern has one and it took part, else the whole match.
    """

    kind: Kind
    pattern: re.Pattern[str]
    guard: Guard | None = None
    blocked: re.Pattern[str] = _WORD_CHAR
    counted: bool = False  # the count comes before the match: "three weeks ago"


@dataclass(frozen=True, eq=False)
class Grammar:
    """A language's templates and the compiled patterns for reading around them."""

    lexicon: Lexicon
    templates: tuple[Template, ...]
    part_before: re.Pattern[str]
    shift_before: re.Pattern[str]
    context_before: re.Pattern[str]
    article_before: re.Pattern[str] | None
    count_before: re.Pattern[str]


def _alt(words: Iterable[str]) -> str:
    """Return a regex alternation of `words`, longest first so the longest wins."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _titled(words: Iterable[str]) -> str:
    """Return an alternation of the words capitalized or in capitals (English month names)."""
    return _alt(form for w in words for form in (w.capitalize(), w.upper()))


def _cased(words: Iterable[str]) -> str:
    """Return an alternation of the words in lower case or capitalized (first in a sentence)."""
    return _alt(form for w in words for form in (w, w[:1].upper() + w[1:]))


_YEAR = r"(?P<year>1\d{3}|2[01]\d{2})(?![.,]?\d)"
# The end of a span of years: "1995-99", "2013–2014".
_YEAR_TO = r"(?:[-–](?P<year_to>\d{4}|\d{2})(?!\d))?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NOT_A_NUMBER = r"(?![.,]\d|\d)"
_AM_PM = r"(?i:[ap]\.\s?m\.?|[ap]m\b)"
_CLOCK = (
    rf"(?P<hour>\d{{1,2}})(?::|\.(?=\d\d\s*[ap]\.?\s?m))(?P<minute>[0-5]\d)(?::[0-5]\d)?"
    rf"(?:\s*(?P<ampm>{_AM_PM}))?"
    rf"|(?P<hour12>\d{{1,2}})\s*(?P<ampm12>{_AM_PM})"
)
# "0800 GMT": four digits are a time only with a zone after them.
_MILITARY = r"(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)\s*(?P<tz>GMT|UTC|Z)\b"


@lru_cache(maxsize=1)
def _zones() -> dict[str, int]:
    """Return time zone abbreviations → UTC offset in seconds, from dateparser's table."""
    from dateparser.timezones import timezone_info_list

    zones: dict[str, int] = {}
    for group in timezone_info_list:
        for name, offset in group["timezones"]:
            if len(name) >= 3 and name.isupper():
                zones.setdefault(name, int(offset))
    return zones


def _zone_suffix() -> str:
    return rf"(?:\s*\(?(?P<tz>{_alt(_zones())})\b\)?)?"


def _template(
    kind: Kind, pattern: str, guard: Guard | None = None, *, counted: bool = False
) -> Template:
    return Template(kind, re.compile(pattern), guard, counted=counted)


def _english(lex: Lexicon) -> list[Template]:
    months = _titled(lex.months)
    weekdays = _titled(lex.weekdays)
    tod = _alt(lex.times_of_day)
    units = _alt(lex.units)
    shift = rf"(?P<mod>{_cased(lex.shifts)})"
    early_late = _cased(["earlier", "later", "early", "late"])
    day_range = rf"(?:\s*[-–]\s*(?P<day_to>\d{{1,2}}){_ORDINAL})?"
    seasons = _alt(lex.seasons)
    return [
        _template(
            "date",
            rf"(?P<month>{months})(?:\.\s*|\s+)(?P<day>\d{{1,2}}){_ORDINAL}{day_range}\b"
            rf"{_NOT_A_NUMBER}(?:\s*,?\s*{_YEAR})?",
        ),
        _template(
            "date",
            rf"(?P<day>\d{{1,2}}){_ORDINAL}{day_range}\s+(?:of\s+)?(?P<month>{months})\b\.?"
            rf"(?:\s*,?\s*{_YEAR})?",
        ),
        _template("date", rf"(?P<month>{months})\.?\s*,?\s+(?:of\s+)?{_YEAR}"),
        _template(
            "date",
            rf"(?P<month>{_titled(_EN_MONTH_NAMES)})\b(?![^\S\n]*\d{{1,2}}\b)",
            _english_month_alone,
        ),
        _template("decade", r"(?:(?P<century>1[89]|20)|['’])(?P<decade>\d)0['’]?s\b"),
        Template(
            "date",
            re.compile(rf"{_YEAR}{_YEAR_TO}\b(?!\s*%|\s*per\s*cent)"),
            _bare_year,
            re.compile(r"[\w$€£#.,/-]"),
        ),
        _template(
            "weekday",
            rf"(?P<weekday>{weekdays})\b(?:\s+(?P<tod>{tod})\b)?",
            _english_weekday,
        ),
        _template(
            "dayword",
            rf"(?P<dayword>{_cased(lex.day_words)})\b(?:\s+(?P<tod>{tod})\b)?"
            rf"|(?:{early_late})\s+in\s+the\s+(?P<today>day)\b",
        ),
        _template(
            "period",
            rf"{shift}\s+(?P<unit>{_cased(['week', 'weekend', 'month', 'year'])})\b"
            rf"|(?P<part3>{early_late})\s+(?:in|on)\s+(?:the|this)\s+"
            r"(?P<unit2>week|month|year)\b"
            r"|(?:The|the|This|this)\s+(?P<unit3>weekend)\b",
        ),
        _template("ago", rf"(?P<unit>{units})\s+(?P<dir>ago|from\s+now)\b", counted=True),
        _template(
            "unresolvable",
            rf"(?P<unit>{units})\s+(?:earlier|later|before|after|prior)\b",
            counted=True,
        ),
        _template(
            "unresolvable",
            r"(?:The|the)\s+(?:following|next|previous|prior|same)\s+(?:day|week|month|year"
            r"|decade|morning|afternoon|evening|night|weekend)\b"
            r"|(?:The|the)\s+(?:day|week|month|year)\s+(?:before|after)\b"
            r"(?!\s+(?:yesterday|tomorrow))"
            r"|(?:That|that)\s+(?:day|night|morning|afternoon|evening|week|weekend|month|year)\b"
            r"|(?:In|in)\s+(?:the\s+)?(?:near|not[-\s]too[-\s]distant|foreseeable)\s+future\b"
            r"|(?:In|in)\s+(?:the\s+)?(?:coming|next|following)\s+(?:few\s+)?"
            r"(?:days|weeks|months|years)\b"
            r"|(?:In|in)\s+the\s+(?:days|weeks|months|years)\s+(?:ahead|to\s+come)\b"
            r"|(?:In|in)\s+recent\s+(?:days|weeks|months|years)\b",
        ),
        _template(
            "season",
            rf"{shift}\s+(?P<season>{seasons})\b|(?P<season2>{seasons})\s+(?:of\s+)?{_YEAR}",
        ),
        _template("clock", rf"(?:{_CLOCK}){_zone_suffix()}(?:\s+local\s+time)?"),
        _template("clock", r"(?P<noon>noon|midnight)\b"),
        _template("clock", _MILITARY),
    ]


def _spanish(lex: Lexicon) -> list[Template]:
    months = _cased(lex.months)
    weekdays = _cased(lex.weekdays)
    shift_after = r"(?P<mod2>pasado|pasada|próximo|próxima|que\s+viene|entrante)"
    number = rf"(?P<n>\d+|{_cased(lex.numbers)}|{_cased(lex.vague_numbers)})"
    units = _alt(lex.units)
    tod = rf"(?:\s+(?:por|en)\s+la\s+(?P<tod>{_alt(lex.times_of_day)}))?"
    seasons = _alt(lex.seasons)
    return [
        _template(
            "date",
            rf"(?P<day>\d{{1,2}})(?:º|°)?(?:\s*(?:al|-|–|y)\s*(?P<day_to>\d{{1,2}}))?"
            rf"\s+de\s+(?P<month>{months})\b(?:\s*(?:de|del|,)\s*{_YEAR})?",
        ),
        _template("date", rf"(?P<month>{months})\s+(?:de|del)\s+{_YEAR}"),
        _template("date", rf"(?P<month>{months})\b(?:\s+{shift_after})?", _spanish_month_alone),
        Template(
            "date",
            re.compile(rf"{_YEAR}{_YEAR_TO}\b(?!\s*%|\s*por\s+ciento)"),
            _bare_year,
            re.compile(r"[\w$€£#.,/-]"),
        ),
        _template(
            "decade",
            r"(?:[Ll]os\s+años|[Ll]a\s+década\s+de(?:\s+los)?)\s+(?P<century>19|20)?(?P<decade>\d)0\b",
        ),
        _template(
            "weekday",
            rf"(?P<weekday>{weekdays})(?:\s+{shift_after})?{tod}\b(?P<digit>(?=\s*,?\s+\d))?",
            _spanish_weekday,
        ),
        _template("dayword", rf"(?P<dayword>{_cased(lex.day_words)})\b{tod}", _spanish_dayword),
        _template(
            "period",
            rf"(?P<mod>{_cased(['próximo', 'próxima', 'pasado', 'pasada', 'este', 'esta'])})"
            r"\s+(?P<unit>semana|mes|año)\b"
            rf"|(?P<unit2>semana|mes|año)\s+{shift_after}\b",
        ),
        _template(
            "ago",
            rf"(?P<dir>{_cased(['hace', 'dentro de'])})\s+{number}\s+(?P<unit>{units})\b",
        ),
        _template(
            "unresolvable",
            rf"(?P<unit>{units})\s+(?:después|antes|más\s+tarde)\b",
            counted=True,
        ),
        _template(
            "unresolvable",
            r"(?:Al|al|El|el)\s+día\s+(?:siguiente|anterior)\b"
            r"|(?:La|la|El|el)\s+(?:semana|mes|año)\s+(?:siguiente|anterior)\b"
            r"|(?:En|en)\s+(?:un|el)\s+futuro\s+(?:próximo|cercano|inmediato)\b"
            r"|(?:En|en)\s+los\s+(?:próximos|últimos)\s+(?:días|meses|años|semanas)\b"
            r"|(?:Próximamente|próximamente)\b",
        ),
        _template(
            "season",
            rf"(?P<mod>{_cased(['este', 'esta', 'próximo', 'próxima', 'pasado', 'pasada'])})\s+"
            rf"(?P<season>{seasons})\b|(?P<season2>{seasons})\s+(?:de|del)\s+{_YEAR}",
        ),
        _template(
            "clock",
            r"[Aa]\s+las?\s+(?P<x>(?P<hour>\d{1,2})(?::(?P<minute>[0-5]\d))?"
            r"(?:\s*(?:horas|hrs?\.?|h)\b)?"
            r"(?:\s+de\s+la\s+(?P<daypart>mañana|tarde|noche|madrugada))?" + _zone_suffix() + ")",
        ),
        _template("clock", rf"(?:{_CLOCK}){_zone_suffix()}(?:\s+hora\s+local)?"),
        _template("clock", r"(?P<noon>mediodía|medianoche)\b"),
    ]


def _shared() -> list[Template]:
    """Return the templates of every language: ISO 8601 and numeric dates."""
    return [
        _template(
            "date",
            r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
            r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::\d\d(?:\.\d+)?)?"
            r"(?P<offset>Z|[+-]\d\d:?\d\d)?)?\b",
        ),
        Template(
            "date",
            re.compile(
                r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![/\d])"
                r"|(?P<a2>\d{1,2})\.(?P<b2>\d{1,2})\.(?P<y2>\d{4})(?![.\d]\d)"
            ),
            blocked=re.compile(r"[\w/.]"),
        ),
    ]


def _foreign(language: str) -> Lexicon | None:
    """Return a lexicon of month names for a language only dateparser knows, or None."""
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except (KeyError, ValueError):
        return None
    months: dict[str, int] = {}
    for number, name in enumerate(_EN_MONTH_NAMES, start=1):
        # Short forms ("mar", "sept") are words of their own in many languages.
        for form in info.get(name, []):
            if len(form) >= 4 and form.isalpha():
                months[form.lower()] = number
    return replace(ENGLISH, months=months, month_day_first=False) if months else None


def _foreign_templates(lex: Lexicon) -> list[Template]:
    months = _cased(lex.months)
    return [
        _template(
            "date",
            rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+|di\s+)?(?P<month>{months})\b"
            rf"(?:\s*,?\s*(?:de\s+)?{_YEAR})?",
        ),
        _template("date", rf"(?P<month>{months})\s+(?P<day>\d{{1,2}})\b,?\s*{_YEAR}"),
        _template("date", rf"(?P<month>{months})\s+(?:de\s+)?{_YEAR}"),
        _template("clock", rf"(?:{_CLOCK}){_zone_suffix()}"),
    ]


def _grammar(lex: Lexicon, templates: list[Template]) -> Grammar:
    def before(source: str) -> re.Pattern[str]:
        return re.compile(source, re.IGNORECASE)

    return Grammar(
        lexicon=lex,
        templates=tuple(templates),
        part_before=before(lex.part_before),
        shift_before=before(lex.shift_before),
        context_before=before(lex.context_before),
        article_before=before(lex.article_before) if lex.article_before else None,
        count_before=before(rf"\b(?P<n>\d+|{_alt(lex.numbers)}|{_alt(lex.vague_numbers)})\s+$"),
    )


@lru_cache(maxsize=32)
def grammars_for(language: str | None) -> tuple[Grammar, ...]:
    """Return the grammars for a language: "en", "es", None for both, others: month names."""
    code = (language or "").split("-")[0].lower()
    english = _grammar(ENGLISH, _shared() + _english(ENGLISH))
    if code == "en":
        return (english,)
    spanish = _grammar(SPANISH, _shared() + _spanish(SPANISH))
    if code == "es":
        return (spanish,)
    if not code:
        return (english, _grammar(SPANISH, _spanish(SPANISH)))
    foreign = _foreign(code)
    if foreign is None:
        return (_grammar(ENGLISH, _shared()),)
    return (_grammar(foreign, _shared() + _foreign_templates(foreign)),)


@lru_cache(maxsize=32)
def _tense_cues(language: str | None) -> re.Pattern[str] | None:
    code = (language or "").split("-")[0].lower()
    chosen = [_TENSE_CUES[c] for c in ((code,) if code else ("en", "es")) if c in _TENSE_CUES]
    if not chosen:
        return None
    future = "|".join(f for f, _ in chosen)
    past = "|".join(p for _, p in chosen)
    return re.compile(rf"\b(?:(?P<future>{future})|(?P<past>{past}))\b")


# ---------------------------------------------------------------------------
# Context checks (guards)
# ---------------------------------------------------------------------------

_SENTENCE_START = re.compile(r"(?:[.!?:;\"“”‘’(\[–—]\s*|\n)$")
_TITLE_WORD = re.compile(r"[^\S\n]+[A-Z][a-z]")
_TITLE_BEFORE = re.compile(r"\b[A-Z][\w’'.-]*[^\S\n]+$")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|The|A|An)\s+$")
_MONTH_OR_TIME_WORD = re.compile(
    r"[^\S\n]+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|At|Morning|Night|Evening"
    r"|Afternoon)\b"
)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:el|del|al|hoy|ayer|este|esta|próximo|próxima|pasado|pasada)\s+$", re.IGNORECASE
)
# "mañana" after these is the morning, not tomorrow: "por la mañana", "cada mañana".
_MORNING_BEFORE = re.compile(r"\b(?:la|una|cada|media|su|esta|toda)\s+$", re.IGNORECASE)
_WINDOW = 40


def _at_sentence_start(text: str, start: int) -> bool:
    return start == 0 or bool(_SENTENCE_START.search(text, max(0, start - 3), start))


def _after_word_of_time(text: str, start: int, grammar: Grammar) -> bool:
    return bool(grammar.context_before.search(text, max(0, start - _WINDOW), start))


def _english_month_alone(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a capitalized month name standing alone is a month, not a name or a verb.

    "May" alone counts only after a word of time ("in May", "last May"): it is
    also a verb and a surname. Any month after "the" ("the March on
    Washington"), after a capitalized word ("Theresa May") or before one
    ("June Carter") is taken for a name.
    """
    start = match.start()
    if _after_word_of_time(text, start, grammar):
        return True
    if match["month"] in ("May", "MAY"):
        return False
    if _ARTICLE_BEFORE.search(text, max(0, start - _WINDOW), start):
        return False
    if _TITLE_BEFORE.search(text, max(0, start - _WINDOW), start) and not _at_sentence_start(
        text, start
    ):
        return False
    return not _TITLE_WORD.match(text, match.end())


def _spanish_month_alone(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a Spanish month name alone is a month: capitalized mid-sentence it is a name."""
    start = match.start()
    if match["month"][0].isupper() and not _at_sentence_start(text, start):
        return _after_word_of_time(text, start, grammar)
    return True


def _bare_year(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a four-digit number is a year: 1900–2099 alone, any year after a word of time."""
    if 1900 <= int(match["year"]) <= 2099:
        return True
    return _after_word_of_time(text, match.start(), grammar)


def _english_weekday(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a weekday name is a day, not part of a name ("Sunday Times")."""
    after = match.end()
    return not _TITLE_WORD.match(text, after) or bool(_MONTH_OR_TIME_WORD.match(text, after))


def _spanish_weekday(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a Spanish weekday speaks of one day: "el viernes", "este lunes", "lunes 8"."""
    start = match.start()
    if match["weekday"][0].isupper() and not _at_sentence_start(text, start):
        return False
    if match["mod2"] or match["tod"] or match["digit"] is not None:
        return True
    return bool(_DETERMINER_BEFORE.search(text, max(0, start - _WINDOW), start))


def _spanish_dayword(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a Spanish day word is one: "mañana" is tomorrow, "la mañana" the morning."""
    if match["dayword"].lower() != "mañana":
        return True
    start = match.start()
    return not _MORNING_BEFORE.search(text, max(0, start - _WINDOW), start)


# ---------------------------------------------------------------------------
# Expressions found, before resolution
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expression:
    """A date or time expression found in text: where it is and what its words say."""

    start: int
    end: int
    kind: Kind
    lexicon: Lexicon
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day_to: int | None = None
    weekday: int | None = None
    hour: int | None = None
    minute: int | None = None
    utc_offset: int | None = None  # seconds east of UTC, when the text names a zone
    n: int | None = None
    unit: str | None = None
    shift: int | None = None  # -1 "last"/"pasado", 0 "this"/"este", 1 "next"/"próximo"
    part: Part | None = None
    since: bool = False
    until: Expression | None = None
    granularity: Granularity = "day"
    count: str | None = None  # the words of a count read before the match ("three")


def _words(text: str) -> str:
    return " ".join(text.lower().rstrip(".").split())


def _lookup(table: Mapping[str, int], word: str | None) -> int | None:
    return None if word is None else table.get(_words(word))


def _group(match: re.Match[str], *names: str) -> str | None:
    """Return the first of the named groups that the pattern has and that matched."""
    for name in names:
        if name in match.re.groupindex and match[name] is not None:
            return match[name]
    return None


def _build(
    template: Template, match: re.Match[str], text: str, grammar: Grammar
) -> Expression | None:
    """Return the expression a template's match describes, or None when its values are no date."""
    lex = grammar.lexicon
    if "x" in match.re.groupindex and match.start("x") >= 0:
        start, end = match.span("x")
    else:
        start, end = match.span()
    count = None
    if template.counted:
        found = grammar.count_before.search(text, max(0, start - _WINDOW), start)
        if found is None:
            return None
        start, count = found.start(), found["n"]
    part_word = _group(match, "part3")
    shift_word = _group(match, "mod", "mod2")
    base = Expression(
        start,
        end,
        template.kind,
        lex,
        part=lex.parts.get(_words(part_word)) if part_word else None,
        shift=lex.shifts.get(_words(shift_word)) if shift_word else None,
        count=count,
    )
    return _BUILDERS[template.kind](base, match)


def _date_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    lex = base.lexicon
    year_text = _group(match, "year", "y", "y2")
    year = int(year_text) if year_text else None
    if year is not None and year < 100:
        year += 2000 if year < 70 else 1900
    month = _lookup(lex.months, _group(match, "month"))
    day_text = _group(match, "day")
    day = int(day_text) if day_text else None
    if (first := _group(match, "a", "a2")) is not None:
        month, day = _numeric_order(int(first), int(_group(match, "b", "b2") or 0), lex)
    elif (digits := _group(match, "month")) and digits.isdigit():
        month = int(digits)  # ISO 8601
    if (month is None and year is None) or not _valid(month, day):
        return None
    day_to = int(match["day_to"]) if _group(match, "day_to") else None
    hour, minute = _group(match, "hour"), _group(match, "minute")
    offset = _group(match, "offset")
    found = replace(
        base,
        year=year,
        month=month,
        day=day,
        day_to=day_to if day_to and day and day < day_to <= 31 else None,
        hour=int(hour) if hour else None,
        minute=int(minute) if minute else None,
        utc_offset=_parse_offset(offset) if offset else None,
        granularity="day" if day else "month" if month else "year",
    )
    until = _year_span_end(year, _group(match, "year_to"))
    return replace(found, until=replace(found, year=until)) if until else found


def _valid(month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def _year_span_end(year: int | None, text: str | None) -> int | None:
    """Return the last year of "1995-99" or "2013-2014", or None when it is no later year."""
    if year is None or text is None:
        return None
    end = int(text) if len(text) == 4 else year - year % 100 + int(text)
    return end if end > year else None


def _numeric_order(first: int, second: int, lex: Lexicon) -> tuple[int | None, int]:
    """Return (month, day) of a numeric date; a part over 12 can only be the day."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    if first > 12:
        return None, first
    return (first, second) if lex.month_day_first else (second, first)


def _parse_offset(text: str) -> int:
    if text == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)


# How fine an expression counting in a unit is ("two hours ago" names a day).
_UNIT_GRANULARITY: Mapping[str, Granularity] = {
    "minute": "day",
    "hour": "day",
    "day": "day",
    "week": "week",
    "weekend": "range",
    "month": "month",
    "year": "year",
    "decade": "year",
}
_SPANISH_UNITS = {"semana": "week", "mes": "month", "año": "year"}


def _weekday_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    return replace(base, weekday=_lookup(base.lexicon.weekdays, match["weekday"]))


def _dayword_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    # "earlier in the day" is the day of the report.
    offset = 0 if _group(match, "today") else _lookup(base.lexicon.day_words, match["dayword"])
    return replace(base, n=offset, unit="day")


def _period_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    unit_word = _words(_group(match, "unit", "unit2", "unit3") or "")
    unit = _SPANISH_UNITS.get(unit_word, unit_word)
    return replace(base, unit=unit, granularity=_UNIT_GRANULARITY[unit])


def _ago_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    lex = base.lexicon
    unit = lex.units[_words(match["unit"])]
    count = _words(_group(match, "n") or base.count or "")
    n = int(count) if count.isdigit() else lex.numbers.get(count)
    granularity = _UNIT_GRANULARITY[unit]
    if unit == "decade":
        unit, n = "year", None if n is None else n * 10
    sign = -1 if _words(match["dir"]) in ("ago", "hace") else 1
    return replace(base, n=None if n is None else sign * n, unit=unit, granularity=granularity)


def _unresolvable_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    unit = _group(match, "unit")
    granularity: Granularity = "range"
    if unit is not None:
        granularity = _UNIT_GRANULARITY[base.lexicon.units.get(_words(unit), "day")]
    return replace(base, granularity=granularity)


def _season_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    season = _lookup(base.lexicon.seasons, _group(match, "season", "season2"))
    year = _group(match, "year")
    return replace(base, month=season, year=int(year) if year else None, granularity="season")


def _decade_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    century = _group(match, "century")
    if century is None:
        return replace(base, granularity="range")  # "the '90s": which century is not said
    return replace(base, year=int(century) * 100 + int(match["decade"]) * 10, granularity="range")


def _clock_fields(base: Expression, match: re.Match[str]) -> Expression | None:
    noon = _group(match, "noon")
    if noon:
        hour = 0 if noon.lower() in ("midnight", "medianoche") else 12
        return replace(base, hour=hour, minute=0, granularity="minute")
    hour = int(_group(match, "hour", "hour12") or 0)
    marker = (_group(match, "ampm", "ampm12") or "").lower()
    if hour > (12 if marker else 23) or (marker and hour == 0):
        return None
    if marker.startswith("p") and hour < 12:
        hour += 12
    elif marker.startswith("a") and hour == 12:
        hour = 0
    elif _group(match, "daypart") in ("tarde", "noche") and 5 <= hour < 12:
        hour += 12
    zone = _group(match, "tz")
    return replace(
        base,
        hour=hour,
        minute=int(_group(match, "minute") or 0),
        utc_offset=_zones().get(zone) if zone else None,
        granularity="minute",
    )


_BUILDERS: dict[Kind, Callable[[Expression, re.Match[str]], Expression | None]] = {
    "date": _date_fields,
    "weekday": _weekday_fields,
    "dayword": _dayword_fields,
    "period": _period_fields,
    "ago": _ago_fields,
    "unresolvable": _unresolvable_fields,
    "season": _season_fields,
    "decade": _decade_fields,
    "clock": _clock_fields,
}

# ---------------------------------------------------------------------------
# The words before an expression
# ---------------------------------------------------------------------------


def _read_before(text: str, e: Expression, grammar: Grammar) -> Expression:
    """Return the expression grown over the words before it that change it.

    "last"/"el próximo" before a month or weekday sets its shift; "early",
    "the end of", "a principios de" before a month, year, decade or period
    its part (before a weekday or day word they only join the span: "late
    Thursday" is Thursday); Spanish periods take their article ("el mes
    pasado").
    """
    low = max(0, e.start - _WINDOW)
    shifts = e.shift is None and (e.kind == "weekday" or (e.kind == "date" and bool(e.month)))
    if shifts and (found := grammar.shift_before.search(text, low, e.start)):
        shift = grammar.lexicon.shifts[_words(found["shift"])]
        e = replace(e, start=found.start(), shift=shift)
    parts = e.kind in ("weekday", "dayword") or (e.kind != "clock" and e.day is None)
    if parts and (found := grammar.part_before.search(text, low, e.start)):
        part = grammar.lexicon.parts[_words(found["part"])]
        keeps_part = e.kind in ("date", "decade", "period") and e.part is None
        e = replace(e, start=found.start(), part=part if keeps_part else e.part)
    article = grammar.article_before if e.kind == "period" else None
    if article is not None and (found := article.search(text, low, e.start)):
        e = replace(e, start=found.start())
    return e


# ---------------------------------------------------------------------------
# Finding and joining expressions
# ---------------------------------------------------------------------------


def find_expressions(text: str, language: str | None = "en") -> list[Expression]:
    """Return the expressions of `text` in order, none overlapping, before resolution."""
    candidates: list[tuple[int, int, int, Expression]] = []
    order = 0
    for grammar in grammars_for(language):
        for template in grammar.templates:
            order += 1
            for match in template.pattern.finditer(text):
                start = match.start()
                if start and template.blocked.match(text, start - 1):
                    continue  # not at the start of a word or number
                if template.guard is not None and not template.guard(text, match, grammar):
                    continue
                found = _build(template, match, text, grammar)
                if found is None or "\n" in text[found.start : found.end]:
                    continue  # an expression never runs across a line break
                found = _read_before(text, found, grammar)
                candidates.append((found.start, -found.end, order, found))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[Expression] = []
    for _, _, _, expression in candidates:
        if not chosen or expression.start >= chosen[-1].end:
            chosen.append(expression)
    return _join_ranges(text, _join_clocks(text, _join_weekdays(text, chosen)))


_WEEKDAY_BEFORE_DATE = re.compile(r"\s*,?\s*")
_CLOCK_AFTER_DAY = re.compile(
    r"\s*,?\s*(?:(?:at|around|about|shortly\s+after|just\s+after|shortly\s+before|just\s+before"
    r"|hacia\s+las?|sobre\s+las?)\s+)?"
)
_DAY_AFTER_CLOCK = re.compile(r"\s*(?:(?:on|el|del)\s+)?")
_SINCE = re.compile(r"\b(?:since|ever\s+since|desde|a\s+partir\s+del?)\s+(?:el\s+|la\s+)?$", re.I)
_RANGE_START = re.compile(r"\b(?:from|between|desde|entre|del?)\s+(?:el\s+|la\s+)?$", re.I)
_RANGE_JOIN = re.compile(
    r"\s*(?:-|–|to|until|till|through|thru|and|a|al|hasta|y)\s+(?:el\s+|la\s+)?|\s*[-–]\s*"
)


def _join_weekdays(text: str, found: list[Expression]) -> list[Expression]:
    """Join a weekday and the date right after it ("Monday, July 13, 2009") into the date."""
    joined: list[Expression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "weekday"
            and previous.shift is None
            and expression.kind == "date"
            and expression.day is not None
            and _WEEKDAY_BEFORE_DATE.fullmatch(text, previous.end, expression.start)
        ):
            joined[-1] = replace(expression, start=previous.start, weekday=previous.weekday)
        else:
            joined.append(expression)
    return joined


def _names_a_day(expression: Expression) -> bool:
    if expression.hour is not None:
        return False
    return expression.kind in ("weekday", "dayword") or (
        expression.kind == "date" and expression.day is not None
    )


def _join_clocks(text: str, found: list[Expression]) -> list[Expression]:
    """Join a day and a clock time next to each other into one expression ("Friday at 9 a.m.")."""
    joined: list[Expression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if previous is not None and _pairs_with_clock(text, previous, expression):
            day, clock = (
                (previous, expression) if expression.kind == "clock" else (expression, previous)
            )
            joined[-1] = replace(
                day,
                start=previous.start,
                end=expression.end,
                hour=clock.hour,
                minute=clock.minute,
                utc_offset=clock.utc_offset,
                granularity="minute",
            )
        else:
            joined.append(expression)
    return joined


def _pairs_with_clock(text: str, first: Expression, second: Expression) -> bool:
    if _names_a_day(first) and second.kind == "clock":
        return bool(_CLOCK_AFTER_DAY.fullmatch(text, first.end, second.start))
    if first.kind == "clock" and _names_a_day(second):
        return bool(_DAY_AFTER_CLOCK.fullmatch(text, first.end, second.start))
    return False


def _join_ranges(text: str, found: list[Expression]) -> list[Expression]:
    """Join "from X to Y" into one range and mark "since X" as open-ended."""
    joined: list[Expression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if previous is not None and _is_range(text, previous, expression):
            opened = _RANGE_START.search(text, max(0, previous.start - _WINDOW), previous.start)
            start = opened.start() if opened else previous.start
            low = _complete_low(previous, expression)
            joined[-1] = replace(low, start=start, end=expression.end, until=expression)
            continue
        since = _SINCE.search(text, max(0, expression.start - _WINDOW), expression.start)
        if since and expression.kind not in ("ago", "unresolvable", "clock"):
            expression = replace(expression, start=since.start(), since=True)
        joined.append(expression)
    return joined


def _is_range(text: str, first: Expression, second: Expression) -> bool:
    if first.until is not None or first.kind != second.kind:
        return False
    if first.kind not in ("date", "weekday", "clock"):
        return False
    join = _RANGE_JOIN.fullmatch(text, first.end, second.start)
    if join is None:
        return False
    opened = _RANGE_START.search(text, max(0, first.start - _WINDOW), first.start)
    return opened is not None or join.group().strip() in ("-", "–", "through", "hasta")


def _complete_low(low: Expression, high: Expression) -> Expression:
    """Give the start of a range the year its end states ("September to January 2011")."""
    if low.kind != "date" or low.year is not None or high.year is None or low.month is None:
        return low
    year = high.year - 1 if high.month is not None and low.month > high.month else high.year
    return replace(low, year=year)


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """The day relative expressions are resolved against, and its zone when its time is known."""

    day: date
    zone: tzinfo | None


@dataclass(frozen=True)
class Resolution:
    """What an expression means: its bounds (None when unknown) and whether it used the anchor."""

    start: Moment | None
    end: Moment | None
    relative: bool


_UNRESOLVED = Resolution(None, None, True)


def _day(value: date) -> Moment:
    return Moment(datetime(value.year, value.month, value.day, tzinfo=UTC), "day")


def _month(year: int, month: int) -> Moment:
    return Moment(datetime(year, month, 1, tzinfo=UTC), "month")


def _year(year: int) -> Moment:
    return Moment(datetime(year, 1, 1, tzinfo=UTC), "year")


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= year <= 9999 or day > monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _choose(candidates: Sequence[date], anchor: date, direction: int, strict: bool) -> date | None:
    """Return the candidate the direction picks: past, future, or nearest when 0."""
    if direction < 0:
        before = [c for c in candidates if c < anchor or (c == anchor and not strict)]
        return max(before, default=None)
    if direction > 0:
        after = [c for c in candidates if c > anchor or (c == anchor and not strict)]
        return min(after, default=None)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor), default=None)


def _part_of_month(year: int, month: int, part: Part) -> tuple[Moment, Moment]:
    last = monthrange(year, month)[1]
    low, high = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(part, (1, last))
    return _day(date(year, month, low)), _day(date(year, month, high))


def _part_of_year(year: int, part: Part) -> tuple[Moment, Moment]:
    low, high = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part, (1, 12))
    return _month(year, low), _month(year, high)


def _within(low: Moment, high: Moment, anchor: date, part: Part | None) -> tuple[Moment, Moment]:
    """Return the bounds of "earlier this …" (start to the anchor) or "later this …" (to end)."""
    if part == "earlier":
        return low, _day(anchor)
    if part == "later":
        return _day(anchor), high
    return low, high


# A sentence or clause ends at final punctuation followed by space, or a line break.
_BOUNDARY = re.compile(r"[.!?;]+[\"”’)\]]*\s+(?=[\"“‘(\[¿¡]?[A-ZÁÉÍÓÚÑ\d])|\n+")


class Resolver:
    """Resolves the expressions of one text against one anchor, with the text for tense cues."""

    def __init__(self, text: str, anchor: Anchor | None, language: str | None) -> None:
        self.text = text
        self.anchor = anchor
        self.cues = _tense_cues(language)
        self.boundaries = [m.end() for m in _BOUNDARY.finditer(text)]
        # Days resolved so far, with where they were named: a lone clock time is on the last.
        self.days: list[tuple[date, int]] = []
        self.by_kind: dict[Kind, Callable[[Expression], Resolution]] = {
            "date": self._date,
            "weekday": self._weekday,
            "dayword": self._dayword,
            "period": self._period,
            "ago": self._ago,
            "season": self._season,
            "decade": self._decade,
            "clock": self._clock,
            "unresolvable": lambda _: _UNRESOLVED,
        }

    def resolve(self, expression: Expression) -> Resolution:
        """Return what the expression means, or an unresolved resolution."""
        if expression.until is not None:
            resolution = self._range(expression)
        else:
            resolution = self.by_kind[expression.kind](expression)
            if expression.since and resolution.start is not None:
                resolution = Resolution(resolution.start, None, resolution.relative)
        start = resolution.start
        if start is not None and start.precision in ("day", "minute", "second"):
            self.days.append((start.value.date(), expression.start))
        return resolution

    def _range(self, expression: Expression) -> Resolution:
        assert expression.until is not None
        low = self.by_kind[expression.kind](replace(expression, until=None))
        high = self.by_kind[expression.until.kind](expression.until)
        relative = low.relative or high.relative
        if low.start is None or high.end is None:
            return Resolution(None, None, relative)
        return Resolution(low.start, high.end, relative)

    # -- by kind --------------------------------------------------------------

    def _date(self, e: Expression) -> Resolution:
        if e.year is not None and e.month is None:
            if e.part:
                return Resolution(*_part_of_year(e.year, e.part), False)
            return Resolution(_year(e.year), _year(e.year), False)
        assert e.month is not None
        if e.year is not None:
            return self._dated(e, e.year, relative=False)
        if self.anchor is None:
            return _UNRESOLVED
        return self._dated(e, self._year_for(e), relative=True)

    def _year_for(self, e: Expression) -> int:
        """Return the year of a month or month-day written without one."""
        assert self.anchor is not None and e.month is not None
        anchor = self.anchor.day
        if e.shift == 0:
            return anchor.year
        direction, strict = self._direction(e)
        years = (anchor.year - 1, anchor.year, anchor.year + 1)
        if e.day is None:
            months = [date(y, e.month, 1) for y in years]
            chosen = _choose(months, anchor.replace(day=1), direction, strict)
        else:
            days = [d for y in years if (d := _safe_date(y, e.month, e.day))]
            chosen = _choose(days, anchor, direction, strict)
        return chosen.year if chosen else anchor.year

    def _dated(self, e: Expression, year: int, *, relative: bool) -> Resolution:
        assert e.month is not None
        if e.day is None:
            if e.part:
                return Resolution(*_part_of_month(year, e.month, e.part), relative)
            return Resolution(_month(year, e.month), _month(year, e.month), relative)
        day = _safe_date(year, e.month, e.day)
        if day is None:
            return _UNRESOLVED
        if e.day_to is not None:
            last = _safe_date(year, e.month, e.day_to)
            return Resolution(_day(day), _day(last) if last else None, relative)
        moment = self._at_clock(day, e)
        return Resolution(moment, moment, relative)

    def _at_clock(self, day: date, e: Expression) -> Moment:
        """Return the day, or its minute when a clock time and a time zone are known."""
        if e.hour is None:
            return _day(day)
        zone: tzinfo | None = None
        if e.utc_offset is not None:
            zone = timezone(timedelta(seconds=e.utc_offset))
        elif self.anchor is not None:
            zone = self.anchor.zone
        if zone is None:
            return _day(day)  # a wall-clock time in an unknown zone: only its day is known
        local = datetime(day.year, day.month, day.day, e.hour, e.minute or 0, tzinfo=zone)
        return Moment(local.astimezone(UTC), "minute")

    def _weekday(self, e: Expression) -> Resolution:
        if self.anchor is None or e.weekday is None:
            return _UNRESOLVED
        chosen = self._pick_weekday(e.weekday, e)
        if chosen is None:
            return _UNRESOLVED
        moment = self._at_clock(chosen, e)
        return Resolution(moment, moment, True)

    def _pick_weekday(self, weekday: int, e: Expression) -> date | None:
        """Return the day a weekday means: by its own words, else the tense, else the past."""
        assert self.anchor is not None
        anchor = self.anchor.day
        direction, strict = self._direction(e, default=-1)
        candidates = [anchor + timedelta(days=d) for d in range(-7, 8)]
        matching = [c for c in candidates if c.weekday() == weekday]
        return _choose(matching, anchor, direction, strict)

    def _dayword(self, e: Expression) -> Resolution:
        if self.anchor is None or e.n is None:
            return _UNRESOLVED
        moment = self._at_clock(self.anchor.day + timedelta(days=e.n), e)
        return Resolution(moment, moment, True)

    def _period(self, e: Expression) -> Resolution:
        if self.anchor is None:
            return _UNRESOLVED
        if e.unit in ("week", "weekend"):
            return self._week(e)
        anchor, shift = self.anchor.day, e.shift or 0
        if e.unit == "month":
            year, month = _add_months(anchor.year, anchor.month, shift)
            if e.part in ("early", "mid", "late"):
                return Resolution(*_part_of_month(year, month, e.part), True)
            if e.part in ("earlier", "later"):
                last = date(year, month, monthrange(year, month)[1])
                low, high = _day(date(year, month, 1)), _day(last)
                return Resolution(*_within(low, high, anchor, e.part), True)
            return Resolution(_month(year, month), _month(year, month), True)
        year = anchor.year + shift
        if e.part in ("early", "mid", "late"):
            return Resolution(*_part_of_year(year, e.part), True)
        if e.part in ("earlier", "later"):
            low, high = _day(date(year, 1, 1)), _day(date(year, 12, 31))
            return Resolution(*_within(low, high, anchor, e.part), True)
        return Resolution(_year(year), _year(year), True)

    def _week(self, e: Expression) -> Resolution:
        """Return a week (Monday to Sunday) or a weekend, or a part of the week."""
        assert self.anchor is not None
        anchor = self.anchor.day
        if e.unit == "weekend" and e.shift is None:  # "over the weekend": by the tense
            saturday = self._pick_weekday(5, e)
            if saturday is None:
                return _UNRESOLVED
            return Resolution(_day(saturday), _day(saturday + timedelta(1)), True)
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=e.shift or 0)
        if e.unit == "weekend":
            return Resolution(_day(monday + timedelta(5)), _day(monday + timedelta(6)), True)
        low, high = _day(monday), _day(monday + timedelta(6))
        if e.part in ("early", "mid", "late"):
            first = {"early": 0, "mid": 2, "late": 4}[e.part]
            low, high = _day(monday + timedelta(first)), _day(monday + timedelta(first + 2))
        return Resolution(*_within(low, high, anchor, e.part), True)

    def _ago(self, e: Expression) -> Resolution:
        if self.anchor is None or e.n is None:
            return _UNRESOLVED
        anchor = self.anchor.day
        if e.unit in ("minute", "hour"):
            return Resolution(_day(anchor), _day(anchor), True)
        if e.unit in ("day", "week"):
            moment = _day(anchor + timedelta(days=e.n * (7 if e.unit == "week" else 1)))
            return Resolution(moment, moment, True)
        if e.unit == "month":
            year, month = _add_months(anchor.year, anchor.month, e.n)
            return Resolution(_month(year, month), _month(year, month), True)
        return Resolution(_year(anchor.year + e.n), _year(anchor.year + e.n), True)

    def _season(self, e: Expression) -> Resolution:
        assert e.month is not None
        if e.year is not None:
            first = e.year
        elif self.anchor is None:
            return _UNRESOLVED
        else:
            first = self._season_year(e.month, e.shift or 0)
        end_year, end_month = _add_months(first, e.month, 2)
        return Resolution(_month(first, e.month), _month(end_year, end_month), e.year is None)

    def _season_year(self, first_month: int, shift: int) -> int:
        """Return the year the season "this/last/next <season>" starts in."""
        assert self.anchor is not None
        year = self.anchor.day.year
        now = year * 12 + self.anchor.day.month - 1
        starts = [(y * 12 + first_month - 1, y) for y in range(year - 2, year + 2)]
        if shift < 0:
            return max((s for s in starts if s[0] + 2 < now), default=starts[0])[1]
        if shift > 0:
            return min((s for s in starts if s[0] > now), default=starts[-1])[1]
        holding = [s for s in starts if s[0] <= now <= s[0] + 2]
        return holding[0][1] if holding else year

    def _decade(self, e: Expression) -> Resolution:
        if e.year is None:
            return Resolution(None, None, False)
        low, high = e.year, e.year + 9
        if e.part in ("early", "mid", "late"):
            low, high = {
                "early": (e.year, e.year + 3),
                "mid": (e.year + 4, e.year + 6),
                "late": (e.year + 7, e.year + 9),
            }[e.part]
        return Resolution(_year(low), _year(high), False)

    def _clock(self, e: Expression) -> Resolution:
        day = self._day_of_sentence(e.start)
        if day is None:
            return _UNRESOLVED
        moment = self._at_clock(day, e)
        return Resolution(moment, moment, True)

    # -- context --------------------------------------------------------------

    def _day_of_sentence(self, offset: int) -> date | None:
        """Return the day a lone clock time is on: the last day named before it, else the anchor."""
        sentence_start = self._sentence(offset)[0]
        for day, start in reversed(self.days):
            if sentence_start <= start < offset:
                return day
        return self.anchor.day if self.anchor else None

    def _sentence(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.boundaries, offset)
        start = self.boundaries[i - 1] if i else 0
        end = self.boundaries[i] if i < len(self.boundaries) else len(self.text)
        return start, end

    def _direction(self, e: Expression, default: int = 0) -> tuple[int, bool]:
        """Return (-1 past, 1 future, 0 nearest) for an expression, and whether it is strict."""
        if e.shift:
            return e.shift, True
        tense = self._tense(e.start, e.end)
        if tense:
            return tense, False
        return (-1 if e.since else default), False

    def _tense(self, start: int, end: int) -> int:
        """Return the tense of the sentence around [start, end): its nearest cue's, 0 if none."""
        if self.cues is None:
            return 0
        low, high = self._sentence(start)
        best: tuple[int, int] | None = None
        for match in self.cues.finditer(self.text, low, high):
            if match.end() <= start:
                distance = start - match.end()
            elif match.start() >= end:
                # The verb an expression of time belongs to mostly comes before it; one
                # after it is often in a clause of its own ("this Friday, in which they
                # agreed to …"), so it counts only when nothing before says.
                distance = len(self.text) + match.start() - end
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, 1 if match["future"] else -1)
        return best[1] if best else 0


def find_dates(
    text: str,
    *,
    article_id: str = "",
    anchor: Moment | None = None,
    anchor_source: AnchorSource | None = None,
    language: str | None = "en",
) -> list[DateMention]:
    """Return every date and time expression of `text`, in order, resolved where it can be.

    `anchor` is the date relative expressions are resolved against (the
    report's publication date; when it has a time, its zone is that of clock
    times that name none); without it they stay unresolved. `anchor_source`
    says where it came from ("published" when not given). `language` picks
    the words: "en", "es", None for both, or another code for absolute dates
    with the month names dateparser knows.
    """
    source = anchor_source or ("published" if anchor else None)
    resolver = Resolver(text, _anchor(anchor), language)
    mentions = []
    for expression in find_expressions(text, language):
        resolution = resolver.resolve(expression)
        used_anchor = resolution.relative and resolution.start is not None
        mentions.append(
            DateMention(
                span=Span(article_id, expression.start, expression.end),
                text=text[expression.start : expression.end],
                start=resolution.start,
                end=resolution.end,
                granularity=_granularity(expression),
                relative=resolution.relative,
                anchor=source if used_anchor else None,
            )
        )
    return mentions


def _granularity(expression: Expression) -> Granularity:
    if expression.until is not None or expression.day_to is not None or expression.part:
        return "range"
    return expression.granularity


def _anchor(moment: Moment | None) -> Anchor | None:
    if moment is None:
        return None
    zone = moment.value.tzinfo if moment.precision in ("minute", "second") else None
    return Anchor(moment.value.date(), zone)


def report_anchor(article: Article) -> tuple[Moment, AnchorSource] | None:
    """Return the date a report's relative expressions are resolved against, and its source.

    A report's own publication date; None when it has none (the pipeline then
    falls back to its story's first date, with source "story").
    """
    if article.published is not None:
        return article.published, "published"
    return None
