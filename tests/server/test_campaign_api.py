"""The campaign over the public API (docs/CAMPAIGN.md): begin with a starter, see who may
be challenged, challenge a duelist with owned cards only, and a finished game's result
reaching the stored campaign through the commit that ended it."""

from __future__ import annotations

import pytest

from mantimon.client import ApiError
from mantimon.engine import default_pool
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
