"""Planted conflicts: a story's reports with one typed value changed, and where.

A conflict set needs stories whose contradictions are known. Real stories hold
few, and nobody has marked them; so this module plants them. From one story
(its reports, sentences and extracted facts) it makes, deterministically for a
seed, one case of each kind the story allows:

- `unchanged`: the story as written;
- `date`: a day date that two reports state (equal resolved day) is moved by
  2–5 days in one of them, written in the same format ("June 8" → "June 11",
  "Tuesday" → "Friday");
- `number`: an exact quantity that two reports state (same value, same unit or
  head noun) becomes a clearly different one in one of them (+3 for counts up
  to 10, else ×1.5);
- `name`: a person two reports name is given another person's name (`donors`,
  people of other stories) in one of them;
- `compatible`: one report's value is loosened so that it still agrees with
  the other report: a number X becomes "more than 0.95 X" or "nearly 1.05 X",
  a day date "June 8" becomes its month, "in June". No conflict should follow.

Of the pairs of reports that state the same value, the one whose two sentences
share the most content words is changed first: a contradiction needs both
reports to speak of the same thing, and a sentence no other report echoes
carries a different claim, not a conflicting one. Ties fall in seeded order.
Each rewrite is read back with the extract stage's own finders (the new date
must resolve to the intended day, the new number to the intended value, the
loosened one must overlap the other report's, `Quantity.overlaps`); a rewrite
that does not read back as intended is dropped, never kept half right.
"""

from __future__ import annotations

import calendar
import math
import random
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Generic, Literal, Protocol, TypeVar

from newsweave.extract.dates import find_dates
from newsweave.extract.names import fold, gender_of_first_name
from newsweave.extract.quantities import find_quantities, head_noun
from newsweave.reuse.evidence import content_words
from newsweave.reuse.tokens import tokenize
from newsweave.types import (
    Article,
    DateMention,
    Facts,
    Mention,
    Moment,
    OffsetMap,
    Quantity,
    Sentence,
    Span,
)

CaseKind = Literal["unchanged", "date", "number", "name", "compatible"]
FactKind = Literal["date", "number", "name"]

# A sentence with fewer content words is a dateline or a headline, not a claim
# two reports could disagree on.
_MIN_WORDS = 3
# Days a planted date moves by, either way: near enough to read as the same event.
_SHIFTS = (2, 3, 4, 5)
# Counts up to this move by _STEP; larger values are multiplied by _FACTOR.
_SMALL = 10
_STEP = 3
_FACTOR = 1.5
# "more than X*0.95", "nearly X*1.05": looser wordings that still allow X.
_LOOSER = (("more than", 0.95), ("nearly", 1.05))

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBREVIATIONS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_ABBREVIATIONS = {name.lower(): i for i, name in enumerate(calendar.day_abbr)}
_WORD_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+(?:st|nd|rd|th)?")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A word of a person's name: "Mary", "O'Brien", "Jean-Luc", an initial "J.".
_NAME_WORD = re.compile(r"[A-Z](?:[a-z]*(?:['’-][A-Za-z][a-z]*)*|\.)")


@dataclass(frozen=True)
class Change:
    """One planted edit: the new words' place in the changed report, and what they replaced.

    `witness` is where another report states the value the edit replaced.
    """

    span: Span
    kind: FactKind
    before: str
    after: str
    witness: Span


@dataclass(frozen=True)
class Case:
    """A story to run the compare stage on, and the change planted in it (None: as written)."""

    story: str
    kind: CaseKind
    articles: tuple[Article, ...]
    change: Change | None = None


def plant_cases(
    story: str,
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    facts: Mapping[str, Facts],
    *,
    donors: Sequence[str] = (),
    seed: int = 0,
) -> list[Case]:
    """Return the story unchanged, then one case per kind of change the story allows.

    `facts` are the extract stage's facts of each report (dates resolved as the
    pipeline resolves them); `donors` the names of people from other stories,
    for name changes. The same inputs and `seed` always give the same cases.
    """
    context = _Story(story, tuple(articles), sentences, facts, seed)
    makers: tuple[Callable[[_Story], Case | None], ...] = (
        _date_case,
        _number_case,
        lambda s: _name_case(s, donors),
        _loosened_number_case,
        _month_case,
    )
    planted = (make(context) for make in makers)
    return [Case(story, "unchanged", context.articles), *(c for c in planted if c is not None)]


