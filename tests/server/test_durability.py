"""Durability: the server runs as a subprocess on SQLite; it is killed with SIGKILL in the
middle of a game and started again. Every acknowledged action is in the action log, the
game goes on from where it was, and turn deadlines resume (they are stored)."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest
import websockets

from mantimon.bots import GreedyBot
from mantimon.client import Client, PlayReport, play
from mantimon.storage.sql import create_store
from tests.server.harness import RawSocket
from tests.server.process import ServerProcess

# A restart's duration bounds what the deadline test can tell (and the kill lands while a
# game is under way): run alone, after the parallel pass (make unit).
pytestmark = pytest.mark.serial


@pytest.fixture
def process(tmp_path: Path) -> ServerProcess:
    return ServerProcess(tmp_path, MANTIMON_TURN_SECONDS="30")


async def test_kill_9_mid_game_loses_no_acknowledged_action(process: ServerProcess) -> None:
    await process.start()
    try:
        async with Client(process.url) as ana:
            await ana.guest("Ana")
            game = await ana.create_game(opponent="bot", bot="greedy", deck="ember-rush")
            report = PlayReport(game["id"])
            async with ana.socket() as sock:
                task = asyncio.create_task(
                    play(
                        sock, game["id"], ana.user_id, GreedyBot(), random.Random(1), report=report
                    )
                )
                while len(report.acknowledged) < 12:
                    assert not task.done(), "the game ended before the server could be killed"
                    await asyncio.sleep(0.01)
                process.kill()
                with pytest.raises((websockets.ConnectionClosed, OSError, TimeoutError)):
                    await asyncio.wait_for(task, 10)  # the connection dies with the server
            acknowledged = list(report.acknowledged)
            last_event = sock.last_event_id[game["id"]]
            # every acknowledged action is in the log (its stored result proves which)
            store = await create_store(process.db_url)
            try:
                log = await store.actions(game["id"])
                mine = [a for a in log if a.player_id == ana.user_id]
                assert len(mine) >= len(acknowledged)
                for mid in acknowledged:
                    assert await store.result(game["id"], ana.user_id, mid) is not None
                assert [a.seq for a in log] == list(range(1, len(log) + 1))
            finally:
                await store.close()
            # restart: rejoin with the last event id and finish the game from where it stood
            # (an action still unanswered at the kill is sent again with its message id)
            await process.start()
            async with ana.socket() as sock:
                sock.last_event_id[game["id"]] = last_event
                final = await play(
                    sock, game["id"], ana.user_id, GreedyBot(), random.Random(2), resume=report
                )
            assert final.end_reason is not None
            status = await ana.game(game["id"])
            assert status["status"] == "finished"
    finally:
        process.stop()


async def test_turn_deadlines_survive_a_restart(tmp_path: Path) -> None:
    """The deal's deadline is stored: after a kill -9 and a restart the turn still expires
    at the deal + the limit (the server acts for the player then; the client hears it).
    Judged on the times the server stored, not on when a client heard it: on a loaded
    machine a restart has taken 8 s, and a deadline that passed meanwhile fires at start-up,
    before any client can rejoin."""
    limit = 10.0
    slept = 2.5  # of the turn, before the kill
    process = ServerProcess(tmp_path, MANTIMON_TURN_SECONDS=str(limit))
    await process.start()
    try:
        async with Client(process.url) as ana, Client(process.url) as bo:
            await ana.guest("Ana")
            await bo.guest("Bo")
            game = await ana.create_game(opponent="invite", deck="ember-rush")
            await bo.join_game(game["id"], "tidal-mind")
            await asyncio.sleep(slept)  # the turn's deadline was stored with the deal
            process.kill()
            await process.start()
            ready = time.time()
            async with ana.socket() as sock:
                raw = RawSocket(sock)
                await sock.join(game["id"])
                expiry = await raw.until(
                    lambda m: m["type"] == "turn_timeout" and not m["is_warning"],
                    timeout=2 * limit + 10,  # the next turn's, if this one fired at start-up
                )
            assert expiry["player_id"] in (ana.user_id, bo.user_id)
        store = await create_store(process.db_url)
        try:
            dealt = await store.get_game(game["id"])
            log = await store.actions(game["id"])
        finally:
            await store.close()
        assert dealt is not None and dealt.started_at is not None
        expired_at = min(a.at for a in log if a.by == "timer")
        # Kept: the turn expired at the deal + limit, or at start-up if that was while the
        # server was down. A fresh deadline would have expired a whole limit after the
        # restart began, later than the deal + slept + limit.
        kept_by = max(dealt.started_at + limit, ready) + 1.0  # + the wake-up's latency
        fresh_from = dealt.started_at + slept + limit
        assert kept_by < fresh_from, (
            f"the restart took too long to tell ({ready - dealt.started_at:.1f} s)"
        )
        assert expired_at <= kept_by, (expired_at - dealt.started_at, ready - dealt.started_at)
    finally:
        process.stop()


async def test_a_campaign_reward_is_stored_with_the_game_s_end_and_granted_once(
    tmp_path: Path,
) -> None:
    """Killed (-9) right after the won game ended and started again: the reward is there
    (stored in the transaction that recorded the end, before ``game_over`` was sent), and
    the restart, which loads the finished game again, does not grant it a second time."""
    process = ServerProcess(tmp_path, MANTIMON_CAMPAIGN_BOT="random", MANTIMON_GAME_SEED="7")
    await process.start()
    try:
        async with Client(process.url) as ana:
            await ana.guest("Ana")
            await ana.call("POST", "/api/campaign/start", {"starter": "ember-rush"})
            world = await ana.call("GET", "/api/campaign/world")
            member = world["clubs"][0]["members"][0]["id"]
            body = {"duelist": member, "deck": "ember-rush"}
            game = await ana.call("POST", "/api/campaign/challenge", body)
            async with ana.socket() as sock:
                report = await play(sock, game["id"], ana.user_id, GreedyBot(), random.Random(4))
            process.kill()  # at once: the game_over was the last thing the server sent
            assert report.winner_id == ana.user_id
            store = await create_store(process.db_url)
            try:
                record = await store.campaign(ana.user_id)
                assert record is not None
                assert (record.progress.beaten, record.packs) == ({member}, 2)
            finally:
                await store.close()
            await process.start()
            async with ana.socket() as sock:
                raw = RawSocket(sock)
                await sock.join(game["id"])  # the finished game, derived again
                await raw.until(lambda m: m["type"] in ("game_state", "game_over"))
            state = await ana.call("GET", "/api/campaign")
            assert (state["beaten"], state["packs"]) == ([member], 2)
    finally:
        process.stop()
