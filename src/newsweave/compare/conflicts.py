"""Conflicts: reports that give values for the same thing which cannot all be true.

Values are compared only where two sentences of different reports speak of the
same thing: they state one claim, or, for dates and numbers, they are alike
enough (`_ABOUT_THE_SAME`) and the values have the same kind (two day dates
on the same side of their reports' dates, two quantities of the same unit and
counted noun). Then:

- **dates** conflict when the times they mean do not overlap: "June" and
  "June 8" agree, "June 7" and "June 8" do not;
- **numbers** conflict when their intervals do not overlap ("more than 3,000"
  and "nearly 3,200" agree, "12 dead" and "15 dead" do not), a round number
  allowing for rounding; a later report with another count is an update (a
  follow-up), not a conflict, when the reports were published apart in time;
- **names**: one claim in two reports whose only difference is the person
  named;
- **speakers**: the same words attributed to different people.

No entailment model installs offline, so this rests on typed values and
alignments; `Judge` is the interface a model can fill later.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Protocol

import numpy as np

from newsweave.compare.claims import Alignment, Unit, dice_matrix
from newsweave.extract import date_anchor
from newsweave.extract.dates.context import own_words, statement_time
from newsweave.extract.names import fold
from newsweave.extract.quantities import head_noun
from newsweave.types import (
    Article,
    Conflict,
    ConflictKind,
    ConflictValue,
    DateMention,
    Derivation,
    Facts,
    Moment,
    Quantity,
    Span,
)

# Two sentences this alike (embedding cosine, or Dice of content words) speak of
# the same thing when they carry values of the same kind.
_ABOUT_THE_SAME = 0.5
_ABOUT_THE_SAME_WORDS = 0.3
# Numbers are compared between wordings of one claim or sentences this close.
_CLOSE_WORDS = 0.4
# The entity a number belongs to is named at most this many characters before it.
_HOLDER_REACH = 40
_CLOSE = 0.65
# ...or, with the sentences around them, share this share of their words.
_CONTEXT_WORDS = 0.2
# Dates further apart than this are of different events, not a disagreement.
_DATE_REACH_DAYS = 10
# A round number ("3,000") stands for anything this close to it.
_ROUNDING = 0.05
_NUMBER: ConflictKind = "number"
# One quote: its words mostly shared (of the shorter wording), at least this many.
_SAME_QUOTE = 0.8
_SAME_QUOTE_WORDS = 6
# Reports published this far apart may update a count rather than contradict it.
_UPDATE_HOURS = 6


class Judge(Protocol):
    """Decides whether two sentences contradict each other (an NLI model, later)."""

    def contradicts(self, premise: str, hypothesis: str) -> bool: ...


@dataclass(frozen=True)
class _Side:
    value: str
    unit: Unit
    span: Span


def find_conflicts(
    alignment: Alignment,
    facts: Mapping[str, Facts],
    articles: Sequence[Article],
    derivations: Sequence[Derivation] = (),
) -> tuple[Conflict, ...]:
    """Return the conflicts between the reports of one story.

    A report derived from another (a copy, a rewrite) that changes a count has
    altered it, not updated it: `derivations` say which reports those are.
    """
    published = {a.id: a.published for a in articles}
    copied = {frozenset((d.source, d.derived)) for d in derivations}
    found: list[tuple[str, ConflictKind, _Side, _Side]] = []
    aligned = {frozenset(pair) for group in alignment.groups for pair in _pairs(group)}
    for i, j in _comparable(alignment):
        one, other = alignment.units[i], alignment.units[j]
        same_claim = frozenset((i, j)) in aligned or _close(alignment, i, j)
        updates = published if frozenset((one.article_id, other.article_id)) not in copied else {}
        found.extend(_number_conflicts(one, other, facts, updates, same_claim=same_claim))
    stated = _days_stated(alignment, facts)
    anchors = _anchors(articles)
    for i, j in _comparable(alignment, context=True):
        found.extend(
            _date_conflicts(alignment.units[i], alignment.units[j], facts, stated, anchors)
        )
    for i, j in _comparable(alignment):
        if frozenset((i, j)) in aligned or _close(alignment, i, j):
            found.extend(_name_conflicts(alignment.units[i], alignment.units[j], facts))
    found.extend(_speaker_conflicts(alignment, facts))
    return _merge(_with_claims(found, alignment, facts))


def _speaker_conflicts(
    alignment: Alignment, facts: Mapping[str, Facts]
) -> list[tuple[str, ConflictKind, _Side, _Side]]:
    """Return the same words attributed to different people in different reports."""
    sentence_of: dict[str, list[Unit]] = {}
    for unit in alignment.units:
        sentence_of.setdefault(unit.article_id, []).append(unit)
    quotes = [
        (a, _quote_words(a.text), unit)
        for article_id, found in facts.items()
        for a in found.attributions
        if a.direct and a.speaker and _is_person(a.speaker, found)
        for unit in sentence_of.get(article_id, [])
        if unit.sentence.start <= a.span.start < unit.sentence.end
    ]
    kind: ConflictKind = "speaker"
    conflicts = []
    for x, (a, a_words, a_unit) in enumerate(quotes):
        for b, b_words, b_unit in quotes[x + 1 :]:
            if a.span.article_id == b.span.article_id or a.speaker == b.speaker:
                continue
            smaller = min(len(a_words), len(b_words))
            if smaller < _SAME_QUOTE_WORDS or len(a_words & b_words) / smaller < _SAME_QUOTE:
                continue
            about = f"who said “{_gist(a.text, a.text[:20])}”"
            conflicts.append(
                (
                    about,
                    kind,
                    _Side(str(a.speaker), a_unit, a_unit.sentence.span),
                    _Side(str(b.speaker), b_unit, b_unit.sentence.span),
                )
            )
    return conflicts


def _quote_words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in re.findall(r"[^\W\d_]{3,}", text))


def _is_person(name: str, found: Facts) -> bool:
    return any(m.entity == name and m.kind == "person" for m in found.mentions)


def _with_claims(
    found: list[tuple[str, ConflictKind, _Side, _Side]],
    alignment: Alignment,
    facts: Mapping[str, Facts],
) -> list[tuple[str, ConflictKind, _Side, _Side]]:
    """Add to each date side the other sentences of its claim that state the same day.

    A conflict found between two sentences holds for every report that words
    the same claim with the same value.
    """
    group_of = {k: group for group in alignment.groups for k in group}
    index = {u.sentence.span: k for k, u in enumerate(alignment.units)}
    more = []
    for about, kind, a, b in found:
        if kind != "date":
            continue
        for side, against in ((a, b), (b, a)):
            for k in group_of.get(index[side.span], ()):
                unit = alignment.units[k]
                if unit.sentence.span != side.span and any(
                    _day(d) == side.value for d in _dates(unit, facts)
                ):
                    more.append((about, kind, _Side(side.value, unit, unit.sentence.span), against))
    return found + more


def _comparable(alignment: Alignment, *, context: bool = False) -> Iterable[tuple[int, int]]:
    """Return the pairs of sentences of different reports that speak of the same thing.

    With `context`, a sentence's words include those of the sentences around it:
    a date is often given in a short sentence ("He asked to meet on June 7.")
    whose subject the next one names ("The vice president will travel to Mexico").
    """
    units = alignment.units
    if not units:
        return []
    lexical = dice_matrix(_with_neighbours(units)) if context else alignment.lexical
    alike = lexical >= (_CONTEXT_WORDS if context else _ABOUT_THE_SAME_WORDS)
    if alignment.semantic is not None:
        alike |= alignment.semantic >= _ABOUT_THE_SAME
    for group in alignment.groups:
        for a, b in _pairs(group):
            alike[a, b] = alike[b, a] = True
    reports = np.array([u.article_id for u in units])
    alike &= reports[:, None] != reports[None, :]
    rows, cols = np.nonzero(np.triu(alike, k=1))
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]


def _close(alignment: Alignment, i: int, j: int) -> bool:
    """Return whether two sentences are close enough for their numbers to be compared."""
    return alignment.lexical[i, j] >= _CLOSE_WORDS or (
        alignment.semantic is not None and alignment.semantic[i, j] >= _CLOSE
    )


def _with_neighbours(units: Sequence[Unit]) -> list[frozenset[str]]:
    words = []
    for i, unit in enumerate(units):
        around = [
            units[k].words
            for k in (i - 1, i + 1)
            if 0 <= k < len(units) and units[k].article_id == unit.article_id
        ]
        words.append(unit.words.union(*around))
    return words


def _pairs(group: Sequence[int]) -> Iterable[tuple[int, int]]:
    for x, a in enumerate(group):
        for b in group[x + 1 :]:
            yield a, b


def _inside(unit: Unit, span: Span) -> bool:
    return unit.sentence.start <= span.start and span.end <= unit.sentence.end


def _dates(unit: Unit, facts: Mapping[str, Facts]) -> list[DateMention]:
    """Return the day dates of a sentence that a reader can hold the report to.

    A relative date in someone's own words ("I met them today", a quoted tweet)
    counts from when they spoke, which the report may not say: left out.
    """
    found = facts.get(unit.article_id)
    spoken = own_words(unit.sentence)
    return [
        d
        for d in (found.dates if found else ())
        if _inside(unit, d.span)
        and d.start is not None
        and d.granularity in ("day", "minute")
        and not (d.relative and spoken)
    ]


def _date_conflicts(
    one: Unit,
    other: Unit,
    facts: Mapping[str, Facts],
    stated: Mapping[str, set[str]],
    anchors: Mapping[str, datetime.date | None],
) -> list[tuple[str, ConflictKind, _Side, _Side]]:
    """Return the day dates of two sentences that name different days for one thing.

    Not a disagreement: days far apart (other events), days on different sides
    of their reports' dates (a plan and a past event), a report that states
    both days itself (it knows of two events), and the day a statement was
    made ("the office said on Saturday").
    """
    conflicts = []
    for a in _dates(one, facts):
        for b in _dates(other, facts):
            assert a.start is not None and b.start is not None
            days = abs((a.start.value.date() - b.start.value.date()).days)
            if days == 0 or days > _DATE_REACH_DAYS:
                continue
            if a.start.value.date() <= _last_day(b) and b.start.value.date() <= _last_day(a):
                continue  # the spans of time overlap
            if _ahead(a, anchors.get(one.article_id)) != _ahead(b, anchors.get(other.article_id)):
                continue
            if _day(b) in stated[one.article_id] or _day(a) in stated[other.article_id]:
                continue
            if statement_time(one.sentence, a) or statement_time(other.sentence, b):
                continue
            about = f"the date in “{_gist(one.sentence.text, a.text)}”"
            kind: ConflictKind = "date"
            conflicts.append(
                (
                    about,
                    kind,
                    _Side(_day(a), one, one.sentence.span),
                    _Side(_day(b), other, other.sentence.span),
                )
            )
    return conflicts


def _days_stated(alignment: Alignment, facts: Mapping[str, Facts]) -> dict[str, set[str]]:
    """Return the days each report states in its own words (not in first-person quotes)."""
    stated: dict[str, set[str]] = {u.article_id: set() for u in alignment.units}
    for unit in alignment.units:
        if not own_words(unit.sentence):
            stated[unit.article_id].update(_day(d) for d in _dates(unit, facts))
    return stated


def _anchors(articles: Sequence[Article]) -> dict[str, datetime.date | None]:
    """Return the day each report's relative dates count from, as the extract stage does."""
    anchors = {a.id: date_anchor(a, articles) for a in articles}
    return {i: anchor[0].value.date() if anchor else None for i, anchor in anchors.items()}


