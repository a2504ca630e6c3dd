"""People, organizations and places, with one canonical name across a story's reports.

Names come from spaCy's English model (`newsweave.text.nlp`); in other
languages, from runs of capitalised words, whose kind the story's English
reports settle. Then the names of a story are tied together, the way a reader
does it:

- the same words however accented or abbreviated: "Andrés Manuel López
  Obrador" and "Andres Manuel Lopez Obrador";
- a person's shorter name inside a longer one: "Lopez Obrador", "Harris";
- acronyms of a longer name: "AMLO", "U.S." for "United States";
- titles: "the Mexican president" is whoever the story calls "Mexican
  President ..." ("President X", "X, the president of Mexico,"); when several
  people hold the title, the one the report mentioned last.

The canonical name is the longest form, spelled with its accents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from newsweave.extract.names import (
    GENDERED_TITLES,
    HONORIFICS,
    NAME_FILLERS,
    TITLES,
    acronym_key,
    country_key,
    fold,
    gender_of_first_name,
    initials,
    name_tokens,
)
from newsweave.types import Article, Entity, EntityKind, Mention, MentionVia, Span

_SPACY_KINDS: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}

_TITLE = "|".join(re.escape(title) for title in TITLES)
# A country word before a title ("Mexican", "U.S."), never the first word of a
# longer title ("Vice" of "Vice President").
_QUALIFIER = rf"(?!(?i:{_TITLE})\b)(?:U\.S\.|US|EE\.UU\.|[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:\s+[A-Z][a-z]+)?)"
# "U.S. Vice President " right before a name.
_TITLE_BEFORE = re.compile(rf"(?:(?P<qual>{_QUALIFIER})\s+)?\b(?P<title>(?i:{_TITLE}))\s+$")
# "the Mexican president", "the president of Mexico", "el presidente de México".
_TITLE_MENTION = re.compile(
    rf"\b(?i:the|a|an|his|her|their|its|el|la|su)\s+(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?P<title>(?i:{_TITLE}))\b"
    rf"(?:\s+(?:of|de)\s+(?:the\s+|los\s+|la\s+|el\s+)?(?P<of>[A-ZÁÉÍÓÚ][\w.]*(?:\s+[A-Z][\w.]*)*))?"
)
_POSSESSIVE = re.compile(r"^['’]s?\b")
# Names in languages without a model: capitalised words, joined by de/del/la/y.
_CAPITALISED = re.compile(
    r"(?<![\w.])[A-ZÁÉÍÓÚÑ][\w'’.-]*[\w](?:\s+(?:(?:de|del|la|y)\s+)?[A-ZÁÉÍÓÚÑ][\w'’.-]*[\w])*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[“\"«]\s*)$")
_NAME_JOINER = re.compile(r"\s+(?:and|y)\s+")


@dataclass
class Name:
    """A name as found in one report, before the story ties it to an entity."""

    article_id: str
    start: int
    end: int
    text: str
    kind: EntityKind | None
    title: str | None = None
    qualifier: str | None = None
    honorific: str | None = None


@dataclass
class _Cluster:
    """The names of one entity while a story's names are being tied together."""

    tokens: tuple[str, ...]
    kind: EntityKind | None
    names: list[Name] = field(default_factory=list)

    def add(self, name: Name) -> None:
        self.names.append(name)
        if self.kind is None:
            self.kind = name.kind

    @property
    def display(self) -> str:
        longest = [n.text for n in self.names if name_tokens(n.text) == self.tokens]
        spellings = Counter(_display(text) for text in longest or [n.text for n in self.names])
        # The form with the most accented letters, then the most frequent.
        return max(spellings, key=lambda s: (sum(not c.isascii() for c in s), spellings[s]))