# --- rewriting the words of one value -------------------------------------------------


def shift_date_text(text: str, old: date, new: date) -> str | None:
    """Return a date expression rewritten from day `old` to day `new`, in the same format.

    Month and weekday names keep their form (full or abbreviated, case), day
    numbers their zero padding and ordinal suffix, a four-digit year changes
    with the date. None when the text holds nothing to rewrite.
    """
    pieces = []
    last = 0
    for match in _WORD_OR_NUMBER.finditer(text):
        word = match.group()
        replacement = _shift_word(word, old, new)
        pieces.append(text[last : match.start()] + replacement)
        last = match.end()
    rewritten = "".join(pieces) + text[last:]
    return rewritten if rewritten != text else None


def month_only_text(text: str) -> str | None:
    """Return a day date's words cut to its month (and year): "June 8, 2021" → "June 2021"."""
    month = next(
        (m for m in _WORD_OR_NUMBER.finditer(text) if _month_of(m.group()) is not None), None
    )
    if month is None or not any(w.group()[:1].isdigit() for w in _WORD_OR_NUMBER.finditer(text)):
        return None
    dot = "." if text[month.end() : month.end() + 1] == "." else ""
    year = re.search(r"\b\d{4}\b", text)
    return month.group() + dot + (f" {year.group()}" if year else "")


def changed_value(value: float) -> float:
    """Return a value clearly different from `value`: +3 for a small count, else ×1.5."""
    if value.is_integer() and value <= _SMALL:
        return value + _STEP
    new = value * _FACTOR
    return float(round(new)) if value.is_integer() else round(new, 2)


def write_number(text: str, value: float, new_value: float) -> str | None:
    """Return a quantity's words with its number `value` written as `new_value`.

    The number keeps its scale word and grouping ("2.7 million" → "4.05
    million", "3,000-kilometer" → "4,500-kilometer"); a number in words ("six",
    "a dozen") is written in digits. None when the words hold no number to replace.
    """
    match = _DIGITS.search(text)
    if match is None:
        # A number in words and nothing else ("six", "a dozen"): write it in digits.
        return _format(new_value, grouped=True) if not re.search(r"\d", text) else None
    shown = float(match.group().replace(",", ""))
    if shown == 0:
        return None
    scale = value / shown
    number = _format(new_value / scale, grouped="," in match.group())
    return text[: match.start()] + number + text[match.end() :]


def looser_numbers(value: float) -> list[tuple[str, float]]:
    """Return the looser wordings of `value` to try: ("more than", ~0.95 X), ("nearly", ~1.05 X).

    The new number is rounded away from `value` at its own precision, so that
    "more than" stays below it and "nearly" above it.
    """
    places = _decimals(value)
    step = 10**places
    found = []
    for qualifier, factor in _LOOSER:
        scaled = value * factor * step
        rounded = math.floor(scaled) if factor < 1 else math.ceil(scaled)
        found.append((qualifier, rounded / step))
    return found


def _shift_word(word: str, old: date, new: date) -> str:
    """Return one word of a date expression as it reads for day `new` instead of `old`."""
    lowered = word.lower()
    if lowered in _MONTHS:
        return _cased(calendar.month_name[new.month], word)
    if lowered in _MONTH_ABBREVIATIONS:
        return _cased(calendar.month_abbr[new.month], word)
    if lowered in _WEEKDAYS:
        return _cased(calendar.day_name[new.weekday()], word)
    if lowered in _WEEKDAY_ABBREVIATIONS:
        return _cased(calendar.day_abbr[new.weekday()], word)
    digits = word.rstrip("stndrh")
    if not digits.isdigit():
        return word
    if len(digits) == 4 and int(digits) == old.year:
        return str(new.year)
    if len(digits) <= 2 and int(digits) == old.day:
        day = f"{new.day:02d}" if digits.startswith("0") else str(new.day)
        return day + (_ordinal(new.day) if digits != word else "")
    return word


