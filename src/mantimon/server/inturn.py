"""Costly requests of one client address are handled one at a time.

What lives here: ``InTurn``, an ASGI middleware that makes the costly REST requests (those
that create accounts, sign-ins or games) of one client address wait for each other, and
``costly``, which says which requests those are. What must not: limits that refuse (the
proxy and ``limits.py`` do that) or anything about what a route does.

Why: every game on a node shares one event loop, which runs ready work in arrival order.
Thirty sign-ups that one client sends at once all become ready together, and a player's
move that arrives just after them waits behind all thirty (measured: the honest players'
p99 rose from ~7 to 22-25 ms while one client sent such bursts). In turn, only one of them
is ready at a time; the rest wait on a lock, not in the loop's queue, so a move waits for
at most one of them. A client's own burst takes as long as before in all; nobody else
pays for it. The address is the one ``trusted_proxies`` allows (uvicorn has already put it
in the scope). Matchmaking is not here: its request waits for an opponent, up to 25 s.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send


def costly(scope: Scope) -> bool:
    """Sign-ups, logins and token refreshes, and creating or joining a game."""
    if scope["method"] != "POST":
        return False
    path: str = scope["path"]
    if path.startswith("/api/auth/") or path == "/api/games":
        return True
    return path.startswith("/api/games/") and path.endswith("/join")


class InTurn:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # client address -> (its lock, requests holding or awaiting it); an entry goes
        # when the last of them is done, so the table holds only addresses in flight.
        self.turns: dict[str, tuple[asyncio.Lock, int]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not costly(scope):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else ""
        lock, waiting = self.turns.get(address) or (asyncio.Lock(), 0)
        self.turns[address] = (lock, waiting + 1)
        try:
            async with lock:
                await self.app(scope, receive, send)
        finally:
            lock, waiting = self.turns[address]
            if waiting == 1:
                del self.turns[address]
            else:
                self.turns[address] = (lock, waiting - 1)