@dataclass(frozen=True)
class StoryEntities:
    """The entities of one story and every mention of them, by report.

    Besides the mentions, it answers what the quote stage asks: which person
    a title names at a place in a report, who was mentioned last before it,
    and which pronoun fits a person.
    """

    entities: tuple[Entity, ...]
    mentions: Mapping[str, tuple[Mention, ...]]
    kinds: Mapping[str, EntityKind]
    genders: Mapping[str, str]
    roles: Mapping[tuple[str, str | None], tuple[str, ...]]

    def named(self, phrase: str) -> str | None:
        """Return the person or organization a phrase names by name, if exactly one fits."""
        tokens = set(name_tokens(phrase))
        if not tokens:
            return None
        fits = [
            name
            for name, kind in self.kinds.items()
            if kind in ("person", "organization")
            and (
                tokens == set(name_tokens(name))
                or (kind == "person" and tokens < set(name_tokens(name)))
            )
        ]
        return fits[0] if len(fits) == 1 else None

    def people_in(
        self, article_id: str, start: int, end: int, *, outside: Sequence[tuple[int, int]] = ()
    ) -> list[str]:
        """Return the people mentioned in [start, end) of a report, in order, once each."""
        people = [
            m.entity
            for m in self.mentions.get(article_id, ())
            if start <= m.span.start
            and m.span.end <= end
            and self.kinds.get(m.entity) == "person"
            and not any(s <= m.span.start < e for s, e in outside)
        ]
        return list(dict.fromkeys(people))

    def people_before(self, article_id: str, position: int) -> list[str]:
        """Return the people mentioned in the report before `position`, the latest first."""
        people = [
            m.entity
            for m in self.mentions.get(article_id, ())
            if m.span.end <= position and self.kinds.get(m.entity) == "person"
        ]
        return list(dict.fromkeys(reversed(people)))

    def holder(
        self, title: str, qualifier: str | None, article_id: str, position: int
    ) -> str | None:
        """Return the person a title names at `position` of a report, or None."""
        holders = _holders(self.roles, fold(title), qualifier)
        if not holders:
            return None
        for person in self.people_before(article_id, position):
            if person in holders:
                return person
        return holders[0]


def find_names(article: Article, doc: Any | None) -> list[Name]:
    """Return the names of one report: spaCy's entities, else capitalised words."""
    if doc is not None:
        spans = [
            (ent.start_char, ent.end_char, _SPACY_KINDS.get(ent.label_))
            for ent in doc.ents
            if ent.label_ in _SPACY_KINDS or ent.label_ == "WORK_OF_ART"
        ]
    else:
        spans = [
            (m.start(), m.end(), None)
            for m in _CAPITALISED.finditer(article.text)
            if not _SENTENCE_START.search(article.text[max(0, m.start() - 3) : m.start()])
            or len(m.group().split()) > 1
        ]
    spans += _titled_names(article.text, spans)
    names = []
    for start, end, kind in spans:
        for piece_start, piece_end in _pieces(article.text, start, end):
            names.append(_describe(article, piece_start, piece_end, kind))
    # A name is capitalised: "@lopezobrador_" is a handle, not a person.
    names = [n for n in names if name_tokens(n.text) and any(c.isupper() for c in n.text)]
    lowercase = set(_LOWER_WORD.findall(article.text))
    return [n for n in names if not _headline(n, lowercase)]


_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")


def _headline(name: Name, lowercase: set[str]) -> bool:
    """Return whether a long "name" is a headline in title case ("Lohan Checks Into Rehab").

    Its words are written in lowercase elsewhere in the report; a person's are not.
    """
    words = [w for w in name.text.split() if w.lower() not in NAME_FILLERS]
    return len(words) >= 3 and any(w.lower() in lowercase for w in words)


# "Captain Ana Torres", "President Joe Biden": a title, then a capitalised name.
_TITLED_NAME = re.compile(
    rf"\b(?i:{_TITLE})\s+(?P<name>[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){{0,3}})"
)


