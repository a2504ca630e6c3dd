"""Conflicts: does the compare stage find contradictions planted in real stories, and only those?

No public data set marks where news reports contradict each other, so the
contradictions are planted (`conflict_set`). Each ECB+ event (subtopic) of
topics 1–35 with two documents or more is a story of up to four of its
documents, drawn with a fixed seed (about 250 cases, a minute on two
cores). A document's date is its dateline (`ecbplus_time.document_anchor`),
as an ingest would read a report's publication date; documents without one
have none. From each story come
one case of each kind the story allows: the story `unchanged`; a shared day
date moved by 2–5 days (`date`), a shared exact number made clearly different
(`number`), a person two reports name renamed after someone from another
topic (`name`); and two rewrites that stay compatible with the other report
(`compatible`: "more than 0.95 X" or "nearly 1.05 X" for X, "in June" for
"June 8"). Each case runs through the pipeline as a user's reports would:
sentences, `extract_story`, `compare_story` (with no derivations: they only
count a claim's independent sources, which conflicts do not read).

A planted change is **found** when some reported conflict has a value whose
evidence overlaps the changed words in the changed report and another value
with evidence in a different report. Only conflicts of the change's kind
count (a renamed person may also come out as a speaker conflict), and only
those the story as written does not report (same kind, same values): the
evidence is whole sentences, and a sentence may hold an old conflict beside
the changed words.

- `recall`: found / planted, and per kind (`recall_date`, `recall_number`,
  `recall_name`).
- `precision`: conflicts touching a planted change (counted as above: of its
  kind, new, a value citing the changed words) / every conflict reported on
  the changed and compatible cases. A conflict the story held before the change counts
  against precision there, so it is a lower bound: the original stories may
  hold real conflicts, which nobody has marked.
- `false_positive_rate_compatible`: the share of compatible cases with a
  conflict touching the rewritten words.
- `conflicts_on_unchanged`: conflicts reported on the stories as written,
  apart: each is a false positive or a real conflict nobody marked. They are
  not added to `precision`'s count a second time (the changed cases of the
  same story already report them).
- Counts: `cases`, `planted` (and per kind), `compatible`, `conflicts`
  (reported on changed and compatible cases).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.compare import compare_story
from newsweave.evaluate.base import EvalReport, find_data
from newsweave.evaluate.conflict_set import Case, Change, FactKind, plant_cases
from newsweave.evaluate.ecbplus_text import DOCS, FOLDER, EcbDocument, load_documents
from newsweave.evaluate.ecbplus_time import document_anchor
from newsweave.extract import extract_story
from newsweave.extract.entities import Name, find_names
from newsweave.text import split_sentences
from newsweave.text.nlp import english_entities
from newsweave.types import Article, Conflict, ConflictKind, Entity, Facts, Sentence, Span

#: The seed that draws each story's documents and plants its changes.
SEED = 13
#: Documents per story, at most: a story as the stories stage would hand one over.
STORY_SIZE = 4
_KINDS: tuple[FactKind, ...] = ("date", "number", "name")
# The conflicts that can report a change of each kind: a renamed speaker is a speaker conflict.
_REPORTED_AS: dict[FactKind, tuple[ConflictKind, ...]] = {
    "date": ("date",),
    "number": ("number",),
    "name": ("name", "speaker"),
}
# spaCy reads the original reports this many at a time.
_BATCH = 32


@dataclass(frozen=True)
class CaseResult:
    """One case, the conflicts the compare stage reported on it, and those of the story as written.

    A conflict the story as written reports too (same kind, same values) was
    not caused by the change, even where its sentence holds the changed words.
    """

    case: Case
    conflicts: tuple[Conflict, ...]
    before: tuple[Conflict, ...] = ()

    @property
    def caused(self) -> tuple[Conflict, ...]:
        """Return the conflicts the story as written does not report."""
        known = {_identity(c) for c in self.before}
        return tuple(c for c in self.conflicts if _identity(c) not in known)

    @property
    def found(self) -> bool:
        """Return whether a conflict sets the planted change against another report."""
        change = self.case.change
        return change is not None and any(sets_apart(c, change) for c in self.caused)

    @property
    def touching(self) -> int:
        """Return how many conflicts the change caused that cite the changed words."""
        change = self.case.change
        return 0 if change is None else sum(touches(c, change) for c in self.caused)


def evaluate(data: Path | None = None) -> EvalReport:
    """Return recall of planted conflicts and precision of conflicts on ECB+ stories."""
    path = find_data(FOLDER, DOCS, data)
    results = run_cases(load_documents(path))
    return EvalReport(
        name="conflicts",
        description="dates, numbers and names planted in ECB+ stories (topics 1-35)",
        data=str(path),
        metrics=score(results),
    )


def run_cases(documents: Sequence[EcbDocument], *, seed: int = SEED) -> list[CaseResult]:
    """Return every case planted in the documents' stories, with the conflicts reported on it."""
    reader = _Reader()
    stories = ecb_stories(documents, seed=seed)
    reader.learn([a for _, articles in stories.values() for a in articles])
    read = {name: reader.read(articles) for name, (_, articles) in stories.items()}
    people = _people_by_topic((topic, read[name].entities) for name, (topic, _) in stories.items())
    results = []
    for name, (topic, articles) in stories.items():
        story = read[name]
        donors = sorted(n for t, names in people.items() if t != topic for n in names)
        cases = plant_cases(name, articles, story.sentences, story.facts, donors=donors, seed=seed)
        for case in cases:
            if case.change is None:
                results.append(CaseResult(case, story.conflicts))
            else:
                changed = reader.read(case.articles).conflicts
                results.append(CaseResult(case, changed, story.conflicts))
    return results


