"""Quantities in report text: each number as the interval it allows, its unit and what it counts.

Two reports rarely write a figure the same way: "more than 3,000 kilometers" and
"a nearly 3,200-kilometer border" speak of one border and do not contradict each
other. So a quantity keeps the words that qualify it and becomes an interval that
`Quantity.overlaps` can test; general number parsers (quantulum3 among them) drop
those words.

Intervals, for a number X as written (scale applied):

====================================================================  ==================
qualifier                                                             interval
====================================================================  ==================
none ("3,000")                                                        [X, X]
"more than", "over", "above", "más de"                                (X, inf)
"at least", "no less than", "al menos", "X or more", "X-plus"         [X, inf)
"nearly", "almost", "just under", "casi", "poco menos de"             [0.9 X, X)
"about", "around", "roughly", "approximately", "some", "cerca de",
"alrededor de", "unos", "aproximadamente", "X or so"                  [0.9 X, 1.1 X]
"just over", "slightly more than", "poco más de"                      (X, 1.1 X]
"up to", "as many as", "at most", "hasta", "X or fewer"               [0, X]
"less than", "fewer than", "under", "menos de"                        [0, X)
ranges: "between 10 and 12", "10 to 12", "10-12", "two or three",
"entre 10 y 12", "10 a 12"                                            [10, 12]
plurals: "hundreds of", "thousands of", "miles de", "dozens of"       [200, 1000), ...
====================================================================  ==================

A range keeps a qualifier written before it but not its effect: "about 10 to 12"
is [10, 12]. "from 10 to 12" and "de 10 a 12" are a change, two quantities, not a
range. The `value` of a range or a plural is its first or lower number.

Numbers are read by language. English groups thousands with commas and marks
decimals with a point ("82,000", "2.7"; "3.200" is 3.2). Spanish is written both
ways ("82.000" in Spain, "82,000" in Mexico; "2,7 millones" and "1.5 millones"):
a separator followed by exactly three digits groups thousands, any other marks
decimals. Number words are read with text2num ("sixty-two", "tres mil", "sesenta y
dos"); "a"/"an"/"un"/"una" count as one only before a scale word ("a dozen", "un
millón"); Spanish "mil millones" is 10^9 and "billón" 10^12. `language=None`
detects the language; a language without tables here reads digits and symbols only.

Units are normalized ("km", "mi", "kg", "t", "%", "pp" for percentage points,
"year", "day", ...); currencies are ISO codes. "$" is USD unless a prefix ("MX$",
"C$") or a currency word after the number says otherwise ("$5,000 pesos" is MXN);
"pesos" are MXN unless another peso is named; "pounds" are GBP after a scale word
("5 million pounds") and weight (lb) otherwise. "310 mdd" is 310 million USD.

What is counted: for a quantity without a unit, the words that follow it (after
"of"/"de" for "millions of", "millones de") up to a word that ends a noun phrase
(a preposition, conjunction, determiner, pronoun, auxiliary, number or
punctuation), at most six words, lowercased. In English the head noun comes last,
so the phrase is cut after its last plural-looking word ("2.7 million AstraZeneca
Covid-19 vaccines with Mexico" counts "astrazeneca covid-19 vaccines"; "thousands
of migrants flee violence" counts "migrants"); with no plural, trailing verb-like
words (-ed, -ing, -ly) are dropped. In Spanish the head noun comes first and the
adjectives after it agree with it in number ("82.000 personas desaparecidas en
México" counts "personas desaparecidas"). `head_noun` gives the head of a
`counts` in either language, so reports in both can be compared.

Not quantities: years (a plain four-digit number from 1500 to 2100 with no unit,
unless a plural noun follows it and no date word precedes it: "2500 personas" is
a count, "the 2020 elections" a year), dates ("June 8", "May 7, 2021", "8 de
junio"), clock times ("1:32 PM", "10 a.m."), ordinals ("2nd", "1.º"; "first" is no
number word), decades ("1990s"), numbers inside names and codes ("COVID-19",
"G7", "@VP", links, "Route 66", "Boeing 737", "No. 5"), list markers ("1." at the
start of a line, "(2)"), and scores ("3-1"). "one"/"uno" is a quantity only when
a unit or a counted noun follows and no determiner precedes ("one of the", "the
one", "no one" are not); a number written in words with no unit, nothing counted
and no qualifier ("the two agreed") is not reported; "both" is never a quantity,
while "two countries" is 2 "countries".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Literal, TypeVar

from text_to_num import text2num

from newsweave.text.language import detect_language
from newsweave.types import Quantity, Span

V = TypeVar("V")
Bound = Literal["exact", "above", "at_least", "nearly", "about", "just_over", "at_most", "below"]

#: Longest qualifier, unit or plural phrase, in tokens.
_LONGEST_PHRASE = 4
#: Most words a counted noun phrase may have.
_LONGEST_COUNTED = 6
#: Plain four-digit numbers in this range may be years.
_YEARS = range(1500, 2101)

# Hand-written rather than taken from a tokenizer library: the offsets must be exact
# characters of the text, and numbers must keep their separators ("3,200", "2,7")
# while a digit glued to letters stays one token ("G7", "COVID-19", "5G").
_TOKEN = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*(?:[^\W\d_][^\W_]*)?)"
    r"|(?P<word>[^\W\d_]+(?:\.[^\W\d_]+)+\.?|[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*)"
    r"|(?P<symbol>\S)"
)
_KINDS: dict[str, Literal["number", "word", "symbol"]] = {
    "number": "number",
    "word": "word",
    "symbol": "symbol",
}
_DASHES = frozenset({"-", "–", "—"})
#: What may stand before the first word of a sentence.
_SENTENCE_OPENERS = frozenset(".!?:;\"“”«»‘’'()[]—–-")


# ---------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True, slots=True)
class _Token:
    """A number, word or symbol of the text, with its key for table look-ups."""

    start: int
    end: int
    text: str
    kind: Literal["number", "word", "symbol"]
    key: str


def _fold(text: str) -> str:
    """Return `text` lowercased and without accents: the key tables are looked up by."""
    text = text.lower()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return text


def _tokenize(text: str) -> list[_Token]:
    """Return the tokens of `text` in order."""
    return [
        _Token(
            match.start(),
            match.end(),
            match.group(),
            _KINDS[match.lastgroup or ""],
            _fold(match.group()),
        )
        for match in _TOKEN.finditer(text)
    ]


def _key(phrase: str) -> tuple[str, ...]:
    """Return the token keys of a table phrase, read as text would be."""
    return tuple(token.key for token in _tokenize(phrase))


def _table(entries: Mapping[str, V]) -> dict[tuple[str, ...], V]:
    """Return a phrase table keyed by token keys: "per cent" -> ("per", "cent")."""
    return {_key(phrase): value for phrase, value in entries.items()}


def _grouped(groups: Mapping[V, str]) -> dict[tuple[str, ...], V]:
    """Return a phrase table from `{value: "phrase | phrase | ..."}`."""
    return _table(
        {phrase.strip(): value for value, text in groups.items() for phrase in text.split("|")}
    )


def _words(text: str, *, fold: bool = True) -> frozenset[str]:
    """Return the words of a space-separated list, folded unless `fold` is False."""
    return frozenset(_fold(word) if fold else word for word in text.split())


def _qualifiers(groups: Mapping[Bound, str]) -> dict[tuple[str, ...], tuple[Bound, str]]:
    """Return qualifier phrases keyed by token keys, each with its bound and written form."""
    return {
        _key(phrase.strip()): (bound, phrase.strip().lstrip("-"))
        for bound, text in groups.items()
        for phrase in text.split("|")
    }


# ---------------------------------------------------------------------------------
# Language tables


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """How one language writes quantities: number words, qualifiers, units, stop words.

    `either_separator` says whether "." may group thousands (Spanish) or only ","
    (English). `joiners` map a joining word to the words it may follow ("and" after
    "hundred", "y" after "sesenta"). `head_first` says the head noun of a counted
    phrase comes first (Spanish) rather than last (English).
    """

    code: str
    either_separator: bool
    cardinals: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    joiners: Mapping[str, frozenset[str]] = field(default_factory=dict)
    no_lead: frozenset[str] = frozenset()
    scales: Mapping[str, int] = field(default_factory=dict)
    money_scales: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    plurals: Mapping[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)
    qualifiers: Mapping[tuple[str, ...], tuple[Bound, str]] = field(default_factory=dict)
    trailing: Mapping[tuple[str, ...], tuple[Bound, str]] = field(default_factory=dict)
    openers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    links: frozenset[str] = _DASHES
    changes: frozenset[str] = frozenset()
    of: frozenset[str] = frozenset()
    units: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    stops: frozenset[str] = frozenset()
    year_words: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    plural_nouns: frozenset[str] = frozenset()
    bare_adjectives: frozenset[str] = frozenset()
    prenominal: frozenset[str] = frozenset()
    head_first: bool = False
    months: str = ""
    dates: Sequence[str] = ()
    dates_ignore_case: bool = False


#: ISO codes of the currencies newsweave names, written as they are in any language.
_CURRENCIES = _words(
    "USD EUR GBP JPY MXN CAD AUD CNY BRL ARS COP CLP INR CHF NZD HKD SGD", fold=False
)
_CURRENCY_CODES = {code.lower(): code for code in _CURRENCIES}

# Units written the same in every language: symbols and ISO codes.
_SYMBOL_UNITS = {(key,): code for key, code in _CURRENCY_CODES.items()} | _grouped(
    {
        "%": "%",
        "km": "km | kms",
        "m": "m",
        "cm": "cm",
        "mm": "mm",
        "kg": "kg | kgs",
        "km2": "km2 | km² | sq km",
        "km/h": "km/h | kph",
        "°C": "°C",
        "°F": "°F",
        "ha": "ha",
        "MW": "MW",
        "GW": "GW",
        "kW": "kW",
        "GHz": "GHz",
        "MHz": "MHz",
        "EUR": "€",
        "GBP": "£",
        "JPY": "¥",
    }
)
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
#: Letters written before "$": "US$", "MX$", "C$".
_DOLLAR_PREFIXES = {
    "us": "USD",
    "u.s.": "USD",
    "mx": "MXN",
    "mex": "MXN",
    "c": "CAD",
    "ca": "CAD",
    "can": "CAD",
    "a": "AUD",
    "au": "AUD",
    "nz": "NZD",
    "hk": "HKD",
    "s": "SGD",
    "r": "BRL",
}
#: Scale letters that mean a multiple only for money: "$5m", "$30k"; "5m" is five meters.
_MONEY_ONLY_SCALES = {"m": 10**6, "k": 10**3, "b": 10**9}
#: What may be glued to digits: units and scale abbreviations ("3km", "1.5bn").
_GLUED_UNITS = {key[0]: unit for key, unit in _SYMBOL_UNITS.items() if len(key) == 1}
_GLUED_UNITS.update({"mi": "mi", "ft": "ft", "lb": "lb", "lbs": "lb"})
_GLUED_SCALES = {"bn": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12}

_TIME_UNITS_EN = {
    "year": "year | years | yr | yrs",
    "month": "month | months",
    "week": "week | weeks",
    "day": "day | days",
    "hour": "hour | hours | hr | hrs",
    "minute": "minute | minutes | min | mins",
    "second": "second | seconds | sec | secs",
    "decade": "decade | decades",
    "century": "century | centuries",
}

_ENGLISH_STOPS = """
    of in on at to for with from by about into onto over under across after before since
    per than as between through during against among amid without within near via toward towards
    upon around along beside beyond despite including like unlike until till
    and or but nor yet so that which who whom whose where when while because if whether
    though although unless
    the a an this these those their its his her our your my some any each every no
    he she it they we you i them us him me
    is are was were be been being has have had will would can could may might must shall
    should do does did said says say told according
    more most less least also not now then here there today tonight yesterday tomorrow
    forward back ahead away ago later earlier apart apiece again together alone too only
    just already still even such other another both all many much few several
    ’s 's
