"""Revisions: a report that changed after it was stored, what changed, and who still
carries what it no longer says.

Outlets edit published reports: a number corrected, a date fixed, a name
misspelled. When newsweave reads such a report again, the store keeps both
versions (`report_key` says which stored articles are versions of one report)
and analyses see only the newest. This module says what changed between two
versions (`diff_versions`: the title and the words), which facts the source
corrected (`corrections`: numbers, dates, names, each with its sentence in both
versions) and which reports derived from the revised one still carry a
corrected value (`stale_copies`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Literal

from newsweave.errors import NotFound
from newsweave.store.base import Revision, Version
from newsweave.types import Article, Derivation, DerivationKind, Sentence, SourceKind

if TYPE_CHECKING:
    from newsweave.store.base import Store

FactKind = Literal["number", "date", "name"]
SegmentKind = Literal["same", "removed", "added"]

#: Kinds of input whose file holds one report: the file's path names the report.
_ONE_REPORT_PER_FILE: frozenset[SourceKind] = frozenset({"text", "markdown", "html"})
#: Kinds of input whose entries carry their own id within the file (a feed, JSONL).
_ENTRIES: frozenset[SourceKind] = frozenset({"feed", "jsonl"})
#: What `ingest` calls standard input: no name that a later read would share.
_STDIN = "<stdin>"

#: Two sentences are one sentence revised when this share of their words line up.
SAME_SENTENCE = 0.5
#: A copy's sentence retells a revised sentence when this share of their words line up
#: (lower than `SAME_SENTENCE`: a rewrite changes more words than a correction does).
RETOLD_SENTENCE = 0.4

_WORD = re.compile(r"\S+")


# -- which report an article is a version of ---------------------------------------------------


def report_key(article: Article) -> str | None:
    """Return the key of the report `article` is a version of, or None when nothing names it.

    See `key_of_report` for what names a report and why.
    """
    return key_of_report(
        url=article.url, source_id=article.source_id, path=article.path, kind=article.kind
    )


def key_of_report(
    *, url: str | None, source_id: str | None, path: str | None, kind: str
) -> str | None:
    """Return the key of the report with this provenance, or None when nothing names it.

    - Its URL, first: an outlet edits a report in place, at the address it
      published it under, however the report was read (a page, a feed entry, a
      JSONL record that kept the link).
    - Else its entry id (a feed's guid, a JSONL record's `id`) with the feed or
      file it came from: an id is only promised unique within its feed, and a
      feed (or a JSONL file) holds many reports, so its path alone names none.
    - Else the path of a file that holds one report (text, Markdown, HTML):
      reading the file again after it was edited reads the same report.
    - None for the rest (text from standard input or a string, a JSONL line or a
      feed entry with neither id nor link): nothing says that a later text is the
      same report, so it never revises anything and nothing revises it.
    """
    if url:
        return f"url {url}"
    if source_id and kind in _ENTRIES and path:
        return f"entry {path} {source_id}"
    if path and path != _STDIN and kind in _ONE_REPORT_PER_FILE:
        return f"file {path}"
    return None


# -- what changed ------------------------------------------------------------------------------


#: How a diff's words read in plain text: removed [-so-], added {+so+}.
_MARKS = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}


@dataclass(frozen=True)
class Segment:
    """A run of words in a diff: the same in both versions, removed, or added."""

    kind: SegmentKind
    text: str

    def marked(self) -> str:
        """Return the words as plain text shows them: removed [-so-], added {+so+}."""
        return _MARKS[self.kind].format(self.text)


@dataclass(frozen=True)
class Hunk:
    """One stretch of change between two versions' texts, with a few words of context.

    `old_start`/`old_end` and `new_start`/`new_end` bound the stretch (context
    included) in each version's normalized text.
    """

    segments: tuple[Segment, ...]
    old_start: int
    old_end: int
    new_start: int
    new_end: int

    def describe(self) -> str:
        """Return the stretch as one line: removed words [-so-], added ones {+so+}."""
        return " ".join(segment.marked() for segment in self.segments)


@dataclass(frozen=True)
class VersionDiff:
    """What changed from one version of a report to the next: its title and its words."""

    old_id: str
    new_id: str
    old_title: str | None
    new_title: str | None
    hunks: tuple[Hunk, ...]

    @property
    def title_changed(self) -> bool:
        return self.old_title != self.new_title

    @property
    def text_changed(self) -> bool:
        return bool(self.hunks)

    def title_segments(self) -> tuple[Segment, Segment]:
        """Return the title change: the old title removed, the new one added."""
        return Segment("removed", self.old_title or ""), Segment("added", self.new_title or "")

    def describe(self) -> str:
        """Return the diff as text for a terminal: the title change, then each hunk."""
        lines = []
        if self.title_changed:
            lines.append(f"title: {' '.join(s.marked() for s in self.title_segments())}")
        lines += [f"…{hunk.describe()}…" for hunk in self.hunks]
        return "\n".join(lines)


def diff_versions(old: Article, new: Article, *, context: int = 6) -> VersionDiff:
    """Return the title change and the word-level diff of two versions of a report.

    Words are compared as written (whitespace apart); each hunk keeps up to
    `context` unchanged words on either side, and changes closer than twice
    that share a hunk.
    """
    old_words = list(_WORD.finditer(old.text))
    new_words = list(_WORD.finditer(new.text))
    matcher = SequenceMatcher(
        None, [w.group() for w in old_words], [w.group() for w in new_words], autojunk=False
    )
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        segments: list[Segment] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                segments.append(Segment("same", _words(old_words[i1:i2])))
                continue
            if i2 > i1:
                segments.append(Segment("removed", _words(old_words[i1:i2])))
            if j2 > j1:
                segments.append(Segment("added", _words(new_words[j1:j2])))
        first, last = group[0], group[-1]
        hunks.append(
            Hunk(
                tuple(s for s in segments if s.text),
                *_bounds(old_words, first[1], last[2]),
                *_bounds(new_words, first[3], last[4]),
            )
        )
    return VersionDiff(old.id, new.id, old.title, new.title, tuple(hunks))


def _words(matches: Sequence[re.Match[str]]) -> str:
    return " ".join(m.group() for m in matches)


def _bounds(words: Sequence[re.Match[str]], first: int, last: int) -> tuple[int, int]:
    """Return the offsets of words [first, last) (an empty range: where they would be)."""
    if last > first:
        return words[first].start(), words[last - 1].end()
    at = words[first].start() if first < len(words) else (words[-1].end() if words else 0)
    return at, at


# -- which facts were corrected ----------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """A number, date or name in a report: where, as written, and the value it compares by.

    `value` is what two mentions must share to say the same: a quantity's interval
    and unit ("(3,000, ∞) km"), a date's ISO value ("2021-06-07"), a name folded
    to lower case without accents.
    """

    kind: FactKind
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Correction:
    """A fact the source changed: its old and new wording, and the sentence in each version."""

    kind: FactKind
    old: Fact
    new: Fact
    old_sentence: Sentence
    new_sentence: Sentence

    def describe(self) -> str:
        return f"{self.kind}: “{self.old.text}” → “{self.new.text}”"


def corrections(old: Article, new: Article) -> list[Correction]:
    """Return the numbers, dates and names that changed from `old` to `new`, in text order.

    Sentences are aligned first; only a sentence revised in place (most of its
    words kept) can hold a correction, and a fact is corrected when its sentence
    lost it and gained another of the same kind. So a number that changed
    elsewhere, in a sentence rewritten from scratch, or a fact merely dropped or
    added, is no correction.
    """
    found = facts_of([old, new])
    result = []
    for before, after in _revised_sentences(_split(old), _split(new)):
        was, now = _within(found[old.id], before), _within(found[new.id], after)
        lost, gained = _only_in(was, now, after), _only_in(now, was, before)
        for kind in ("number", "date", "name"):
            pairs = zip(
                (f for f in lost if f.kind == kind),
                (f for f in gained if f.kind == kind),
                strict=False,
            )
            result += [Correction(a.kind, a, b, before, after) for a, b in pairs]
    return sorted(result, key=lambda correction: correction.old.start)


def facts_of(articles: Sequence[Article]) -> dict[str, list[Fact]]:
    """Return the numbers, dates and names of each article, by id, as newsweave extracts them.

    A number inside a date ("7" of "June 7") is the date's, not a second fact.
    """
    from newsweave.extract import find_all_names
    from newsweave.extract.dates import find_dates, report_anchor
    from newsweave.extract.names import fold
    from newsweave.extract.quantities import find_quantities

    names = find_all_names(articles)
    found: dict[str, list[Fact]] = {}
    for article in articles:
        anchored = report_anchor(article)
        dates = [
            Fact("date", d.span.start, d.span.end, d.text, d.value or fold(d.text))
            for d in find_dates(
                article.text,
                article_id=article.id,
                anchor=anchored[0] if anchored else None,
                anchor_source=anchored[1] if anchored else None,
                language=article.language,
            )
        ]
        numbers = [
            Fact("number", q.span.start, q.span.end, q.text, q.describe())
            for q in find_quantities(article.text, article_id=article.id, language=article.language)
            if not any(d.start < q.span.end and q.span.start < d.end for d in dates)
        ]
        people = [
            Fact("name", n.start, n.end, n.text, fold(n.text)) for n in names.get(article.id, ())
        ]
        found[article.id] = sorted([*numbers, *dates, *people], key=lambda f: f.start)
    return found


def _split(article: Article) -> list[Sentence]:
    from newsweave.text import split_sentences

    return split_sentences(article)


def _revised_sentences(
    old: Sequence[Sentence], new: Sequence[Sentence]
) -> list[tuple[Sentence, Sentence]]:
    """Return the pairs (old, new) of sentences that are one sentence revised in place."""
    matcher = SequenceMatcher(None, [s.text for s in old], [s.text for s in new], autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        scored = sorted(
            (
                (likeness(old[i].text, new[j].text), i, j)
                for i in range(i1, i2)
                for j in range(j1, j2)
            ),
            reverse=True,
        )
        used_old: set[int] = set()
        used_new: set[int] = set()
        for score, i, j in scored:
            if score >= SAME_SENTENCE and i not in used_old and j not in used_new:
                pairs.append((old[i], new[j]))
                used_old.add(i)
                used_new.add(j)
    return sorted(pairs, key=lambda pair: pair[0].start)


def likeness(a: str, b: str) -> float:
    """Return the share of words two sentences have in line (0 to 1, case folded)."""
    return SequenceMatcher(
        None, _WORD.findall(a.casefold()), _WORD.findall(b.casefold()), autojunk=False
    ).ratio()


def _within(facts: Iterable[Fact], sentence: Sentence) -> list[Fact]:
    return [f for f in facts if sentence.start <= f.start and f.end <= sentence.end]


def _only_in(mine: Iterable[Fact], theirs: Iterable[Fact], other: Sentence) -> list[Fact]:
    """Return the facts of one sentence that the `other` does not carry, by value or as written.

    As written too: the extractors may read the same words differently in two
    contexts (a name one word longer, a relative date against another day).
    """
    values = {f.value for f in theirs}
    return [f for f in mine if f.value not in values and not _says(other.text, f.text)]


def _says(text: str, words: str) -> bool:
    """Return whether `words` occur in `text` as whole words."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


