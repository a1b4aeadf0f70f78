"""``join_game`` at the socket's edge: a bad ``last_event_id`` is refused before any part of
the join is done. (Who may join, waiting games and socket handover are the session's
rules: tests/session/test_live.py.)"""

from __future__ import annotations

import orjson
import pytest

from tests.server.conftest import Guest
from tests.server.drive import invite_game
from tests.server.harness import RawSocket, ServerThread


@pytest.mark.parametrize("last", ["\u00b2", "1" * 5_000, "-3", "4 "])
async def test_a_bad_last_event_id_is_refused_before_the_join_does_anything(
    guests: Guest, server: ServerThread, last: str
) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = RawSocket(sa), RawSocket(sb)
        await sb.join(gid)
        await rb.until(lambda m: m["type"] == "game_state")
        await rb.quiet(0.2)
        frame = {"type": "join_game", "message_id": "j-bad", "game_id": gid, "last_event_id": last}
        await sa.send_raw(orjson.dumps(frame).decode())
        err = await ra.next(5)
        assert (err["type"], err["code"]) == ("error", "invalid_message")
        assert err["request_message_id"] == "j-bad"
        assert [e["field"] for e in err["details"]["errors"]] == ["last_event_id"]
        assert not await ra.quiet(0.3)  # no state, no presence: not joined
        assert not await rb.quiet(0.3)  # bo was not told ana connected
        live = server.hub.games[gid].live
        assert not live.players.get(ana.user_id)
        # the socket still works, and a good join goes through
        sa.last_event_id.pop(gid, None)
        await sa.join(gid)
        assert (await ra.until(lambda m: m["type"] == "game_state"))["state"]["viewer"] == (
            ana.user_id
        )
