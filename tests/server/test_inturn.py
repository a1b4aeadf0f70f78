"""Costly requests of one client address take turns (``server.inturn``); others do not wait.

Driven with a stand-in application that records when each request starts and waits for the
test to let it finish, so nothing depends on timing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mantimon.server.inturn import InTurn, KeyedLocks, costly


def _scope(method: str, path: str, address: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "client": (address, 5000)}


class Held:
    """An ASGI app whose requests start, say so, and wait until released."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release: dict[str, asyncio.Event] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        key = f"{scope['client'][0]} {scope['method']} {scope['path']}"
        self.started.append(key)
        self.release.setdefault(key, asyncio.Event())
        await self.release[key].wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def _nothing() -> dict[str, Any]:
    return {}


async def _drop(_: Any) -> None:
    return None


def test_which_requests_are_costly() -> None:
    assert costly(_scope("POST", "/api/auth/guest", "a"))
    assert costly(_scope("POST", "/api/auth/login", "a"))
    assert costly(_scope("POST", "/api/games", "a"))
    assert costly(_scope("POST", "/api/games/g-1/join", "a"))
    assert costly(_scope("GET", "/api/games/g-1/replay", "a"))  # derived: engine time
    assert costly(_scope("GET", "/api/games/g-1/replay/views", "a"))
    assert costly(_scope("POST", "/api/games/g-1/rematch", "a"))  # may deal a game
    assert not costly(_scope("GET", "/api/games/g-1/rematch", "a"))  # the dialog's poll
    assert not costly(_scope("GET", "/api/games/g-1", "a"))
    assert not costly(_scope("GET", "/api/games", "a"))
    assert not costly(_scope("DELETE", "/api/games/g-1", "a"))
    assert not costly(_scope("POST", "/api/matchmaking", "a"))  # it waits for an opponent
    assert not costly(_scope("POST", "/api/decks/validate", "a"))


async def test_one_address_takes_turns_and_nobody_else_waits() -> None:
    held = Held()
    gate = InTurn(held, KeyedLocks())
    calls = [
        asyncio.create_task(gate(_scope(*request), _nothing, _drop))
        for request in [
            ("POST", "/api/auth/guest", "10.0.0.1"),
            ("POST", "/api/games", "10.0.0.1"),
            ("POST", "/api/auth/guest", "10.0.0.2"),
            ("GET", "/api/games/live", "10.0.0.1"),
        ]
    ]
    await _settle()
    assert held.started == [
        "10.0.0.1 POST /api/auth/guest",
        "10.0.0.2 POST /api/auth/guest",
        "10.0.0.1 GET /api/games/live",
    ]  # the second costly request of 10.0.0.1 waits; another address and a read do not
    held.release["10.0.0.1 POST /api/auth/guest"].set()
    await _settle()
    assert held.started[-1] == "10.0.0.1 POST /api/games"
    for event in held.release.values():
        event.set()
    await asyncio.gather(*calls)
    assert gate.turns.held == {}  # nothing kept once no request is in flight


async def test_a_failing_request_passes_the_turn_on() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("route failed")

    gate = InTurn(broken, KeyedLocks())
    for _ in range(2):  # the second would wait forever if the first kept the turn
        with pytest.raises(RuntimeError):
            await asyncio.wait_for(
                gate(_scope("POST", "/api/auth/guest", "10.0.0.3"), _nothing, _drop), 5
            )
    assert gate.turns.held == {}