# -- who still carries the old value -----------------------------------------------------------


@dataclass(frozen=True)
class StaleCopy:
    """A report derived from a revised one that still says what the source corrected.

    `source` is the version it derives from in the analysis, `kind` how
    (copy, rewrite, ...); `sentence` is its own sentence that carries the old value.
    """

    article_id: str
    source: str
    kind: DerivationKind
    correction: Correction
    sentence: Sentence

    def describe(self) -> str:
        return f"{self.kind} {self.article_id} still says “{self.correction.old.text}”"


def stale_copies(
    store: Store, revision: Revision, *, found: Sequence[Correction] | None = None
) -> list[StaleCopy]:
    """Return the reports derived from either version of `revision` that keep a corrected value.

    Read from the store's last analysis (its derivations) and the store's
    articles, not from a dossier: a dossier holds the current versions only,
    and the corrections need the old one. A report is stale for a correction when
    its sentence that retells the corrected sentence (most words in line with
    either version of it) carries the old value and not the new one; an old value
    elsewhere in it, about something else, does not count. `found` are the
    revision's corrections when already known.
    """
    old, new = _versions_of(store, revision)
    found = corrections(old, new) if found is None else found
    if not found:
        return []
    versions = (revision.new, revision.old)
    derivations: dict[str, Derivation] = {}
    for version in versions:
        for story_id in store.story_ids_of(version):
            story = store.story(story_id)
            for derivation in story.derivations if story else ():
                if derivation.source in versions and derivation.derived not in versions:
                    derivations.setdefault(derivation.derived, derivation)
    copies = store.articles(list(derivations))
    facts = facts_of(copies)
    stale = []
    for copy in copies:
        sentences = _split(copy)
        for correction in found:
            sentence = _retelling(correction, sentences)
            if sentence is None:
                continue
            carried = {f.value for f in _within(facts[copy.id], sentence)}
            says_old = correction.old.value in carried or _says(sentence.text, correction.old.text)
            says_new = correction.new.value in carried or _says(sentence.text, correction.new.text)
            if says_old and not says_new:
                derivation = derivations[copy.id]
                stale.append(
                    StaleCopy(copy.id, derivation.source, derivation.kind, correction, sentence)
                )
    return stale


