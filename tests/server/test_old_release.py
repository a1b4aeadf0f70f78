"""A server of this release started on a database an earlier release wrote (tests/data/
old_release): its games in progress resume and play to the end, its finished games are
served and rebuild from their published logs, its open invitation is dealt with opaque
ids, and a game that cannot be rebuilt is kept as stored while everything else runs."""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mantimon.bots import make_bot
from mantimon.cards import DeckList
from mantimon.client import Client, play
from mantimon.engine import (
    ACTION_ADAPTER,
    GameEndReason,
    RulesConfig,
    apply_action,
    forfeit,
    new_game,
)
from tests.server.harness import RawSocket, ServerThread
from tests.storage.old_release import POSITIONAL_ID, rows, sqlite_url, unpack

PASSWORD = "fixture-password-1"  # the fixture's accounts (tests/data/old_release/README.md)


class Upgraded:
    """The fixture database, and a server of this release on it once ``start`` is called."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.db = unpack(tmp)
        self.games = rows(self.db, "games")
        self.usernames = {u["id"]: u["username"] for u in rows(self.db, "users")}
        self.server: ServerThread | None = None

    def start(self) -> ServerThread:
        # Invitations older than invite_expiry_seconds are closed as expired; the fixture's
        # is as old as the fixture, and this test wants it open.
        self.server = ServerThread(
            self.tmp / "var", database_url=sqlite_url(self.db), invite_expiry_seconds=1e9
        ).start()
        return self.server

    def of(self, status: str) -> list[dict[str, Any]]:
        return [g for g in self.games if g["status"] == status]

    async def client(self, user_id: str) -> Client:
        assert self.server is not None
        client = Client(self.server.url)
        await client.login(self.usernames[user_id], PASSWORD)
        return client


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[Upgraded]:
    fixture = Upgraded(tmp_path)
    yield fixture
    if fixture.server is not None:
        fixture.server.stop()


def _humans(game: dict[str, Any]) -> list[str]:
    return [s["user_id"] for s in json.loads(game["seats"]) if s["kind"] == "human"]


async def _play_out(fixture: Upgraded, game: dict[str, Any]) -> list[Any]:
    """Every human seat of ``game`` logs in and plays it to the end (bots are the server's)."""
    clients = [await fixture.client(uid) for uid in _humans(game)]
    try:
        sockets = [c.socket() for c in clients]
        for sock in sockets:
            await sock.connect()
        plays = [
            play(sock, game["id"], c.user_id, make_bot("greedy"), random.Random(i), timeout=60)
            for i, (sock, c) in enumerate(zip(sockets, clients, strict=True))
        ]
        reports = await asyncio.gather(*plays)
        for sock in sockets:
            await sock.close()
        return list(reports)
    finally:
        for c in clients:
            await c.close()


async def test_games_in_progress_resume_and_play_to_the_end(upgraded: Upgraded) -> None:
    active = upgraded.of("active")
    assert len(active) >= 2
    logged = {
        g["id"]: [a for a in rows(upgraded.db, "game_actions") if a["game_id"] == g["id"]]
        for g in active
    }
    upgraded.start()
    results = await asyncio.gather(*(_play_out(upgraded, g) for g in active))
    for game, reports in zip(active, results, strict=True):
        for report in reports:
            assert report.end_reason is not None, (game["id"], report.errors)
        async with await upgraded.client(_humans(game)[0]) as client:
            record = await client.game(game["id"])
        assert record["status"] == "finished"
        assert (record["winner_id"], record["end_reason"]) == (
            reports[0].winner_id,
            reports[0].end_reason,
        )
    assert upgraded.server is not None
    upgraded.server.stop()
    upgraded.server = None
    for game in active:
        log = [a for a in rows(upgraded.db, "game_actions") if a["game_id"] == game["id"]]
        old = logged[game["id"]]
        # what was logged stays as it was (and the step of each entry, and the answer to
        # it, which the old release kept in ``idempotency``, stay unknown)
        empty = {"event_id": None, "message_id": None, "result_z": None}
        assert log[: len(old)] == [a | empty for a in old]
        assert [a["seq"] for a in log] == list(range(1, len(log) + 1))
        assert len(log) > len(old)
        # The game keeps the ids it was dealt with to the end.
        ids = [
            v
            for a in log[len(old) :]
            if a["kind"] == "action"
            for k, v in json.loads(a["payload"]).items()
            if k.endswith("_id") and isinstance(v, str)
        ]
        assert ids
        assert all(POSITIONAL_ID.fullmatch(i) for i in ids), ids


async def test_finished_games_are_served_and_rebuild_from_their_published_logs(
    upgraded: Upgraded,
) -> None:
    finished = upgraded.of("finished")
    assert len(finished) >= 4
    upgraded.start()
    for game in finished:
        human = _humans(game)[0]
        async with await upgraded.client(human) as client:
            published = await client.call("GET", f"/api/games/{game['id']}/replay")
            async with client.socket() as sock:
                raw = RawSocket(sock)
                await sock.join(game["id"])
                state = (await raw.until(lambda m: m["type"] == "game_state"))["state"]
        assert (state["winner"], state["end_reason"]) == (game["winner_id"], game["end_reason"])
        # Whoever re-derives the game from what the server publishes gets the same result.
        rules = RulesConfig.model_validate(published["rules"])
        assert rules.card_ids == "positional"
        decks = [DeckList(cards=d["cards"], energy=d["energy"]) for d in published["decks"]]
        seats = [p["user_id"] for p in published["game"]["players"]]
        rebuilt = new_game(rules, decks, seats, published["seed"])
        for entry in published["actions"]:
            if entry["kind"] == "forfeit":
                reason = GameEndReason(entry["payload"]["reason"])
                forfeit(rebuilt, entry["player_id"], reason)
            else:
                action = ACTION_ADAPTER.validate_python(entry["payload"])
                apply_action(rebuilt, entry["player_id"], action)
        winner = None if rebuilt.winner is None else seats[rebuilt.winner]
        assert (winner, rebuilt.end_reason) == (game["winner_id"], game["end_reason"])


async def test_an_open_invitation_is_taken_and_dealt_with_opaque_ids(upgraded: Upgraded) -> None:
    (invite,) = upgraded.of("waiting")
    (creator,) = _humans(invite)
    guest_of = next(uid for uid, name in upgraded.usernames.items() if name and uid != creator)
    upgraded.start()
    async with await upgraded.client(guest_of) as client:
        await client.join_game(invite["id"], deck="tidal-mind")
        async with client.socket() as sock:
            raw = RawSocket(sock)
            await sock.join(invite["id"])
            state = (await raw.until(lambda m: m["type"] == "game_state"))["state"]
    assert state["rules"]["card_ids"] == "opaque"
    me = next(p for p in state["players"] if p["player_id"] == guest_of)
    assert me["hand"]
    assert not any(POSITIONAL_ID.fullmatch(c["uid"]) for c in me["hand"])


async def test_a_game_that_cannot_be_rebuilt_is_kept_as_stored_and_refused_clearly(
    upgraded: Upgraded, capfd: pytest.CaptureFixture[str]
) -> None:
    """An entry this release refuses (here a made-up card, as an unknown future rule or a
    damaged row would be): the server starts, the other games go on, the game is not
    touched, and its players are told it cannot be continued."""
    broken, other = upgraded.of("active")[:2]
    seq = broken["last_seq"] // 2
    with closing(sqlite3.connect(upgraded.db)) as conn, conn:
        conn.execute(
            "UPDATE game_actions SET payload = ? WHERE game_id = ? AND seq = ?",
            (json.dumps({"type": "play_creature", "card_id": "p9c99"}), broken["id"], seq),
        )
    before = _rows_of(upgraded.db, broken["id"])
    upgraded.start()
    player = _humans(broken)[0]
    async with await upgraded.client(player) as client:
        assert (await client.game(broken["id"]))["status"] == "active"
        async with client.socket() as sock:
            raw = RawSocket(sock)
            await sock.join(broken["id"])
            refused = await raw.until(lambda m: m["type"] == "error")
            assert refused["code"] == "internal_error"
            assert "cannot be continued" in refused["message"]
            assert refused["details"]["reason"] == "unplayable"
            await sock.act(broken["id"], ACTION_ADAPTER.validate_python({"type": "end_turn"}))
            again = await raw.until(lambda m: m["type"] == "error")
            assert again["code"] == "internal_error"
    # The operator learns which game and why (the server's log goes to stderr).
    assert f"game {broken['id']} is left as stored: action {seq} " in capfd.readouterr().err
    # The other game is rebuilt and playable.
    async with await upgraded.client(_humans(other)[0]) as client, client.socket() as sock:
        raw = RawSocket(sock)
        await sock.join(other["id"])
        assert (await raw.until(lambda m: m["type"] == "game_state"))["state"]["winner"] is None
    assert upgraded.server is not None
    upgraded.server.stop()
    upgraded.server = None
    assert _rows_of(upgraded.db, broken["id"]) == before


def _rows_of(db: Path, game_id: str) -> dict[str, Any]:
    """Everything stored of one game that the migration to head keeps as it was (it
    rewrites the rules, drops the snapshot cache and the events, and adds columns)."""
    changed = (
        "rules", "snapshot", "snapshot_seq", "started_at", "event_id", "response_z",
        "message_id", "result_z",
    )  # fmt: skip
    (game,) = [g for g in rows(db, "games") if g["id"] == game_id]
    return {
        "game": {k: v for k, v in game.items() if k not in changed},
        **{
            table: [
                {k: v for k, v in r.items() if k not in changed}
                for r in rows(db, table)
                if r["game_id"] == game_id
            ]
            for table in ("game_actions", "idempotency")
        },
    }
