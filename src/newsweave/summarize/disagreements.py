"""Saying, in a summary, where its reports disagree: both sides, each cited.

A summary sentence that carries one side of a conflict must not pass that side
off as settled. The note added after it is built only from the conflict itself
(what it is about, each value) and the reports behind each value (how many,
and their outlets where every one of them is known), so it can state nothing
that no report says.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from newsweave.types import Article, Conflict, ConflictValue, Span, SummarySentence


def touching(conflicts: Sequence[Conflict], spans: Collection[Span]) -> list[Conflict]:
    """Return the conflicts one of whose sides is stated in one of `spans`."""
    return [
        conflict
        for conflict in conflicts
        if any(span in spans for value in conflict.values for span in value.evidence)
    ]


def disagreement(conflict: Conflict, articles: Mapping[str, Article]) -> SummarySentence:
    """Return the sentence that states a conflict, citing every report on every side.

    "Reports disagree on the date: 2021-06-08 according to 2 reports (El Diario,
    La Hora), 2021-06-07 according to 1 report (Sur)."
    """
    sides = ", ".join(_side(value, articles) for value in conflict.values)
    evidence = tuple(span for value in conflict.values for span in value.evidence)
    return SummarySentence(f"Reports disagree on {_subject(conflict)}: {sides}.", evidence)


def _subject(conflict: Conflict) -> str:
    """Return what the conflict is about, without the quoted sentence it follows anyway."""
    # "the date in “…ran aground off Port Kessel on Sunday…”" repeats the summary
    # sentence the note comes after: "the date" says it in two words.
    return f"the {conflict.kind}" if "“" in conflict.about else conflict.about


def _side(value: ConflictValue, articles: Mapping[str, Article]) -> str:
    reports = value.article_ids
    count = f"{len(reports)} report" + ("" if len(reports) == 1 else "s")
    outlets = [articles[r].outlet for r in reports if r in articles]
    named = ""
    if len(outlets) == len(reports) and all(outlets):
        named = f" ({', '.join(dict.fromkeys(o for o in outlets if o))})"
    return f"{_value_text(value.value)} according to {count}{named}"


def _value_text(value: str | float) -> str:
    """Return a value as written: numbers with thousands separators, text as given."""
    if isinstance(value, str):
        return value
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
