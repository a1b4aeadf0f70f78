"""The ranked ladder over the public API (docs/LADDER.md): the ranked quick match is for
registered accounts, pairs the closest ratings, marks its game ranked, and the step that
ends the game rates both players exactly once; the leaderboard and rating history are
public."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from mantimon.client import ApiError, Client
from mantimon.server.rest.matchmaking import BASE_GAP, Matchmaker, Ticket, allowed_gap
from mantimon.storage import RatingRecord, UserRecord
from mantimon.storage.memory import MemoryStore
from tests.server.harness import RawSocket, ServerThread


@pytest.fixture
def memory_server(tmp_path: Path) -> Any:
    store = MemoryStore()
    srv = ServerThread(tmp_path, store=store).start()
    yield srv, store
    srv.stop()


async def registered(url: str, name: str) -> Client:
    client = Client(url)
    await client.register(f"{name.lower()}_ranked", "a quiet harbor", name)
    return client


async def ranked(client: Client, wait: float = 5) -> dict[str, Any]:
    while True:
        body = {"deck": "ember-rush", "ranked": True, "wait_seconds": wait}
        result: dict[str, Any] = await client.call("POST", "/api/matchmaking", body)
        if result["status"] == "matched":
            return result


async def test_a_guest_is_refused_ranked_play_and_keeps_the_quick_match(guests: Any) -> None:
    ana = await guests("Ana")
    with pytest.raises(ApiError) as refused:
        await ana.call("POST", "/api/matchmaking", {"ranked": True, "wait_seconds": 0})
    assert (refused.value.status, refused.value.code) == (403, "registration_required")
    assert "register" in str(refused.value)
    waiting = await ana.call("POST", "/api/matchmaking", {"wait_seconds": 0})
    assert waiting == {"status": "waiting", "ranked": False}
    assert (await ana.call("DELETE", "/api/matchmaking")) == {"left": True}


async def test_a_ranked_game_rates_both_players_once_and_the_ladder_shows_it(
    memory_server: Any,
) -> None:
    srv, store = memory_server
    ana, ben = await registered(srv.url, "Ana"), await registered(srv.url, "Ben")
    try:
        # An unranked game between them rates nobody.
        first, second = await asyncio.gather(ana.quick_match(), ben.quick_match())
        assert first["id"] == second["id"]
        assert (await ana.call("GET", "/api/ladder"))["total"] == 0
        async with ana.socket() as sock:
            await sock.join(first["id"])
            await sock.resign(first["id"])
            await RawSocket(sock).until(lambda m: m["type"] == "game_over")
        assert await store.rating(ana.user_id) is None
        assert (await ana.call("GET", "/api/users/me"))["rating"] is None

        mine, theirs = await asyncio.gather(ranked(ana), ranked(ben))
        gid = mine["game"]["id"]
        assert theirs["game"]["id"] == gid and mine["ranked"] is True
        assert store.games[gid].settings["ranked"] is True
        async with ben.socket() as sock:
            raw = RawSocket(sock)
            await sock.join(gid)
            await sock.resign(gid)  # a resignation is a loss
            over = await raw.until(lambda m: m["type"] == "game_over")
            assert over["end_reason"] == "resignation"
            # Resigning again changes nothing (the game is over; it is rated once).
            await sock.resign(gid)
            await raw.quiet(0.3)

        board = await ana.call("GET", "/api/ladder")  # public: any client may read it
        async with Client(srv.url) as anonymous:
            assert await anonymous.call("GET", "/api/ladder") == board
            history = await anonymous.call("GET", f"/api/users/{ben.user_id}/ratings")
        assert board["total"] == 2
        top, bottom = board["players"]
        assert (top["rank"], top["name"], top["games"]) == (1, "Ana", 1)
        assert (bottom["rank"], bottom["name"]) == (2, "Ben")
        assert top["rating"] > 1500 > bottom["rating"]
        assert top["rd"] < 350
        assert history["rating"]["rating"] == bottom["rating"]
        assert [(h["game_id"], h["score"], h["before"]) for h in history["history"]] == [
            (gid, 0.0, 1500.0)
        ]
        assert history["history"][0]["after"] == bottom["rating"]
        assert len(await store.rating_history(ana.user_id)) == 1
        me = await ana.call("GET", "/api/users/me")  # one's own rating comes with oneself
        assert (me["rating"]["rating"], me["rating"]["games"]) == (top["rating"], 1)
        page = await ana.call("GET", "/api/ladder", limit=1, offset=1)
        assert [p["name"] for p in page["players"]] == ["Ben"]
        with pytest.raises(ApiError) as unknown:
            await ana.call("GET", "/api/users/nobody/ratings")
        assert (unknown.value.status, unknown.value.code) == (404, "user_not_found")
    finally:
        await ana.close()
        await ben.close()


async def test_the_ranked_queue_pairs_the_closest_ratings(memory_server: Any) -> None:
    srv, store = memory_server
    players = [await registered(srv.url, n) for n in ("Cai", "Dee", "Eli")]
    try:
        for client, rating in zip(players, (1500.0, 1900.0, 1560.0), strict=True):
            store.ratings[client.user_id] = RatingRecord(
                client.user_id, rating, 80.0, 0.06, 10, 1.0
            )
        cai, dee, eli = players
        body = {"ranked": True, "wait_seconds": 0}
        assert (await cai.call("POST", "/api/matchmaking", body))["status"] == "waiting"
        # 400 apart: too far for a fresh wait, so Dee waits too.
        assert (await dee.call("POST", "/api/matchmaking", body))["status"] == "waiting"
        # Eli (1560) is closest to Cai (1500): they meet, Dee keeps waiting.
        matched = await eli.call("POST", "/api/matchmaking", body)
        assert matched["status"] == "matched" and matched["ranked"] is True
        names = {p["name"] for p in matched["game"]["players"]}
        assert names == {"Cai", "Eli"}
        assert (await dee.call("DELETE", "/api/matchmaking")) == {"left": True}
    finally:
        for client in players:
            await client.close()


async def test_the_allowed_gap_widens_with_the_wait_and_the_closest_fitting_rating_wins() -> None:
    assert allowed_gap(0) == BASE_GAP
    assert allowed_gap(30) > allowed_gap(10) > BASE_GAP
    mm = Matchmaker()
    deck: Any = None

    def ticket(uid: str, rating: float, since: float, ranked: bool = True) -> Ticket:
        t = Ticket(UserRecord(uid, uid, 0.0, uid), deck, "mantimon", ranked, rating)
        t.since = since
        mm.waiting[uid] = t
        return t

    far = ticket("far", 1800, since=0.0)
    unranked = ticket("plain", 1500, since=0.0, ranked=False)
    near = ticket("near", 1450, since=100.0)
    me = Ticket(UserRecord("me", "me", 0.0, "me"), deck, "mantimon", True, 1500)
    me.since = 100.0
    assert mm._opponent(me, now=100.0) is near  # the closest; never the unranked one
    del mm.waiting["near"]
    assert mm._opponent(me, now=100.0) is far  # far waited 100 s: a 1100 gap is allowed
    far.since = 99.0
    assert mm._opponent(me, now=100.0) is None  # 300 apart after 1 s: not yet
    assert unranked.ranked is False


async def test_the_ladder_routes_and_the_ranked_option_are_in_the_openapi_schema(
    guests: Any,
) -> None:
    ana = await guests("Ana")
    schema = await ana.call("GET", "/openapi.json")
    assert {"/api/ladder", "/api/users/{user_id}/ratings", "/api/matchmaking"} <= set(
        schema["paths"]
    )
    assert "ranked" in schema["components"]["schemas"]["QueueIn"]["properties"]