def _ahead(date: DateMention, anchor: datetime.date | None) -> bool | None:
    """Return whether a date is after its report's date: a plan, not a past event."""
    assert date.start is not None
    return None if anchor is None else date.start.value.date() > anchor


def _day(date: DateMention) -> str:
    assert date.start is not None
    return date.start.value.date().isoformat()


def _last_day(date: DateMention) -> datetime.date:
    end = date.end or date.start
    assert end is not None
    return end.value.date()


def _quantities(unit: Unit, facts: Mapping[str, Facts]) -> list[Quantity]:
    found = facts.get(unit.article_id)
    return [q for q in (found.quantities if found else ()) if _inside(unit, q.span)]


def _number_conflicts(
    one: Unit,
    other: Unit,
    facts: Mapping[str, Facts],
    published: Mapping[str, Moment | None],
    *,
    same_claim: bool,
) -> list[tuple[str, ConflictKind, _Side, _Side]]:
    """Return the quantities of one kind in two sentences whose intervals cannot both hold.

    Only wordings of one claim, or sentences nearly as close, are compared: a
    story gives many numbers of one kind for different things (each partner's
    share, the residents and the evacuated, each phase's cost).
    """
    # Values each sentence shares with the other are agreed on; of what is left,
    # one value of a kind on each side is a disagreement ("12 dead" / "15 dead"),
    # more than one is a list of different things ("55 per cent and 45 per cent").
    mine, theirs = _quantities(one, facts), _quantities(other, facts)
    left_mine = [a for a in mine if not any(_agree(a, b) for b in theirs)]
    left_theirs = [b for b in theirs if not any(_agree(a, b) for a in mine)]
    conflicts = []
    for what in {_what(a, one.language) for a in left_mine} - {""}:
        a_side = [a for a in left_mine if _what(a, one.language) == what]
        b_side = [b for b in left_theirs if _what(b, other.language) == what]
        if len(a_side) != 1 or len(b_side) != 1:
            continue
        (a,), (b,) = a_side, b_side
        holders = _holder(a, one, facts), _holder(b, other, facts)
        if None not in holders and holders[0] != holders[1]:
            continue  # Calvera's 55 per cent and Estmark's 45 per cent
        if a.counts and not a.unit and _update(one.article_id, other.article_id, published):
            continue  # a new count of the dead, the missing: an update
        if not same_claim:
            continue
        about = (
            f"the number of {what}"
            if a.counts
            else f"the {what} in “{_gist(one.sentence.text, a.text)}”"
        )
        conflicts.append(
            (
                about,
                _NUMBER,
                _Side(a.describe(), one, one.sentence.span),
                _Side(b.describe(), other, other.sentence.span),
            )
        )
    return conflicts