def _titled_names(
    text: str, spans: list[tuple[int, int, EntityKind | None]]
) -> list[tuple[int, int, EntityKind | None]]:
    """Return the people a title names that the model did not find ("Captain Ana Torres")."""
    found: list[tuple[int, int, EntityKind | None]] = []
    for match in _TITLED_NAME.finditer(text):
        start, end = match.span("name")
        if not any(s < end and start < e for s, e, _ in spans):
            found.append((start, end, "person"))
    return found


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Split "López Obrador and Harris" in two and trim "the", brackets and punctuation."""
    position = start
    # "López Obrador and Harris" is two names when the second is written on its
    # own elsewhere; "Mexicans Against Corruption and Impunity" is one.
    joiners = [
        j
        for j in _NAME_JOINER.finditer(text, start, end)
        if re.search(rf"(?<!\w){re.escape(text[j.end() : end])}(?!\w)", text[:start] + text[end:])
    ]
    for joiner in [*joiners, None]:
        stop = joiner.start() if joiner else end
        piece_start, piece_end = position, stop
        cut = text.find("(", piece_start, piece_end)
        if cut != -1:
            piece_end = cut
        while piece_start < piece_end and not text[piece_start].isalnum():
            piece_start += 1
        if text.startswith(("the ", "The "), piece_start):
            piece_start += 4
        if text.endswith(("'s", "’s"), piece_start, piece_end):
            piece_end -= 2
        while piece_end > piece_start and not (
            text[piece_end - 1].isalnum() or text[piece_end - 1] == "."
        ):
            piece_end -= 1
        # "the Northern Triangle of": a name does not end on "of".
        words = text[piece_start:piece_end].rsplit(None, 1)
        while len(words) == 2 and words[1] in ("of", "de"):
            piece_end = piece_start + len(words[0])
            words = text[piece_start:piece_end].rsplit(None, 1)
        if piece_end > piece_start:
            yield piece_start, piece_end
        position = joiner.end() if joiner else end


def _describe(article: Article, start: int, end: int, kind: EntityKind | None) -> Name:
    """Return the name with the title or honorific written right before it."""
    text = article.text[start:end]
    before = article.text[max(0, start - 60) : start]
    name = Name(article.id, start, end, text, kind)
    words = before.split()
    if words and fold(words[-1]) in HONORIFICS:
        name.honorific = fold(words[-1])
        name.kind = "person"
    found = _TITLE_BEFORE.search(before)
    if found:
        name.title = fold(found.group("title"))
        name.qualifier = country_key(found.group("qual")) if found.group("qual") else None
        name.kind = "person"
    return name


def resolve_entities(
    articles: Sequence[Article], names: Mapping[str, Sequence[Name]]
) -> StoryEntities:
    """Tie the names found in a story's reports into entities, and resolve titles."""
    everything = [n for article in articles for n in names.get(article.id, ())]
    clusters = _cluster(everything)
    entity_of: dict[int, _Cluster] = {id(n): c for c in clusters for n in c.names}
    display = {id(c): c.display for c in clusters}
    # A name no English report settles the kind of is left out, not guessed.
    kinds = {display[id(c)]: c.kind for c in clusters if c.kind is not None}

    mentions: dict[str, list[Mention]] = defaultdict(list)
    for name in everything:
        cluster = entity_of[id(name)]
        canonical = display[id(cluster)]
        if canonical not in kinds:
            continue
        via: MentionVia = "name" if _display(name.text) == canonical else "alias"
        if acronym_key(name.text) and len(cluster.tokens) > 1:
            via = "acronym"
        mentions[name.article_id].append(
            Mention(
                Span(name.article_id, name.start, name.end),
                name.text,
                kinds[canonical],
                canonical,
                via,
            )
        )
    _add_missed(articles, mentions)
    roles = _roles(everything, entity_of, display, articles, mentions)
    genders = _genders(clusters, display)
    partial = StoryEntities((), {}, kinds, genders, roles)
    for article in articles:
        found = sorted(mentions.get(article.id, []), key=lambda m: m.span.start)
        mentions[article.id] = sorted(
            found + _title_mentions(article, found, partial), key=lambda m: m.span.start
        )
    frozen = {k: tuple(v) for k, v in mentions.items()}
    entities = _entities(clusters, display, kinds, frozen)
    return StoryEntities(entities, frozen, kinds, genders, roles)


