"""What a quantity counts: the noun phrase after a number with no unit, and its head noun.

English puts the head noun last ("2.7 million AstraZeneca Covid-19 vaccines"),
Spanish first, with the adjectives after it agreeing in number ("82.000 personas
desaparecidas en México").
"""

from __future__ import annotations

from newsweave.extract.quantities.lexicon import LEXICONS, NEUTRAL, Lexicon
from newsweave.extract.quantities.tokens import DASHES, fold
from newsweave.extract.quantities.view import TokenView

#: Most words a counted noun phrase may have.
_LONGEST_COUNTED = 6


def counted_after(view: TokenView, index: int, after_scale: bool) -> str | None:
    """Return the noun phrase a count counts, lowercased (see the package docstring)."""
    lexicon = view.lexicon
    if after_scale and view.key(index) in lexicon.of:
        index += 1
    if (compound := _compound_after(view, index)) is not None:
        return compound
    words: list[str] = []
    while len(words) < _LONGEST_COUNTED:
        token = view.token(index + len(words))
        if token is None or token.kind != "word" or token.key in lexicon.stops:
            break
        if token.text.lower() in lexicon.cardinals:
            break
        words.append(token.text.lower().removesuffix("’s").removesuffix("'s"))
    phrase = (
        _spanish_phrase(lexicon, words) if lexicon.head_first else _english_phrase(lexicon, words)
    )
    return " ".join(phrase) or None


def looks_plural(lexicon: Lexicon, word: str, position: int) -> bool:
    """Return whether an English word reads as a plural noun ("vaccines", "people", "dead")."""
    if word in lexicon.plural_nouns:
        return True
    if position == 0 and word in lexicon.bare_adjectives:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def head_noun(counts: str, *, language: str | None = "en") -> str:
    """Return the head noun of a `Quantity.counts` phrase, to match counts across reports.

    English puts it last ("missing persons cases" -> "cases"); Spanish first, after
    any adjective that goes before it ("nuevas personas desaparecidas" -> "personas").
    """
    words = counts.split()
    if not words:
        return ""
    lexicon = LEXICONS.get((language or "").lower().partition("-")[0], NEUTRAL)
    if not lexicon.head_first:
        return words[-1]
    return next((word for word in words if fold(word) not in lexicon.prenominal), words[-1])


def _compound_after(view: TokenView, index: int) -> str | None:
    """Return the noun a dash glues to the number ("a 659-seat house" counts "seat")."""
    noun = view.token(index + 1)
    if view.key(index) not in DASHES or noun is None or noun.kind != "word":
        return None
    if not (view.touching(index - 1, index) and view.touching(index, index + 1)):
        return None
    return None if noun.key.partition("-")[0] in view.lexicon.stops else noun.text.lower()


def _english_phrase(lexicon: Lexicon, words: list[str]) -> list[str]:
    """Return the words up to the head noun: the last plural-looking one, if any."""
    plural = [i for i, word in enumerate(words) if looks_plural(lexicon, word, i)]
    if plural:
        return words[: plural[-1] + 1]
    while words and words[-1].endswith(("ed", "ing", "ly")):
        words = words[:-1]
    return words


def _spanish_phrase(lexicon: Lexicon, words: list[str]) -> list[str]:
    """Return the head noun, the adjectives before it, and those after it that agree."""
    lead = 0
    while lead < len(words) and fold(words[lead]) in lexicon.prenominal:
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
