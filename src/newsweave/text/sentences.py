"""Sentence splitting with offsets into the normalized text.

spaCy's blank pipelines carry each language's tokenizer exceptions, so "U.S.",
"Mr.", "Sr." or "EE.UU." do not end a sentence; the rule-based sentencizer then
splits on sentence-final punctuation. Both work offline with no model download.
Paragraphs (blank-line separated) are never joined into one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from newsweave.text.normalize import storable
from newsweave.types import Article, Sentence

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")
# Very long paragraphs (tables, scraped lists) are split in pieces for spaCy's sake.
_MAX_PARAGRAPH = 100_000


@lru_cache(maxsize=16)
def _pipeline(language: str) -> Any:
    import spacy

    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, OSError):
        # spaCy's multi-language tokenizer: no language-specific exceptions.
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(article: Article) -> list[Sentence]:
    """Return the article's sentences, in order, with offsets into `article.text`."""
    nlp = _pipeline(article.language or "xx")
    paragraphs = list(_paragraphs(article.text))
    sentences: list[Sentence] = []
    # spaCy cannot encode a lone surrogate; U+FFFD takes its place, one for one.
    texts = (storable(text) for _, text in paragraphs)
    for (start, _), doc in zip(paragraphs, nlp.pipe(texts), strict=True):
        for sent in doc.sents:
            begin, end = _trim(article.text, start + sent.start_char, start + sent.end_char)
            if end > begin:
                sentences.append(
                    Sentence(article.id, len(sentences), begin, end, article.text[begin:end])
                )
    return sentences


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    for match in _PARAGRAPH.finditer(text):
        for offset in range(0, len(match.group()), _MAX_PARAGRAPH):
            yield match.start() + offset, match.group()[offset : offset + _MAX_PARAGRAPH]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
