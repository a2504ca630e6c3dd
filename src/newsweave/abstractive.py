"""An optional abstractive summary from an LLM endpoint, checked against its citations.

The story's claims go to an OpenAI-compatible chat completions server (llama.cpp,
vLLM, Ollama or a hosted one) numbered [1]..[n]; the model is asked to end every
sentence with the numbers of the claims it rests on. Nothing the model writes is
trusted: each sentence is kept only if what can be checked without a model holds.
It must cite claims that exist; every number written in digits and every
capitalised name in it must be in the text of the claims it cites; and enough of
its content words must be too. A kept sentence cites every report that carries
its claims; a dropped one is recorded with the reason, to be shown to the user.

Nothing is sent anywhere unless the caller names an endpoint: the summary is off
by default, and the only address ever contacted is the one given.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from newsweave.errors import NewsweaveError, ParameterError
from newsweave.extract.names import fold
from newsweave.extract.quantities import find_quantities
from newsweave.reuse.evidence import content_words
from newsweave.reuse.tokens import tokenize
from newsweave.text.sentences import split_sentences
from newsweave.types import Article, Claim, Span, SummarySentence

DEFAULT_WORDS = 120
#: The environment variable read for the API key when `Endpoint.api_key` is None.
KEY_VARIABLE = "NEWSWEAVE_LLM_KEY"
# Content words are compared on their first letters, so that the summary's
# "resumed" meets the claim's "resume" and "migrants" meets "migration"; a
# stemmer per language would need a dependency for a check this coarse.
_STEM = 5
# A citation "[1-4]" longer than this is read as its two ends.
_LONGEST_RANGE = 50
# How much of an error body goes into a one-line message.
_SNIPPET = 160

_CITATION = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
# Citations written after the full stop ("... agreed. [1][3]") are moved before
# it, so that the sentence splitter keeps them with the sentence they close.
_CITES_AFTER_STOP = re.compile(r"([.!?]+[\"”’»)]*)((?:\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\])+)")
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)
_OPENING_QUOTE = re.compile(r"\s+[\"“‘«]$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# A word, with the inner full stops of an abbreviation ("U.S.", "EE.UU.").
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")

_SYSTEM = (
    "You summarize a news story using only the numbered claims you are given. "
    "Write at most {words} words of plain prose in the language of the claims: no title, "
    "no list, no preamble. State no name, number or date that the claims do not state. "
    "End every sentence with the numbers of the claims it rests on, in square brackets, "
    "for example: The two governments agreed to resume the talks [2][5]."
)


class EndpointError(NewsweaveError):
    """The LLM endpoint cannot be reached, or answered something other than a chat completion."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An OpenAI-compatible chat completions server: llama.cpp, vLLM, Ollama, or a hosted one.

    `url` is the API base ("http://127.0.0.1:8080/v1"); requests go to
    `{url}/chat/completions`. `api_key` is sent as a Bearer token; None reads
    $NEWSWEAVE_LLM_KEY at request time, and none is sent when that is unset too.
    `timeout` is in seconds.
    """

    url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if not re.match(r"https?://[^/]", self.url):
            raise ParameterError.invalid("url", "an http:// or https:// address", self.url)
        if not self.timeout > 0:
            raise ParameterError.invalid("timeout", "a positive number of seconds", self.timeout)

    @property
    def completions_url(self) -> str:
        """Return the address chat completions are posted to."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


