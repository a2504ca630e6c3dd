"""ECB+ documents as readable text, with its gold mentions as character spans.

ECB+ stores each document as tokens (`xml/<topic>/<doc>.xml`), tokenized the
Penn Treebank way ("May 03 , 2013", "`` It was a mess , '' she said", "U . S .").
Mention-level evaluations (dates, entities, quotes) need the text a reader would
see and the gold mentions as offsets into it, so this module joins the tokens
back into text, keeps every token's place in it, and maps the annotated
mentions (`ecbplus_mentions.jsonl`, by token ids) to character spans.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from newsweave.evaluate.base import find_data
from newsweave.types import Article

FOLDER = "ecbplus"
DOCS = "ecbplus_docs.jsonl"
MENTIONS = "ecbplus_mentions.jsonl"
ANNOTATED = "ECBplus_coreference_sentences.csv"
TOPICS = range(1, 36)

# Penn Treebank quotes and the tokens that attach to the word before them.
_QUOTES = {"``": "“", "''": "”"}
_CONTRACTIONS = {"s", "t", "m", "d", "re", "ve", "ll"}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "”", "’", "n't"}
_NO_SPACE_AFTER = {"“", "(", "[", "{", "$", "#", "‘"}
# Between two digits these were one number, a time or a date: "9 . 9", "1 : 30", "05 / 02".
_NUMBER_JOINERS = {".", ":", "/"}


@dataclass(frozen=True)
class EcbDocument:
    """One ECB+ document: its detokenized text and where each sentence and token lies in it."""

    doc_id: str
    topic: int
    subtopic: str
    text: str
    sentences: Mapping[int, tuple[int, int]]
    tokens: Mapping[int, tuple[int, int]]
    annotated: frozenset[int]

    def as_article(self) -> Article:
        """Return the document as newsweave reads a report: its text, in English."""
        return Article(id=self.doc_id, text=self.text, kind="string", language="en")

    def sentence_of(self, offset: int) -> int | None:
        """Return the number of the sentence holding the character at `offset`, or None."""
        for number, (start, end) in self.sentences.items():
            if start <= offset < end:
                return number
        return None


@dataclass(frozen=True)
class EcbMention:
    """One annotated mention as ECB+ lists it: by token ids."""

    doc_id: str
    m_id: str
    type: str
    sentence: int
    t_ids: tuple[int, ...]
    coref_chain: str


@dataclass(frozen=True)
class GoldMention:
    """A gold mention as a character span of its document's text.

    `start`/`end` run from its first token to its last (a mention with a gap,
    "checked ... into", covers the gap).
    """

    doc_id: str
    sentence: int
    start: int
    end: int
    type: str
    coref_chain: str
    text: str


def load_documents(path: Path | None = None, *, topics: range = TOPICS) -> list[EcbDocument]:
    """Return the documents of `topics` (default 1–35, the train and dev topics), in file order.

    `path` is the ECB+ folder (default: found by `find_data`). Sentence 0 of
    `ecbplus` documents, the source URL, is left out of the text.
    """
    folder = find_data(FOLDER, DOCS, path)
    annotated = _annotated_sentences(folder / ANNOTATED)
    documents = []
    for record in _records(folder / DOCS):
        if record["topic"] not in topics:
            continue
        doc_id = str(record["doc_id"])
        tokens = _read_tokens(folder / str(record["file"]))
        skip_url = doc_id.endswith("ecbplus")
        kept = [t for t in tokens if not (skip_url and t[1] == 0)]
        text, sentences, offsets = detokenize(kept)
        documents.append(
            EcbDocument(
                doc_id=doc_id,
                topic=int(record["topic"]),
                subtopic=str(record["subtopic"]),
                text=text,
                sentences=sentences,
                tokens=offsets,
                annotated=annotated.get(doc_id, frozenset()),
            )
        )
    return documents


def read_mentions(
    path: Path | None = None, *, type_prefixes: tuple[str, ...] = ("",)
) -> dict[str, list[EcbMention]]:
    """Return the annotated mentions whose type starts with one of `type_prefixes`, by document."""
    folder = find_data(FOLDER, MENTIONS, path)
    source = folder if folder.is_file() else folder / MENTIONS
    mentions: dict[str, list[EcbMention]] = defaultdict(list)
    for record in _records(source):
        if not str(record["type"]).startswith(type_prefixes):
            continue
        mention = EcbMention(
            doc_id=str(record["doc_id"]),
            m_id=str(record["m_id"]),
            type=str(record["type"]),
            sentence=int(record["sentence"]),
            t_ids=tuple(int(t) for t in record["t_ids"]),
            coref_chain=str(record["coref_chain"]),
        )
        mentions[mention.doc_id].append(mention)
    return dict(mentions)


def gold_mentions(
    doc: EcbDocument,
    mentions: Mapping[str, Sequence[EcbMention]],
    *,
    annotated_only: bool = True,
) -> list[GoldMention]:
    """Return the document's mentions as character spans, in text order.

    `annotated_only` keeps the mentions of the fully annotated sentences only
    (those of ECBplus_coreference_sentences.csv), where a missing mention is a
    real miss. Mentions in left-out text (the URL sentence) are dropped.
    """
    found = []
    for mention in mentions.get(doc.doc_id, ()):
        if annotated_only and mention.sentence not in doc.annotated:
            continue
        spans = [doc.tokens[t] for t in mention.t_ids if t in doc.tokens]
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        found.append(
            GoldMention(
                doc.doc_id,
                mention.sentence,
                start,
                end,
                mention.type,
                mention.coref_chain,
                doc.text[start:end],
            )
        )
    return sorted(found, key=lambda m: (m.start, m.end))


Token = tuple[int, int, str]  # (t_id, sentence, text)


def detokenize(
    tokens: Sequence[Token],
) -> tuple[str, dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Return text joined from tokens, each sentence's span and each token's span in it.

    Sentences are joined by "\\n"; within one, tokens are joined by a space
    unless the pair reads as one word or one number in the original.
    """
    pieces: list[str] = []
    length = 0
    sentences: dict[int, tuple[int, int]] = {}
    offsets: dict[int, tuple[int, int]] = {}
    for number, sentence in _by_sentence(tokens):
        if pieces:
            pieces.append("\n")
            length += 1
        start = length
        words = [_QUOTES.get(text, text) for _, _, text in sentence]
        for i, ((t_id, _, _), word) in enumerate(zip(sentence, words, strict=True)):
            if i and _spaced(words, i):
                pieces.append(" ")
                length += 1
            offsets[t_id] = (length, length + len(word))
            pieces.append(word)
            length += len(word)
        sentences[number] = (start, length)
    return "".join(pieces), sentences, offsets


