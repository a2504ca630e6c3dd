"""Who said what: quotes with their speakers, and the quote ledger of a story.

A **direct** quote is the text inside quotation marks (`newsweave.text.quotes`
finds it, also in copy whose marks are mixed up). Its speaker is named by a
reporting verb right after the quote (`”, said Harris`, `”, the president told
Harris`, `” she said`) or before it in the same sentence (`Harris said that “`).
An **indirect** quote is a reported clause: `X said (that) ...`, `X told Y that
...`, `according to X, ...`, `..., X said.`

The speaker phrase is read through the story's entities: a name or title
("the Mexican president") is the person it names; "he" or "she" the last
speaker the pronoun fits, else the last person mentioned it fits; a quote with
no attribution that directly follows another quote continues its speaker.
Anything else ("a source close to the talks") is kept as written.

Written by hand because no library attributes quotes offline: spaCy has no
quote component, and the published attribution models need a download.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from newsweave.embeddings import Embedder
from newsweave.extract.entities import StoryEntities
from newsweave.extract.names import fold
from newsweave.grouping import join_best_first
from newsweave.text.quotes import quoted_regions
from newsweave.types import Article, Attribution, Quote, Sentence, Span

#: Reporting verbs as written, by language; matched as whole words.
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "en": tuple(
        "said says say told tells added adds stated noted notes explained wrote writes asked "
        "declared insisted stressed warned announced claimed replied responded tweeted "
        "commented continued concluded recalled acknowledged admitted argued asserted "
        "confirmed denied emphasized emphasised observed remarked reported revealed "
        "suggested urged underscored specified predicted promised pledged vowed "
        "estimated cautioned complained joked conceded".split()
    ),
    "es": tuple(
        "dijo dice afirmó afirma señaló señala agregó añadió expresó aseguró asegura indicó "
        "explicó escribió declaró sostuvo manifestó destacó subrayó advirtió comentó "
        "apuntó precisó reiteró informó anunció puntualizó insistió respondió "
        "prometió".split()
    ),
}
_ACCORDING = {"en": r"according to", "es": r"según"}
# Words after a reporting verb that start no reported clause ("added to the cost").
_NOT_A_CLAUSE = (
    r"(?:to|in|on|at|for|with|by|from|about|of|up|out|off|into|over|after|before|during|"
    r"a|al|del|en|por|para|con)"
)
_THAT = {"en": r"that", "es": r"que"}
_PRONOUNS: dict[str, str | None] = {
    "it": "organization",
    "he": "male",
    "she": "female",
    "él": "male",
    "ella": "female",
    "they": None,
    "ellos": None,
}
# Between a reporting verb and its clause: an object ("told the vice president").
_OBJECT = r"(?:\s+(?!that\b|que\b)[\w’'.-]+){0,6}?"
_MIN_QUOTE_WORDS = 3
# A quote with no attribution this close after another goes on with its speaker.
_CONTINUATION = 200
_MAX_SPEAKER_WORDS = 8
# How far before a quote a pronoun's speaker may have spoken, in characters.
_PRONOUN_REACH = 1500
# Two wordings of one statement share this share of the shorter one's words...
_SAME_WORDS = 0.6
# ...or, across languages and translations, their embeddings are this close. (With
# the multilingual encoder, two translations of one quote in the seeds score 0.67
# and 0.77; other quotes of the same speakers in the same story at most 0.36.)
_SAME_MEANING = 0.65
# A speaker phrase: no clause punctuation, but the dots of "U.S." and "Mr." are fine.
_ABBREVIATIONS = (
    "Mr Ms Mrs Dr Lt Sgt Gen Gov Sen Rep Col Capt Det Supt Prof Rev Jr Sr St Sra".split()
)
_NP = r"(?:[^,.;:!?“”\"]|(?<=\b[A-Z])\." + "".join(rf"|(?<=\b{a})\." for a in _ABBREVIATIONS) + ")"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STOPWORDS = frozenset(
    "the a an and or of to in on at for with that this these those is are was were be been "
    "it its we our you your i he she they them his her their us my me as by from not do "
    "la el los las de del y que en un una es por con se lo".split()
)


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    span: Span | None


@dataclass(frozen=True)
class _Report:
    """One report as the attribution rules read it."""

    article: Article
    sentences: Sequence[Sentence]
    entities: StoryEntities
    quoted: list[tuple[int, int]]


def find_attributions(
    article: Article, sentences: Sequence[Sentence], entities: StoryEntities
) -> list[Attribution]:
    """Return the quotes of one report, direct and indirect, in order, with their speakers."""
    language = article.language if article.language in REPORTING_VERBS else "en"
    grammar = _Grammar.of(language)
    text = article.text
    report = _Report(article, sentences, entities, quoted_regions(text))
    regions = [(s, e) for s, e in report.quoted if text[s:e].strip()]
    quoted = np.zeros(len(text) + 1, dtype=bool)
    for start, end in regions:
        quoted[start:end] = True
    # Reported clauses first: quoted words inside one are its speaker's.
    clauses: list[Attribution] = []
    for sentence in sentences:
        if quoted[sentence.start : sentence.end].mean() > 0.3:
            continue  # a direct quote, or mostly one
        clauses.extend(grammar.indirect(report, sentence, clauses))
    found: list[Attribution] = []
    # The quotes found and the clauses that start before the current quote, in text
    # order: kept as the quotes go, since sorting them anew for each quote costs the
    # square of their number.
    earlier: list[Attribution] = []
    waiting = sorted(clauses, key=lambda a: a.span.start)
    taken = 0
    for start, end in regions:
        start, end = _trim(text, start, end)
        while taken < len(waiting) and waiting[taken].span.start < start:
            earlier.append(waiting[taken])
            taken += 1
        speaker, cue = grammar.direct_speaker(report, start, end, earlier)
        if speaker is None and len(text[start:end].split()) < _MIN_QUOTE_WORDS:
            continue  # "a social drinker": quoted words, no quote of their own
        outer = _enclosing(clauses, start, end)
        if speaker is None and outer is not None:
            speaker, cue = _Speaker(outer.speaker, outer.speaker_span), outer.cue
        elif speaker is None and found and _continues(text, found[-1], start):
            speaker, cue = _Speaker(found[-1].speaker, None), None
        quote = Attribution(
            Span(article.id, start, end),
            text[start:end],
            speaker.name if speaker else None,
            True,
            speaker.span if speaker else None,
            cue,
        )
        found.append(quote)
        earlier.append(quote)
    return sorted([*_carried_back(text, found), *clauses], key=lambda a: a.span.start)


def _carried_back(text: str, found: list[Attribution]) -> list[Attribution]:
    """Give a quote left open at a paragraph's end the speaker of the quote that goes on.

    News copy leaves a quote open at the end of a paragraph and reopens it in
    the next, where it is attributed ("..., ” she said.").
    """
    for i in range(len(found) - 2, -1, -1):
        quote, following = found[i], found[i + 1]
        gap = text[quote.span.end : following.span.start]
        if quote.speaker is None and following.speaker and "\n" in gap and len(gap) < 8:
            found[i] = replace(quote, speaker=following.speaker)
    return found


def _enclosing(clauses: Sequence[Attribution], start: int, end: int) -> Attribution | None:
    """Return the reported clause with a speaker that holds the quote [start, end), if any."""
    for clause in clauses:
        if clause.speaker and clause.span.start <= start and end <= clause.span.end + 2:
            return clause
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "…("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _continues(text: str, previous: Attribution, start: int) -> bool:
    """Return whether a quote with no attribution goes on with the previous direct quote."""
    if not previous.direct or previous.speaker is None:
        return False
    return start - previous.span.end < _CONTINUATION


@dataclass(frozen=True)
class _Grammar:
    """The patterns of attribution in one language."""

    verbs: re.Pattern[str]
    after: re.Pattern[str]
    before: re.Pattern[str]
    that_clause: re.Pattern[str]
    clause: re.Pattern[str]
    according: re.Pattern[str]

    @classmethod
    def of(cls, language: str) -> _Grammar:
        verbs = "|".join(REPORTING_VERBS[language])
        verb = rf"\b(?P<verb>{verbs})\b"
        return cls(
            verbs=re.compile(verb, re.IGNORECASE),
            # ”, said the president   |   ”, the president told Harris   |   ” she said
            after=re.compile(
                rf"^[\s,.;:—–-]*(?:(?P<inverted>{verb}\s+(?P<subject>{_NP}*))"
                rf"|(?P<np>{_NP}{{1,120}}?)(?:,[^,“”\"]{{1,100}},)?\s+(?:also\s+|then\s+)?(?P<verb2>{verbs})\b)",
                re.IGNORECASE,
            ),
            # Harris said that “   |   he told reporters: “
            before=re.compile(
                rf"(?P<np>{_NP}{{1,80}}?)\s+(?:also\s+|then\s+)?{verb}"
                rf"{_OBJECT}(?:\s+{_THAT[language]})?\s*[:,]?\s*$",
                re.IGNORECASE,
            ),
            # told reporters that ...   |   said Thursday the actress ...   |   said he ...
            that_clause=re.compile(
                rf"(?:\s+(?!{_THAT[language]}\b)[\w’'.-]+){{0,9}}?\s+{_THAT[language]}\s+"
                rf"(?P<clause>\w.*)$",
                re.IGNORECASE,
            ),
            clause=re.compile(
                rf"\s+(?P<clause>(?!{_NOT_A_CLAUSE}\b)\w.*)$",
                re.IGNORECASE,
            ),
            according=re.compile(
                rf"\b{_ACCORDING[language]}\s+(?P<np>[^,;:!?“”\"]+)", re.IGNORECASE
            ),
        )

    def direct_speaker(
        self, report: _Report, start: int, end: int, earlier: Sequence[Attribution]
    ) -> tuple[_Speaker | None, str | None]:
        """Return the speaker and reporting verb of the quote [start, end), if named."""
        text = report.article.text
        after_start = _skip_marks(text, end)
        window = text[after_start : _sentence_end(text, after_start)]
        match = self.after.match(window)
        if match:
            if match.group("inverted"):
                subject = match.group("subject")
                offset = after_start + match.start("subject")
                phrase = _cut_subject(subject)
                verb = match.group("verb")
            else:
                phrase = match.group("np")
                offset = after_start + match.start("np")
                verb = match.group("verb2")
            speaker = _resolve(phrase, offset, report, earlier)
            if speaker is not None:
                return speaker, verb.lower()
        opening = _opening_mark(text, start)
        window_start = _sentence_start(text, opening)
        if not text[window_start:opening].strip() and text[:opening].rstrip().endswith(":"):
            # "..., she said in a statement:" closes the paragraph before the quote.
            colon = len(text[:opening].rstrip()) - 1
            window_start, opening = _sentence_start(text, colon), colon
        before = text[window_start:opening]
        # The pattern tries every start and length of a speaker phrase; without a
        # reporting verb in the window it cannot match, and checking that is cheap.
        match = self.before.search(before) if self.verbs.search(before) else None
        if match:
            offset = window_start + match.start("np")
            phrase = _cut_leading(match.group("np"))
            offset += len(match.group("np")) - len(phrase)
            speaker = _resolve(phrase, offset, report, earlier)
            if speaker is not None:
                return speaker, match.group("verb").lower()
        return None, None

    def indirect(
        self, report: _Report, sentence: Sentence, earlier: Sequence[Attribution]
    ) -> list[Attribution]:
        """Return the reported clauses of a sentence with their speakers.

        Each reporting verb whose subject names a speaker gives one: `NP said
        (that) CLAUSE`, `NP told OBJECT (that) CLAUSE`, or `CLAUSE, NP said.`;
        a clause ends where the next speaker starts ("..., but a state official
        said ..."). Failing those, `according to NP`.
        """
        body = sentence.text
        found: list[tuple[int, int, _Speaker, str]] = []
        for verb in self.verbs.finditer(body):
            subject = _subject_before(body, verb.start())
            if subject is None:
                continue
            phrase, phrase_start = subject
            clause = self._clause_after(body, verb.end()) or _clause_before(body, phrase_start)
            if clause is None:
                continue
            speaker = _resolve(phrase, sentence.start + phrase_start, report, earlier)
            if speaker is not None:
                found.append((phrase_start, clause[0], speaker, verb.group().lower()))
        reported = []
        for i, (_, start, speaker, cue) in enumerate(found):
            end = len(body.rstrip().rstrip(".!?"))
            if i + 1 < len(found) and found[i + 1][0] > start:
                end = len(
                    re.sub(r"[\s,;]*(?:but|and|while|pero|y)?\s*$", "", body[: found[i + 1][0]])
                )
            if start < end:
                reported.append(_reported(report, sentence, (start, end), speaker, cue))
        if reported:
            return reported
        match = self.according.search(body)
        if match:
            phrase = _cut_subject(match.group("np")).rstrip(".")
            speaker = _resolve(phrase, sentence.start + match.start("np"), report, earlier)
            if speaker is not None:
                return [_reported(report, sentence, (0, len(body)), speaker, "according to")]
        return []

    def _clause_after(self, body: str, position: int) -> tuple[int, int] | None:
        """Return the reported clause after a verb: past an object and "that"."""
        match = self.that_clause.match(body, position) or self.clause.match(body, position)
        if match is None:
            return None
        start, end = match.start("clause"), len(body.rstrip().rstrip(".!?"))
        if len(body[start:end].split()) < _MIN_QUOTE_WORDS:
            return None
        return start, end


def _subject_before(body: str, position: int) -> tuple[str, int] | None:
    """Return the words before a verb back to a clause break (the subject) and their start."""
    before = body[:position].rstrip()
    if before.endswith(","):
        # "Dale Hall, who directs the service, said": the subject is before the aside.
        aside = before[:-1].rfind(",")
        if aside > 0:
            before = before[:aside]
    cut = max(before.rfind(mark) for mark in (",", ";", ":", "—", "–", "(", "“", "”", '"'))
    start = cut + 1 if cut >= 0 else 0
    phrase = before[start:]
    words = phrase.split()
    if not words or len(words) > _MAX_SPEAKER_WORDS:
        return None
    # "who", "which": a relative clause, not the speaker; "also", "recently" belong
    # to the verb, "while" and "but" to the clause before.
    while words and (
        fold(words[-1]) in {"also", "then", "later", "had", "has", "have", "once", "again"}
        or words[-1].endswith("ly")
    ):
        words.pop()
    while words and fold(words[0]) in _LEADING_CONJUNCTIONS:
        words.pop(0)
    if not words or fold(words[0]) in {"who", "which", "that", "what", "when", "where"}:
        return None
    text = " ".join(words)
    return text, start + phrase.index(words[0])


_LEADING_CONJUNCTIONS = frozenset(
    "and but while as because after before if although though since so yet y pero mientras".split()
)


def _clause_before(body: str, phrase_start: int) -> tuple[int, int] | None:
    """Return the clause of "CLAUSE, NP said." when the speaker ends the sentence."""
    before = body[:phrase_start].rstrip()
    if not before.endswith(",") or len(before.split()) < _MIN_QUOTE_WORDS:
        return None
    return 0, len(before) - 1


def _reported(
    report: _Report, sentence: Sentence, clause: tuple[int, int], speaker: _Speaker, cue: str
) -> Attribution:
    text = report.article.text
    start, end = _trim(text, sentence.start + clause[0], sentence.start + clause[1])
    return Attribution(
        Span(report.article.id, start, end), text[start:end], speaker.name, False, speaker.span, cue
    )


def _skip_marks(text: str, position: int) -> int:
    """Return where the text after a quote starts: past its last punctuation and marks."""
    while position < len(text) and text[position] in ",;:.!?… ":
        position += 1
    while position < len(text) and text[position] in "”\"“»’' ":
        position += 1
    return position


def _opening_mark(text: str, start: int) -> int:
    while start > 0 and (text[start - 1].isspace() or text[start - 1] in '“"”«„'):
        start -= 1
    return start


# A sentence ends at . ! ? but not after an initial or a title: "Lt. Gregg Hastings".
_SENTENCE_END = re.compile(
    "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS) + r"(?<!\b[A-Z])[.!?](?=\s|$)|\n"
)


def _sentence_end(text: str, position: int) -> int:
    stop = min(len(text), position + 200)
    match = _SENTENCE_END.search(text, position, stop)
    return match.start() if match else stop


# A sentence ends at . ! ? (not after a lone capital: "U.S."), a line end or a closing mark.
_BOUNDARY = re.compile(r"(?<![\s.][A-Z])[.!?]\s+|\n|[”\"]")


def _sentence_start(text: str, position: int) -> int:
    floor = max(0, position - 240)
    last = max((m.end() for m in _BOUNDARY.finditer(text[floor:position])), default=0)
    return floor + last


def _cut_subject(subject: str) -> str:
    """Keep the speaker of "said Harris, who ..." / "said the president in his speech"."""
    cut = re.split(
        r"\s+(?:in|on|at|during|after|before|while|who|which|when|as|to|according)\b|[,(]",
        subject,
        maxsplit=1,
    )[0]
    return cut.strip()


def _cut_leading(phrase: str) -> str:
    """Keep the end of "Regarding this point, Harris" / "and the president": the speaker."""
    words = phrase.strip().split()
    for i in range(len(words)):
        if fold(words[i]) in {"and", "but", "y", "pero", "also", "then", "which", "who"}:
            words = words[i + 1 :] if i + 1 < len(words) else words
            break
    return " ".join(words[-_MAX_SPEAKER_WORDS:])


def _resolve(
    phrase: str, offset: int, report: _Report, earlier: Sequence[Attribution]
) -> _Speaker | None:
    """Return who a speaker phrase names, or None when it is not a speaker at all."""
    article, entities = report.article, report.entities
    phrase = phrase.strip()
    if not phrase or len(phrase.split()) > _MAX_SPEAKER_WORDS:
        return None
    span = Span(article.id, offset, offset + len(phrase))
    # The phrase's head is its last words: "Superior Court Judge James Bodiford" is
    # the judge, "the Biden administration" not Biden, "Lindsay Lohan's attorney"
    # not Lohan.
    heads = [
        m.entity
        for m in entities.mentions.get(article.id, ())
        if span.start <= m.span.start
        and m.span.end <= span.end
        and (m.span.end >= span.end - 1 or _OF.match(article.text, m.span.end))
        and entities.kinds.get(m.entity) in ("person", "organization")
    ]
    if heads:
        people = [h for h in heads if entities.kinds.get(h) == "person"]
        return _Speaker((people or heads)[-1], span)
    named = entities.named(phrase)
    if named is not None:
        return _Speaker(named, span)
    word = fold(phrase)
    if word in _PRONOUNS:
        return _Speaker(_pronoun(word, offset, report, earlier), span)
    first = fold(phrase.split()[0])
    if first in {"it", "this", "that", "there", "which", "what", "i", "we", "you", "yo"}:
        return None
    if phrase[0].isupper() or first in {"the", "a", "an", "el", "la", "los", "las", "un", "una"}:
        return _Speaker(_display(phrase), span)  # "a source close to the talks": as written
    if _DESCRIPTION.fullmatch(fold(phrase)):
        return _Speaker(phrase, span)  # "officials", "sources close to the negotiations"
    return None


# "Lt. Gregg Hastings of the Oregon State Police": the head comes before "of".
_OF = re.compile(r",?\s+(?:of|de|from)\b")
# A bare description of who speaks: "officials", "fire crews", "industry sources".
# Not a clause: no pronoun, conjunction or auxiliary verb in it.
_NOT_IN_DESCRIPTION = (
    r"(?:it|this|that|there|which|what|who|i|we|you|he|she|they|and|but|or|if|when|as|"
    r"is|are|was|were|be|been|has|have|had|will|would|could|should|may|might|can|did|does|do|"
    r"not|no|also|then|so|to)"
)
_DESCRIPTION = re.compile(
    rf"(?!{_NOT_IN_DESCRIPTION}\b)[a-z][\w'-]*(?:\s+(?!{_NOT_IN_DESCRIPTION}\b)[\w'-]+){{0,5}}"
)


def _display(phrase: str) -> str:
    return phrase[0].lower() + phrase[1:] if phrase.split()[0] in {"The", "A", "An"} else phrase


def _pronoun(word: str, offset: int, report: _Report, earlier: Sequence[Attribution]) -> str | None:
    """Return the person "he" or "she" at `offset` stands for.

    In order: the first person the pronoun fits named earlier in its own
    sentence ("López Obrador told her that he ..."), else in the sentence
    before (its subject comes first), else the last speaker it fits, else the
    last person it fits. Names inside quotation marks are not candidates.
    """
    gender = _PRONOUNS[word]
    if gender is None:
        return None
    if gender == "organization":
        return _organization(offset, report, earlier)

    def fits(person: str | None) -> bool:
        return person is not None and entities.genders.get(person, gender) == gender

    article, entities, sentences = report.article, report.entities, report.sentences
    index = next((i for i, s in enumerate(sentences) if s.start <= offset < s.end), None)
    windows = []
    if index is not None:
        windows.append((sentences[index].start, offset))
        if index > 0:
            windows.append((sentences[index - 1].start, sentences[index - 1].end))
    for begin, end in windows:
        for person in entities.people_in(article.id, begin, end, outside=report.quoted):
            if fits(person):
                return person
    for attribution in reversed(earlier):
        if offset - attribution.span.end > _PRONOUN_REACH:
            break
        if entities.kinds.get(attribution.speaker or "") == "person" and fits(attribution.speaker):
            return attribution.speaker
    for person in entities.people_before(article.id, offset):
        if fits(person):
            return person
    return None


def _organization(offset: int, report: _Report, earlier: Sequence[Attribution]) -> str | None:
    """Return the organization "it said" stands for: the last one that spoke."""
    for attribution in reversed(earlier):
        if offset - attribution.span.end > _PRONOUN_REACH:
            break
        if report.entities.kinds.get(attribution.speaker or "") == "organization":
            return attribution.speaker
    return None


def quote_ledger(
    attributions: Mapping[str, Sequence[Attribution]],
    order: Sequence[str],
    *,
    embedder: Embedder | None = None,
) -> tuple[Quote, ...]:
    """Return a story's quote ledger: each statement once, with its wording in each report.

    Statements are the sentences of the quotes: one report quotes three
    sentences in one go where another splits them in two quotes. Two
    wordings are one statement when their speakers agree (or one is unknown)
    and they share most of their words, or, with an embedder, mean the same
    (translations). The most alike pairs are joined first, and a statement
    takes at most one wording from each report. `order` lists the story's
    reports first-published first; the earliest wording is the statement's text.
    """
    rank = {article_id: i for i, article_id in enumerate(order)}
    units = sorted(
        (unit for found in attributions.values() for a in found for unit in _statements(a)),
        key=lambda a: (rank.get(a.span.article_id, len(rank)), a.span.start),
    )
    if not units:
        return ()
    words = [_content_words(a.text) for a in units]
    vectors = embedder.embed([a.text for a in units]) if embedder is not None else None
    pairs = []
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if units[i].span.article_id == units[j].span.article_id:
                continue
            if not _same_speaker(units[i].speaker, units[j].speaker):
                continue
            score = _overlap(words[i], words[j])
            if score < _SAME_WORDS and vectors is not None:
                cosine = float(vectors[i] @ vectors[j])
                score = cosine if cosine >= _SAME_MEANING else 0.0
            if score >= _SAME_WORDS:
                pairs.append((score, i, j))
    groups = join_best_first([u.span.article_id for u in units], pairs)
    return tuple(_entry([units[k] for k in sorted(group)]) for group in groups)


# Not after an initial: "the U.S. Trade and Development Agency" is one sentence.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])(?<![A-Z]\.)|\s*\(?…\)?)\s+(?=[“\"]?[A-ZÁÉÍÓÚ¿¡])")


def _statements(attribution: Attribution) -> list[Attribution]:
    """Split a quote into its sentences, each a statement with the quote's speaker."""
    pieces: list[Attribution] = []
    position = attribution.span.start
    for piece in _SENTENCE_BREAK.split(attribution.text):
        start = attribution.text.index(piece, position - attribution.span.start)
        absolute = attribution.span.start + start
        position = absolute + len(piece)
        if len(piece.split()) >= _MIN_QUOTE_WORDS or not pieces:
            pieces.append(
                replace(
                    attribution,
                    span=Span(attribution.span.article_id, absolute, absolute + len(piece)),
                    text=piece,
                )
            )
    return pieces


def _entry(group: list[Attribution]) -> Quote:
    speakers = [a.speaker for a in group if a.speaker]
    # dict.fromkeys, not set: a tie goes to the speaker named first, in every process.
    speaker = max(dict.fromkeys(speakers), key=speakers.count) if speakers else None
    return Quote(
        speaker=speaker,
        text=group[0].text,
        evidence=tuple(a.span for a in group),
        wordings=tuple(a.text for a in group),
        direct=any(a.direct for a in group),
        first_reported_by=group[0].span.article_id,
    )


def _same_speaker(one: str | None, other: str | None) -> bool:
    return one is None or other is None or one == other


def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in (fold(m.group()) for m in _WORD.finditer(text)) if w not in _STOPWORDS
    )


def _overlap(one: frozenset[str], other: frozenset[str]) -> float:
    smaller = min(len(one), len(other))
    return len(one & other) / smaller if smaller >= 4 else 0.0
