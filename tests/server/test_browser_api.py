"""What the browser client needs from the server: the list of server bots and the turn
clocks in a game's record."""

from __future__ import annotations

import httpx

from tests.server.conftest import Guest
from tests.server.harness import ServerThread


async def test_bots_are_listed(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        bots = (await http.get("/api/bots")).json()
    by_id = {b["id"]: b["description"] for b in bots}
    assert {"random", "greedy"} <= set(by_id)
    assert all(text and "\n" not in text for text in by_id.values())


async def test_game_record_has_the_running_clocks(guests: Guest) -> None:
    ana = await guests("Ana")
    game = await ana.create_game(opponent="bot", bot="random", turn_seconds=60)
    info = await ana.game(game["id"])
    assert ana.user_id in info["clocks"]  # setup: the game waits for Ana (and maybe the bot)
    assert set(info["clocks"]) <= {p["user_id"] for p in info["players"]}
    assert all(50 < seconds <= 60 for seconds in info["clocks"].values())
    waiting = await ana.create_game(opponent="invite")
    assert (await ana.game(waiting["id"]))["clocks"] == {}