"""

_ENGLISH = _Lexicon(
    code="en",
    either_separator=False,
    cardinals=_words(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
        sixty seventy eighty ninety hundred thousand million billion"""
    ),
    weak=_words("one"),
    articles=_words("a an"),
    joiners={"and": _words("hundred thousand million billion")},
    no_lead=_words("hundred thousand million billion"),
    scales={
        "hundred": 100,
        "thousand": 10**3,
        "million": 10**6,
        "billion": 10**9,
        "trillion": 10**12,
        "dozen": 12,
        **_GLUED_SCALES,
    },
    plurals=_table(
        {
            "dozens": (24, 100),
            "hundreds": (200, 1000),
            "thousands": (2000, 10**6),
            "millions": (2 * 10**6, 10**9),
            "billions": (2 * 10**9, 10**12),
            "tens of thousands": (2 * 10**4, 10**5),
            "hundreds of thousands": (2 * 10**5, 10**6),
            "tens of millions": (2 * 10**7, 10**8),
            "hundreds of millions": (2 * 10**8, 10**9),
            "several dozen": (24, 100),
            "a few dozen": (24, 100),
            "several hundred": (200, 1000),
            "a few hundred": (200, 1000),
            "several thousand": (2000, 10**4),
            "a few thousand": (2000, 10**4),
        }
    ),
    qualifiers=_qualifiers(
        {
            "above": """more than | over | above | greater than | higher than | upwards of
                | in excess of | well over | well above""",
            "at_least": """at least | no less than | no fewer than | not less than
                | not fewer than | a minimum of""",
            "nearly": """nearly | almost | just under | just below | just shy of
                | slightly less than | slightly fewer than | a little under | not quite""",
            "about": """about | around | roughly | approximately | approx | some
                | an estimated | estimated | close to | more or less | circa""",
            "just_over": """just over | just above | slightly more than | a little over
                | a little more than""",
            "at_most": """up to | as many as | as much as | at most | no more than
                | not more than | a maximum of""",
            "below": """less than | fewer than | under | below | lower than | well under
                | well below""",
        }
    ),
    trailing=_qualifiers(
        {
            "at_least": "or more | or over | or above | -plus | +",
            "at_most": "or fewer | or less",
            "about": "or so | -odd",
        }
    ),
    openers={"between": _words("and")},
    links=_DASHES | _words("to or"),
    changes=_words("from"),
    of=_words("of"),
    units={
        **_SYMBOL_UNITS,
        **_grouped(
            {
                "km": """kilometer | kilometers | kilometre | kilometres""",
                "mi": "mile | miles | mi",
                "m": "meter | meters | metre | metres",
                "cm": "centimeter | centimeters | centimetre | centimetres",
                "mm": "millimeter | millimeters | millimetre | millimetres",
                "ft": "foot | feet | ft",
                "in": "inch | inches",
                "yd": "yard | yards",
                "km2": "square kilometers | square kilometres | square km",
                "mi2": "square miles | square mile | sq mi",
                "m2": "square meters | square metres",
                "ha": "hectare | hectares",
                "acre": "acre | acres",
                "kg": "kilogram | kilograms | kilo | kilos",
                "g": "gram | grams",
                "t": "ton | tons | tonne | tonnes | metric ton | metric tons",
                "lb": "pound | pounds | lb | lbs",
                "oz": "ounce | ounces | oz",
                "l": "liter | liters | litre | litres",
                "gal": "gallon | gallons",
                "bbl": "barrel | barrels",
                "%": "percent | per cent | pct",
                "pp": "percentage point | percentage points",
                "km/h": "kilometers per hour | kilometres per hour",
                "mph": "mph | miles per hour",
                "°C": "degrees celsius | degrees centigrade | degrees C",
                "°F": "degrees fahrenheit | degrees F",
                "deg": "degree | degrees",
                "MW": "megawatt | megawatts",
                "GW": "gigawatt | gigawatts",
                "kW": "kilowatt | kilowatts",
                "times": "times",
                "cent": "cent | cents",
                "USD": """dollar | dollars | US dollars | U.S. dollars | American dollars""",
                "CAD": "Canadian dollars | Canadian dollar",
                "AUD": "Australian dollars | Australian dollar",
                "EUR": "euro | euros",
                "MXN": "peso | pesos | Mexican pesos",
                "ARS": "Argentine pesos | Argentinian pesos",
                "COP": "Colombian pesos",
                "CLP": "Chilean pesos",
                "GBP": "pounds sterling | sterling",
                "JPY": "yen",
                "CNY": "yuan | renminbi",
                "INR": "rupee | rupees",
                "BRL": "reais | real",
                "CHF": "Swiss francs",
                **_TIME_UNITS_EN,
            }
        ),
    },
    stops=_words(_ENGLISH_STOPS),
    year_words=_words(
        """in since until till by from of during before after through the this that its
        their his her our a an year years fiscal early late mid and to or"""
    ),
    determiners=_words("the this that no any every each which whichever what another"),
    plural_nouns=_words(
        """people children men women police personnel staff cattle sheep fish deer feet
        teeth mice geese crew livestock data media"""
    ),
    bare_adjectives=_words(
        """dead injured wounded killed missing displaced homeless unemployed hospitalized
        infected detained arrested evacuated rescued elderly sick"""
    ),
    dates=(
        r"\b{M}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s?[-–]\s?\d{{1,2}}\b)?(?:,?\s+\d{{4}}\b)?",
        r"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{M}(?:,?\s+\d{{4}}\b)?",
        r"\b{M},?\s+\d{{4}}\b",
        r"\b\d{{1,2}}\s*[aApP]\.?\s?[mM]\b\.?",
        r"\bNo\.\s?\d+",
    ),
    months=(
        r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
    ),
)

