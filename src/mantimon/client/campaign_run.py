"""A bot plays the campaign through the public API, from a fresh account to champion.

What lives here: ``run_campaign`` (a server URL and a bot -> a ``CampaignRun``: every game
with its opponent and result, and the standing at the end) and ``next_duelist``, the order
a sensible player takes the clubs in. What must not: any rule of the campaign (the server
says who may be challenged and what a result earned; this only reads ``/api/campaign``) or
printing (``mantimon campaign-run`` prints the run).

The route: clubs in the world's order; in each, a member until one is beaten, then the
leader until the medal is won; with every medal, the Grand Masters in order and the
Champion. The deck is the starter the campaign began with (owned from the start).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from mantimon.bots import make_bot
from mantimon.client.api import Client
from mantimon.client.autoplay import play


@dataclass
class CampaignRun:
    games: list[tuple[str, str]] = field(default_factory=list)  # (duelist id, win/loss/draw)
    champion_after: int | None = None  # games played when the title was won
    medals: list[str] = field(default_factory=list)
    packs_earned: int = 0
    cards_owned: int = 0


def next_duelist(world: dict[str, Any], state: dict[str, Any]) -> str | None:
    """The duelist to challenge next (None: nobody is open)."""
    open_ids = state["challengeable"]
    beaten, medals = set(state["beaten"]), set(state["medals"])
    for club in world["clubs"]:
        if club["id"] in medals:
            continue
        members = [m["id"] for m in club["members"]]
        if any(m in beaten for m in members) and club["leader"]["id"] in open_ids:
            return str(club["leader"]["id"])
        return next((m for m in members if m in open_ids), None)
    later = [g["id"] for g in world["grand_masters"]] + [world["champion"]["id"]]
    nxt = later[len(state["grand_master_run"])]  # a loss starts the run again: later[0]
    return str(nxt) if nxt in open_ids else None


async def run_campaign(
    server: str,
    bot: str = "normal",
    starter: str = "ember-rush",
    max_games: int = 200,
    seed: int = 0,
) -> CampaignRun:
    """Play the campaign with ``bot`` on the human's side until champion or ``max_games``."""
    run = CampaignRun()
    player = make_bot(bot)
    rng = random.Random(seed)
    async with Client(server) as me:
        await me.guest(f"{bot.capitalize()} Runner")
        await me.call("POST", "/api/campaign/start", {"starter": starter})
        world = await me.call("GET", "/api/campaign/world")
        state = await me.call("GET", "/api/campaign")
        while len(run.games) < max_games and not state["champion"]:
            duelist = next_duelist(world, state)
            if duelist is None:
                break
            body = {"duelist": duelist, "deck": starter}
            game = await me.call("POST", "/api/campaign/challenge", body)
            async with me.socket() as sock:
                report = await play(sock, game["id"], me.user_id, player, rng, timeout=600)
            won = report.winner_id == me.user_id
            outcome = "win" if won else "draw" if report.winner_id is None else "loss"
            run.games.append((duelist, outcome))
            state = await me.call("GET", "/api/campaign")
            if state["champion"] and run.champion_after is None:
                run.champion_after = len(run.games)
        run.medals = list(state["medals"])
        run.packs_earned = state["packs"] + state["opened"]
        run.cards_owned = state["cards_owned"]
    return run
