"""The words date expressions are made of, per language, read once from `data/dates.toml`.

English and Spanish have full word tables there. For another language a
lexicon of month names is made from dateparser's tables, enough for absolute
dates; dateparser also gives the time zone abbreviations.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args

Kind = Literal[
    "date", "weekday", "dayword", "period", "ago", "clock", "season", "decade", "unresolvable"
]
Part = Literal["early", "mid", "late", "earlier", "later"]

_PARTS: dict[str, Part] = {part: part for part in get_args(Part)}


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


def _read_words() -> dict[str, Any]:
    """Return the tables of dates.toml, by language code."""
    source = resources.files("newsweave.data").joinpath("dates.toml").read_text(encoding="utf-8")
    return tomllib.loads(source)


_WORDS = _read_words()


def _numbered(words: Sequence[str], first: int = 1) -> dict[str, int]:
    """Return each word → its place in the list, counting from `first`."""
    return {word: i for i, word in enumerate(words, start=first)}


def _lexicon(table: Mapping[str, Any]) -> Lexicon:
    """Return the lexicon one language's table of dates.toml describes."""
    return Lexicon(
        months=_numbered(table["months"]) | table["month_variants"],
        weekdays=_numbered(table["weekdays"], first=0) | table["weekday_variants"],
        numbers=_numbered(table["numbers"]) | table["number_variants"],
        vague_numbers=frozenset(table["vague_numbers"]),
        units={form: unit for unit, forms in table["units"].items() for form in forms},
        day_words=dict(table["day_words"]),
        shifts=dict(table["shifts"]),
        parts={words: _PARTS[part] for words, part in table["parts"].items()},
        seasons=dict(table["seasons"]),
        times_of_day=frozenset(table["times_of_day"]),
        month_day_first=table["month_day_first"],
        part_before=table["part_before"],
        shift_before=table["shift_before"],
        context_before=table["context_before"],
        article_before=table.get("article_before"),
    )


ENGLISH = _lexicon(_WORDS["en"])
SPANISH = _lexicon(_WORDS["es"])
#: The English month names in order: the keys of dateparser's month tables.
ENGLISH_MONTH_NAMES: tuple[str, ...] = tuple(_WORDS["en"]["months"])
#: The languages dates.toml has words for, in the order they are tried.
LANGUAGES = ("en", "es")


def cue_words(name: str, *, language: str | None = None) -> list[str]:
    """Return the cue words `name` of one language's `[cues]`, or of every language in order.

    Some cues are read in a text of any language (the words that join a
    range); they are then the words of all languages together.
    """
    codes = LANGUAGES if language is None else (language,)
    return [word for code in codes for word in _WORDS[code]["cues"].get(name, [])]


@lru_cache(maxsize=32)
def tense_cues(language: str | None) -> re.Pattern[str] | None:
    """Return the pattern of tense cues (groups "future" and "past"), None for a language without.

    None as language means every language with cues.
    """
    code = (language or "").split("-")[0].lower()
    chosen = [_WORDS[c]["tense"] for c in ((code,) if code else LANGUAGES) if c in LANGUAGES]
    if not chosen:
        return None
    future = "|".join(cue for tense in chosen for cue in tense["future"])
    past = "|".join(cue for tense in chosen for cue in tense["past"])
    return re.compile(rf"\b(?:(?P<future>{future})|(?P<past>{past}))\b")


def foreign_lexicon(language: str) -> Lexicon | None:
    """Return a lexicon of month names for a language only dateparser knows, or None."""
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except (KeyError, ValueError):
        return None
    months: dict[str, int] = {}
    for number, name in enumerate(ENGLISH_MONTH_NAMES, start=1):
        # Short forms ("mar", "sept") are words of their own in many languages.
        for form in info.get(name, []):
            if len(form) >= 4 and form.isalpha():
                months[form.lower()] = number
    return replace(ENGLISH, months=months, month_day_first=False) if months else None


@lru_cache(maxsize=1)
def zones() -> dict[str, int]:
    """Return time zone abbreviations → UTC offset in seconds, from dateparser's table."""
    from dateparser.timezones import timezone_info_list

    found: dict[str, int] = {}
    for group in timezone_info_list:
        for name, offset in group["timezones"]:
            if len(name) >= 3 and name.isupper():
                found.setdefault(name, int(offset))
    return found
