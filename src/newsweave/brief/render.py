"""A brief as Markdown (to mail or post as is), as a self-contained HTML page, or as JSON.

`_view` decides everything a reader sees once (the numbering of sources, each
line's citations, the headings); the formats only lay it out. Sources are
numbered in the order the brief first cites them, so [1] is the first report
a reader meets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsweave.brief import Brief, StoryBrief
from newsweave.display import count_noun, display_date, format_value, safe_href
from newsweave.revisions import RevisionReport
from newsweave.types import Article

BriefFormat = Literal["md", "html", "json"]
FORMATS: tuple[BriefFormat, ...] = ("md", "html", "json")


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text and the numbers of the sources that carry it."""

    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ConflictView:
    about: str
    kind: str
    values: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class RevisionView:
    """A report changed after publication: who, what they corrected, who still has it wrong."""

    line: Line
    corrections: tuple[str, ...]
    stale: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    number: int
    id: str
    title: str
    update: bool
    lead: str
    summary: tuple[Line, ...]
    new_reports: tuple[Line, ...]
    claims: tuple[Line, ...]
    conflicts: tuple[ConflictView, ...]
    revisions: tuple[RevisionView, ...]


@dataclass(frozen=True, slots=True)
class SourceView:
    number: int
    id: str
    outlet: str
    title: str | None
    published: str | None
    href: str | None


@dataclass(frozen=True, slots=True)
class BriefView:
    heading: str
    period: str
    stories: tuple[StoryView, ...]
    sources: tuple[SourceView, ...]


def render_brief(brief: Brief, fmt: BriefFormat) -> str:
    """Return the brief written in `fmt`: "md", "html" or "json"."""
    if fmt == "json":
        import json

        return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2)
    view = _view(brief)
    if fmt == "html":
        return str(_template().render(brief=view))
    return _markdown(view)


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """Return the brief as JSON data: stories with article ids, and the sources they cite."""
    view = _view(brief)
    ids = {source.number: source.id for source in view.sources}

    def cited(line: Line) -> dict[str, Any]:
        return {"text": line.text, "article_ids": [ids[n] for n in line.cites]}

    return {
        "generated_at": brief.generated_at.isoformat(timespec="seconds"),
        "since": brief.since.isoformat(timespec="seconds"),
        "stories": [
            {
                "id": story.id,
                "title": story.title,
                "update": story.update,
                "score": round(told.score, 3),
                "reports": len(told.story.story.article_ids),
                "independent_sources": told.story.independent_sources,
                "new_reports": list(told.new_reports),
                "summary": [cited(line) for line in story.summary],
                "claims": [cited(line) for line in story.claims],
                "conflicts": [
                    {
                        "about": conflict.about,
                        "kind": conflict.kind,
                        "values": [cited(line) for line in conflict.values],
                    }
                    for conflict in story.conflicts
                ],
                "revisions": [
                    {
                        "old_id": report.revision.old,
                        "new_id": report.revision.new,
                        "at": report.revision.at.isoformat(timespec="seconds"),
                        "corrections": [
                            {"kind": c.kind, "old": c.old.text, "new": c.new.text}
                            for c in report.corrections
                        ],
                        "stale": [
                            {"article_id": stale.article_id, "says": stale.correction.old.text}
                            for stale in report.stale
                        ],
                    }
                    for report in told.revisions
                ],
            }
            for story, told in zip(view.stories, brief.stories, strict=True)
        ],
        "sources": [
            {
                "number": s.number,
                "id": s.id,
                "outlet": s.outlet,
                "title": s.title,
                "published": s.published,
                "url": s.href,
            }
            for s in view.sources
        ],
        "quiet_stories": brief.quiet,
    }


