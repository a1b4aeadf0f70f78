"""The campaign over the public API (docs/CAMPAIGN.md): begin with a starter, see who may
be challenged, challenge a duelist with owned cards only, and a finished game's result
reaching the stored campaign through the commit that ended it."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mantimon.bots import CarefulBot
from mantimon.campaign.world import bundled_world
from mantimon.client import ApiError, Client, play
from mantimon.client.campaign_run import run_campaign
from mantimon.engine import EndTurnAction, default_pool
from tests.server.conftest import Guest
from tests.server.harness import RawSocket


async def test_a_campaign_from_the_start_to_a_resigned_challenge(guests: Guest) -> None:
    ana = await guests("Ana")
    with pytest.raises(ApiError) as early:
        await ana.call("GET", "/api/campaign")
    assert (early.value.status, early.value.code) == (404, "campaign_not_started")
    begun = await ana.call("POST", "/api/campaign/start", {"starter": "ember-rush"})
    starter = default_pool().starters["ember-rush"]
    assert begun["cards_owned"] == sum(starter.cards.values())
    assert (await ana.call("GET", "/api/collection"))["cards"] == dict(
        sorted(starter.cards.items())
    )
    with pytest.raises(ApiError) as twice:
        await ana.call("POST", "/api/campaign/start", {"starter": "ember-rush"})
    assert twice.value.code == "campaign_started"

    world = await ana.call("GET", "/api/campaign/world")
    club = world["clubs"][0]
    member, leader = club["members"][0], club["leader"]
    state = await ana.call("GET", "/api/campaign")
    assert member["id"] in state["challengeable"] and leader["id"] not in state["challengeable"]
    with pytest.raises(ApiError) as locked:
        await ana.call("POST", "/api/campaign/challenge", {"duelist": leader["id"]})
    assert (locked.value.status, locked.value.code) == (409, "duelist_locked")
    body = {"duelist": member["id"], "deck": "tidal-mind"}
    with pytest.raises(ApiError) as unowned:
        await ana.call("POST", "/api/campaign/challenge", body)
    assert unowned.value.code == "cards_not_owned"

    game = await ana.call(
        "POST", "/api/campaign/challenge", {"duelist": member["id"], "deck": "ember-rush"}
    )
    assert game["duelist"]["name"] == member["name"] and game["status"] == "active"
    assert member["name"] in {p["name"] for p in game["players"]}
    # A duelist is a bot: no turn clock unless asked for, so no clock runs in the setup.
    info = await ana.game(game["id"])
    assert (info["turn_seconds"], info["clocks"]) == (None, {})
    async with ana.socket() as sa:
        raw = RawSocket(sa)
        await sa.join(game["id"])
        await sa.resign(game["id"])
        over = await raw.until(lambda m: m["type"] == "game_over")
    assert over["end_reason"] == "resignation"
    # The end (and the campaign result with it) is stored before game_over is sent.
    assert (await ana.game(game["id"]))["status"] == "finished"
    state = await ana.call("GET", "/api/campaign")
    assert (state["packs"], state["beaten"]) == (0, [])  # a resignation earns nothing
    with pytest.raises(ApiError) as none:
        await ana.call("POST", "/api/campaign/packs/open")
    assert none.value.code == "no_pack"


async def test_a_won_challenge_grants_its_packs_once_and_they_open_into_the_collection(
    start: Any,
) -> None:
    server = start(campaign_bot="random", game_seed=7)  # the seam: a game a test can win
    async with Client(server.url) as ana:
        await ana.guest("Ana")
        await ana.call("POST", "/api/campaign/start", {"starter": "ember-rush"})
        member = (await ana.call("GET", "/api/campaign/world"))["clubs"][0]["members"][0]
        body = {"duelist": member["id"], "deck": "ember-rush"}
        game = await ana.call("POST", "/api/campaign/challenge", body)
        async with ana.socket() as sock:
            report = await play(sock, game["id"], ana.user_id, CarefulBot(), random.Random(3))
        assert report.winner_id == ana.user_id
        state = await ana.call("GET", "/api/campaign")
        assert (state["beaten"], state["packs"]) == ([member["id"]], 2)
        assert member["id"] in state["challengeable"]  # a rematch stays open
        # Coming back to the game (its events derived again from the log) and sending the
        # last action's message again (answered from the stored result) grant nothing more.
        async with ana.socket() as again:
            raw = RawSocket(again)
            await again.join(game["id"])
            await raw.until(lambda m: m["type"] == "game_state")
            last = report.acknowledged[-1]
            await again.act(game["id"], EndTurnAction(), message_id=last)
            await raw.until(lambda m: m["type"] in ("action_result", "error"))
        assert (await ana.call("GET", "/api/campaign"))["packs"] == 2
        before = (await ana.call("GET", "/api/collection"))["cards"]
        opened = await ana.call("POST", "/api/campaign/packs/open")
        after = (await ana.call("GET", "/api/collection"))["cards"]
        assert opened["number"] == 1 and len(opened["cards"]) == 10
        gained = {c: after[c] - before.get(c, 0) for c in after if after[c] != before.get(c, 0)}
        assert sum(gained.values()) == 10
        [kept] = await ana.call("GET", "/api/campaign/packs")
        assert kept["cards"] == [c["id"] for c in opened["cards"]]
        assert (await ana.call("GET", "/api/campaign"))["packs"] == 1


async def test_a_bot_drives_a_fresh_account_through_the_whole_campaign_to_champion(
    start: Any,
) -> None:
    """The short version of ``mantimon campaign-run``: every duelist played by the weakest
    bot (the ``campaign_bot`` seam), so the run is one win per step of the route."""
    server = start(campaign_bot="random", game_seed=11, games_per_client_per_minute=600.0)
    run = await run_campaign(server.url, bot="normal", max_games=40)
    world = bundled_world()
    route = len(world.clubs) * 2 + len(world.grand_masters) + 1
    assert run.champion_after == route == len(run.games)
    assert all(outcome == "win" for _, outcome in run.games)
    assert sorted(run.medals) == sorted(c.id for c in world.clubs)
    members, leaders = 2 * len(world.clubs), 4 * len(world.clubs)
    assert run.packs_earned == members + leaders + 3 * len(world.grand_masters) + 5
    async with Client(server.url) as someone:
        await someone.guest("Reader")
        fame = await someone.call("GET", "/api/campaign/hall-of-fame")
    assert [c["name"] for c in fame] == ["Normal Runner"]


async def test_a_guest_who_registers_keeps_the_campaign(guests: Guest) -> None:
    ana = await guests("Ana")
    guest_id = ana.user_id
    await ana.call("POST", "/api/campaign/start", {"starter": "tidal-mind"})
    body = {"username": "ana_keeps", "password": "correct horse battery"}
    tokens = await ana.call("POST", "/api/auth/register-guest", body)
    assert (tokens["user"]["id"], tokens["user"]["guest"]) == (guest_id, False)
    with pytest.raises(ApiError) as again:
        await ana.call("POST", "/api/auth/register-guest", body)
    assert again.value.code == "already_registered"
    async with Client(ana.base_url) as back:
        await back.login("ana_keeps", "correct horse battery")
        assert back.user_id == guest_id
        state = await back.call("GET", "/api/campaign")
        assert state["cards_owned"] == 40


async def test_the_campaign_routes_are_in_the_openapi_schema(guests: Guest) -> None:
    ana = await guests("Ana")
    schema = await ana.call("GET", "/openapi.json")
    paths = set(schema["paths"])
    assert {
        "/api/campaign",
        "/api/campaign/start",
        "/api/campaign/challenge",
        "/api/campaign/packs/open",
        "/api/campaign/results",
        "/api/collection",
    } <= paths
