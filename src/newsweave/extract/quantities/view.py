"""The tokens of one text as the quantity rules see them: masked tokens hidden, phrases found.

Every rule reads the text through a `TokenView`: a token under a mask (a date, a
link) reads as nothing, so no rule needs to know about masks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from newsweave.extract.quantities.language import Language, masked_tokens
from newsweave.extract.quantities.tokens import SENTENCE_OPENERS, Token, tokenize

V = TypeVar("V")

#: Longest qualifier, unit or plural phrase, in tokens.
_LONGEST_PHRASE = 4


class TokenView:
    """The tokens of one text, read with one language's tables."""

    def __init__(self, text: str, language: Language) -> None:
        self.text = text
        self.language = language
        self.lexicon = language.lexicon
        self.tokens = tokenize(text)
        self.masked = masked_tokens(text, self.tokens, language)

    def token(self, index: int) -> Token | None:
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

    def opens_sentence(self, index: int) -> bool:
        """Return whether the token at `index` is the first of a sentence or a line."""
        if index == 0:
            return True
        before = self.tokens[index - 1]
        line_break = "\n" in self.text[before.end : self.tokens[index].start]
        return line_break or (before.kind == "symbol" and before.text in SENTENCE_OPENERS)

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
