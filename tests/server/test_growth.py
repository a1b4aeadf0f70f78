"""What a client can make the server keep is bounded: a made-up game id leaves nothing
behind in the hub, and a refused action is stored nowhere (it is judged again if sent
again), so no stream of frames grows memory or the database."""

from __future__ import annotations

from typing import Any

import orjson

from mantimon.storage.memory import MemoryStore
from tests.server.conftest import Guest
from tests.server.drive import act, awaited_state, finish_setup, invite_game, pick
from tests.server.harness import RawSocket, ServerThread


def _tables(hub: Any) -> dict[str, int]:
    """The size of every per-game table of the hub."""
    return {name: len(getattr(hub, name)) for name in ("games", "_scheduled", "_tasks", "_wakes")}


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


async def test_refused_actions_are_stored_nowhere(guests: Guest, server: ServerThread) -> None:
    store = server.hub.store
    assert isinstance(store, MemoryStore)
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra = RawSocket(sa)
        await sa.join(gid)
        await sb.join(gid)
        await awaited_state(ra, ana.user_id)
        rows_before = len(store.results)
        ids = [f"r{n:03d}-" + "x" * 123 for n in range(30)]  # 128 characters each
        for mid in ids:
            frame = {"type": "action", "message_id": mid, "game_id": gid,
                     "action": {"type": "end_turn"}}  # fmt: skip
            await sa.send_raw(orjson.dumps(frame).decode())
        for mid in ids:
            result = await ra.until(lambda m: m["type"] == "action_result")
            assert (result["request_message_id"], result["success"]) == (mid, False)
        match = server.hub.games[gid].live.match
        assert not [k for k in match.results if k[1] in ids]
        assert not [k for k in store.results if k[2] in ids]
        assert len(store.results) == rows_before


async def test_a_refused_action_sent_again_is_judged_on_the_state_of_then(
    guests: Guest,
) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = RawSocket(sa), RawSocket(sb)
        await sa.join(gid)
        await sb.join(gid)
        await finish_setup(ra, gid, ana.user_id)
        await finish_setup(rb, gid, bo.user_id)
        frame = await ra.until(
            lambda m: m["type"] == "game_state" and m["state"]["phase"] == "main"
        )
        current = frame["state"]["current_player"]
        if current == ana.user_id:
            rm, rw, waiting = ra, rb, bo.user_id
        else:
            rm, rw, waiting = rb, ra, ana.user_id
        early = await act(rw, gid, {"type": "end_turn"}, message_id="end-1")
        assert early["error_code"] == "not_your_turn"
        state = (await awaited_state(rm, current))["state"]
        assert (await act(rm, gid, pick(state, ("end_turn",))))["success"]
        await awaited_state(rw, waiting)
        again = await act(rw, gid, {"type": "end_turn"}, message_id="end-1")
        assert again["success"] is True
