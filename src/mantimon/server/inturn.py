"""Costly requests of one client address are handled one at a time.

What lives here: ``KeyedLocks`` (one lock per key, kept only while in use), ``InTurn``, an
ASGI middleware that makes the costly REST requests (those that create accounts, sign-ins
or games) of one client address wait for each other, and ``costly``, which says which
requests those are. The game socket takes the same turn while it opens (``ws.py``). What
must not: limits that refuse (the proxy and ``limits.py`` do that) or anything about what
a route does.

Why: every game on a node shares one event loop, which runs ready work in arrival order.
Thirty sign-ups that one client sends at once all become ready together, and a player's
move that arrives just after them waits behind all thirty (measured: the honest players'
p99 rose from ~7 to 22-25 ms while one client sent such bursts). In turn, only one of them
is ready at a time; the rest wait on a lock, not in the loop's queue, so a move waits for
at most one of them. A client's own burst takes as long as before in all; nobody else
pays for it. Opening a game socket (the handshake, checking its token, the account) costs
about as much, so thirty sockets opened at once take turns too. The address is the one
``trusted_proxies`` allows (uvicorn has already put it in the scope). Matchmaking is not
here: its request waits for an opponent, up to 25 s.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.types import ASGIApp, Receive, Scope, Send


class KeyedLocks:
    """One lock per key (a client address, a user), made when first wanted and dropped
    when nobody holds or awaits it: the table holds only keys in use right now."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[asyncio.Lock, int]] = {}  # key -> (lock, holders+waiters)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self.held.get(key) or (asyncio.Lock(), 0)
        self.held[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self.held[key]
            if users == 1:
                del self.held[key]
            else:
                self.held[key] = (lock, users - 1)


def client_of(scope: Scope) -> str:
    """The client address of an HTTP or WebSocket scope ("" if the server gave none)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


def costly(scope: Scope) -> bool:
    """Sign-ups, logins and token refreshes, creating, joining or rematching a game, and a
    finished game's replay and replay views (its events are derived by replaying the
    engine: tens of ms for a long game, docs/adr/0008)."""
    path: str = scope["path"]
    if scope["method"] == "GET":
        return path.startswith("/api/games/") and path.endswith(("/replay", "/replay/views"))
    if scope["method"] != "POST":
        return False
    if path.startswith("/api/auth/") or path == "/api/games":
        return True
    return path.startswith("/api/games/") and path.endswith(("/join", "/rematch"))


class InTurn:
    def __init__(self, app: ASGIApp, turns: KeyedLocks) -> None:
        self.app = app
        self.turns = turns  # shared with the game socket's opening

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not costly(scope):
            await self.app(scope, receive, send)
            return
        async with self.turns.hold(client_of(scope)):
            await self.app(scope, receive, send)
