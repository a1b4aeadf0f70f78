"""How strong each campaign duelist's deck is: ``normal`` against ``normal``, the duelist's
deck against every mantimon starter in both seats, seeded (docs/CAMPAIGN.md quotes it).
Prints each duelist's wins out of the games played; asserts nothing.

    .venv/bin/python bench/campaign_decks.py --games-per-seat 1
"""

from __future__ import annotations

import argparse

from mantimon.bots import make_bot
from mantimon.bots.selfplay import play_game
from mantimon.campaign.world import bundled_world, deck_of
from mantimon.engine import PRESETS, default_pool

STARTERS = ("ember-rush", "tidal-mind", "verdant-surge", "storm-front", "dream-veil")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games-per-seat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=100)
    args = parser.parse_args()
    pool = default_pool()
    starters = [pool.starters[s].decklist() for s in STARTERS]
    for d in bundled_world().duelists.values():
        deck = deck_of(d, pool)
        score, games = 0.0, 0
        for i, starter in enumerate(starters):
            for seat in (0, 1):
                for k in range(args.games_per_seat):
                    decks = [deck, starter] if seat == 0 else [starter, deck]
                    bots = [make_bot("normal"), make_bot("normal")]
                    seed = args.seed + i * 2 * args.games_per_seat + seat * args.games_per_seat + k
                    r = play_game(PRESETS["mantimon"], decks, bots, seed)
                    me = ("p1", "p2")[seat]
                    score += 1.0 if r.winner == me else 0.5 if r.winner is None else 0.0
                    games += 1
        kind = d.deck.starter or "themed: " + ", ".join(t.value for t in d.deck.types)
        print(f"{d.id:18s} {d.role:12s} {score:4.1f}/{games}  ({kind})")


if __name__ == "__main__":
    main()