def _month_of(word: str) -> int | None:
    lowered = word.lower()
    return _MONTHS.get(lowered, _MONTH_ABBREVIATIONS.get(lowered))


def _cased(name: str, like: str) -> str:
    """Return `name` in the case of `like`: "JUNE", "June" or "june"."""
    if like.isupper() and len(like) > 1:
        return name.upper()
    return name if like[:1].isupper() else name.lower()


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _decimals(value: float) -> int:
    """Return the decimal places `value` is written with (at most 2)."""
    return next((places for places in range(3) if round(value, places) == value), 2)


def _format(value: float, *, grouped: bool) -> str:
    return f"{value:{',' if grouped else ''}.{_decimals(value)}f}"


# --- the story and the pairs of reports that state one value --------------------------


class _Fact(Protocol):
    @property
    def span(self) -> Span: ...


F = TypeVar("F", bound=_Fact)


@dataclass(frozen=True)
class _Pair(Generic[F]):
    """A fact to change in one report, and the same value as another report states it."""

    target: F
    witness: F
    similarity: float


@dataclass(frozen=True)
class _Story:
    """One story's reports, sentences and facts, and the seeded choices made over them."""

    name: str
    articles: tuple[Article, ...]
    sentences: Mapping[str, Sequence[Sentence]]
    facts: Mapping[str, Facts]
    seed: int

    @cached_property
    def rng(self) -> random.Random:
        # A string seed is hashed with SHA-512: the same in every process.
        return random.Random(f"{self.seed}:{self.name}")

    @cached_property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def words(self, span: Span) -> frozenset[str] | None:
        """Return the content words around a fact, None when they make no claim.

        The words are those of the fact's sentence, on its line, less the fact's
        own: a dateline ("May 03, 2013") or a headline glued to the first
        sentence states no claim another report could contradict.
        """
        sentences = self.sentences.get(span.article_id, ())
        i = bisect_right([s.start for s in sentences], span.start) - 1
        if i < 0 or span.end > sentences[i].end:
            return None
        text = self.by_id[span.article_id].text
        start = max(sentences[i].start, text.rfind("\n", 0, span.start) + 1)
        end = text.find("\n", span.end)
        end = sentences[i].end if end < 0 else min(end, sentences[i].end)
        around = text[start : span.start] + " " + text[span.end : end]
        language = self.by_id[span.article_id].language or "en"
        words = content_words(tokenize(around).words, language)
        return words if len(words) >= _MIN_WORDS else None

    def anchor(self, article: Article) -> Moment | None:
        """Return the date the pipeline resolves the report's relative dates against."""
        # As `extract_story` does: the report's own date, else its story's first.
        if article.published is not None:
            return article.published
        dated = [a.published for a in self.articles if a.published is not None]
        return min(dated, key=lambda m: m.value) if dated else None

    def pairs(
        self, facts_of: Callable[[Facts], Iterable[F]], key: Callable[[F], Hashable | None]
    ) -> list[_Pair[F]]:
        """Return the pairs of facts of two reports with one key, most alike sentences first."""
        by_key: dict[Hashable, list[F]] = defaultdict(list)
        for article in self.articles:
            for fact in facts_of(self.facts.get(article.id, Facts())):
                value = key(fact)
                if value is not None:
                    by_key[value].append(fact)
        pairs = []
        for group in by_key.values():
            for target in group:
                for witness in group:
                    if witness.span.article_id == target.span.article_id:
                        continue
                    a, b = self.words(target.span), self.words(witness.span)
                    if a is not None and b is not None:
                        pairs.append(_Pair(target, witness, _dice(a, b)))
        self.rng.shuffle(pairs)
        pairs.sort(key=lambda p: -p.similarity)  # stable: ties keep the seeded order
        return pairs

    def edit(self, start: int, end: int, article_id: str, new: str) -> tuple[Case, Span]:
        """Return the story with characters [start, end) of one report replaced by `new`."""
        article = self.by_id[article_id]
        text = article.text[:start] + new + article.text[end:]
        changed = replace(article, text=text, original=text, offsets=OffsetMap())
        articles = tuple(changed if a.id == article_id else a for a in self.articles)
        return Case(self.name, "unchanged", articles), Span(article_id, start, start + len(new))