def _retelling(correction: Correction, sentences: Sequence[Sentence]) -> Sentence | None:
    """Return the sentence that retells the corrected sentence best, if any does."""
    scored = [
        (
            max(
                likeness(s.text, correction.old_sentence.text),
                likeness(s.text, correction.new_sentence.text),
            ),
            -s.index,
            s,
        )
        for s in sentences
    ]
    if not scored:
        return None
    score, _, best = max(scored, key=lambda item: item[:2])
    return best if score >= RETOLD_SENTENCE else None


def _versions_of(store: Store, revision: Revision) -> tuple[Article, Article]:
    old, new = store.article(revision.old), store.article(revision.new)
    if old is None or new is None:
        missing = revision.old if old is None else revision.new
        raise NotFound(f"no report {missing} in the store {store.url}")
    return old, new


# -- revised reports, explained ----------------------------------------------------------------


@dataclass(frozen=True)
class RevisionReport:
    """One revision explained: the two versions, their diff, corrections and stale copies."""

    revision: Revision
    old: Article
    new: Article
    diff: VersionDiff
    corrections: tuple[Correction, ...]
    stale: tuple[StaleCopy, ...]


@dataclass(frozen=True)
class RevisedReport:
    """A report stored in more than one version: every version, and its revisions explained.

    `revisions` are those asked for (all, or those since a time), oldest first.
    """

    current: Article
    versions: tuple[Version, ...]
    revisions: tuple[RevisionReport, ...]

    @property
    def last_change(self) -> datetime:
        return self.revisions[-1].revision.at

    @property
    def changed(self) -> tuple[str, ...]:
        """Return what its revisions changed: "title", "text", or both."""
        return tuple(
            part
            for part, changed in (
                ("title", any(r.diff.title_changed for r in self.revisions)),
                ("text", any(r.diff.text_changed for r in self.revisions)),
            )
            if changed
        )

    @property
    def correction_count(self) -> int:
        return sum(len(r.corrections) for r in self.revisions)

    @property
    def stale_count(self) -> int:
        """Return how many reports still carry a value one of its revisions corrected."""
        return len({s.article_id for r in self.revisions for s in r.stale})