_SPANISH_STOPS = """
    de del en con por para a al sin sobre entre desde hasta segun tras ante bajo contra
    hacia durante mediante
    y e o u ni que quien quienes cuyo cuya donde cuando como pero sino porque si aunque
    el la los las lo un una unos unas este esta estos estas ese esa esos esas aquel aquella
    su sus mi mis tu tus nuestro nuestra nuestros nuestras
    se le les me te nos ellos ellas el ella
    es son fue fueron era eran ser sido ha han habia habian hay sera seran esta estan
    estaba estaban dijo dice segun
    mas menos muy ya tambien no si aun todavia cada otro otra otros otras ambos ambas
    todos todas muchos muchas varios varias hoy ayer manana
"""

_SPANISH = _Lexicon(
    code="es",
    either_separator=True,
    cardinals=_words(
        """cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce
        quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintiún veintidós
        veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve
        treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento doscientos
        doscientas trescientos trescientas cuatrocientos cuatrocientas quinientos quinientas
        seiscientos seiscientas setecientos setecientas ochocientos ochocientas novecientos
        novecientas mil millón millones""",
        fold=False,
    ),
    weak=frozenset({"uno"}),
    articles=_words("un una"),
    joiners={"y": _words("treinta cuarenta cincuenta sesenta setenta ochenta noventa")},
    no_lead=frozenset({"millón", "millones"}),
    scales={
        "mil": 10**3,
        "millon": 10**6,
        "millones": 10**6,
        "millardo": 10**9,
        "millardos": 10**9,
        "billon": 10**12,
        "billones": 10**12,
        "docena": 12,
        **_GLUED_SCALES,
    },
    money_scales={"mdd": (10**6, "USD"), "mdp": (10**6, "MXN"), "mmdd": (10**9, "USD")},
    plurals=_table(
        {
            "docenas": (24, 100),
            "decenas": (20, 100),
            "cientos": (200, 1000),
            "centenares": (200, 1000),
            "miles": (2000, 10**6),
            "millares": (2000, 10**6),
            "millones": (2 * 10**6, 10**9),
            "decenas de miles": (2 * 10**4, 10**5),
            "cientos de miles": (2 * 10**5, 10**6),
            "centenares de miles": (2 * 10**5, 10**6),
            "decenas de millones": (2 * 10**7, 10**8),
            "cientos de millones": (2 * 10**8, 10**9),
            "miles de millones": (2 * 10**9, 10**12),
            "varias decenas": (20, 100),
            "varios cientos": (200, 1000),
            "varios miles": (2000, 10**4),
        }
    ),
    qualifiers=_qualifiers(
        {
            "above": "más de | por encima de | arriba de",
            "at_least": "al menos | por lo menos | como mínimo | no menos de",
            "nearly": "casi | poco menos de",
            "about": """cerca de | alrededor de | unos | unas | aproximadamente | aprox
                | más o menos | en torno a | del orden de""",
            "just_over": "poco más de | algo más de",
            "at_most": "hasta | como máximo | a lo sumo | no más de",
            "below": "menos de | por debajo de",
        }
    ),
    trailing=_qualifiers({"at_least": "o más", "at_most": "o menos", "just_over": "y pico"}),
    openers={"entre": _words("y e")},
    links=_DASHES | _words("a o u"),
    changes=_words("de desde"),
    of=_words("de"),
    units={
        **_SYMBOL_UNITS,
        **_grouped(
            {
                "km": "kilómetro | kilómetros",
                "mi": "milla | millas",
                "m": "metro | metros",
                "cm": "centímetro | centímetros",
                "mm": "milímetro | milímetros",
                "km2": "kilómetros cuadrados | kilómetro cuadrado",
                "m2": "metros cuadrados | metro cuadrado",
                "ha": "hectárea | hectáreas",
                "kg": "kilo | kilos | kilogramo | kilogramos",
                "g": "gramo | gramos",
                "t": "tonelada | toneladas",
                "lb": "libra | libras",
                "l": "litro | litros",
                "bbl": "barril | barriles",
                "%": "por ciento",
                "pp": "punto porcentual | puntos porcentuales",
                "km/h": "kilómetros por hora",
                "°C": "grados centígrados | grados Celsius",
                "deg": "grado | grados",
                "MW": "megavatio | megavatios",
                "times": "veces",
                "cent": "centavo | centavos",
                "year": "año | años",
                "month": "mes | meses",
                "week": "semana | semanas",
                "day": "día | días",
                "hour": "hora | horas",
                "minute": "minuto | minutos",
                "second": "segundo | segundos",
                "decade": "década | décadas",
                "century": "siglo | siglos",
                "USD": """dólar | dólares | dólares estadounidenses | dólares americanos
                    | dólares norteamericanos""",
                "CAD": "dólares canadienses",
                "AUD": "dólares australianos",
                "EUR": "euro | euros",
                "MXN": "peso | pesos | pesos mexicanos",
                "ARS": "pesos argentinos",
                "COP": "pesos colombianos",
                "CLP": "pesos chilenos",
                "GBP": "libras esterlinas",
                "JPY": "yenes",
                "CNY": "yuanes",
                "BRL": "reales",
            }
        ),
    },
    stops=_words(_SPANISH_STOPS),
    year_words=_words(
        """en desde hasta de del durante antes despues el la los las año años para a al
        este ese y o entre"""
    ),
    determiners=_words("el la lo ese este cada ningun ninguno cualquier otro"),
    prenominal=_words(
        """nuevos nuevas grandes pequeños pequeñas principales otros otras diferentes
        distintos distintas diversos diversas varios varias primeros primeras últimos
        últimas mejores peores posibles presuntos presuntas supuestos supuestas"""
    ),
    head_first=True,
    dates=(
        r"\b(?:\d{{1,2}}\s*(?:[-–]|y|al?)\s*)?\d{{1,2}}\s+de\s+{M}\b(?:\s+(?:de|del)\s+\d{{4}}\b)?",
        r"\b{M}\s+(?:de|del)\s+\d{{4}}\b",
        r"\b{M}\s+\d{{1,2}}\b",
        r"\b(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)\s+\d{{1,2}}\b",
        r"\b[Nn](?:º|°|o\.)\s?\d+",
    ),
    months=(
        r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre"
        r"|noviembre|diciembre)"
    ),
    dates_ignore_case=True,
)

