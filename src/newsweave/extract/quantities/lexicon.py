"""The word tables quantities are read with, per language, read once from `data/quantities.toml`.

A `Lexicon` says how one language writes numbers, qualifiers, units and counted
nouns. The tables written alike in every language (symbol units, currency
symbols and codes, scale abbreviations) are module constants.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal, get_args

from newsweave.extract.quantities.tokens import DASHES, fold, phrase_key

Bound = Literal["exact", "above", "at_least", "nearly", "about", "just_over", "at_most", "below"]
#: A qualifier as the tables give it: the bound it sets and its written form.
Qualifier = tuple[Bound, str]
PhraseTable = dict[tuple[str, ...], str]

_BOUNDS: dict[str, Bound] = {bound: bound for bound in get_args(Bound)}


@dataclass(frozen=True, slots=True)
class Lexicon:
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
    qualifiers: Mapping[tuple[str, ...], Qualifier] = field(default_factory=dict)
    trailing: Mapping[tuple[str, ...], Qualifier] = field(default_factory=dict)
    openers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    links: frozenset[str] = DASHES
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


def _read_tables() -> dict[str, Any]:
    """Return the tables of quantities.toml: "common", then one per language code."""
    data = resources.files("newsweave.data").joinpath("quantities.toml")
    return tomllib.loads(data.read_text(encoding="utf-8"))


def _words(text: str, *, as_written: bool = False) -> frozenset[str]:
    """Return the words of a space-separated list, folded unless kept `as_written` (lowercased)."""
    return frozenset(word.lower() if as_written else fold(word) for word in text.split())


def _phrases(forms: Mapping[str, Sequence[str]]) -> PhraseTable:
    """Return a phrase table from `{value: [phrase, ...]}`, keyed by token keys."""
    return {phrase_key(phrase): value for value, phrases in forms.items() for phrase in phrases}


def _qualifiers(forms: Mapping[str, Sequence[str]]) -> dict[tuple[str, ...], Qualifier]:
    """Return qualifier phrases keyed by token keys, each with its bound and written form."""
    return {
        phrase_key(phrase): (_BOUNDS[bound], phrase.lstrip("-"))
        for bound, phrases in forms.items()
        for phrase in phrases
    }


def _word_sets(table: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Return `{word: "word word ..."}` as `{word: frozenset of words}`, keys folded."""
    return {fold(word): _words(words) for word, words in table.items()}


_TABLES = _read_tables()
_COMMON = _TABLES["common"]

#: ISO codes of the currencies newsweave names, written as they are in any language.
CURRENCIES = frozenset(_COMMON["currencies"].split())
CURRENCY_CODES = {code.lower(): code for code in CURRENCIES}
#: Units written the same in every language: symbols and ISO codes.
SYMBOL_UNITS: PhraseTable = {(key,): code for key, code in CURRENCY_CODES.items()} | _phrases(
    _COMMON["symbol_units"]
)
CURRENCY_SYMBOLS: dict[str, str] = dict(_COMMON["currency_symbols"])
#: Letters written before "$": "US$", "MX$", "C$".
DOLLAR_PREFIXES: dict[str, str] = dict(_COMMON["dollar_prefixes"])
#: Scale letters that mean a multiple only for money: "$5m", "$30k"; "5m" is five meters.
MONEY_ONLY_SCALES: dict[str, int] = dict(_COMMON["money_only_scales"])
#: What may be glued to digits: units and scale abbreviations ("3km", "1.5bn").
GLUED_UNITS = {key[0]: unit for key, unit in SYMBOL_UNITS.items() if len(key) == 1}
GLUED_UNITS.update(_COMMON["glued_units"])
GLUED_SCALES: dict[str, int] = dict(_COMMON["glued_scales"])
#: Spans that hold numbers but no quantity, in every language (regular expressions).
NOT_QUANTITIES: tuple[str, ...] = tuple(_COMMON["not_quantities"])


def _lexicon(code: str, table: Mapping[str, Any]) -> Lexicon:
    """Return the lexicon one language's table of quantities.toml describes."""
    return Lexicon(
        code=code,
        either_separator=table["either_separator"],
        cardinals=_words(table["cardinals"], as_written=True),
        weak=_words(table["weak"]),
        articles=_words(table["articles"]),
        joiners=_word_sets(table["joiners"]),
        no_lead=_words(table["no_lead"], as_written=True),
        scales={fold(word): scale for word, scale in table["scales"].items()} | GLUED_SCALES,
        money_scales={
            fold(word): (scale, currency)
            for word, (scale, currency) in table.get("money_scales", {}).items()
        },
        plurals={
            phrase_key(phrase): (low, high) for phrase, (low, high) in table["plurals"].items()
        },
        qualifiers=_qualifiers(table["qualifiers"]),
        trailing=_qualifiers(table["trailing"]),
        openers=_word_sets(table["openers"]),
        links=DASHES | _words(table["links"]),
        changes=_words(table["changes"]),
        of=_words(table["of"]),
        units=SYMBOL_UNITS | _phrases(table["units"]),
        stops=_words(table["stops"]),
        year_words=_words(table["year_words"]),
        determiners=_words(table["determiners"]),
        plural_nouns=_words(table.get("plural_nouns", "")),
        bare_adjectives=_words(table.get("bare_adjectives", "")),
        prenominal=_words(table.get("prenominal", "")),
        head_first=table["head_first"],
        months=table["months"],
        dates=tuple(table["dates"]),
        dates_ignore_case=table["dates_ignore_case"],
    )


#: The languages quantities.toml has tables for, by ISO 639-1 code.
LEXICONS = {code: _lexicon(code, table) for code, table in _TABLES.items() if code != "common"}
#: For a language without tables: numbers in digits and symbol units only.
NEUTRAL = Lexicon(code="", either_separator=True, units=SYMBOL_UNITS)