def _holder(quantity: Quantity, unit: Unit, facts: Mapping[str, Facts]) -> str | None:
    """Return whose number it is: the entity named just before it in its sentence, if any."""
    found = facts.get(unit.article_id)
    before = [
        m
        for m in (found.mentions if found else ())
        if unit.sentence.start <= m.span.start
        and 0 <= quantity.span.start - m.span.end <= _HOLDER_REACH
    ]
    return before[-1].entity if before else None


def _agree(a: Quantity, b: Quantity) -> bool:
    return _rounded(a).overlaps(_rounded(b))


def _what(quantity: Quantity, language: str) -> str:
    """Return what a quantity measures: its unit, or the head noun of what it counts."""
    if quantity.unit:
        return quantity.unit
    return head_noun(quantity.counts, language=language) if quantity.counts else ""


def _rounded(quantity: Quantity) -> Quantity:
    """Return the quantity with room for rounding when its number is round ("3,000")."""
    value = quantity.value
    if value < 100 or value % 100 or quantity.low != quantity.high:
        return quantity
    return replace(quantity, low=value * (1 - _ROUNDING), high=value * (1 + _ROUNDING))


def _update(one: str, other: str, published: Mapping[str, Moment | None]) -> bool:
    """Return whether two reports were published far enough apart to update a count."""
    a, b = published.get(one), published.get(other)
    if a is None or b is None:
        return False
    seconds = abs((a.value - b.value).total_seconds())
    return seconds >= _UPDATE_HOURS * 3600


