"""What a date expression's sentence says about it, beyond the date itself.

- A date right after a reporting verb ("the ministry said on Friday") is when
  a statement was made, not when what it reports happened.
- A sentence in the first person ("I met him today", a quoted tweet) is
  someone's own words: a relative date in it counts from when they spoke,
  which the report may not say.

The timeline and the conflict detector both leave such dates out.
"""

from __future__ import annotations

import re

from newsweave.types import DateMention, Sentence

_SAID_ON = re.compile(
    r"\b(?:said|says|told|announced|added|reported|stated|confirmed|wrote|dijo|afirmó|anunció)"
    r"(?:\s+\w+){0,2}\s+(?:on\s+|el\s+)?$",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|My|our|Our|yo|nosotros)\b")


def statement_time(sentence: Sentence, date: DateMention) -> bool:
    """Return whether a date of the sentence says when something was said."""
    before = sentence.text[: date.span.start - sentence.start][-30:]
    return bool(_SAID_ON.search(before))


def own_words(sentence: Sentence) -> bool:
    """Return whether a sentence is someone's own words (in the first person)."""
    return bool(_FIRST_PERSON.search(sentence.text))
