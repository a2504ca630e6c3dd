"""The timeline of a story: what happened when, in event time, each event cited.

Every date expression the extract stage resolved is a point of the timeline
(event time: "Friday" in a report of Saturday is the day before, not the
report's day). The expressions that resolve to the same time are one event:
its text is the sentence, among those that state it, whose claim the most
reports carry (the most independent account), and it cites every report that
dates something to that time. Report time, when each outlet published, stays
on the articles; the report shows the two side by side.

A date that says when something was said ("the ministry said on Friday") is
the time of a statement, not of an event, and a relative date in someone's
own words ("I met him today") counts from when they spoke: both are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from newsweave.extract.dates.context import own_words, statement_time
from newsweave.types import Article, Claim, DateMention, Facts, Sentence, Span, TimelineEvent


def build_timeline(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    facts: Mapping[str, Facts],
    claims: Sequence[Claim] = (),
) -> tuple[TimelineEvent, ...]:
    """Return the story's dated events, earliest first, each citing the reports that date it."""
    support = {span: len(claim.evidence) for claim in claims for span in claim.evidence}
    # Earlier reports of the story win ties.
    rank = {article.id: i for i, article in enumerate(articles)}
    stated: dict[str, list[tuple[DateMention, Sentence]]] = defaultdict(list)
    for article in articles:
        known = facts.get(article.id)
        for date in known.dates if known else ():
            sentence = _sentence_of(sentences.get(article.id, ()), date.span)
            if date.start is None or date.value is None or sentence is None:
                continue
            if date.granularity == "range" and date.end is not None:
                continue  # "early next month": no one day or month to put it at
            if statement_time(sentence, date) or (date.relative and own_words(sentence)):
                continue
            stated[date.value].append((date, sentence))
    events = []
    for found in stated.values():
        date, sentence = max(
            found, key=lambda item: (support.get(item[1].span, 1), -rank[item[1].article_id])
        )
        assert date.start is not None
        evidence = tuple(dict.fromkeys(s.span for _, s in found))
        events.append(
            TimelineEvent(date.start, sentence.text, _text_first(evidence, sentence.span))
        )
    return tuple(sorted(events, key=lambda e: (e.date.value, e.date.precision)))


def _sentence_of(sentences: Sequence[Sentence], span: Span) -> Sentence | None:
    return next((s for s in sentences if s.start <= span.start < s.end), None)


def _text_first(evidence: tuple[Span, ...], span: Span) -> tuple[Span, ...]:
    """Put the span the event's text comes from first among its evidence."""
    return (span, *(s for s in evidence if s != span))
