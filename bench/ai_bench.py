"""The search bots measured: decision time per level, rollouts per second, and win rates.

Two modes, both printing numbers and asserting nothing:

* ``--time LEVEL...``: one process pinned to one core plays seeded games of each level
  against ``greedy`` (both presets, every starter pairing) and prints the level's time per
  decision (median, p95, max; over all its decisions and over the searched ones) and its
  rollouts per second.
* ``--match A B``: bot A against bot B over every ordered starter pairing of the preset(s),
  each deal played twice with the bots' seats swapped (mirrored deals), in ``--workers``
  processes (at most 2 on this machine; run it with ``nice -n 10``). Prints A's win rate
  (a draw counts half) with a 95% Wilson interval, per preset and overall.

A bot is named as the registry knows it, optionally with search settings for experiments:
``hard``, ``hard:budget=120``, ``hard:budget=96:min_worlds=4``, ``hard:w.hp=0.5``.

    nice -n 10 .venv/bin/python bench/ai_bench.py --time hard expert --games 4
    nice -n 10 .venv/bin/python bench/ai_bench.py --match hard greedy --games 200 --workers 2
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import statistics
import sys
import time
from itertools import product
from typing import Any

from machine import pin_one_core
from mantimon.bots import make_bot
from mantimon.bots.selfplay import play_game
from mantimon.bots.spec import bot_from_spec
from mantimon.engine import PRESETS, Action, VisibleGameState, default_pool


def build(spec: str) -> Any:
    """A bot from ``name[:key=value]...`` (``mantimon.bots.spec``)."""
    return bot_from_spec(spec)


class Timed:
    """A bot wrapper that records the time of each decision (and whether it searched)."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.name = bot.name
        self.times: list[float] = []
        self.searched: list[float] = []

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        before = getattr(self.bot, "rollouts", 0)
        start = time.perf_counter()
        action: Action = self.bot.choose(view, rng)
        spent = time.perf_counter() - start
        self.times.append(spent)
        if getattr(self.bot, "rollouts", 0) > before:
            self.searched.append(spent)
        return action


def deals(preset: str) -> list[tuple[str, str]]:
    pool = default_pool()
    ids = sorted(d for d, s in pool.starters.items() if s.preset == preset)
    return list(product(ids, ids))


def one_game(job: tuple[str, str, str, int, int, bool]) -> float:
    """A's score (1, 0.5, 0) in one game: A plays deck ``a`` (seat 1) unless ``swap``."""
    spec_a, spec_b, preset, pairing, seed, swap = job
    pool = default_pool()
    a_id, b_id = deals(preset)[pairing]
    decks = [pool.starters[a_id].decklist(), pool.starters[b_id].decklist()]
    bots = [build(spec_a), build(spec_b)]
    if swap:
        bots.reverse()
    record = play_game(PRESETS[preset], decks, bots, seed)
    a_seat = "p2" if swap else "p1"
    if record.winner is None:
        return 0.5
    return 1.0 if record.winner == a_seat else 0.0


def wilson(score: float, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = score / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def match(a: str, b: str, games: int, presets: list[str], workers: int, seed: int) -> None:
    jobs: list[tuple[str, str, str, int, int, bool]] = []
    for preset in presets:
        pairings = len(deals(preset))
        for g in range(games // len(presets)):
            deal = g // 2
            jobs.append((a, b, preset, deal % pairings, seed + deal, g % 2 == 1))
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as procs:
        scores = procs.map(one_game, jobs, chunksize=1)
    spent = time.perf_counter() - start
    total = 0.0
    for preset in presets:
        mine = [s for j, s in zip(jobs, scores, strict=True) if j[2] == preset]
        lo, hi = wilson(sum(mine), len(mine))
        total += sum(mine)
        print(
            f"{a} vs {b} [{preset}]: {sum(mine):.1f}/{len(mine)} = {sum(mine) / len(mine):.1%}"
            f" (95% {lo:.1%}-{hi:.1%})"
        )
    lo, hi = wilson(total, len(scores))
    print(
        f"{a} vs {b} [all]: {total:.1f}/{len(scores)} = {total / len(scores):.1%}"
        f" (95% {lo:.1%}-{hi:.1%}); {spent:.0f} s with {workers} workers"
    )


def timing(levels: list[str], games: int, presets: list[str]) -> None:
    print(pin_one_core())
    pool = default_pool()
    for spec in levels:
        timed = Timed(build(spec))
        start_rollouts = getattr(timed.bot, "rollouts", 0)
        for preset in presets:
            pairings = deals(preset)
            for g in range(games):
                a_id, b_id = pairings[(g * 7) % len(pairings)]
                decks = [pool.starters[a_id].decklist(), pool.starters[b_id].decklist()]
                bots = [timed, make_bot("greedy")] if g % 2 == 0 else [make_bot("greedy"), timed]
                play_game(PRESETS[preset], decks, bots, 500 + g)
        rollouts = getattr(timed.bot, "rollouts", 0) - start_rollouts
        t, s = sorted(timed.times), sorted(timed.searched)

        def ms(xs: list[float], q: float) -> float:
            return 1000 * xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0

        print(
            f"{spec}: {len(t)} decisions: median {1000 * statistics.median(t):.1f} ms,"
            f" p95 {ms(t, 0.95):.1f} ms, max {ms(t, 1.0):.1f} ms; {len(s)} searched: median"
            f" {1000 * statistics.median(s) if s else 0:.1f} ms, p95 {ms(s, 0.95):.1f} ms;"
            f" {rollouts} rollouts, {rollouts / max(sum(s), 1e-9):.0f} rollouts/s"
        )
        anchored = getattr(timed.bot, "anchored", 0)
        if anchored:
            print(
                f"{spec}: overruled normal's choice in {timed.bot.overruled} of {anchored}"
                f" anchored decisions ({timed.bot.overruled / anchored:.0%})"
            )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time", nargs="+", metavar="LEVEL")
    parser.add_argument("--match", nargs=2, metavar=("A", "B"))
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--preset", choices=["mantimon", "classic", "both"], default="both")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7000)
    args = parser.parse_args(argv)
    presets = ["mantimon", "classic"] if args.preset == "both" else [args.preset]
    if args.time:
        timing(args.time, args.games, presets)
    if args.match:
        match(args.match[0], args.match[1], args.games, presets, args.workers, args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