def _add_missed(articles: Sequence[Article], mentions: dict[str, list[Mention]]) -> None:
    """Add the places where a report writes a name of the story that the model missed.

    A statistical tagger finds "López Obrador" in one sentence and not in the
    next; a name the story knows is a name wherever it is written.
    """
    forms: dict[str, Mention] = {}
    for found in mentions.values():
        for mention in found:
            if len(mention.text) >= 3:
                forms.setdefault(mention.text, mention)
    # Acronyms of the story's longer names: "AMLO", "NTSB".
    for found in mentions.values():
        for mention in found:
            letters = initials(mention.entity)
            if len(letters) >= 3 and len(name_tokens(mention.entity)) == len(letters):
                forms.setdefault(
                    letters.upper(), replace(mention, text=letters.upper(), via="acronym")
                )
    if not forms:
        return
    pattern = re.compile(
        r"(?<![\w.])(?:"
        + "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        + r")(?![\w])"
    )
    for article in articles:
        found = mentions[article.id]
        taken = sorted((m.span.start, m.span.end) for m in found)
        for match in pattern.finditer(article.text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            known = forms[match.group()]
            found.append(
                Mention(
                    Span(article.id, match.start(), match.end()),
                    match.group(),
                    known.kind,
                    known.entity,
                    known.via,
                )
            )


def _cluster(names: list[Name]) -> list[_Cluster]:
    """Group names into entities: longest names first, shorter ones join the one they fit."""
    by_tokens: dict[tuple[str, ...], list[Name]] = defaultdict(list)
    for name in names:
        key = name_tokens(name.text)
        by_tokens[key].append(name)
    # Each distinct name's kind by vote; a title or honorific makes it a person.
    voted: dict[tuple[str, ...], EntityKind | None] = {}
    for key, group in by_tokens.items():
        if any(n.kind == "person" and (n.title or n.honorific) for n in group):
            voted[key] = "person"
            continue
        votes = Counter(n.kind for n in group if n.kind)
        voted[key] = votes.most_common(1)[0][0] if votes else None
    clusters: list[_Cluster] = []
    order = sorted(
        by_tokens,
        key=lambda k: (acronym_key(by_tokens[k][0].text) is not None, -len(k), -len(by_tokens[k])),
    )
    for key in order:
        group = by_tokens[key]
        home = _home(key, voted[key], group[0].text, clusters)
        if home is None:
            home = _Cluster(key, voted[key])
            clusters.append(home)
        for name in group:
            home.add(name)
    return clusters


def _home(
    tokens: tuple[str, ...], kind: EntityKind | None, text: str, clusters: list[_Cluster]
) -> _Cluster | None:
    """Return the entity a name belongs to among those formed so far, or None for a new one."""
    acronym = acronym_key(text)
    country = country_key(" ".join(tokens)) if kind in ("place", None) else None
    fits: list[_Cluster] = []
    for cluster in clusters:
        if cluster.tokens == tokens:
            return cluster
        if (
            (acronym and len(cluster.tokens) > 1 and initials(" ".join(cluster.tokens)) == acronym)
            or (
                country == "united states"
                and cluster.kind == "place"
                and country_key(" ".join(cluster.tokens)) == "united states"
            )
            or (
                cluster.kind == "person"
                and kind != "place"
                and len(tokens) < len(cluster.tokens)
                and set(tokens) <= set(cluster.tokens)
            )
        ):
            fits.append(cluster)
    if not fits:
        return None
    # Several people share the words ("Biden" in "Joe Biden", "Hunter Biden"): the most named.
    return max(fits, key=lambda c: len(c.names))


def _display(text: str) -> str:
    text = " ".join(text.split())
    return text[4:] if text.startswith(("the ", "The ")) else text


def _roles(
    names: list[Name],
    entity_of: Mapping[int, _Cluster],
    display: Mapping[int, str],
    articles: Sequence[Article],
    mentions: Mapping[str, list[Mention]],
) -> dict[tuple[str, str | None], tuple[str, ...]]:
    """Return who holds which title, (title, country key) -> people, most named first."""
    held: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
    for name in names:
        if name.title:
            held[(name.title, name.qualifier)][display[id(entity_of[id(name)])]] += 1
    # Appositions: "X, the president of Mexico," and "The president of Mexico, X,".
    for article in articles:
        found = mentions.get(article.id, [])
        for match in _TITLE_MENTION.finditer(article.text):
            key = (fold(match.group("title")), _qualifier(match))
            for mention in found:
                if mention.kind != "person":
                    continue
                between_after = article.text[match.end() : mention.span.start]
                between_before = article.text[mention.span.end : match.start()]
                if (
                    0 <= mention.span.start - match.end() <= 3 and between_after.strip() == ","
                ) or (0 <= match.start() - mention.span.end <= 3 and between_before.strip() == ","):
                    held[key][mention.entity] += 1
    return {key: tuple(p for p, _ in people.most_common()) for key, people in held.items()}


def _qualifier(match: re.Match[str]) -> str | None:
    words = match.group("qual") or match.group("of")
    return country_key(words) if words else None


def _holders(
    roles: Mapping[tuple[str, str | None], tuple[str, ...]], title: str, qualifier: str | None
) -> tuple[str, ...]:
    """Return the people holding a title; with a country, those of that country first."""
    exact = roles.get((title, qualifier), ()) if qualifier else ()
    anywhere = [p for (t, _), people in roles.items() if t == title for p in people]
    if qualifier and exact:
        return exact
    return tuple(dict.fromkeys(anywhere))


def _title_mentions(
    article: Article, names: list[Mention], entities: StoryEntities
) -> list[Mention]:
    """Return "the Mexican president"-like mentions of the report, tied to their holder."""
    found = []
    for match in _TITLE_MENTION.finditer(article.text):
        after = article.text[match.end() : match.end() + 40]
        if _POSSESSIVE.match(after):
            continue  # "the vice president's spokesperson" is someone else
        if any(m.span.start >= match.end() and m.span.start - match.end() <= 1 for m in names):
            continue  # "the president Porfirio Díaz": the name is the mention
        person = entities.holder(match.group("title"), _qualifier(match), article.id, match.start())
        if person is not None:
            found.append(
                Mention(
                    Span(article.id, match.start(), match.end()),
                    match.group(),
                    "person",
                    person,
                    "title",
                )
            )
    return found


def _genders(clusters: list[_Cluster], display: Mapping[int, str]) -> dict[str, str]:
    """Return the pronoun gender of each person that a first name, honorific or title gives."""
    genders = {}
    for cluster in clusters:
        if cluster.kind != "person":
            continue
        votes: Counter[str] = Counter()
        for name in cluster.names:
            if name.honorific and HONORIFICS.get(name.honorific):
                votes[str(HONORIFICS[name.honorific])] += 2
            if name.title in GENDERED_TITLES:
                votes[GENDERED_TITLES[name.title]] += 2
        if len(cluster.tokens) > 1:
            first = gender_of_first_name(display[id(cluster)].split()[0])
            if first:
                votes[first] += 1
        if votes:
            genders[display[id(cluster)]] = votes.most_common(1)[0][0]
    return genders


def _entities(
    clusters: list[_Cluster],
    display: Mapping[int, str],
    kinds: Mapping[str, EntityKind],
    mentions: Mapping[str, tuple[Mention, ...]],
) -> tuple[Entity, ...]:
    evidence: dict[str, list[Span]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    for found in mentions.values():
        for mention in found:
            evidence[mention.entity].append(mention.span)
            if mention.via != "title":
                aliases[mention.entity].add(_display(mention.text))
    entities = [
        Entity(
            name=name,
            kind=kinds[name],
            aliases=tuple(sorted(aliases[name] - {name})),
            evidence=tuple(evidence[name]),
        )
        for name in (display[id(c)] for c in clusters)
        if name in evidence
    ]
    return tuple(sorted(entities, key=lambda e: (-len(e.evidence), e.name)))
