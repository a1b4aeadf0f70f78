"""``mantimon compare``: two bots judged on the same deals, from the ledgers of two runs.

What lives here: matching the games of two tournament ledgers (``--save`` files) in which
two bots met the same opponent on the same deals, and printing their paired comparison.
Why: a change to a level is measured by playing the changed level against the same
opponent with the same ``--seed`` as a saved run; each deal then has a result for both
versions, and the per-deal difference needs fewer games than two separate win rates for
the same precision (``rating.paired_scores``). What must not: playing games (the
tournament does) or the statistics themselves (``bots.rating``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from mantimon.bots.rating import paired_scores
from mantimon.bots.tournament import GameResult
from mantimon.cli.app import app, console
from mantimon.cli.ledger import LedgerError, read_games

# A deal: the preset, the decks in their seats, the seed, and whether the compared bot
# sits first (the opponent has the other seat).
Deal = tuple[str, str, str, int, bool]


def scores_against(games: list[GameResult], bot: str, opponent: str) -> dict[Deal, float]:
    """``bot``'s score (1, 1/2, 0) in each of its games against ``opponent``, by deal."""
    found: dict[Deal, float] = {}
    for r in games:
        j = r.job
        if (j.a, j.b) == (bot, opponent):
            seat_first = j.a_first  # the bot sits first when a does
            mine = "a"
        elif (j.a, j.b) == (opponent, bot):
            seat_first = not j.a_first
            mine = "b"
        else:
            continue
        deal = (j.preset, j.deck_1, j.deck_2, j.seed, seat_first)
        found[deal] = 0.5 if r.winner is None else float(r.winner == mine)
    return found


def _pct(x: float) -> str:
    return f"{100 * x:+.1f}"


@app.command()
def compare(
    first_ledger: Annotated[Path, typer.Argument(help="The first run's ledger (--save file).")],
    first_bot: Annotated[str, typer.Argument(help="The bot compared in it (name or spec).")],
    second_ledger: Annotated[Path, typer.Argument(help="The second run's ledger.")],
    second_bot: Annotated[str, typer.Argument(help="The bot compared in it.")],
    against: Annotated[str, typer.Option(help="The opponent both played.")],
) -> None:
    """Compare two bots by their results against the same opponent on the same deals.

    Run the changed bot with the saved run's own deals, e.g. ``mantimon tournament --bots
    hard --bots expert:rounds=0 --seed 1600 --save new.jsonl``, then ``mantimon compare
    docs/ai/games.jsonl expert new.jsonl expert:rounds=0 --against hard``.
    """
    try:
        first = scores_against(read_games(first_ledger), first_bot, against)
        second = scores_against(read_games(second_ledger), second_bot, against)
    except LedgerError as exc:
        raise typer.BadParameter(str(exc)) from exc
    deals = sorted(first.keys() & second.keys())
    console.print(
        f"{first_bot} against {against}: {len(first)} games in {first_ledger};"
        f" {second_bot}: {len(second)} in {second_ledger}; {len(deals)} deals in both"
    )
    if len(deals) < 2:
        raise typer.BadParameter(
            "fewer than two deals in both ledgers: play the second bot against the same"
            " opponent with the first run's preset and --seed"
        )
    p = paired_scores([first[d] for d in deals], [second[d] for d in deals])
    console.print(f"  {first_bot}: {100 * p.first:.1f}% of the points on those deals")
    console.print(f"  {second_bot}: {100 * p.second:.1f}%")
    console.print(
        f"  difference {_pct(p.difference)} percentage points"
        f" (95% interval {_pct(p.low)} to {_pct(p.high)})"
    )
    if math.isfinite(p.gain):
        console.print(f"  pairing by deal was worth {p.gain:.1f}x the games here")
