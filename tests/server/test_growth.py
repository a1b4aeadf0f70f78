"""What a client can make the server keep is bounded: a made-up game id leaves nothing
behind in the hub, and a finished game whose sockets have closed leaves nothing in memory
(its live game, state, clocks, presence, bots, sockets, per-user counts and locks), counted
by the server's own census of live objects. (That a refused action is neither remembered
nor stored, and is judged again if sent again, is the session's rule:
tests/session/test_authority.py.)"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import orjson

from mantimon.client import Client
from mantimon.protocol import ResignMessage
from mantimon.server.census import census
from tests.server.conftest import Guest
from tests.server.drive import act, awaited_state, finish_setup, pick
from tests.server.harness import RawSocket, ServerThread, wait_for


def _tables(hub: Any) -> dict[str, int]:
    """The size of every per-game table of the hub."""
    return {
        "games": len(hub.games),
        "tasks": len(hub._tasks),
        "scheduled": len(hub.wakes.scheduled),
        "heap": len(hub.wakes.heap),
    }


async def test_unknown_game_ids_leave_nothing_in_the_hub(
    guests: Guest, server: ServerThread
) -> None:
    ana = await guests("Ana")
    before = _tables(server.hub)
    frames = []
    for n in range(32):
        gid = f"g-made-up-{n:02d}-" + "z" * 48  # 64 characters, the most a game id may have
        kind = ("join_game", "spectate_game", "action", "resign")[n % 4]
        frame: dict[str, Any] = {"type": kind, "message_id": f"u{n}", "game_id": gid}
        if kind == "action":
            frame["action"] = {"type": "end_turn"}
        frames.append(orjson.dumps(frame).decode())
    async with ana.socket() as sock:
        raw = RawSocket(sock)
        for text in frames:
            await sock.send_raw(text)
        for n in range(32):
            err = await raw.until(lambda m: m["type"] == "error")
            assert (err["code"], err["request_message_id"]) == ("game_not_found", f"u{n}")
    assert _tables(server.hub) == before


# Types that may not stay behind per finished game: the server's own (not storage's: the
# memory store keeps every record by design), its socket stack's, and frozensets (a
# process-wide engine memo once kept four per game, with the game's card map).
WATCHED = ("mantimon.", "websockets.", "uvicorn.", "starlette.", "h11.", "asyncio.")
WATCHED_BUILTINS = ("builtins.frozenset",)


def _server_objects() -> dict[str, int]:
    by_type: dict[str, int] = census()["by_type"]  # type: ignore[assignment]
    return {
        name: n
        for name, n in by_type.items()
        if (name.startswith(WATCHED) and not name.startswith("mantimon.storage."))
        or name in WATCHED_BUILTINS
    }


def _held(server: ServerThread) -> dict[str, int]:
    """Per-game and per-user tables outside the hub: socket counts and turn locks."""
    services = server.app.state.services
    return {
        "limits.sockets": len(services.limits.sockets),
        "turns.held": len(server.app.turns.held),
        "connections": int(services.hub.metrics.connections._value.get()),
    }


async def _settled(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Give the server up to ``seconds`` to reach ``condition``, then go on either way (the
    test asserts what it finds). Its side of a closed socket is closed, and what it may
    forget forgotten, a moment after the client's side: a fixed 0.2 s was enough on a
    quiet machine, not always on a busy one."""
    with contextlib.suppress(TimeoutError):
        await wait_for(condition, seconds)


def _at_rest(server: ServerThread) -> bool:
    """No game in the hub and no socket, socket count or turn lock held."""
    return _tables(server.hub)["games"] == 0 and not any(_held(server).values())


def _grown(before: dict[str, int], after: dict[str, int], at_least: int) -> dict[str, Any]:
    """The watched types that gained ``at_least`` objects: (before, after) for each."""
    return {
        name: (before.get(name, 0), n)
        for name, n in after.items()
        if n - before.get(name, 0) >= at_least
    }


