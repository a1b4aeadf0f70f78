"""Invites that nobody takes: the creator cancels one (``DELETE /api/games/{id}``), and one
older than ``invite_expiry_seconds`` expires. Either way it stops counting toward
``max_live_games_per_user``, can no longer be joined (410 with a reason), and the sockets
joined to it are told (``game_ended``)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from mantimon.client import ApiError, Client
from tests.server.harness import RawSocket

EXPIRY = 600.0  # invite_expiry_seconds of the expiry test's server


async def _refused(call: Any, status: int, code: str) -> ApiError:
    with pytest.raises(ApiError) as refused:
        await call
    assert (refused.value.status, refused.value.code) == (status, code), refused.value
    return refused.value


async def test_the_creator_cancels_a_waiting_invite_and_gets_its_place_back(start: Any) -> None:
    srv = start(max_live_games_per_user=2)
    async with Client(srv.url) as ana, Client(srv.url) as bo:
        await ana.guest("Ana")
        await bo.guest("Bo")
        first = await ana.create_game(opponent="invite")
        await ana.create_game(opponent="invite")
        await _refused(ana.create_game(opponent="invite"), 409, "too_many_games")
        await _refused(bo.cancel_game(first["id"]), 403, "not_game_creator")
        cancelled = await ana.cancel_game(first["id"])
        assert (cancelled["status"], cancelled["end_reason"]) == ("finished", "cancelled")
        assert (await bo.game(first["id"]))["end_reason"] == "cancelled"
        refused = await _refused(bo.join_game(first["id"]), 410, "game_cancelled")
        assert "cancelled" in refused.message
        await _refused(ana.cancel_game(first["id"]), 410, "game_cancelled")
        await _refused(ana.cancel_game("g-nothing"), 404, "game_not_found")
        mine = await ana.call("GET", "/api/games/me/active")
        assert first["id"] not in [g["id"] for g in mine]
        third = await ana.create_game(opponent="invite")  # the cancelled one left room
        # a game that has started is resigned, not cancelled
        await bo.join_game(third["id"])
        await _refused(ana.cancel_game(third["id"]), 409, "game_started")
        await _refused(bo.cancel_game(third["id"]), 403, "not_game_creator")


async def test_an_invite_nobody_takes_expires(start: Any) -> None:
    """The server's clock is moved on past the expiry instead of waited for."""
    srv = start(max_live_games_per_user=2, invite_expiry_seconds=EXPIRY)
    shift = 0.0
    srv.hub.clock = lambda: time.time() + shift
    async with Client(srv.url) as ana, Client(srv.url) as bo:
        await ana.guest("Ana")
        await bo.guest("Bo")
        old = [await ana.create_game(opponent="invite") for _ in range(2)]
        await _refused(ana.create_game(opponent="invite"), 409, "too_many_games")
        assert (await bo.game(old[0]["id"]))["status"] == "waiting"  # not yet expired
        shift = EXPIRY + 1.0
        fresh = await ana.create_game(opponent="invite")  # the expired ones do not count
        assert fresh["status"] == "waiting"
        refused = await _refused(bo.join_game(old[0]["id"]), 410, "invite_expired")
        assert "expired" in refused.message
        for game in old:
            seen = await bo.game(game["id"])
            assert (seen["status"], seen["end_reason"]) == ("finished", "expired")
        mine = [g["id"] for g in await ana.call("GET", "/api/games/me/active")]
        assert mine == [fresh["id"]]
        assert (await bo.join_game(fresh["id"]))["status"] == "active"  # a fresh one joins


async def test_sockets_joined_to_a_cancelled_invite_are_told(start: Any) -> None:
    srv = start()
    async with Client(srv.url) as ana, Client(srv.url) as eve:
        await ana.guest("Ana")
        await eve.guest("Eve")
        game = await ana.create_game(opponent="invite")
        gid = game["id"]
        async with ana.socket() as sa, eve.socket() as se:
            ra, re = RawSocket(sa), RawSocket(se)
            await sa.join(gid)
            assert (await ra.next(5))["details"]["reason"] == "waiting_for_opponent"
            await se.spectate(gid)
            assert (await re.next(5))["details"]["reason"] == "waiting_for_opponent"
            await ana.cancel_game(gid)
            for raw in (ra, re):
                told = await raw.next(5)
                assert (told["type"], told["code"]) == ("error", "game_ended")
                assert told["details"] == {"reason": "cancelled", "game_id": gid}
            # joining again, or acting in it, gets the same answer; nothing is kept of it
            mid = await sa.join(gid)
            again = await ra.next(5)
            assert (again["code"], again["request_message_id"]) == ("game_ended", mid)
            await sa.resign(gid)
            assert (await ra.next(5))["code"] == "game_ended"
            await asyncio.sleep(0.1)
            assert gid not in srv.hub.games
