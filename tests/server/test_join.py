"""``join_game`` at its edges: a game still waiting for its second player answers at once,
a newer socket takes over a seat without a presence blink, and a bad ``last_event_id`` is
refused before any part of the join is done."""

from __future__ import annotations

import orjson
import pytest

from tests.server.conftest import Guest
from tests.server.drive import invite_game
from tests.server.harness import RawSocket, ServerThread


async def test_joining_a_game_that_waits_for_its_second_player_is_answered(
    guests: Guest,
) -> None:
    ana, bo, eve = await guests("Ana"), await guests("Bo"), await guests("Eve")
    game = await ana.create_game(opponent="invite", deck="ember-rush")
    gid = game["id"]
    async with ana.socket() as sa, eve.socket() as se:
        ra, re = RawSocket(sa), RawSocket(se)
        mid = await sa.join(gid)
        notice = await ra.next(5)
        assert (notice["type"], notice["code"]) == ("error", "action_not_allowed")
        assert notice["request_message_id"] == mid
        assert notice["details"] == {"reason": "waiting_for_opponent", "game_id": gid}
        watch = await se.spectate(gid)
        seen = await re.next(5)
        assert (seen["code"], seen["request_message_id"]) == ("action_not_allowed", watch)
        # both stay joined: the first state reaches them when the game is dealt
        await bo.join_game(gid, "tidal-mind")
        first = await ra.until(lambda m: m["type"] == "game_state")
        assert (first["event_id"], first["state"]["viewer"]) == ("1", ana.user_id)
        assert (await re.until(lambda m: m["type"] == "game_state"))["state"]["viewer"] is None


async def test_a_newer_socket_takes_over_without_telling_the_opponent_of_a_disconnection(
    guests: Guest,
) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as first, ana.socket() as second, bo.socket() as sb:
        r1, r2, rb = RawSocket(first), RawSocket(second), RawSocket(sb)
        await sb.join(gid)
        await first.join(gid)
        await r1.until(lambda m: m["type"] == "game_state")
        await rb.until(lambda m: m["type"] == "opponent_status" and m["status"] == "connected")
        await rb.quiet(0.3)
        await second.join(gid)
        assert (await r1.until(lambda m: m["type"] == "error"))["code"] == "connection_closed"
        mine = await r2.until(lambda m: m["type"] == "opponent_status")
        assert mine["status"] == "connected"  # bo's presence, as always on a join
        # ana never lost her seat's socket: bo hears nothing of it
        assert not [m for m in await rb.quiet(0.5) if m["type"] == "opponent_status"]
        # the replaced socket closing changes nothing either; the newer one closing does
        await first.close()
        assert not [m for m in await rb.quiet(0.4) if m["type"] == "opponent_status"]
        await second.close()
        status = await rb.until(lambda m: m["type"] == "opponent_status")
        assert status["status"] == "reconnecting"


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
