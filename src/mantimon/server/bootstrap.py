"""The composition root: the one place that picks adapters and wires the server together.

``create_app(settings)`` returns the ASGI application (FastAPI plus a direct route for the
game socket); its lifespan opens storage
(SQLite by default, created and migrated on start; PostgreSQL by URL; ``memory`` for
throwaway runs), starts the hub (which resumes active games and their timers) and closes
everything on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from mantimon import __version__
from mantimon.engine import default_pool
from mantimon.server import census
from mantimon.server.bodylimit import BodyLimit
from mantimon.server.collector import (
    COLLECTOR_TASK,
    collect_cycles,
    freeze_startup,
    timed_collections_needed,
)
from mantimon.server.headers import SecurityHeaders, docs_asset, docs_page
from mantimon.server.hub import Hub
from mantimon.server.inturn import InTurn, KeyedLocks
from mantimon.server.limits import Limited, Limits
from mantimon.server.metrics import Metrics
from mantimon.server.passwords import PasswordWork
from mantimon.server.rest import (
    auth,
    campaign,
    cards,
    decks,
    games,
    ladder,
    matchmaking,
    ops,
    rematch,
    replay,
)
from mantimon.server.rest.common import ApiError, Services
from mantimon.server.rest.matchmaking import Matchmaker
from mantimon.server.security import Tokens
from mantimon.server.settings import Settings
from mantimon.server.thinking import Thinkers
from mantimon.server.ws import serve_socket
from mantimon.storage import Store
from mantimon.storage.memory import MemoryStore

STATIC = Path(__file__).resolve().parent.parent / "web"


async def open_store(settings: Settings) -> Store:
    """The storage adapter the settings name (``memory`` or an SQLAlchemy URL), in this
    process (docs/adr/0010)."""
    if settings.database_url == "memory":
        return MemoryStore()
    from mantimon.storage.sql import create_store

    return await create_store(settings.database_url)


class MantimonApp:
    """The ASGI application: ``/ws`` goes straight to the socket loop, everything else
    (REST, docs, static files, lifespan) to FastAPI.

    A game socket sends several messages per action; routed through FastAPI each ``send``
    passes the HTTP middleware stack's wrappers, which cost the server more per action
    than the message encoding. The socket needs none of them.
    """

    def __init__(self, api: FastAPI, turns: KeyedLocks) -> None:
        self.api = api
        self.turns = turns  # a client address's costly requests and socket openings

    @property
    def state(self) -> Any:
        return self.api.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == "/ws":
            svc: Services = self.api.state.services
            await serve_socket(
                WebSocket(scope, receive, send),
                svc.hub,
                svc.tokens,
                svc.settings,
                svc.limits,
                self.turns,
            )
            return
        await self.api(scope, receive, send)


def create_app(settings: Settings | None = None, store: Store | None = None) -> MantimonApp:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else await open_store(settings)
        hub = Hub(
            opened,
            bot_think_seconds=settings.bot_think_seconds,
            bot_seed=settings.game_seed,
            metrics=Metrics(),
            thinkers=Thinkers(settings.bot_workers),
        )
        tokens = Tokens(
            settings.secret(),
            settings.access_token_minutes * 60,
            settings.refresh_token_days * 86400,
        )
        passwords = PasswordWork(settings.password_workers, settings.password_queue)
        app.state.services = Services(
            settings, opened, hub, tokens, default_pool(), Matchmaker(), Limits(settings), passwords
        )
        await hub.start()
        loop = asyncio.get_running_loop()
        counting = census.install(loop)  # SIGUSR1: a census of live objects to the log
        collector = None
        if timed_collections_needed():  # ``mantimon serve`` settled the collector
            freeze_startup()
            collector = asyncio.create_task(
                collect_cycles(settings.full_collection_seconds), name=COLLECTOR_TASK
            )
        try:
            yield
        finally:
            if counting:
                census.uninstall(loop)
            if collector is not None:
                collector.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await collector
            await hub.stop()
            await opened.close()
            passwords.close()

    app = FastAPI(
        title="Mantimon TCG",
        version=__version__,
        description="Mantimon game server: REST for accounts, decks and seats; /ws for play.",
        lifespan=lifespan,
        docs_url=None,  # served below with its own Content-Security-Policy
        redoc_url=None,
    )
    app.add_middleware(SecurityHeaders)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return docs_page(app.openapi_url or "/openapi.json", app.title)

    @app.get("/docs/assets/{name}", include_in_schema=False)
    async def docs_assets(name: str) -> Response:
        found = docs_asset(name)  # Swagger UI from an installed package: /docs works offline
        if found is None:
            raise ApiError(404, "not_found", f"no docs asset '{name}'")
        return found

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(Limited)
    async def limited(_: Request, exc: Limited) -> JSONResponse:
        retry = {} if exc.retry_after is None else {"retry_after": exc.retry_after}
        body = {"code": exc.code, "message": exc.message, "details": retry}
        headers = {"Retry-After": str(exc.retry_after)} if retry else None
        return JSONResponse({"error": body}, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        body = {
            "code": "invalid_request",
            "message": "; ".join(problems),
            "details": {"problems": problems},
        }
        return JSONResponse({"error": body}, status_code=422)

    turns = KeyedLocks()
    app.add_middleware(InTurn, turns=turns)  # inside the body cap: too big is refused at once
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    for module in (auth, cards, decks, games, matchmaking, ops, campaign, ladder, replay, rematch):
        app.include_router(module.router)

    static = settings.static_dir or STATIC
    if static.is_dir() and (static / "index.html").exists():
        app.include_router(replay.page(static))  # /replay/<id>: the page, for app.js
        app.mount("/", StaticFiles(directory=static, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        async def root() -> RedirectResponse:
            return RedirectResponse("/docs")

    return MantimonApp(app, turns)