@dataclass(frozen=True, slots=True)
class Dropped:
    """A sentence of the model's reply that was left out of the summary, and why (one line)."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Abstract:
    """An abstractive summary: the sentences kept, with their evidence, and those dropped."""

    sentences: tuple[SummarySentence, ...]
    dropped: tuple[Dropped, ...]


@dataclass(frozen=True, slots=True)
class _Drafted:
    """A sentence of the reply without its citation marks, and the claim numbers it cites."""

    text: str
    cited: tuple[int, ...]


def abstractive_summary(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    endpoint: Endpoint,
    *,
    words: int = DEFAULT_WORDS,
    max_claims: int = 40,
    min_overlap: float = 0.5,
) -> Abstract:
    """Return the model's summary of the claims, keeping only sentences their citations carry.

    The `max_claims` most independently supported claims go into the prompt. A
    sentence is kept when its cited claims exist, hold its numbers and names, and
    hold at least `min_overlap` of its content words; sentences past `words`
    words are dropped too. Raises `EndpointError` when the endpoint fails.
    """
    if words <= 0:
        raise ParameterError.invalid("words", "a positive number of words", words)
    if max_claims <= 0:
        raise ParameterError.invalid("max_claims", "a positive number of claims", max_claims)
    if not 0.0 <= min_overlap <= 1.0:
        raise ParameterError.invalid("min_overlap", "a float in [0, 1]", min_overlap)
    numbered = _most_supported(claims, max_claims)
    if not numbered:
        return Abstract((), ())
    language = _language(articles, numbered)
    reply = complete(endpoint, prompt_messages(articles, numbered, words=words))
    return _check(_drafted(reply, language), numbered, language, words, min_overlap)


def prompt_messages(
    articles: Sequence[Article], claims: Sequence[Claim], *, words: int = DEFAULT_WORDS
) -> list[dict[str, str]]:
    """Return the chat messages asking for a summary of `claims`, numbered [1]..[n] as given."""
    names = {a.id: a.outlet or a.title or a.id for a in articles}
    lines = []
    for number, claim in enumerate(claims, start=1):
        reports = ", ".join(names.get(article_id, article_id) for article_id in claim.article_ids)
        sources = claim.independent_sources
        plural = "" if sources == 1 else "s"
        lines.append(
            f"[{number}] {claim.text} (reported by {reports}; {sources} independent source{plural})"
        )
    story = "Claims of the story, the most widely reported first:\n" + "\n".join(lines)
    return [
        {"role": "system", "content": _SYSTEM.format(words=words)},
        {"role": "user", "content": story},
    ]


def complete(endpoint: Endpoint, messages: Sequence[dict[str, str]]) -> str:
    """Return the text of the endpoint's reply to `messages`, asked at temperature 0."""
    url = endpoint.completions_url
    body = {"model": endpoint.model, "messages": list(messages), "temperature": 0, "stream": False}
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    headers["User-Agent"] = "newsweave"
    key = endpoint.api_key or os.environ.get(KEY_VARIABLE)
    if key:
        headers["Authorization"] = f"Bearer {key}"
    # The standard library is enough for one JSON POST, and keeps the feature
    # free of a dependency most users of newsweave never need.
    try:
        request = Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
        with urlopen(request, timeout=endpoint.timeout) as response:
            raw: bytes = response.read()
    except HTTPError as error:
        raise _http_error(url, error) from None
    except (URLError, HTTPException, OSError, ValueError) as error:
        raise _connection_error(endpoint, error) from None
    return _reply_text(url, raw)


def _http_error(url: str, error: HTTPError) -> EndpointError:
    try:
        detail = _error_detail(error.read())
    except (OSError, HTTPException):
        detail = ""
    finally:
        error.close()
    hint = {401: " Set the API key ($NEWSWEAVE_LLM_KEY).", 404: " Check the URL and model name."}
    return EndpointError(
        f"The LLM endpoint {url} answered HTTP {error.code} {error.reason}"
        f"{': ' + detail if detail else ''}.{hint.get(error.code, '')}"
    )


def _error_detail(raw: bytes) -> str:
    """Return the message of an error body: OpenAI-style JSON's, else its text, on one line."""
    text = raw.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error")
        message = error.get("message") if isinstance(error, dict) else error
        if isinstance(message, str):
            text = message
    return _one_line(text)


def _connection_error(endpoint: Endpoint, error: Exception) -> EndpointError:
    url = endpoint.completions_url
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, TimeoutError):
        return EndpointError(
            f"The LLM endpoint {url} gave no answer within {endpoint.timeout:g} s; "
            "raise the timeout or use a smaller model."
        )
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(
            f"The LLM endpoint {url} refused the connection; is the server running there?"
        )
    return EndpointError(f"Cannot reach the LLM endpoint {url}: {_one_line(str(reason))}.")