async def _play_and_close(server: ServerThread, n: int) -> None:
    """Play ``n`` games over real sockets to their end (set-up, a few moves, a resign), then
    close every socket and client. Nothing of them is referenced here afterwards."""
    ana, bo = Client(server.url), Client(server.url)
    try:
        await ana.guest("Ana")
        await bo.guest("Bo")
        for _ in range(n):
            game = await ana.create_game(opponent="invite", deck="ember-rush")
            gid = game["id"]
            await bo.join_game(gid, "tidal-mind")
            async with ana.socket() as sa, bo.socket() as sb:
                ra, rb = RawSocket(sa), RawSocket(sb)
                await sa.join(gid)
                await sb.join(gid)
                await asyncio.gather(
                    finish_setup(ra, gid, ana.user_id), finish_setup(rb, gid, bo.user_id)
                )
                await sa.send(ResignMessage(game_id=gid))
                await ra.until(lambda m: m["type"] == "game_over")
                await rb.until(lambda m: m["type"] == "game_over")
    finally:
        await ana.close()
        await bo.close()


async def test_finished_games_and_closed_sockets_leave_memory(start: Any) -> None:
    server = start()
    await _play_and_close(server, 1)  # first use: caches, pools and memos fill once
    await _settled(lambda: _at_rest(server))
    before, held, tables_before = _server_objects(), _held(server), _tables(server.hub)
    games = 8
    await _play_and_close(server, games)
    # the server closes its side and forgets the games
    await _settled(lambda: _at_rest(server) and not _grown(before, _server_objects(), games))
    kept = _grown(before, _server_objects(), games)
    assert kept == {}, f"kept per game (before, after): {kept}"
    # The wake-up heap is left out: an entry of a forgotten game stays until its time
    # (a minute at most, the grace of a closed socket) or the next rebuild, then skipped.
    tables = _tables(server.hub)
    del tables["heap"], tables_before["heap"]
    assert tables == tables_before
    assert tables["games"] == 0
    assert _held(server) == held


async def _abandon(server: ServerThread, n: int) -> list[tuple[Client, Client, str]]:
    """Start ``n`` games over real sockets, set them up, then close every socket mid-game
    (the clients stay logged in, to come back)."""
    games = []
    for _ in range(n):
        ana, bo = Client(server.url), Client(server.url)
        await ana.guest("Ana")
        await bo.guest("Bo")
        game = await ana.create_game(opponent="invite", deck="ember-rush")
        await bo.join_game(game["id"], "tidal-mind")
        async with ana.socket() as sa, bo.socket() as sb:
            ra, rb = RawSocket(sa), RawSocket(sb)
            await sa.join(game["id"])
            await sb.join(game["id"])
            await asyncio.gather(
                finish_setup(ra, game["id"], ana.user_id), finish_setup(rb, game["id"], bo.user_id)
            )
        games.append((ana, bo, game["id"]))
    return games


async def test_a_game_left_by_every_socket_keeps_its_state_but_not_its_memos(start: Any) -> None:
    """A game whose players all closed their sockets lives on until its turn clocks end it
    (minutes); meanwhile it keeps its match and state, not the memos (legal actions, views,
    action values: ~220 KB a game) it had built. A player who comes back plays on."""
    server = start()
    for ana, bo, _ in await _abandon(server, 1):  # first use: caches fill once
        await ana.close()
        await bo.close()
    await _settled(lambda: not any(_held(server).values()))
    before = _server_objects()
    n = 6
    games = await _abandon(server, n)
    memos = ("mantimon.engine.built.Built", "mantimon.engine.view_parts.Refs")

    def growth() -> dict[str, int]:
        after = _server_objects()
        return {name: after[name] - before.get(name, 0) for name in after}

    # every socket closed, on the server's side too: the memos go with the last one
    await _settled(
        lambda: not any(_held(server).values()) and not any(growth().get(m, 0) for m in memos)
    )
    grew = growth()
    assert grew.get("mantimon.session.match.Match") == n  # the games live on
    assert grew.get("mantimon.engine.state.GameState") == n
    assert {name: grew.get(name, 0) for name in memos} == dict.fromkeys(memos, 0)
    actions = sum(d for name, d in grew.items() if name.startswith("mantimon.engine.actions."))
    assert actions < n, grew
    ana, bo, gid = games[-1]
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = RawSocket(sa), RawSocket(sb)
        await sa.join(gid)
        await sb.join(gid)
        frame = await ra.until(lambda m: m["type"] == "game_state")
        mover, raw = (ana, ra) if ana.user_id in frame["state"]["waiting_for"] else (bo, rb)
        state = (await awaited_state(raw, mover.user_id))["state"]
        assert (await act(raw, gid, pick(state, ("end_turn",))))["success"]
    for ana, bo, _ in games:
        await ana.close()
        await bo.close()