_NEUTRAL = _Lexicon(code="", either_separator=True, units=_SYMBOL_UNITS)
_LEXICONS = {"en": _ENGLISH, "es": _SPANISH}

# Spans that hold numbers but no quantity, in every language.
_NOT_QUANTITIES = (
    r"\S*(?:://|www\.|@|#)\S*",  # links, handles, hashtags
    r"\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?",  # ISO dates
    r"\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b",  # numeric dates
    r"(?:\(\d{3}\)\s?|\b\d{3}[.-])\d{3}[.-]\d{4}\b",  # telephone numbers
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP]\.?\s?[mM]\b\.?)?",  # clock times
    r"\b\d+\.?\s?[ºª]",  # Spanish ordinals: 1.º, 2ª
    r"(?m:^[ \t]*\(?\d{1,3}[.)](?=\s))",  # list markers at the start of a line
    r"\(\d{1,3}\)",  # (1), (2)
)
_SLASHED = re.compile(r"\S*/\S*")


def _masks(lexicon: _Lexicon) -> re.Pattern[str]:
    """Return the pattern of the spans in which no number is a quantity, for a language."""
    common = (f"(?:{pattern})" for pattern in _NOT_QUANTITIES)
    # Each language's patterns keep their own case rule: English months are capitalized.
    scope = "(?i:{})" if lexicon.dates_ignore_case else "(?:{})"
    dates = (scope.format(p.format(M=lexicon.months)) for p in lexicon.dates)
    return re.compile("|".join((*common, *dates)))