def _spaced(words: Sequence[str], i: int) -> bool:
    """Return whether a space goes between words[i - 1] and words[i]."""
    before, word = words[i - 1], words[i]
    if word in _NO_SPACE_BEFORE or before in _NO_SPACE_AFTER:
        return False
    if word[:1] in ("'", "’") and word[1:].lower() in _CONTRACTIONS:
        return False  # 's 're 'll …
    if before in ("'", "’") and word.lower() in _CONTRACTIONS:
        return False  # "It ’ s" was "It’s"
    if word == "'" and before.endswith("s"):
        return False  # "the Chargers ' coach" was "the Chargers' coach"
    return not (_joins_number(words, i) or _joins_initials(words, i) or _joins_hyphen(words, i))


def _joins_number(words: Sequence[str], i: int) -> bool:
    """Return whether words[i] continues a number, time or date ("1 : 30" → "1:30")."""
    before, word = words[i - 1], words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in _NUMBER_JOINERS:
        return before[-1:].isdigit() and after[:1].isdigit()
    return (
        before in _NUMBER_JOINERS and word[:1].isdigit() and i >= 2 and words[i - 2][-1:].isdigit()
    )


def _joins_initials(words: Sequence[str], i: int) -> bool:
    """Return whether words[i] continues initials split by the tokenizer ("U . S ." → "U.S.")."""
    before, word = words[i - 1], words[i]
    return before == "." and len(word) == 1 and word.isalpha() and i >= 2 and len(words[i - 2]) == 1


def _joins_hyphen(words: Sequence[str], i: int) -> bool:
    """Return whether a hyphen joins two words ("high - profile" → "high-profile")."""
    before, word = words[i - 1], words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if word == "-":
        return before[-1:].isalnum() and after[:1].isalnum()
    return before == "-" and word[:1].isalnum() and i >= 2 and words[i - 2][-1:].isalnum()


def _by_sentence(tokens: Sequence[Token]) -> Iterator[tuple[int, list[Token]]]:
    current: list[Token] = []
    for token in tokens:
        if current and token[1] != current[-1][1]:
            yield current[-1][1], current
            current = []
        current.append(token)
    if current:
        yield current[-1][1], current


def _read_tokens(path: Path) -> list[Token]:
    """Return a document's tokens as (t_id, sentence, text), in order."""
    tree = etree.parse(str(path))
    return [
        (int(token.get("t_id")), int(token.get("sentence")), token.text or "")
        for token in tree.iterfind("token")
    ]


def _annotated_sentences(path: Path) -> dict[str, frozenset[int]]:
    """Return doc_id → the numbers of its fully annotated sentences."""
    by_doc: dict[str, set[int]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            by_doc[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return {doc_id: frozenset(numbers) for doc_id, numbers in by_doc.items()}


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)
