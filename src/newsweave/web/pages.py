"""The web UI's pages: story list, story, article, and ingest from the browser.

Each handler reads the store, builds a view (`newsweave.web.views`) and renders
a template; story and article pages are cached until the next analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from newsweave.errors import NewsweaveError, NotFound, ParameterError
from newsweave.store import SearchHit, Store, StoryQuery, StoryRow
from newsweave.web.ingesting import Ingested, ingest_bytes, ingest_request
from newsweave.web.state import analyst_of, pages_of, stores_of
from newsweave.web.views import article_page, story_page

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


@cache
def templates() -> Environment:
    """Return the templates' environment: autoescaped, strict about missing values."""
    return Environment(
        loader=PackageLoader("newsweave", "web/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    return templates().get_template(name).render(**context)


@router.get("/", response_class=HTMLResponse)
def stories(
    request: Request,
    q: str = "",
    since: str = "",
    until: str = "",
    outlet: str = "",
    language: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    store = stores_of(request).get()
    error = None
    try:
        query = StoryQuery(
            q.strip() or None,
            _date("since", since),
            _date("until", until),
            outlet or None,
            language or None,
            PAGE_SIZE,
            (page - 1) * PAGE_SIZE,
        )
    except ParameterError as problem:
        error = problem.message
        query = StoryQuery(q.strip() or None, None, None, outlet or None, language or None)
    found = store.list_stories(query)
    filters = {"q": q, "since": since, "until": until, "outlet": outlet, "language": language}
    return HTMLResponse(
        render(
            "stories.html.j2",
            status=_status(request, store),
            query=query,
            filtered=any(filters.values()),
            error=error,
            facets=store.facets(),
            page={"rows": [_row(row) for row in found.rows], "total": found.total},
            hits=[_hit(hit) for hit in store.search(q, limit=20)] if q.strip() else [],
            previous=_page_link(filters, page - 1) if page > 1 else None,
            next=_page_link(filters, page + 1) if page * PAGE_SIZE < found.total else None,
        )
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: str) -> HTMLResponse:
    store = stores_of(request).get()
    key = ("story", story_id, store.analysis_stamp())
    status = _status(request, store)

    def build() -> str:
        own = stores_of(request).get()
        found = own.story(story_id)
        if found is None:
            raise NotFound(f"no story {story_id!r}; the story list links to every story")
        view = story_page(found, own.articles(list(found.story.article_ids)))
        return render("story.html.j2", story=view, status=None)

    return HTMLResponse(_with_status(await _cached(request, key, build), status))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article(request: Request, article_id: str, hl: str = "") -> HTMLResponse:
    store = stores_of(request).get()
    highlight = _span(hl)
    key = ("article", article_id, highlight, store.analysis_stamp())
    status = _status(request, store)

    def build() -> str:
        own = stores_of(request).get()
        found = own.article(article_id)
        if found is None:
            raise NotFound(f"no report {article_id!r}; search finds reports by their words")
        held = [s for s in map(own.story, own.story_ids_of(article_id)) if s is not None]
        named = {i for s in held for d in s.derivations for i in (d.source, d.derived)}
        neighbours = {a.id: a for a in own.articles(sorted(named - {article_id}))}
        view = article_page(found, held, neighbours, highlight)
        return render("article.html.j2", article=view, status=None)

    return HTMLResponse(_with_status(await _cached(request, key, build), status))


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    store = stores_of(request).get()
    return HTMLResponse(
        render("ingest.html.j2", status=_status(request, store), result=None, error=None)
    )


@router.post("/ingest", response_class=HTMLResponse)
def ingest(
    request: Request,
    mode: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, Form()] = None,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    feed_url: Annotated[str, Form()] = "",
) -> HTMLResponse:
    settings = request.app.state.settings
    store = stores_of(request).get()
    result: Ingested | None = None
    error = None
    try:
        if mode == "files":
            uploads = [(f.filename or "upload", f.file.read()) for f in files or () if f.filename]
            result = ingest_bytes(settings, store, uploads)
        elif mode == "url":
            result = ingest_request(settings, store, urls=[feed_url.strip()] if feed_url else [])
        else:
            fields = {"title": title, "outlet": outlet, "published": published, "url": url}
            record = {"text": text, **{k: v.strip() for k, v in fields.items() if v.strip()}}
            result = ingest_request(settings, store, records=[record] if text.strip() else [])
    except NewsweaveError as problem:
        error = problem.message
    if result and result.added:
        analyst_of(request).request()
    return HTMLResponse(
        render(
            "ingest.html.j2",
            status=_status(request, store),
            result=result,
            error=error,
        ),
        status_code=400 if error else 200,
    )


async def _cached(request: Request, key: tuple[object, ...], build: Callable[[], str]) -> str:
    """Return a cached page at once, or render it on a worker thread (rendering is slow)."""
    page = pages_of(request).peek(key)
    if page is None:
        page = await run_in_threadpool(pages_of(request).get, key, build)
    return page


def _status(request: Request, store: Store) -> dict[str, Any]:
    status = analyst_of(request).status
    return {**asdict(status), "current": store.analysis_is_current()}


def _with_status(page: str, status: dict[str, Any]) -> str:
    """Put the analysis banner into a cached page (the banner changes, the page does not)."""
    if status["state"] == "idle" and status["current"]:
        return page
    return page.replace("<!--status-->", render("status.html.j2", status=status), 1)


def _date(name: str, text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ParameterError(f"'{name}' must be a date like 2026-03-06, got {text!r}") from None


def _span(text: str) -> tuple[int, int] | None:
    start, _, end = text.partition("-")
    if start.isdigit() and end.isdigit() and int(start) < int(end):
        return int(start), int(end)
    return None


def _page_link(filters: dict[str, str], page: int) -> str:
    kept = {k: v for k, v in filters.items() if v}
    return "/?" + urlencode({**kept, "page": page})


def _row(row: StoryRow) -> dict[str, Any]:
    """Return a story row with its publication days as one label ("2026-03-06 – 2026-03-07")."""
    first, last = row.first_published, row.last_published
    shown = None
    if first:
        shown = first[:10] if not last or last[:10] == first[:10] else f"{first[:10]} – {last[:10]}"
    return {**asdict(row), "published": shown}


def _hit(hit: SearchHit) -> dict[str, Any]:
    """Return a search hit with its snippet cut into (text, matched) parts for the template."""
    parts: list[tuple[str, bool]] = []
    for piece in hit.snippet.split("\x02"):
        matched, _, rest = piece.partition("\x03")
        if rest or "\x03" in piece:
            parts += [(matched, True), (rest, False)]
        else:
            parts.append((piece, False))
    return {**asdict(hit), "parts": parts}