def _reply_text(url: str, raw: bytes) -> str:
    """Return choices[0].message.content of a chat completion, or raise naming what came."""
    text = raw.decode("utf-8", errors="replace")
    try:
        data: Any = json.loads(text)
    except ValueError:
        raise EndpointError(
            f"The LLM endpoint {url} did not answer with JSON (got {_one_line(text)!r}); "
            "is the URL the API base of an OpenAI-compatible server?"
        ) from None
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        content = None
    if not isinstance(content, str):
        raise EndpointError(
            f"The LLM endpoint {url} answered JSON without choices[0].message.content "
            f"(got {_one_line(text)!r}); is it a chat completions server?"
        )
    return content


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SNIPPET else line[: _SNIPPET - 1] + "…"


def _most_supported(claims: Sequence[Claim], limit: int) -> tuple[Claim, ...]:
    """Return up to `limit` claims, most independent sources first, then most reports."""
    ranked = sorted(claims, key=lambda c: (-c.independent_sources, -len(c.article_ids)))
    return tuple(ranked[:limit])


def _language(articles: Sequence[Article], claims: Sequence[Claim]) -> str:
    """Return the language most of the claims' reports are in ("en" when none says)."""
    languages = {a.id: a.language for a in articles if a.language}
    counts = Counter(languages[i] for c in claims for i in c.article_ids if i in languages)
    return counts.most_common(1)[0][0] if counts else "en"


def _drafted(reply: str, language: str) -> list[_Drafted]:
    """Return the reply's sentences, each with the claim numbers it cites."""
    text = _CITES_AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), _THINKING.sub("", reply))
    drafted: list[_Drafted] = []
    for sentence in _sentences(text.replace("**", ""), language):
        cited = tuple(n for m in _CITATION.finditer(sentence) for n in _numbers(m.group(1)))
        words = _BULLET.sub("", _CITATION.sub("", sentence))
        words = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(words.split()))
        if words.strip(".!? "):
            drafted.append(_Drafted(words, cited))
        elif drafted and cited:  # a citation split off its sentence
            drafted[-1] = _Drafted(drafted[-1].text, drafted[-1].cited + cited)
    return drafted


def _sentences(text: str, language: str) -> list[str]:
    """Return the sentences of `text`, split as newsweave splits reports."""
    # Each line of the reply is a paragraph of its own: a heading or a list item
    # is no part of the sentence on the next line.
    lines = re.sub(r"\n+", "\n\n", text)
    article = Article(id="reply", text=lines, kind="string", language=language)
    sentences = [sentence.text for sentence in split_sentences(article)]
    # The sentencizer leaves the quotation mark that opens a sentence at the end
    # of the one before ('... June 9. "We will ...'): it is given back.
    for i in range(len(sentences) - 1):
        opening = _OPENING_QUOTE.search(sentences[i])
        if opening:
            sentences[i] = sentences[i][: opening.start()]
            sentences[i + 1] = opening.group().strip() + sentences[i + 1]
    return sentences


def _numbers(cited: str) -> Iterable[int]:
    """Yield the claim numbers of one citation: "2", "2, 5" or "2-4"."""
    for part in re.split(r"[,;]", cited):
        bounds = [int(bound) for bound in re.split(r"[–-]", part)]
        low, high = bounds[0], bounds[-1]
        yield from range(low, high + 1) if 0 <= high - low <= _LONGEST_RANGE else (low, high)


def _check(
    drafted: Sequence[_Drafted],
    claims: Sequence[Claim],
    language: str,
    words: int,
    min_overlap: float,
) -> Abstract:
    kept: list[SummarySentence] = []
    dropped: list[Dropped] = []
    budget = words
    for sentence in drafted:
        reason = _unsupported(sentence, claims, language, min_overlap)
        length = len(sentence.text.split())
        if reason is None and length > budget:
            reason = f"goes past the {words}-word budget"
        if reason is not None:
            dropped.append(Dropped(sentence.text, reason))
            continue
        budget -= length
        cited = [claims[n - 1] for n in dict.fromkeys(sentence.cited)]
        evidence = tuple(dict.fromkeys(span for c in cited for span in c.evidence))
        kept.append(SummarySentence(sentence.text, evidence))
    return Abstract(tuple(kept), tuple(dropped))