def _name_conflicts(
    one: Unit, other: Unit, facts: Mapping[str, Facts]
) -> list[tuple[str, ConflictKind, _Side, _Side]]:
    """Return the person two wordings of one claim name differently, all else equal.

    The wordings are compared word by word (difflib): the one stretch that
    differs must be a capitalised name on both sides, and little else may
    differ. The name model is not needed to see it: a name it does not know
    ("stopped Mike Reavey" against "stopped Tony Thompson") still differs.
    """
    a_words = _WORDS.findall(one.sentence.text)
    b_words = _WORDS.findall(other.sentence.text)
    matcher = SequenceMatcher(a=[fold(w) for w in a_words], b=[fold(w) for w in b_words])
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    names = [op for op in changes if op[0] == "replace" and _named(a_words[op[1] : op[2]])]
    names = [op for op in names if _named(b_words[op[3] : op[4]])]
    if len(names) != 1:
        return []
    _, i1, i2, j1, j2 = names[0]
    others = sum(
        max(x2 - x1, y2 - y1) for op, x1, x2, y1, y2 in changes if (op, x1, x2, y1, y2) != names[0]
    )
    if others > max(2, len(a_words) // 6):
        return []  # more differs than the name
    a_person = _a_person(a_words[i1:i2], i1, one, facts)
    b_person = _a_person(b_words[j1:j2], j1, other, facts)
    if a_person is None or b_person is None or not (a_person or b_person):
        return []  # "Yes" against "Secretary": capitals, not people
    a = _canonical(" ".join(a_words[i1:i2]), one, facts)
    b = _canonical(" ".join(b_words[j1:j2]), other, facts)
    if a == b or _same_person(a, b):
        return []
    about = f"who is named in “{_gist(one.sentence.text, a)}”"
    kind: ConflictKind = "name"
    return [(about, kind, _Side(a, one, one.sentence.span), _Side(b, other, other.sentence.span))]


_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def _named(words: Sequence[str]) -> bool:
    """Return whether words are a name: capitalised, not all of them short function words."""
    return bool(words) and all(w[:1].isupper() for w in words) and len(words) <= 4


def _a_person(
    words: Sequence[str], position: int, unit: Unit, facts: Mapping[str, Facts]
) -> bool | None:
    """Return True for a person the story knows, False for a name-like run, None for neither.

    A name-like run is two capitalised words or more, not opening the sentence.
    """
    found = facts.get(unit.article_id)
    text = " ".join(words)
    for mention in found.mentions if found else ():
        if mention.kind == "person" and _inside(unit, mention.span) and text in mention.text:
            return True
    return False if len(words) >= 2 and position > 0 else None


def _canonical(name: str, unit: Unit, facts: Mapping[str, Facts]) -> str:
    """Return the story's canonical name for a name written in a sentence, else as written."""
    found = facts.get(unit.article_id)
    for mention in found.mentions if found else ():
        if _inside(unit, mention.span) and name in mention.text:
            return mention.entity
    return name


def _same_person(a: str, b: str) -> bool:
    """Return whether one name is a shorter form of the other ("Reid", "Tara Reid")."""
    one, other = set(fold(a).split()), set(fold(b).split())
    return one <= other or other <= one


def _gist(sentence: str, value: str, width: int = 70) -> str:
    """Return the sentence shortened around its value, for saying what a conflict is about."""
    text = " ".join(sentence.split())
    if len(text) <= width:
        return text
    at = max(0, text.find(value))
    start = max(0, min(at - width // 2, len(text) - width))
    return ("…" if start else "") + text[start : start + width].strip() + "…"


def _merge(found: Sequence[tuple[str, ConflictKind, _Side, _Side]]) -> tuple[Conflict, ...]:
    """Return one conflict per thing disagreed on, each value with every sentence stating it."""
    by_about: dict[tuple[ConflictKind, frozenset[str]], list[tuple[str, _Side, _Side]]] = {}
    for about, kind, a, b in found:
        key = (kind, frozenset({a.value, b.value}))
        by_about.setdefault(key, []).append((about, a, b))
    conflicts = []
    for (kind, _), items in by_about.items():
        spans: dict[str, list[_Side]] = defaultdict(list)
        for _, a, b in items:
            for side in (a, b):
                if all(s.span != side.span for s in spans[side.value]):
                    spans[side.value].append(side)
        values = tuple(
            ConflictValue(
                value,
                sides[0].unit.sentence.text,
                tuple(s.span for s in sides),
            )
            for value, sides in sorted(spans.items(), key=lambda item: -len(item[1]))
        )
        conflicts.append(Conflict(items[0][0], values, kind))
    return tuple(conflicts)
