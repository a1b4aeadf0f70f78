"""Whole games over real sockets: a client against a server bot, two clients against each
other (invite and quick match), and a spectator who never sees a hidden card. Every frame
the spectator receives is checked against the wire contract."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import orjson

from mantimon.bots import GreedyBot, RandomBot
from mantimon.client import play
from mantimon.protocol import GameStateMessage
from tests.server.conftest import Guest
from tests.server.harness import RawSocket, ServerThread


async def test_a_client_plays_a_server_bot_to_game_over(guests: Guest) -> None:
    client = await guests("Ana")
    game = await client.create_game(opponent="bot", bot="greedy", deck="ember-rush")
    assert game["status"] == "active"
    assert [p["kind"] for p in game["players"]] == ["human", "bot"]
    async with client.socket() as sock:
        report = await play(
            sock, game["id"], client.user_id, GreedyBot(), random.Random(1), keep_messages=True
        )
    assert report.end_reason is not None
    assert report.actions > 5
    assert report.refused == 0
    assert not report.errors
    ids = [int(m.event_id) for m in report.messages if hasattr(m, "event_id")]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)), "event ids must strictly increase"
    final = await client.game(game["id"])
    assert final["status"] == "finished"
    assert (final["end_reason"], final["winner_id"]) == (report.end_reason, report.winner_id)


async def test_two_clients_play_each_other_through_an_invite(
    guests: Guest, server: ServerThread
) -> None:
    ana, bo = await guests("Ana"), await guests("Bo")
    game = await ana.create_game(opponent="invite", deck="ember-rush")
    assert game["status"] == "waiting"
    assert game["invite_path"].endswith(game["id"])
    joined = await bo.join_game(game["id"], "tidal-mind")
    assert joined["status"] == "active"
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = await asyncio.gather(
            play(sa, game["id"], ana.user_id, GreedyBot(), random.Random(2)),
            play(sb, game["id"], bo.user_id, RandomBot(), random.Random(3)),
        )
    assert (ra.winner_id, ra.end_reason) == (rb.winner_id, rb.end_reason)
    assert ra.refused == rb.refused == 0
    # every action moved a turn deadline, yet the timer heap stays within a bound of the
    # games it wakes (it used to keep one entry per action until each deadline passed)
    assert ra.actions + rb.actions > 20
    assert len(server.hub.wakes.heap) <= 2 * len(server.hub.wakes.scheduled) + 17


async def wait_forgotten(hub: Any, game_id: str) -> None:
    for _ in range(200):  # the server notices the socket closed
        if game_id not in hub.games:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"game {game_id} is still in memory")


async def test_a_finished_game_leaves_memory_once_its_sockets_close(
    guests: Guest, server: ServerThread
) -> None:
    hub = server.hub
    client = await guests("Cy")
    game = await client.create_game(opponent="bot", bot="greedy", deck="ember-rush")
    async with client.socket() as sock:
        report = await play(sock, game["id"], client.user_id, GreedyBot(), random.Random(6))
        assert report.end_reason is not None
        assert game["id"] in hub.games  # its player is still connected
    await wait_forgotten(hub, game["id"])  # with its lock, sockets and bots: one entry
    assert game["id"] not in hub.wakes.scheduled
    # asked for again, it is loaded from storage: a rejoin gets the final state
    async with client.socket() as sock:
        raw = RawSocket(sock)
        await sock.join(game["id"])
        state = (await raw.until(lambda m: m["type"] == "game_state"))["state"]
        assert (state["winner"], state["end_reason"]) == (report.winner_id, report.end_reason)
        assert state["legal_actions"] == []
    await wait_forgotten(hub, game["id"])
    # someone without a seat asks to join it: refused, and the game does not stay loaded
    stranger = await guests("Dee")
    async with stranger.socket() as sock:
        raw = RawSocket(sock)
        request = await sock.join(game["id"])
        reply = await raw.until(lambda m: m.get("request_message_id") == request)
        assert reply["code"] == "game_full"
        await wait_forgotten(hub, game["id"])


async def test_quick_match_pairs_two_waiting_players(guests: Guest) -> None:
    ana, bo = await guests("Ana"), await guests("Bo")
    a, b = await asyncio.gather(ana.quick_match("ember-rush"), bo.quick_match("tidal-mind"))
    assert a["id"] == b["id"]
    assert {p["user_id"] for p in a["players"]} == {ana.user_id, bo.user_id}
    assert a["status"] == "active"


async def test_a_spectator_sees_both_boards_and_no_card_from_either_hand(guests: Guest) -> None:
    ana, bo, eve = [await guests(n) for n in ("Ana", "Bo", "Eve")]
    game = await ana.create_game(opponent="invite", deck="ember-rush")
    await bo.join_game(game["id"], "tidal-mind")
    async with ana.socket() as sa, bo.socket() as sb, eve.socket() as se:
        watcher = RawSocket(se)
        await se.spectate(game["id"])
        players = asyncio.gather(
            play(sa, game["id"], ana.user_id, GreedyBot(), random.Random(4), keep_messages=True),
            play(sb, game["id"], bo.user_id, GreedyBot(), random.Random(5), keep_messages=True),
        )
        frames = [await watcher.until(lambda m: m["type"] == "game_state")]
        while frames[-1]["type"] != "game_over":
            frames.append(await watcher.next(20))
        reports = await players
    # the hands each player saw, by event id (but cards a search revealed to everyone)
    hands: dict[str, set[str]] = {}
    for report in reports:
        for m in report.messages:
            if isinstance(m, GameStateMessage):
                own = {c.uid for p in m.state.players for c in (p.hand or [])}
                shown = {c.uid for p in m.state.players for c in p.revealed}
                hands.setdefault(m.event_id, set()).update(own - shown)
    checked = 0
    for frame in frames:
        state = frame.get("state") or frame.get("final_state")
        if state is None:
            continue
        assert state["viewer"] is None
        assert all(p["hand"] is None for p in state["players"])
        assert state["legal_actions"] == []
        text = orjson.dumps(frame).decode()
        for uid in hands.get(frame.get("event_id", ""), ()):
            assert f'"{uid}"' not in text, f"the spectator saw a card in a hand: {uid}"
            checked += 1
    assert checked > 50
    assert sum(1 for f in frames if f["type"] == "game_state") > 10