def _masked_spans(text: str, masks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Return the sorted, disjoint spans of `text` where numbers are dates, times, codes, links."""
    spans = [match.span() for match in masks.finditer(text)]
    for match in _SLASHED.finditer(text):
        chunk = match.group().rstrip(".,;:!?)\"'”’")
        # "24/7", "05/07/2021", "pic.twitter.com/x" hold no quantity; "km/h" is a unit.
        if any(char.isdigit() or char == "." for char in chunk):
            spans.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _masked_tokens(tokens: Sequence[_Token], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Return, for each token, whether it overlaps one of the sorted, disjoint `spans`."""
    masked = []
    k = 0
    for token in tokens:
        while k < len(spans) and spans[k][1] <= token.start:
            k += 1
        masked.append(k < len(spans) and spans[k][0] < token.end)
    return masked


@dataclass(frozen=True, slots=True)
class _Language:
    """A lexicon with what is derived from it once: its masks and its function words."""

    lexicon: _Lexicon
    masks: re.Pattern[str]
    #: Words of every table: a capitalized one before a number does not make it a name.
    function_words: frozenset[str]
    #: Keys a number may start with when it is not written in digits.
    starts: frozenset[str]


@lru_cache(maxsize=8)
def _language(code: str) -> _Language:
    """Return the tables for a language code, the digits-and-symbols ones if it has none."""
    lexicon = _LEXICONS.get(code, _NEUTRAL)
    keys: Iterable[tuple[str, ...]] = (
        *lexicon.qualifiers,
        *lexicon.trailing,
        *lexicon.units,
        *lexicon.plurals,
    )
    function_words = frozenset(word for key in keys for word in key)
    starts = {_fold(word) for word in lexicon.cardinals} | lexicon.articles
    return _Language(
        lexicon,
        _masks(lexicon),
        function_words | lexicon.stops | lexicon.year_words | lexicon.openers.keys(),
        frozenset(starts | {key[0] for key in lexicon.plurals}),
    )


# ---------------------------------------------------------------------------------
# Numbers


@dataclass(frozen=True, slots=True)
class _Number:
    """A number read from tokens [first, end): its value and how it was written.

    `base` is the value before the scale words (`scale`); `high` the exclusive upper
    bound of a plural ("thousands"); `glued` a unit written against the digits.
    """

    value: Decimal
    first: int
    end: int
    written: Literal["digits", "words", "plural"]
    base: Decimal
    scale: int = 1
    plain: bool = False
    high: Decimal | None = None
    glued: str | None = None
    money: str | None = None


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_ENGLISH_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _digits_value(raw: str, either_separator: bool) -> Decimal | None:
    """Return the value of digits with separators, or None when they are not one number.

    English: "," groups thousands, "." marks decimals. Spanish (`either_separator`):
    the last separator marks decimals when both appear; a lone kind of separator
    followed by groups of exactly three digits groups thousands ("82.000", "82,000"),
    and otherwise marks decimals ("2,7").
    """
    if not either_separator:
        return Decimal(raw.replace(",", "")) if _ENGLISH_NUMBER.fullmatch(raw) else None
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _, fraction = raw.rpartition(decimal)
        if not _groups_of_three(whole.split(grouping)):
            return None
        return Decimal(whole.replace(grouping, "") + "." + fraction)
    separator = "," if "," in raw else "." if "." in raw else ""
    if not separator:
        return Decimal(raw)
    parts = raw.split(separator)
    if _groups_of_three(parts):
        return Decimal("".join(parts))
    return Decimal(raw.replace(",", ".")) if len(parts) == 2 else None


def _groups_of_three(parts: Sequence[str]) -> bool:
    """Return whether digit groups read as thousands: "82", "000"."""
    return len(parts) > 1 and 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _interval(value: Decimal, bound: Bound) -> tuple[float, float, bool, bool]:
    """Return (low, high, low_open, high_open): what `bound` lets a number written `value` be."""
    x = float(value)
    near, far = float(value * 9 / 10), float(value * 11 / 10)
    match bound:
        case "exact":
            return x, x, False, False
        case "above":
            return x, math.inf, True, False
        case "at_least":
            return x, math.inf, False, False
        case "nearly":
            return near, x, False, True
        case "about":
            return near, far, False, False
        case "just_over":
            return x, far, True, False
        case "at_most":
            return 0.0, x, False, False
        case "below":
            return 0.0, x, False, True


# ---------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit or currency read after a number: its name, the token and character after it."""

    name: str | None
    end: int
    char_end: int


#: A qualifier phrase found in the text: its bound and written form, token and char end.
_Phrase = tuple[tuple[Bound, str], int, int]


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a number: its unit, a trailing qualifier, the token and char after."""

    unit: str | None
    qualifier: tuple[Bound, str] | None
    end: int
    char_end: int


class _Reader:
    """Reads the quantities of one text, token by token, with one language's tables."""

    def __init__(self, text: str, language: _Language, article_id: str) -> None:
        self.text = text
        self.language = language
        self.lexicon = language.lexicon
        self.article_id = article_id
        self.tokens = _tokenize(text)
        self.masked = _masked_tokens(self.tokens, _masked_spans(text, language.masks))

    def quantities(self) -> list[Quantity]:
        """Return the quantities of the text, in order."""
        found = []
        index = 0
        while index < len(self.tokens):
            quantity, after = self.quantity_at(index)
            if quantity is not None:
                found.append(quantity)
            index = max(after, index + 1)
        return found

    # -- tokens ---------------------------------------------------------------------

    def token(self, index: int) -> _Token | None:
        """Return the token at `index` unless it is out of range or masked."""
        if 0 <= index < len(self.tokens) and not self.masked[index]:
            return self.tokens[index]
        return None

    def key(self, index: int) -> str:
        """Return the key of the token at `index`, "" when there is none."""
        token = self.token(index)
        return token.key if token is not None else ""

    def touching(self, left: int, right: int) -> bool:
        """Return whether nothing, not even a space, separates two tokens."""
        return self.tokens[left].end == self.tokens[right].start

    def spaced(self, left: int, right: int) -> bool:
        """Return whether at most one space separates two tokens."""
        return self.tokens[right].start - self.tokens[left].end <= 1

    def phrase_at(
        self, index: int, table: Mapping[tuple[str, ...], V]
    ) -> tuple[V, int, int] | None:
        """Return the value of the longest table phrase starting at `index`, its end and char end.

        Its last word may be the first part of a hyphenated word: "kilometer" in
        "kilometer-long", "year" in "year-old".
        """
        for length in range(_LONGEST_PHRASE, 0, -1):
            keys = [self.key(i) for i in range(index, index + length)]
            if "" in keys:
                continue
            last = self.tokens[index + length - 1]
            if (found := table.get(tuple(keys))) is not None:
                return found, index + length, last.end
            head, dash, _ = keys[-1].partition("-")
            if dash and head and (found := table.get((*keys[:-1], head))) is not None:
                return found, index + length, last.start + len(head)
        return None

    def phrase_before(self, index: int, table: Mapping[tuple[str, ...], V]) -> tuple[V, int] | None:
        """Return the value of the longest table phrase ending before `index`, and its start."""
        for length in range(_LONGEST_PHRASE, 0, -1):
            start = index - length
            keys = tuple(self.key(i) for i in range(start, index))
            if start >= 0 and "" not in keys and keys in table:
                return table[keys], start
        return None

    # -- numbers --------------------------------------------------------------------

    def number_at(self, index: int, money: bool) -> _Number | None:
        """Return the number written at `index` (digits, words or a plural), scale applied."""
        token = self.token(index)
        if token is None:
            return None
        if token.kind == "number":
            number = self.digits_at(index, money)
        elif token.key.partition("-")[0] in self.language.starts:
            number = self.plural_at(index) or self.words_at(index)
        else:
            return None
        if number is None or number.written == "plural":
            return number
        return self.scaled(number, money)

    def digits_at(self, index: int, money: bool) -> _Number | None:
        """Return the number of a digits token, reading a unit or scale glued to it."""
        token = self.tokens[index]
        match = _DIGITS.match(token.text)
        assert match is not None  # a number token starts with digits
        digits = match.group()
        value = _digits_value(digits, self.lexicon.either_separator)
        if value is None:
            return None
        glued = _fold(token.text[len(digits) :])
        if not glued:
            return _Number(value, index, index + 1, "digits", value, plain=digits.isdigit())
        scale = _GLUED_SCALES.get(glued) or (_MONEY_ONLY_SCALES.get(glued) if money else None)
        if scale is not None:
            return _Number(value * scale, index, index + 1, "digits", value, scale)
        if glued in _GLUED_UNITS:
            return _Number(value, index, index + 1, "digits", value, glued=_GLUED_UNITS[glued])
        return None  # an ordinal ("2nd"), a decade ("1990s"), a code ("5G")

    def plural_at(self, index: int) -> _Number | None:
        """Return a plural of a scale ("thousands", "tens of thousands") as the range it allows."""
        found = self.phrase_at(index, self.lexicon.plurals)
        if found is None:
            return None
        (low, high), end, _ = found
        return _Number(Decimal(low), index, end, "plural", Decimal(low), high=Decimal(high))

    def words_at(self, index: int) -> _Number | None:
        """Return a number written in words, read with text2num ("sixty-two", "tres mil")."""
        if self.tokens[index].key in self.lexicon.articles:
            # "a dozen", "un millón": an article is one when a scale word follows it.
            if self.key(index + 1) in self.lexicon.scales:
                return _Number(Decimal(1), index, index + 1, "words", Decimal(1))
            return None
        words = self.number_words(index)
        if not words or words[0] in self.lexicon.no_lead:
            return None
        for length in range(len(words), 0, -1):
            if words[length - 1] in self.lexicon.joiners:
                continue
            try:
                value = Decimal(int(text2num(" ".join(words[:length]), self.lexicon.code)))
            except ValueError:
                continue
            scale = self.trailing_scale(words[:length])
            return _Number(value, index, index + length, "words", value / scale, scale)
        return None

    def trailing_scale(self, words: Sequence[str]) -> int:
        """Return the product of the scale words ending a number in words: "tres mil millones"."""
        scale = 1
        for word in reversed(words):
            if (factor := self.lexicon.scales.get(_fold(word))) is None:
                break
            scale *= factor
        return scale

    def number_words(self, index: int) -> list[str]:
        """Return the run of number words starting at `index`, lowercased."""
        words: list[str] = []
        cardinals, joiners = self.lexicon.cardinals, self.lexicon.joiners
        while (token := self.token(index + len(words))) is not None and token.kind == "word":
            word = token.text.lower()
            following = self.token(index + len(words) + 1)
            joining = (
                word in joiners
                and bool(words)
                and words[-1] in joiners[word]
                and following is not None
                and following.text.lower() in cardinals
            )
            if not (joining or all(part in cardinals for part in word.split("-"))):
                break
            words.append(word)
        return words

    def scaled(self, number: _Number, money: bool) -> _Number:
        """Return `number` times the scale words after it ("2.7 million", "mil millones")."""
        scale, money_code, end = 1, number.money, number.end
        while (key := self.key(end)) and self.spaced(end - 1, end):
            if key in self.lexicon.scales:
                scale *= self.lexicon.scales[key]
            elif key in self.lexicon.money_scales:
                factor, money_code = self.lexicon.money_scales[key]
                scale *= factor
            elif money and key in _MONEY_ONLY_SCALES:
                scale *= _MONEY_ONLY_SCALES[key]
            else:
                break
            end += 1
        if end == number.end:
            return number
        return replace(
            number,
            value=number.value * scale,
            end=end,
            scale=number.scale * scale,
            plain=False,
            money=money_code,
        )

    # -- around the number ----------------------------------------------------------

    def currency_before(self, index: int) -> tuple[str | None, int]:
        """Return a currency written before token `index` ("US $", "€", "USD"), and its start."""
        before = self.token(index - 1)
        if before is None or not self.spaced(index - 1, index):
            return None, index
        if before.text in _CURRENCY_SYMBOLS:
            letters = self.token(index - 2)
            if before.text == "$" and letters is not None and self.dollar_prefix(index - 2):
                return _DOLLAR_PREFIXES[letters.key], index - 2
            return _CURRENCY_SYMBOLS[before.text], index - 1
        if before.key in _CURRENCY_CODES and before.text.isupper():
            return _CURRENCY_CODES[before.key], index - 1
        return None, index

    def dollar_prefix(self, index: int) -> bool:
        """Return whether the token at `index` names the dollar after it: "US", "MX", "C".

        Capitals only, and a single letter glued to the "$" ("C$5"), so that the
        article in "a $185 million gap" is not the Australian "A$".
        """
        letters = self.tokens[index]
        if letters.key not in _DOLLAR_PREFIXES or letters.text.lower() == letters.text:
            return False
        glued = self.touching(index, index + 1)
        return glued or (len(letters.key) > 1 and self.spaced(index, index + 1))

    def range_after(
        self, first: _Number, opener: str | None, money: bool
    ) -> tuple[_Number, _Number] | None:
        """Return the two ends of a range that starts with `first`, the scale applied to both.

        The ends come back as written even when the second is not the larger: two
        numbers joined by a dash that fall ("3-1") are a score or a code.
        """
        link = self.token(first.end)
        links = self.lexicon.openers[opener] if opener else self.lexicon.links
        if link is None or link.key not in links:
            return None
        start = first.end + 1
        if link.text not in _DASHES and self.key(start) in _CURRENCY_SYMBOLS:
            start += 1
        second = self.number_at(start, money)
        if second is None or second.written == "plural":
            return None
        if link.text in _DASHES and not self.dashed(first, second):
            return None
        if first.scale == 1 and second.scale > 1 and first.value <= second.base:
            # "10 to 12 million": the scale written once applies to both ends.
            first = replace(first, value=first.value * second.scale, scale=second.scale)
        return first, second

    def dashed(self, first: _Number, second: _Number) -> bool:
        """Return whether a dash joins two numbers as a range: "10-12", "10 – 12"."""
        if not first.written == second.written == "digits":
            return False
        dash = first.end
        if self.touching(dash - 1, dash) and self.touching(dash, second.first):
            return True
        return self.tokens[dash].text == "–" and self.spaced(dash, second.first)

    def unit_after(self, index: int, after_scale: bool) -> _Unit:
        """Return the unit or currency written from token `index` on.

        A dash glued on both sides may join it to the number ("3,200-kilometer");
        after a scale word or a plural, "of"/"de" may ("millones de dólares").
        """
        glued = self.key(index) in _DASHES and self.touching(index - 1, index)
        joined = glued or (after_scale and self.key(index) in self.lexicon.of)
        start = index + 1 if joined else index
        found = self.phrase_at(start, self.lexicon.units)
        if found is None:
            return _Unit(None, index, self.tokens[index - 1].end)
        name, end, char_end = found
        return _Unit(name, end, char_end)

    def counted_after(self, index: int, after_scale: bool) -> str | None:
        """Return the noun phrase a count counts, lowercased (see the module docstring)."""
        if after_scale and self.key(index) in self.lexicon.of:
            index += 1
        if (compound := self.compound_after(index)) is not None:
            return compound
        words: list[str] = []
        while len(words) < _LONGEST_COUNTED:
            token = self.token(index + len(words))
            if token is None or token.kind != "word" or token.key in self.lexicon.stops:
                break
            if token.text.lower() in self.lexicon.cardinals:
                break
            words.append(token.text.lower().removesuffix("’s").removesuffix("'s"))
        head_first = self.lexicon.head_first
        phrase = self.spanish_phrase(words) if head_first else self.english_phrase(words)
        return " ".join(phrase) or None

    def compound_after(self, index: int) -> str | None:
        """Return the noun a dash glues to the number ("a 659-seat house" counts "seat")."""
        noun = self.token(index + 1)
        if self.key(index) not in _DASHES or noun is None or noun.kind != "word":
            return None
        if not (self.touching(index - 1, index) and self.touching(index, index + 1)):
            return None
        return None if noun.key.partition("-")[0] in self.lexicon.stops else noun.text.lower()

    def english_phrase(self, words: list[str]) -> list[str]:
        """Return the words up to the head noun: the last plural-looking one, if any."""
        plural = [i for i, word in enumerate(words) if self.looks_plural(word, i)]
        if plural:
            return words[: plural[-1] + 1]
        while words and words[-1].endswith(("ed", "ing", "ly")):
            words = words[:-1]
        return words

    def looks_plural(self, word: str, position: int) -> bool:
        """Return whether an English word reads as a plural noun ("vaccines", "people", "dead")."""
        if word in self.lexicon.plural_nouns:
            return True
        if position == 0 and word in self.lexicon.bare_adjectives:
            return True
        return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))

    def spanish_phrase(self, words: list[str]) -> list[str]:
        """Return the head noun, the adjectives before it, and those after it that agree."""
        lead = 0
        while lead < len(words) and _fold(words[lead]) in self.lexicon.prenominal:
            lead += 1
        if lead == len(words):
            return words
        head = words[lead]
        for end in range(lead + 1, len(words)):
            word = words[end]
            plural = head.endswith("s")
            if word.endswith("s") != plural or (not plural and word[-1] != head[-1]):
                return words[:end]
        return words

    # -- judging --------------------------------------------------------------------

    def names_code(self, index: int) -> bool:
        """Return whether the plain number at `index` is part of a name ("Route 66")."""
        before = self.token(index - 1)
        return (
            before is not None
            and before.kind == "word"
            and before.text[0].isupper()
            and self.spaced(index - 1, index)
            and before.key not in self.language.function_words
            and not self.opens_sentence(index - 1)
        )

    def opens_sentence(self, index: int) -> bool:
        """Return whether the token at `index` is the first of a sentence or a line."""
        if index == 0:
            return True
        before = self.tokens[index - 1]
        line_break = "\n" in self.text[before.end : self.tokens[index].start]
        return line_break or (before.kind == "symbol" and before.text in _SENTENCE_OPENERS)

    def is_year(self, number: _Number, counts: str | None) -> bool:
        """Return whether a plain four-digit number is a year rather than a count."""
        if not (number.plain and len(self.tokens[number.first].text) == 4):
            return False
        if int(number.value) not in _YEARS:
            return False
        counted = counts is not None and (
            self.lexicon.head_first or self.looks_plural(counts.split()[-1], 1)
        )
        return not counted or self.key(number.first - 1) in self.lexicon.year_words

    def unreported(
        self, number: _Number, unit: str | None, counts: str | None, qualified: bool
    ) -> bool:
        """Return whether a number written in words stands for no quantity ("the two", "one of")."""
        if number.written != "words":
            return False
        if {self.tokens[i].key for i in range(number.first, number.end)} <= self.lexicon.weak:
            determined = self.key(number.first - 1) in self.lexicon.determiners
            return determined or (unit is None and counts is None)
        return unit is None and counts is None and not qualified

    # -- one quantity ---------------------------------------------------------------

    def quantity_at(self, index: int) -> tuple[Quantity | None, int]:
        """Return the quantity whose number starts at `index` (or None), and where to go on."""
        token = self.token(index)
        if token is None:
            return None, index + 1
        if token.kind != "number" and token.key.partition("-")[0] not in self.language.starts:
            return None, index + 1
        prefix, start = self.currency_before(index)
        number = self.number_at(index, money=prefix is not None)
        if number is None:
            return None, index + 1
        if number.plain and prefix is None and self.names_code(index):
            return None, self.after_code(number.end)
        return self.quantity_from(number, prefix, start)

    def after_code(self, index: int) -> int:
        """Return the index after a code's dashed digits ("737-800"), or `index`."""
        digits = self.token(index + 1)
        if self.key(index) in _DASHES and digits is not None and digits.kind == "number":
            return index + 2 if self.touching(index, index + 1) else index
        return index

    def quantity_from(
        self, number: _Number, prefix: str | None, start: int
    ) -> tuple[Quantity | None, int]:
        """Return the quantity built around `number` (or None), and the token after it."""
        lexicon = self.lexicon
        opener = self.key(start - 1) if self.key(start - 1) in lexicon.openers else None
        trailing = self.phrase_at(number.end, lexicon.trailing)
        ends = None if trailing else self.range_of(number, opener, prefix, start)
        if isinstance(ends, int):
            return None, ends
        first, last = ends if ends is not None else (number, number)
        if ends is not None and opener is not None:
            start -= 1
        tail = self.tail(last, trailing)
        unit = self.money(tail.unit, last, prefix)
        leading = self.phrase_before(start, lexicon.qualifiers)
        if leading is not None:
            start = leading[1]
        qualifier = leading[0] if leading is not None else tail.qualifier
        after_scale = last.scale > 1 or last.written == "plural"
        counts = self.counted_after(tail.end, after_scale) if unit is None else None
        rejected = (
            unit is None and prefix is None and self.is_year(first, counts)
        ) or self.unreported(first, unit, counts, qualifier is not None)
        if rejected:
            return None, tail.end
        low, high, low_open, high_open = self.bounds(first, last, ends is not None, qualifier)
        char_start = self.tokens[start].start
        quantity = Quantity(
            span=Span(self.article_id, char_start, tail.char_end),
            text=self.text[char_start : tail.char_end],
            value=float(first.value),
            low=low,
            high=high,
            unit=unit,
            counts=counts,
            qualifier=qualifier[1] if qualifier is not None else None,
            low_open=low_open,
            high_open=high_open,
        )
        return quantity, tail.end

    def range_of(
        self, number: _Number, opener: str | None, prefix: str | None, start: int
    ) -> tuple[_Number, _Number] | int | None:
        """Return the ends of the range `number` opens; for a score, the index after it.

        "from 10 to 12" is a change, not a range; "3-1" and "2020-21" fall, so they
        are a score or a span of years, and no quantity at all.
        """
        if self.key(start - 1) in self.lexicon.changes:
            return None
        ends = self.range_after(number, opener, money=prefix is not None)
        if ends is None or ends[1].value > ends[0].value:
            return ends
        return ends[1].end if self.tokens[number.end].text in _DASHES else None

    def tail(self, last: _Number, trailing: _Phrase | None) -> _Tail:
        """Return what follows the last number: its unit, a trailing qualifier, where it ends.

        The qualifier may stand before the unit ("3,000 or more kilometers") or
        after it ("3,000 kilometers or more").
        """
        end = trailing[1] if trailing is not None else last.end
        char_end = trailing[2] if trailing is not None else self.tokens[last.end - 1].end
        if last.glued is not None:
            return _Tail(last.glued, trailing[0] if trailing else None, end, char_end)
        unit = self.unit_after(end, last.scale > 1 or last.written == "plural")
        if unit.name is None:
            return _Tail(None, trailing[0] if trailing else None, end, char_end)
        if trailing is None:
            trailing = self.phrase_at(unit.end, self.lexicon.trailing)
            if trailing is not None:
                return _Tail(unit.name, trailing[0], trailing[1], trailing[2])
            return _Tail(unit.name, None, unit.end, unit.char_end)
        return _Tail(unit.name, trailing[0], unit.end, unit.char_end)

    def money(self, unit: str | None, number: _Number, prefix: str | None) -> str | None:
        """Return the unit, or the currency when the number is money.

        A currency word after the number ("pesos") outranks one implied by a scale
        ("mdd") and a symbol before it ("$"); "pounds" after a scale word are sterling.
        """
        if unit == "lb" and (number.scale > 1 or number.written == "plural"):
            return "GBP"
        if unit in _CURRENCIES:
            return unit
        return number.money or prefix or unit

    @staticmethod
    def bounds(
        first: _Number, last: _Number, is_range: bool, qualifier: tuple[Bound, str] | None
    ) -> tuple[float, float, bool, bool]:
        """Return (low, high, low_open, high_open) of a number, a range or a plural."""
        if is_range:
            return float(first.value), float(last.value), False, False
        if first.high is not None:
            return float(first.value), float(first.high), False, True
        return _interval(first.value, qualifier[0] if qualifier is not None else "exact")


# ---------------------------------------------------------------------------------
# Public


def find_quantities(
    text: str, *, article_id: str = "", language: str | None = "en"
) -> list[Quantity]:
    """Return every quantity in `text`, in order, as the interval it allows.

    `language` is an ISO 639-1 code ("en", "es"); None detects it from the text.
    A language without word tables here still yields numbers written in digits
    with symbol units ("15%", "€5", "3 km"). Spans are offsets into `text`, cited
    as `article_id`.
    """
    if language is None:
        language = detect_language(text)
    code = (language or "").lower().partition("-")[0]
    return _Reader(text, _language(code), article_id).quantities()


def head_noun(counts: str, *, language: str | None = "en") -> str:
    """Return the head noun of a `Quantity.counts` phrase, to match counts across reports.

    English puts it last ("missing persons cases" -> "cases"); Spanish first, after
    any adjective that goes before it ("nuevas personas desaparecidas" -> "personas").
    """
    words = counts.split()
    if not words:
        return ""
    lexicon = _LEXICONS.get((language or "").lower().partition("-")[0], _NEUTRAL)
    if not lexicon.head_first:
        return words[-1]
    return next((word for word in words if _fold(word) not in lexicon.prenominal), words[-1])