class _Numbers:
    """Gives each cited report its number, in the order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, article_ids: Iterable[str]) -> tuple[int, ...]:
        return tuple(self.numbers.setdefault(i, len(self.numbers) + 1) for i in article_ids)


def _view(brief: Brief) -> BriefView:
    numbers = _Numbers()
    stories = tuple(
        _story_view(number, told, brief, numbers)
        for number, told in enumerate(brief.stories, start=1)
    )
    sources = tuple(
        _source_view(number, article_id, brief.articles.get(article_id))
        for article_id, number in numbers.numbers.items()
    )
    return BriefView(
        heading=f"newsweave brief, {display_date(_iso(brief.generated_at))}",
        period=_period(brief),
        stories=stories,
        sources=sources,
    )


def _story_view(number: int, told: StoryBrief, brief: Brief, numbers: _Numbers) -> StoryView:
    item = told.story
    return StoryView(
        number=number,
        id=item.id,
        title=told.title,
        update=told.update,
        lead=_lead(told, brief),
        summary=tuple(Line(s.text, numbers(s.article_ids)) for s in told.summary),
        new_reports=tuple(
            Line(_report_name(brief.articles.get(i)), numbers([i])) for i in told.new_reports
        )
        if told.update
        else (),
        claims=tuple(Line(c.text, numbers(c.article_ids)) for c in told.claims),
        conflicts=tuple(
            ConflictView(
                about=conflict.about,
                kind=conflict.kind,
                values=tuple(
                    Line(format_value(value.value), numbers(value.article_ids))
                    for value in conflict.values
                ),
            )
            for conflict in told.conflicts
        ),
        revisions=tuple(_revision_view(report, brief, numbers) for report in told.revisions),
    )


def _revision_view(report: RevisionReport, brief: Brief, numbers: _Numbers) -> RevisionView:
    new = report.revision.new
    changed = [
        part
        for part, flag in (("title", report.diff.title_changed), ("text", report.diff.text_changed))
        if flag
    ]
    name = _report_name(brief.articles.get(new), title=False)
    verb = "corrected" if report.corrections else "revised"
    what = f" ({' and '.join(changed)})" if changed else ""
    when = display_date(_iso(report.revision.at))
    return RevisionView(
        line=Line(f"{name} {verb} its report{what}, seen {when}", numbers([new])),
        corrections=tuple(c.describe() for c in report.corrections),
        stale=tuple(
            Line(
                f"{_report_name(brief.articles.get(stale.article_id), title=False)} "
                f"({stale.kind}) still says “{stale.correction.old.text}”",
                numbers([stale.article_id]),
            )
            for stale in report.stale
        ),
    )


def _lead(told: StoryBrief, brief: Brief) -> str:
    members = told.story.story.article_ids
    parts = [count_noun(len(members), "report")]
    if told.story.independent_sources is not None:
        parts.append(f"{count_noun(told.story.independent_sources, 'independent source')}")
    if told.update and told.new_reports:
        parts.append(f"{len(told.new_reports)} new since the last brief")
    first = told.story.story.first_reported_by
    if first and first in brief.articles:
        parts.append(f"first reported by {_report_name(brief.articles[first], title=False)}")
    return "; ".join(parts)


def _source_view(number: int, article_id: str, article: Article | None) -> SourceView:
    return SourceView(
        number=number,
        id=article_id,
        outlet=(article.outlet if article else None) or "unknown outlet",
        title=article.title if article else None,
        published=display_date(article.published.isoformat())
        if article and article.published
        else None,
        href=safe_href(article.url) if article else None,
    )


def _report_name(article: Article | None, *, title: bool = True) -> str:
    if article is None:
        return "a report no longer stored"
    outlet = article.outlet or "unknown outlet"
    when = display_date(article.published.isoformat()) if article.published else None
    name = f"{outlet}, {when}" if when else outlet
    return f"{name}: {article.title}" if title and article.title else name


def _period(brief: Brief) -> str:
    since = display_date(_iso(brief.since))
    if not brief.stories:
        return f"Nothing new since {since}."
    new = sum(1 for s in brief.stories if not s.update)
    updates = len(brief.stories) - new
    told = [count_noun(new, "new story", "new stories")] if new else []
    if updates:
        told.append(count_noun(updates, "story", "stories") + " with news")
    line = f"Since {since}: {' and '.join(told)}"
    if brief.candidates > len(brief.stories):
        line += f" (the top {len(brief.stories)} of {brief.candidates})"
    if brief.quiet:
        line += f"; {count_noun(brief.quiet, 'story', 'stories')} with nothing new left out"
    return line + "."


def _iso(moment: Any) -> str:
    return str(moment.isoformat(timespec="minutes"))


def _markdown(view: BriefView) -> str:
    lines = [f"# {view.heading}", "", view.period, ""]
    for story in view.stories:
        marker = "update" if story.update else "new"
        lines += [f"## {story.number}. {story.title} ({marker})", "", f"*{story.lead}*", ""]
        lines += [f"{line.text} {_marks(line)}" for line in story.summary]
        if story.summary:
            lines.append("")
        if story.new_reports:
            lines += ["**New reports**", ""]
            lines += [f"- {line.text} {_marks(line)}" for line in story.new_reports]
            lines.append("")
        if story.claims:
            lines += ["**New claims**", ""]
            lines += [f"- {line.text} {_marks(line)}" for line in story.claims]
            lines.append("")
        if story.conflicts:
            lines += ["**Sources disagree**", ""]
            for conflict in story.conflicts:
                values = " / ".join(f"{v.text} {_marks(v)}" for v in conflict.values)
                lines.append(f"- {conflict.about}: {values}")
            lines.append("")
        if story.revisions:
            lines += ["**Revised after publication**", ""]
            for revision in story.revisions:
                lines.append(f"- {revision.line.text} {_marks(revision.line)}")
                lines += [f"  - {text}" for text in revision.corrections]
                lines += [f"  - {line.text} {_marks(line)}" for line in revision.stale]
            lines.append("")
    if view.sources:
        lines += ["## Sources", ""]
        for source in view.sources:
            lines.append(f"[{source.number}] {_source_line(source)}  ")
        lines.append("")
    return "\n".join(lines)


def _marks(line: Line) -> str:
    return "".join(f"[{number}]" for number in line.cites)


def _source_line(source: SourceView) -> str:
    parts = [source.outlet]
    if source.title:
        parts.append(f'"{source.title}"')
    if source.published:
        parts.append(source.published)
    text = ", ".join(parts)
    return f"{text}. <{source.href}>" if source.href else f"{text}."


@cache
def _template() -> Any:
    environment = Environment(
        loader=PackageLoader("newsweave.brief", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("brief.html.j2")
