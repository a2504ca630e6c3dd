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
"early", "since", "from … to") are read next, and rules resolve it.

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

The package, in reading order: `lexicon` (the words of each language, from
`newsweave/data/dates.toml`), `patterns` (templates and grammars), `english`
and `spanish` (each language's templates and checks), `grammars` (which read
a text), `expressions` (what a match says), `finder` (matches to
expressions), `intervals` and `resolver` (what they mean).
"""

from __future__ import annotations

from newsweave.extract.dates.expressions import Expression
from newsweave.extract.dates.finder import find_expressions
from newsweave.extract.dates.grammars import grammars_for
from newsweave.extract.dates.intervals import Anchor, Resolution
from newsweave.extract.dates.lexicon import ENGLISH, SPANISH, Kind, Lexicon, Part
from newsweave.extract.dates.patterns import Grammar, Template
from newsweave.extract.dates.resolver import Resolver
from newsweave.types import AnchorSource, Article, DateMention, Granularity, Moment, Span

__all__ = [
    "ENGLISH",
    "SPANISH",
    "Anchor",
    "Expression",
    "Grammar",
    "Kind",
    "Lexicon",
    "Part",
    "Resolution",
    "Resolver",
    "Template",
    "find_dates",
    "find_expressions",
    "grammars_for",
    "report_anchor",
]


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
