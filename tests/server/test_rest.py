"""REST: accounts and tokens, cards, decks (validation lists every problem), games,
replays, operations endpoints and the protocol schema."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest

from mantimon.bots import GreedyBot
from mantimon.cards import CreatureCard
from mantimon.client import ApiError, Client, play
from mantimon.engine import damage_label, default_pool
from tests.server.conftest import Guest
from tests.server.harness import HTTP_TIMEOUT, ServerThread


async def test_register_login_refresh_and_me(server: ServerThread) -> None:
    async with Client(server.url) as c:
        tokens = await c.register("ana_tester", "correct horse", name="Ana")
        assert tokens["user"]["name"] == "Ana" and tokens["user"]["guest"] is False
        me = await c.call("GET", "/api/users/me")
        assert me["username"] == "ana_tester"
        async with Client(server.url) as again:
            with pytest.raises(ApiError) as taken:
                await again.register("ana_tester", "another password")
        assert (taken.value.status, taken.value.code) == (409, "username_taken")
    async with Client(server.url) as c:
        with pytest.raises(ApiError) as wrong:
            await c.login("ana_tester", "wrong password")
        assert wrong.value.code == "authentication_failed"
        await c.login("ana_tester", "correct horse")
        old = c.access_token
        c.access_token = "garbage"  # expired/invalid access token: the client refreshes
        me = await c.call("GET", "/api/users/me")
        assert me["username"] == "ana_tester" and c.access_token not in (old, "garbage")
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        r = await http.get("/api/users/me")
        assert r.status_code == 401 and r.json()["error"]["code"] == "authentication_failed"
        r = await http.post("/api/auth/guest", json={"name": ""})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


async def test_cards_and_starters(guests: Guest) -> None:
    c = await guests("Ana")
    cards = await c.cards()
    assert len(cards) >= 40
    first = cards[0]
    assert (await c.call("GET", f"/api/cards/{first['id']}"))["name"] == first["name"]
    with pytest.raises(ApiError) as missing:
        await c.call("GET", "/api/cards/nope")
    assert missing.value.status == 404
    creatures = await c.call("GET", "/api/cards", kind="creature")
    assert creatures and all(x["kind"] == "creature" for x in creatures)
    starters = await c.starters()
    assert {"ember-rush", "tidal-mind"} <= {s["id"] for s in starters}


async def test_every_served_attack_carries_the_damage_label_of_its_data(guests: Guest) -> None:
    """Clients show ``damage_label`` ("30×", "20+"), never a number of their own making."""
    c = await guests("Ana")
    pool = default_pool()
    served = await c.call("GET", "/api/cards", kind="creature")
    assert len(served) == sum(1 for card in pool if isinstance(card, CreatureCard))
    for card in served:
        defn = pool[card["id"]]
        assert isinstance(defn, CreatureCard)
        labels = [a["damage_label"] for a in card["attacks"]]
        assert labels == [damage_label(a) for a in defn.attacks], card["name"]
    knucklet = next(card for card in served if card["name"] == "Knucklet")
    assert [(a["name"], a["damage_label"]) for a in knucklet["attacks"]] == [
        ("Jab", "20"),
        ("One-Two", "30×"),
    ]
    one = await c.call("GET", f"/api/cards/{knucklet['id']}")
    assert one["attacks"][1]["damage_label"] == "30×"


async def test_deck_crud_and_validation(guests: Guest) -> None:
    c = await guests("Ana")
    starter = next(s for s in await c.starters() if s["id"] == "ember-rush")
    bad = await c.call(
        "POST", "/api/decks/validate", {"preset": "mantimon", "cards": {"m1-001": 9}, "energy": {}}
    )
    assert bad["valid"] is False and len(bad["problems"]) >= 3
    with pytest.raises(ApiError) as invalid:
        await c.call("POST", "/api/decks", {"name": "Bad", "cards": {"m1-001": 9}})
    assert invalid.value.status == 422 and invalid.value.code == "invalid_deck"
    deck = await c.call(
        "POST",
        "/api/decks",
        {"name": "Mine", "cards": starter["cards"], "energy": starter["energy"]},
    )
    assert deck["name"] == "Mine" and len(deck["cards"]) == 40
    assert [d["id"] for d in await c.call("GET", "/api/decks")] == [deck["id"]]
    renamed = await c.call(
        "PUT",
        f"/api/decks/{deck['id']}",
        {"name": "Renamed", "cards": starter["cards"], "energy": starter["energy"]},
    )
    assert renamed["name"] == "Renamed"
    other = await guests("Bo")
    with pytest.raises(ApiError) as foreign:
        await other.call("GET", f"/api/decks/{deck['id']}")
    assert foreign.value.status == 404
    game = await c.create_game(opponent="bot", bot="random", deck={"deck_id": deck["id"]})
    assert game["status"] == "active"
    await c.call("DELETE", f"/api/decks/{deck['id']}")
    assert await c.call("GET", "/api/decks") == []


async def test_games_me_active_and_replay(guests: Guest) -> None:
    c = await guests("Ana")
    game = await c.create_game(opponent="bot", bot="greedy", deck="tidal-mind")
    active = await c.call("GET", "/api/games/me/active")
    assert game["id"] in [g["id"] for g in active]
    with pytest.raises(ApiError) as early:
        await c.call("GET", f"/api/games/{game['id']}/replay")
    assert early.value.code == "game_not_finished"
    async with c.socket() as sock:
        await play(sock, game["id"], c.user_id, GreedyBot(), random.Random(5))
    replay = await c.call("GET", f"/api/games/{game['id']}/replay")
    assert replay["game"]["status"] == "finished"
    assert replay["actions"] and replay["actions"][0]["seq"] == 1
    assert [a["seq"] for a in replay["actions"]] == list(range(1, len(replay["actions"]) + 1))
    assert replay["events"]["seat0"][-1]["type"] == "game_over"
    with pytest.raises(ApiError) as unknown_bot:
        await c.create_game(opponent="bot", bot="grandmaster")
    assert unknown_bot.value.code == "unknown_bot"


async def test_health_ready_metrics_schema(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        assert (await http.get("/health")).json() == {"status": "ok"}
        assert (await http.get("/ready")).json() == {"status": "ready"}
        metrics = (await http.get("/metrics")).text
        for name in (
            "mantimon_connections",
            "mantimon_active_games",
            "mantimon_actions",
            "mantimon_action_seconds",
            "mantimon_errors",
        ):
            assert name in metrics
        schema = (await http.get("/api/protocol/schema")).json()
        text = str(schema)
        assert "join_game" in text and "game_state" in text and "spectate_game" in text
        assert (await http.get("/docs")).status_code == 200


async def test_a_configured_game_seed_deals_every_game_alike(tmp_path: Path) -> None:
    """``game_seed`` (reproducible demos and tests): every game is dealt from it, and server
    bots choose from it too, so two games with the same decks and the same client moves
    play out alike, move for move; unset, each game gets its own seed."""
    openings: dict[str, list[object]] = {}
    for label, settings in (("fixed", {"game_seed": 12345}), ("random", {"game_seed": None})):
        srv = ServerThread(tmp_path / label, **settings).start()
        try:
            client = Client(srv.url)
            try:
                await client.guest("Seedy")
                for _ in range(2):
                    game = await client.create_game(opponent="bot", bot="random", deck="ember-rush")
                    async with client.socket() as sock:
                        await play(sock, game["id"], client.user_id, GreedyBot(), random.Random(1))
                    replay = await client.call("GET", f"/api/games/{game['id']}/replay")
                    first = replay["events"]["seat0"][0]
                    assert first["type"] == "game_state"
                    hand = [c["card_id"] for c in first["state"]["players"][0]["hand"] or []]
                    hand += [c["card_id"] for c in first["state"]["players"][1]["hand"] or []]
                    seats = {p["user_id"]: p["seat"] for p in replay["game"]["players"]}
                    moves = [(seats[a["player_id"]], a["payload"]) for a in replay["actions"]]
                    moves.sort(key=lambda m: m[0])  # each seat's moves in order
                    openings.setdefault(label, []).append((replay["seed"], hand, moves))
            finally:
                await client.close()
        finally:
            srv.stop()
    assert openings["fixed"][0] == openings["fixed"][1]
    assert openings["fixed"][0][0] == 12345
    assert openings["random"][0][0] != openings["random"][1][0]
