"""The shapes of date expressions: templates, a language's grammar, and the regex parts they share.

A `Template` is one shape of expression ("June 8, 2021", "three weeks ago")
with the check of its context that tells a date from a name ("May" the month
or Theresa May). A `Grammar` is a language's templates with the patterns for
the words read before an expression's core. The English and Spanish templates
are in their own modules; here are those of every language (ISO 8601 and
numeric dates) and those made from dateparser's month names.

Every pattern starts with its core's first word or digit, never with an
optional word or a \\b: Python's regex engine then skips ahead to the
characters that can start a match, which makes finding 5-10 times faster.
The word boundary before a match is checked in code (`Template.blocked`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsweave.extract.dates.lexicon import Kind, Lexicon, zones

Guard = Callable[[str, "re.Match[str]", "Grammar"], bool]

WORD_CHAR = re.compile(r"\w")
#: How many characters before an expression are read for the words that change it.
WINDOW = 40


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
    blocked: re.Pattern[str] = WORD_CHAR
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


def alt(words: Iterable[str]) -> str:
    """Return a regex alternation of `words`, longest first so the longest wins."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def titled(words: Iterable[str]) -> str:
    """Return an alternation of the words capitalized or in capitals (English month names)."""
    return alt(form for w in words for form in (w.capitalize(), w.upper()))


def cased(words: Iterable[str]) -> str:
    """Return an alternation of the words in lower case or capitalized (first in a sentence)."""
    return alt(form for w in words for form in (w, w[:1].upper() + w[1:]))


YEAR = r"(?P<year>1\d{3}|2[01]\d{2})(?![.,]?\d)"
# The end of a span of years: "1995-99", "2013–2014".
YEAR_TO = r"(?:[-–](?P<year_to>\d{4}|\d{2})(?!\d))?"
ORDINAL = r"(?:st|nd|rd|th)?"
# The dot of an abbreviated month ("8 Jun."), not the full stop ending a sentence.
ABBREVIATION_DOT = r"(?:\.(?!\s*(?:[A-Z“\"]|$)))?"
NOT_A_NUMBER = r"(?![.,]\d|\d)"
_AM_PM = r"(?i:[ap]\.\s?m\.?|[ap]m\b)"
CLOCK = (
    rf"(?P<hour>\d{{1,2}})(?::|\.(?=\d\d\s*[ap]\.?\s?m))(?P<minute>[0-5]\d)(?::[0-5]\d)?"
    rf"(?:\s*(?P<ampm>{_AM_PM}))?"
    rf"|(?P<hour12>\d{{1,2}})\s*(?P<ampm12>{_AM_PM})"
)
# "0800 GMT": four digits are a time only with a zone after them.
MILITARY = r"(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)\s*(?P<tz>GMT|UTC|Z)\b"
# A year stands alone unless a sign, a number or a code runs into it ("$2010", "v2.2010").
YEAR_BLOCKED = re.compile(r"[\w$€£#.,/-]")


def zone_suffix() -> str:
    """Return the optional time zone after a clock time: "9 a.m. EDT", "(GMT)"."""
    return rf"(?:\s*\(?(?P<tz>{alt(zones())})\b\)?)?"


def template(
    kind: Kind, pattern: str, guard: Guard | None = None, *, counted: bool = False
) -> Template:
    """Return a template of a regex source, blocked after a word character."""
    return Template(kind, re.compile(pattern), guard, counted=counted)


# -- context checks every language uses -------------------------------------------

_SENTENCE_START = re.compile(r"(?:[.!?:;\"“”‘’(\[–—]\s*|\n)$")


def at_sentence_start(text: str, start: int) -> bool:
    """Whether `start` begins a sentence, a quote, a parenthesis or a line."""
    return start == 0 or bool(_SENTENCE_START.search(text, max(0, start - 3), start))


def after_word_of_time(text: str, start: int, grammar: Grammar) -> bool:
    """Whether a word after which a bare month or year is surely one comes right before `start`."""
    return bool(grammar.context_before.search(text, max(0, start - WINDOW), start))


def bare_year(text: str, match: re.Match[str], grammar: Grammar) -> bool:
    """Whether a four-digit number is a year: 1900–2099 alone, any year after a word of time."""
    if 1900 <= int(match["year"]) <= 2099:
        return True
    return after_word_of_time(text, match.start(), grammar)


# -- templates of every language ------------------------------------------------


def shared_templates() -> list[Template]:
    """Return the templates of every language: ISO 8601 and numeric dates."""
    return [
        template(
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


def foreign_templates(lex: Lexicon) -> list[Template]:
    """Return the templates of absolute dates and times for a language known by its months."""
    months = cased(lex.months)
    return [
        template(
            "date",
            rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+|di\s+)?(?P<month>{months})\b"
            rf"(?:\s*,?\s*(?:de\s+)?{YEAR})?",
        ),
        template("date", rf"(?P<month>{months})\s+(?P<day>\d{{1,2}})\b,?\s*{YEAR}"),
        template("date", rf"(?P<month>{months})\s+(?:de\s+)?{YEAR}"),
        template("clock", rf"(?:{CLOCK}){zone_suffix()}"),
    ]


def build_grammar(lex: Lexicon, templates: list[Template]) -> Grammar:
    """Return the grammar of a lexicon and its templates, the words before compiled."""

    def before(source: str) -> re.Pattern[str]:
        return re.compile(source, re.IGNORECASE)

    return Grammar(
        lexicon=lex,
        templates=tuple(templates),
        part_before=before(lex.part_before),
        shift_before=before(lex.shift_before),
        context_before=before(lex.context_before),
        article_before=before(lex.article_before) if lex.article_before else None,
        count_before=before(rf"\b(?P<n>\d+|{alt(lex.numbers)}|{alt(lex.vague_numbers)})\s+$"),
    )
