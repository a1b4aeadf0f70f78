"""What a client can make the server keep is bounded: a made-up game id leaves nothing
behind in the hub. (That a refused action is neither remembered nor stored, and is judged
again if sent again, is the session's rule: tests/session/test_authority.py.)"""

from __future__ import annotations

from typing import Any

import orjson

from tests.server.conftest import Guest
from tests.server.harness import RawSocket, ServerThread


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