def _unsupported(
    sentence: _Drafted, claims: Sequence[Claim], language: str, min_overlap: float
) -> str | None:
    """Return why the sentence's citations do not carry it, or None when they do."""
    if not sentence.cited:
        return "cites nothing"
    unknown = [n for n in dict.fromkeys(sentence.cited) if not 1 <= n <= len(claims)]
    if unknown:
        marks = "".join(f"[{n}]" for n in unknown)
        return f"cites {marks}, which {'is not a claim' if len(unknown) == 1 else 'are not claims'}"
    source = " ".join(claims[n - 1].text for n in dict.fromkeys(sentence.cited))
    number = _missing_number(sentence.text, source, language)
    if number is not None:
        return f"the number {number} is in none of its cited claims"
    name = _missing_name(sentence.text, source, language)
    if name is not None:
        return f"says '{name}', which none of its cited claims says"
    found, total = _overlap(sentence.text, source, language)
    if total == 0 or found < min_overlap * total:
        return f"too little of it is in its cited claims ({found} of {total} content words)"
    return None


def _missing_number(text: str, source: str, language: str) -> str | None:
    """Return the first number written in digits in `text` that `source` does not give."""
    given = find_quantities(source, language=language)
    covered: list[Span] = []
    for quantity in find_quantities(text, language=language):
        covered.append(quantity.span)
        if not _DIGITS.search(quantity.text):
            continue  # "the two leaders" paraphrases two names; only digits are checked
        if not any(math.isclose(quantity.value, q.value) for q in given):
            return _say(quantity.value)
    # Digits that are no quantity: years, days of dates, clock times, codes.
    source_digits = {_bare(m.group()) for m in _DIGITS.finditer(source)}
    for match in _DIGITS.finditer(text):
        inside = any(s.start <= match.start() < s.end for s in covered)
        if not inside and _bare(match.group()) not in source_digits:
            return match.group()
    return None


def _bare(digits: str) -> str:
    return digits.replace(",", "").replace(".", "")


def _say(value: float) -> str:
    """Return a number as a reader writes it: "15", "3,000", "2.7 million"."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _missing_name(text: str, source: str, language: str) -> str | None:
    """Return the capitalised words of `text` that `source` does not have, or None.

    A capitalised word that opens the sentence alone is an ordinary word written
    with a capital ("Officials met ..."); one followed by more capitalised words
    begins a name ("Kamala Harris met ...") and is checked with them.
    """
    known = {_name_key(word) for word in _WORD.findall(source)}
    for run, opens in _capitalised_runs(text):
        if opens and len(run) == 1:
            continue
        # A capitalised stop word ("The" White House, "We" after a quote) is no name.
        keys = [_name_key(word) for word in run]
        missing = [
            word if "." in word.rstrip(".") else word.rstrip(".")
            for word, key in zip(run, keys, strict=True)
            if key not in known and content_words((key,), language)
        ]
        if missing:
            return " ".join(missing)
    return None


def _name_key(word: str) -> str:
    """Return a word as names are compared: folded, without the full stop that may end it."""
    return fold(word).rstrip(".")


def _capitalised_runs(text: str) -> Iterable[tuple[list[str], bool]]:
    """Yield each run of capitalised words apart only by spaces, and whether it opens `text`."""
    run: list[re.Match[str]] = []
    for match in _WORD.finditer(text):
        joined = not run or text[run[-1].end() : match.start()].isspace()
        if run and not (joined and match.group()[0].isupper()):
            yield _words_of(text, run)
            run = []
        if match.group()[0].isupper():
            run.append(match)
    if run:
        yield _words_of(text, run)


def _words_of(text: str, run: Sequence[re.Match[str]]) -> tuple[list[str], bool]:
    return [m.group() for m in run], not text[: run[0].start()].strip(" \"“‘'(")


def _overlap(text: str, source: str, language: str) -> tuple[int, int]:
    """Return how many of the content words of `text` are in `source`, and how many it has."""
    words = _content_stems(text, language)
    known = _content_stems(source, language)
    return len(words & known), len(words)


def _content_stems(text: str, language: str) -> frozenset[str]:
    words = content_words(tokenize(text).words, language)
    return frozenset(word[:_STEM] for word in words if not word.isdigit())