def explain(store: Store, revision: Revision) -> RevisionReport:
    """Return what `revision` changed, the facts it corrected and the copies left stale."""
    old, new = _versions_of(store, revision)
    found = tuple(corrections(old, new))
    stale = tuple(stale_copies(store, revision, found=found))
    return RevisionReport(revision, old, new, diff_versions(old, new), found, stale)


def revised_reports(store: Store, *, since: datetime | None = None) -> list[RevisedReport]:
    """Return the reports revised at or after `since` (ever, without), last changed first."""
    grouped: dict[str, list[Revision]] = {}
    histories: dict[str, list[Version]] = {}
    for revision in store.revisions(since):
        versions = store.versions(revision.new)
        current = next(v.article_id for v in versions if v.superseded_by is None)
        grouped.setdefault(current, []).append(revision)
        histories[current] = versions
    reports = [
        _revised(store, current, histories[current], revisions)
        for current, revisions in grouped.items()
    ]
    return sorted(reports, key=lambda report: report.last_change, reverse=True)


def revised_report(store: Store, article_id: str) -> RevisedReport:
    """Return the report that `article_id` (any version's id, or its start) is a version of.

    Raises `NotFound` when no revised report has a version with that id.
    """
    known = {i for revision in store.revisions() for i in (revision.old, revision.new)}
    matches = sorted(i for i in known if i.startswith(article_id)) if article_id else []
    if len(matches) != 1:
        why = "no revised report has" if not matches else f"{len(matches)} revised reports have"
        raise NotFound(
            f"{why} a version {article_id!r} in the store {store.url}; "
            "`newsweave revisions` lists them"
        )
    versions = store.versions(matches[0])
    stored = {v.article_id: v for v in versions}
    revisions = [
        Revision(v.article_id, v.superseded_by, stored[v.superseded_by].ingested_at)
        for v in versions
        if v.superseded_by is not None and v.superseded_by in stored
    ]
    current = next(v.article_id for v in versions if v.superseded_by is None)
    return _revised(store, current, versions, revisions)


def _revised(
    store: Store, current: str, versions: Sequence[Version], revisions: Sequence[Revision]
) -> RevisedReport:
    article = store.article(current)
    if article is None:
        raise NotFound(f"no report {current} in the store {store.url}")
    ordered = sorted(revisions, key=lambda r: r.at)
    return RevisedReport(article, tuple(versions), tuple(explain(store, r) for r in ordered))