def _within(found: Span, span: Span) -> bool:
    """Return whether a fact read anew lies within the rewritten words (a date after "in")."""
    return span.start <= found.start and found.end <= span.end


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def _planted(
    story: _Story, kind: CaseKind, fact: FactKind, pair: _Pair[F], start: int, new: str
) -> tuple[Case, Change]:
    """Return the case with `new` written over [start, end of the target fact)."""
    target = pair.target.span
    case, span = story.edit(start, target.end, target.article_id, new)
    before = story.by_id[target.article_id].text[start : target.end]
    change = Change(span, fact, before, new, pair.witness.span)
    return replace(case, kind=kind, change=change), change


# --- dates ----------------------------------------------------------------------------


def _day_key(mention: DateMention) -> str | None:
    """Return the day a date expression names, when it names exactly one day."""
    start = mention.start
    if start is None or mention.granularity != "day" or mention.end != start:
        return None
    return mention.value


def _dates(facts: Facts) -> tuple[DateMention, ...]:
    return facts.dates


def _date_at(story: _Story, case: Case, span: Span) -> DateMention | None:
    """Return the date expression the extract stage finds within `span`, read anew."""
    article = next(a for a in case.articles if a.id == span.article_id)
    found = find_dates(
        article.text,
        article_id=article.id,
        anchor=story.anchor(article),
        language=article.language,
    )
    return next((d for d in found if _within(d.span, span)), None)


def _shifts(story: _Story) -> list[int]:
    """Return the day shifts to try, in seeded order: one direction first, then the other."""
    shifts = list(_SHIFTS)
    story.rng.shuffle(shifts)
    sign = story.rng.choice((1, -1))
    return [sign * s for s in shifts] + [-sign * s for s in shifts]


def _date_case(story: _Story) -> Case | None:
    """Return the story with a day date that another report shares moved by 2–5 days."""
    for pair in story.pairs(_dates, _day_key):
        mention = pair.target
        assert mention.start is not None
        old = mention.start.value.date()
        for shift in _shifts(story):
            new = old + timedelta(days=shift)
            words = shift_date_text(mention.text, old, new)
            if words is None:
                break
            case, change = _planted(story, "date", "date", pair, mention.span.start, words)
            found = _date_at(story, case, change.span)
            if found is not None and _day_key(found) == new.isoformat():
                return case
    return None


def _month_case(story: _Story) -> Case | None:
    """Return the story with a shared day date cut to its month ("June 8" → "in June")."""
    for pair in story.pairs(_dates, _day_key):
        mention = pair.target
        words = month_only_text(mention.text)
        assert mention.start is not None
        if words is None:
            continue
        start = mention.span.start
        text = story.by_id[mention.span.article_id].text
        before = text[max(0, start - 3) : start]
        if before in ("on ", "On "):
            # "on June 8" becomes "in June", as a writer would put it.
            start, words = start - 3, ("In " if before[0] == "O" else "in ") + words
        case, change = _planted(story, "compatible", "date", pair, start, words)
        found = _date_at(story, case, change.span)
        month = mention.start.value.strftime("%Y-%m")
        if found is not None and found.granularity == "month" and found.value == month:
            return case
    return None


# --- numbers --------------------------------------------------------------------------


def _quantities(facts: Facts) -> tuple[Quantity, ...]:
    return facts.quantities


def _measure(quantity: Quantity) -> str | None:
    """Return what a quantity measures: its unit, else the head noun of what it counts."""
    if quantity.unit:
        return quantity.unit
    return head_noun(quantity.counts) if quantity.counts else None