def ecb_stories(
    documents: Sequence[EcbDocument], *, seed: int = SEED
) -> dict[str, tuple[int, tuple[Article, ...]]]:
    """Return each event with two documents or more as (topic, up to STORY_SIZE reports).

    The documents are drawn with `seed`, and keep their file order.
    """
    events: dict[str, list[EcbDocument]] = defaultdict(list)
    for document in documents:
        events[document.subtopic].append(document)
    stories = {}
    for event, members in events.items():
        if len(members) < 2:
            continue
        drawn = random.Random(f"{seed}:{event}").sample(members, min(STORY_SIZE, len(members)))
        chosen = [d for d in members if d in drawn]
        stories[event] = (members[0].topic, tuple(_article(d) for d in chosen))
    return stories


def score(results: Sequence[CaseResult]) -> dict[str, float | int]:
    """Return recall, precision and counts over the cases (see the module's docstring)."""
    planted = [r for r in results if r.case.kind in _KINDS]
    compatible = [r for r in results if r.case.kind == "compatible"]
    judged = planted + compatible
    reported = sum(len(r.conflicts) for r in judged)
    metrics: dict[str, float | int] = {
        "cases": len(results),
        "planted": len(planted),
        "compatible": len(compatible),
        "conflicts": reported,
        "conflicts_on_unchanged": sum(
            len(r.conflicts) for r in results if r.case.kind == "unchanged"
        ),
        "recall": _share(sum(r.found for r in planted), len(planted)),
        "precision": _share(sum(r.touching for r in planted), reported),
        "false_positive_rate_compatible": _share(
            sum(r.touching > 0 for r in compatible), len(compatible)
        ),
    }
    for kind in _KINDS:
        of_kind = [r for r in planted if r.case.kind == kind]
        metrics[f"planted_{kind}"] = len(of_kind)
        metrics[f"recall_{kind}"] = _share(sum(r.found for r in of_kind), len(of_kind))
    return metrics


def touches(conflict: Conflict, change: Change) -> bool:
    """Return whether the conflict is of the change's kind and one of its values cites it."""
    return conflict.kind in _REPORTED_AS[change.kind] and any(
        _overlaps(span, change.span) for value in conflict.values for span in value.evidence
    )


def sets_apart(conflict: Conflict, change: Change) -> bool:
    """Return whether the conflict sets the changed words against a value of another report."""
    if conflict.kind not in _REPORTED_AS[change.kind]:
        return False
    for i, value in enumerate(conflict.values):
        if not any(_overlaps(span, change.span) for span in value.evidence):
            continue
        others = (v for j, v in enumerate(conflict.values) if j != i)
        if any(span.article_id != change.span.article_id for v in others for span in v.evidence):
            return True
    return False


def _identity(conflict: Conflict) -> tuple[str, frozenset[str]]:
    return conflict.kind, frozenset(str(value.value) for value in conflict.values)


def _overlaps(span: Span, other: Span) -> bool:
    return span.article_id == other.article_id and span.start < other.end and other.start < span.end


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _article(document: EcbDocument) -> Article:
    return Article(
        id=document.doc_id,
        text=document.text,
        kind="string",
        language="en",
        published=document_anchor(document),
    )


def _people_by_topic(
    stories: Iterable[tuple[int, Sequence[Entity]]],
) -> dict[int, set[str]]:
    """Return the full names (two words or more) of the people of each topic's stories."""
    people: dict[int, set[str]] = defaultdict(set)
    for topic, entities in stories:
        people[topic].update(
            e.name for e in entities if e.kind == "person" and len(e.name.split()) > 1
        )
    return people


@dataclass(frozen=True)
class _Read:
    """What the pipeline made of one story: sentences, facts, entities and conflicts."""

    sentences: Mapping[str, Sequence[Sentence]]
    facts: Mapping[str, Facts]
    entities: tuple[Entity, ...]
    conflicts: tuple[Conflict, ...]


@dataclass
class _Reader:
    """Runs the pipeline on a story, remembering each report's sentences and names.

    A case changes one report of a story; the others' sentences and names (the
    costly part: spaCy's entities) are those of the story as written, so they
    are read once. The names are then resolved across the story as
    `extract_story` always does.
    """

    sentences: dict[tuple[str, str], list[Sentence]] = field(default_factory=dict)
    names: dict[tuple[str, str], list[Name]] = field(default_factory=dict)

    def read(self, articles: Sequence[Article]) -> _Read:
        """Return the story's sentences, facts, entities and conflicts."""
        self.learn(articles)
        sentences = {a.id: self.sentences[(a.id, a.text)] for a in articles}
        names = {a.id: self.names[(a.id, a.text)] for a in articles}
        facts, entities, _ = extract_story(articles, sentences, names=names)
        comparison = compare_story(articles, sentences, (), facts)
        return _Read(sentences, facts, entities, comparison.conflicts)

    def learn(self, articles: Sequence[Article]) -> None:
        """Read the sentences and names of the reports not read before."""
        new = [a for a in articles if (a.id, a.text) not in self.names]
        nlp: Any = english_entities()
        docs = nlp.pipe((a.text for a in new), batch_size=_BATCH)
        for article, doc in zip(new, docs, strict=True):
            self.names[(article.id, article.text)] = find_names(article, doc)
            self.sentences[(article.id, article.text)] = split_sentences(article)
