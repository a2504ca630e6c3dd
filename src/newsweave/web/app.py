"""The web application: UI pages, the REST API, static files, and the edges.

`create_app` wires the library's store and pipeline to FastAPI. This module is
where errors become HTTP statuses (JSON under /api, a page elsewhere) and where
every response gets its security headers; nothing else here decides anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

import newsweave
from newsweave.errors import (
    InputNotFound,
    MissingDependency,
    NewsweaveError,
    NotFound,
    ParameterError,
    StoreError,
    UnreadableInput,
    byte_size,
)
from newsweave.store import open_store
from newsweave.web import api, pages
from newsweave.web.state import Analyst, PageCache, ServerSettings, Stores

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

STATUS: dict[type[NewsweaveError], int] = {
    NotFound: 404,
    ParameterError: 400,
    InputNotFound: 400,
    UnreadableInput: 422,
    MissingDependency: 501,
    StoreError: 503,
}

#: Pages run no inline script and load nothing from elsewhere. Report text is
#: escaped before it reaches a page; this is the second wall if that ever fails.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: The API's documentation page (Swagger UI, served locally) starts with an inline script.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
DOCS_URL = "/api/docs"


def create_app(settings: ServerSettings) -> FastAPI:
    """Return the web UI and REST API over the store at `settings.store_url`."""
    open_store(settings.store_url).close()  # a bad URL fails here, not on the first request
    app = FastAPIOffline(
        title="newsweave",
        version=newsweave.__version__,
        description="Stories woven from many news reports: who reported what first, who "
        "copied whom, what sources agree on and where they conflict, with citations.",
        docs_url=DOCS_URL,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        static_url="/api/docs-static",
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.stores = Stores(settings.store_url)
    app.state.analyst = Analyst(settings.store_url, settings.analysis)
    app.state.pages = PageCache()
    app.mount("/static", StaticFiles(packages=[("newsweave", "web/static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(NewsweaveError, _newsweave_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    stores: Stores = app.state.stores
    analyst: Analyst = app.state.analyst
    if not stores.get().analysis_is_current():
        analyst.request()
    yield
    analyst.stop()
    stores.close()


def error_response(request: Request, status: int, message: str) -> Response:
    """Return an error as JSON under /api, else as a page; both say why in one line."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    heading = {404: "Not found", 400: "Bad request", 413: "Too large"}.get(status, "Error")
    page = pages.render(
        "error.html.j2", status=None, status_code=status, heading=heading, message=message
    )
    return HTMLResponse(page, status_code=status)


async def _newsweave_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, NewsweaveError)
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    return error_response(request, status, error.message)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors()[:3]:
        where = " ".join(str(part) for part in item.get("loc", ()))
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return error_response(request, 422, "; ".join(problems) or "invalid request")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = {404: f"nothing at {request.url.path}", 405: "method not allowed here"}.get(
        error.status_code, str(error.detail)
    )
    return error_response(request, error.status_code, message)


class SecurityHeaders:
    """Adds the Content-Security-Policy and related headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] == DOCS_URL else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes and not refused:
                # Answer now: whatever the app makes of the cut body (a parse
                # error) is dropped by `guarded_send`.
                refused = True
                await self._refuse(scope, receive, send)
                raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        with suppress(_TooLarge):
            await self.app(scope, counting_receive, guarded_send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = (
            f"the request body is over the {byte_size(self.max_bytes)} limit "
            "(the server's --max-body-bytes)"
        )
        response = error_response(Request(scope, receive), 413, message)
        await response(scope, receive, send)


class _TooLarge(Exception):
    """The streamed body passed the limit."""
