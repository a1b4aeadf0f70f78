"""How a search level's anchor decides: the gaps it weighs against ``normal``'s own move
(or, with ``anchor_level``, that level's).

At every searched decision where the search's best candidate is not the anchor's move, the
level compares the two on the worlds both were tried in (``SearchBot._clear_gain``). This
script records those comparisons over a few seeded games of each named level (or spec)
against ``normal`` and prints, per level: how many there were, the median number of paired
worlds, the median standard error of the paired difference (noise: what ``anchor_z``
multiplies), how many the level overruled, and how the mean gaps fall around
``anchor_bonus``. It asserts nothing.

    .venv/bin/python bench/anchor_gaps.py expert expert:rounds=1:budget=120:max_worlds=32
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable

from mantimon.bots.search import SearchBot, paired_gap
from mantimon.bots.selfplay import play_game
from mantimon.bots.spec import bot_from_spec
from mantimon.engine import PRESETS, default_pool

DECKS = ("ember-rush", "tidal-mind")


def gaps(spec: str, games: int) -> tuple[SearchBot, list[tuple[int, float, float]]]:
    """The level and its (paired worlds, mean gap, standard error) per comparison."""
    bot = bot_from_spec(spec)
    assert isinstance(bot, SearchBot), spec
    seen: list[tuple[int, float, float]] = []
    weigh: Callable[[list[float], list[float]], bool] = bot._clear_gain

    def recorded(mine: list[float], anchor: list[float]) -> bool:
        seen.append(paired_gap(mine, anchor))
        return weigh(mine, anchor)

    bot._clear_gain = recorded  # type: ignore[method-assign]
    pool = default_pool()
    for g in range(games):
        decks = DECKS if g % 2 == 0 else DECKS[::-1]
        lists = [pool.starters[d].decklist() for d in decks]
        play_game(PRESETS["mantimon"], lists, [bot, bot_from_spec("normal")], 100 + g)
    return bot, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("levels", nargs="+", metavar="LEVEL")
    parser.add_argument("--games", type=int, default=2)
    args = parser.parse_args()
    for spec in args.levels:
        bot, seen = gaps(spec, args.games)
        if not seen:
            print(f"{spec}: no comparison (does it anchor with anchor_z > 0?)")
            continue
        bonus = bot.anchor_bonus
        bands = {
            "<= 0": sum(m <= 0 for _, m, _ in seen),
            f"0-{bonus / 2:g}": sum(0 < m <= bonus / 2 for _, m, _ in seen),
            f"{bonus / 2:g}-{bonus:g}": sum(bonus / 2 < m <= bonus for _, m, _ in seen),
            f"> {bonus:g}": sum(m > bonus for _, m, _ in seen),
        }
        print(
            f"{spec}: {len(seen)} comparisons with {bot.anchor_level or 'normal'}'s move,"
            " paired worlds median"
            f" {statistics.median(n for n, _, _ in seen):g}, standard error median"
            f" {statistics.median(s for _, _, s in seen):.3f}, overruled {bot.overruled};"
            " mean gaps " + ", ".join(f"{k}: {v}" for k, v in bands.items())
        )


if __name__ == "__main__":
    main()