def _exact_key(quantity: Quantity) -> tuple[float, str] | None:
    """Return (value, what it measures) of an exact quantity that measures something."""
    measure = _measure(quantity)
    exact = quantity.low == quantity.high == quantity.value and not quantity.qualifier
    return (quantity.value, measure) if exact and measure and quantity.value > 0 else None


def _quantity_at(case: Case, span: Span) -> Quantity | None:
    """Return the quantity the extract stage finds within `span`, read anew."""
    article = next(a for a in case.articles if a.id == span.article_id)
    found = find_quantities(article.text, article_id=article.id, language=article.language)
    return next((q for q in found if _within(q.span, span)), None)


def _number_case(story: _Story) -> Case | None:
    """Return the story with an exact number that another report shares made clearly different."""
    for pair in story.pairs(_quantities, _exact_key):
        quantity = pair.target
        new_value = changed_value(quantity.value)
        words = write_number(quantity.text, quantity.value, new_value)
        if words is None:
            continue
        case, change = _planted(story, "number", "number", pair, quantity.span.start, words)
        found = _quantity_at(case, change.span)
        if found is not None and _exact_key(found) == (new_value, _measure(quantity)):
            return case
    return None


def _loosened_number_case(story: _Story) -> Case | None:
    """Return the story with a shared exact number loosened so it still allows the other's."""
    for pair in story.pairs(_quantities, _exact_key):
        quantity = pair.target
        wordings = looser_numbers(quantity.value)
        story.rng.shuffle(wordings)
        for qualifier, bound in wordings:
            if bound <= 0:
                continue
            number = write_number(quantity.text, quantity.value, bound)
            if number is None:
                break
            words = f"{qualifier} {number}"
            case, change = _planted(story, "compatible", "number", pair, quantity.span.start, words)
            found = _quantity_at(case, change.span)
            if (
                found is not None
                and found.low != found.high
                and _measure(found) == _measure(quantity)
                and found.overlaps(pair.witness)
            ):
                return case
    return None


# --- names ----------------------------------------------------------------------------


def _mentions(facts: Facts) -> tuple[Mention, ...]:
    return facts.mentions


def _person_key(mention: Mention) -> str | None:
    """Return the person a mention names, when it is a name and the person's first name is one."""
    if mention.kind != "person" or mention.via != "name":
        return None
    return mention.entity if _gender(mention.entity) is not None else None


def _gender(name: str) -> str | None:
    """Return the gender a full name's first name says, None for what reads as no person's name.

    Entity kinds are a model's guess ("Surrey Police", "Bandar Abbas" come out as
    people); a known first name keeps planted names to real people's names.
    """
    words = name.split()
    if not words or not all(_NAME_WORD.fullmatch(word) for word in words):
        return None
    return gender_of_first_name(words[0])


def _strangers(story: _Story, donors: Sequence[str], gender: str) -> list[str]:
    """Return the donors of `gender` who share no word with any name of the story, sorted."""
    known = {
        fold(word)
        for found in story.facts.values()
        for m in found.mentions
        for word in (m.entity + " " + m.text).split()
    }
    return sorted(
        d
        for d in set(donors)
        if 2 <= len(d.split()) <= 3
        and _gender(d) == gender
        and not known & {fold(w) for w in d.split()}
    )


def _name_case(story: _Story, donors: Sequence[str]) -> Case | None:
    """Return the story with a person another report also names given a stranger's name.

    The stranger has the same gender, so that "she" and "he" still refer the same way.
    """
    for pair in story.pairs(_mentions, _person_key):
        mention = pair.target
        gender = _gender(mention.entity)
        strangers = _strangers(story, donors, gender) if gender else []
        if not strangers:
            continue
        donor = story.rng.choice(strangers)
        words = donor if len(mention.text.split()) > 1 else donor.split()[-1]
        case, _ = _planted(story, "name", "name", pair, mention.span.start, words)
        return case
    return None
