"""Reconnecting over real sockets: with ``last_event_id`` the stored missed events are
replayed exactly; a duplicate ``message_id`` is answered with the stored result and not
applied twice (also across connections); a client whose action was unanswered when its
socket dropped resumes the game. (Fresh states for unknown ids or gaps, and socket
handover, are decided by the session: tests/session/test_live.py.)"""

from __future__ import annotations

import random

import pytest

from mantimon.bots import GreedyBot
from mantimon.client.autoplay import PlayReport, play
from mantimon.protocol import ActionResultMessage, GameStateMessage
from tests.server.conftest import Guest
from tests.server.drive import act, awaited_state, finish_setup, invite_game, pick
from tests.server.harness import RawSocket


async def test_reconnect_replays_exactly_the_missed_events(guests: Guest) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = RawSocket(sa), RawSocket(sb)
        await sa.join(gid)
        await sb.join(gid)
        await finish_setup(ra, gid, ana.user_id)
        await finish_setup(rb, gid, bo.user_id)
        # make it bo's turn: if ana goes first, she ends her turn
        frame = await ra.until(
            lambda m: m["type"] == "game_state" and m["state"]["phase"] == "main"
        )
        if frame["state"]["current_player"] == ana.user_id:
            assert (await act(ra, gid, pick(frame["state"], ("end_turn",))))["success"]
        bo_turn = (await awaited_state(rb, bo.user_id))["state"]
        await ra.quiet(0.4)
        last = sa.last_event_id[gid]
        await sa.close()
        # while ana is away, bo ends his turn: a game_state and a turn_start she misses
        assert (await act(rb, gid, pick(bo_turn, ("end_turn",))))["success"]
        await rb.quiet(0.4)
        missed = [
            m["event_id"] for m in rb.seen if "event_id" in m and int(m["event_id"]) > int(last)
        ]
        kinds = [m["type"] for m in rb.seen if "event_id" in m and int(m["event_id"]) > int(last)]
        assert "turn_start" in kinds
        sa.last_event_id[gid] = last
        await sa.reconnect()
        frames = await RawSocket(sa).quiet(1.0)
        replayed = [f["event_id"] for f in frames if "event_id" in f]
        assert replayed == missed
        assert [f["status"] for f in frames if f["type"] == "opponent_status"] == ["connected"]


async def test_a_duplicate_message_id_is_not_applied_twice(guests: Guest) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra = RawSocket(sa)
        await sa.join(gid)
        await sb.join(gid)
        state = (await awaited_state(ra, ana.user_id))["state"]
        action = pick(state, ("setup_place", "choose"))
        first = await act(ra, gid, action, message_id="same-id")
        assert first["success"] is True
        await ra.quiet(0.3)
        again = await act(ra, gid, action, message_id="same-id")
        assert again == first  # the stored result, byte for byte
        assert not [f for f in await ra.quiet(0.4) if f["type"] == "game_state"]
        await sa.reconnect()
        third = await act(RawSocket(sa), gid, action, message_id="same-id")
        assert third == first


async def test_a_spectator_returning_after_unwatched_steps_gets_them_derived(
    guests: Guest,
) -> None:
    ana, bo, gid = await invite_game(guests)
    eve = await guests("Eve")
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = RawSocket(sa), RawSocket(sb)
        await sa.join(gid)
        await sb.join(gid)
        async with eve.socket() as se:
            watcher = RawSocket(se)
            await se.spectate(gid)
            await watcher.until(lambda m: m["type"] == "game_state")
            await finish_setup(ra, gid, ana.user_id)
            await watcher.quiet(0.3)
            last = se.last_event_id[gid]
        # nobody watches while bo finishes his setup: the spectator view of those steps
        # was never built, and is derived from the action log when eve comes back
        await finish_setup(rb, gid, bo.user_id)
        seen_by_bo = await rb.quiet(0.3)
        async with eve.socket() as se:
            se.last_event_id[gid] = last
            await se.spectate(gid)
            frames = await RawSocket(se).quiet(0.8)
        missed = [f for f in frames if "event_id" in f]
        ids = [int(f["event_id"]) for f in missed]
        assert ids == list(range(int(last) + 1, ids[-1] + 1)), "every missed event, in order"
        assert ids[-1] == max(int(f["event_id"]) for f in seen_by_bo if "event_id" in f)
        assert all(f["state"]["viewer"] is None for f in missed if f["type"] == "game_state")


@pytest.mark.parametrize("reached", [True, False], ids=["answer lost", "action lost"])
async def test_a_dropped_player_resumes_with_its_unanswered_action(
    guests: Guest, reached: bool
) -> None:
    """A socket drops with an action sent but not answered: either the action reached the
    server (only the answer was lost) or it did not. ``play(..., resume=report)`` on a new
    socket goes on either way: up to date, the client is sent no state on rejoining, so it
    must send the action again with its message id (applied once) rather than wait for a
    state until the turn clock runs out (the ``timeout`` here is far shorter than a turn)."""
    ana = await guests("Ana")
    game = await ana.create_game(opponent="bot", bot="greedy", deck="ember-rush")
    gid, rng, bot = game["id"], random.Random(3), GreedyBot()
    async with ana.socket() as sock:
        await sock.join(gid)
        while True:
            message = await sock.recv(5)
            if isinstance(message, GameStateMessage) and ana.user_id in message.state.waiting_for:
                break
        action = bot.choose(message.state, rng)
        if reached:
            sent = await sock.act(gid, action, message_id="unanswered")
            while not (isinstance(m := await sock.recv(5), ActionResultMessage)):
                pass
            assert m.request_message_id == sent and m.success
        sock.last_event_id[gid] = message.event_id  # what the client had seen
        await sock.close()
        report = PlayReport(gid, state=message, in_flight=("unanswered", action))
        await sock.reconnect()
        final = await play(sock, gid, ana.user_id, bot, rng, timeout=5.0, join=False, resume=report)
    assert final.end_reason is not None
    assert final.acknowledged[0] == "unanswered" and final.refused == 0
