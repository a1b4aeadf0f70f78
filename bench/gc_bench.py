"""Collector pauses under a server-like workload: which ``gc`` thresholds the server uses.

Plays 100 random mantimon games interleaved (a random game acts each step, as 100 games do
on a server) through the server's per-action path (apply, the action's events, both
players' views, orjson), after ``gc.freeze()`` of start-up, and reports per generation how
many collections ran, their total and longest pause, and the collector's share of the run,
for Python's default thresholds (the in-run baseline) and for the server's
(``mantimon.server.collector.GC_THRESHOLDS``) or any given with ``--thresholds``.

Long pauses are what the p99 latency sees: every action in flight waits for them.

Run: ``.venv/bin/python bench/gc_bench.py [--actions 20000] [--thresholds 20000,20,100]``.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from typing import Any

import orjson

from machine import pin_one_core
from mantimon.engine import PRESETS, apply_action, default_pool, new_game
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import render_events, view_data
from mantimon.server.collector import GC_THRESHOLDS
from mantimon.session import messages as msg

IDS = ("p1", "p2")


def run(thresholds: tuple[int, int, int], actions: int) -> dict[str, Any]:
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    started: list[float] = [0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append(time.perf_counter() - started[0])

    games = [new_game(PRESETS["mantimon"], decks, IDS, seed) for seed in range(100)]
    rng = random.Random(1)
    next_seed, done = 100, 0
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
    gc.callbacks.append(watch)
    t0 = time.perf_counter()
    try:
        while done < actions:
            i = rng.randrange(len(games))
            state = games[i]
            if state.over:
                games[i] = new_game(PRESETS["mantimon"], decks, IDS, next_seed)
                next_seed += 1
                continue
            seats = waiting_for(state)
            seat = seats[0] if len(seats) == 1 else rng.choice(seats)
            action = rng.choice(legal_for_seat(state, seat))
            transition = apply_action(state, IDS[seat], action)
            events = render_events(state, transition.events, seat, wire=True)
            orjson.dumps(msg.action_result("g", "m", action.type, 1.0, changes={"events": events}))
            for viewer in IDS:
                orjson.dumps(msg.game_state("g", view_data(state, viewer, wire=True), done, 0, 1.0))
            done += 1
        elapsed = time.perf_counter() - t0
    finally:
        gc.callbacks.remove(watch)
        gc.unfreeze()
        gc.set_threshold(2000, 10, 10)
        del games
        gc.collect()
    return {"elapsed": elapsed, "actions": done, "pauses": pauses}


def report(name: str, thresholds: tuple[int, int, int], r: dict[str, Any]) -> None:
    total = sum(sum(p) for p in r["pauses"].values())
    print(
        f"{name} {thresholds}: {r['actions'] / r['elapsed']:,.0f} actions/s, "
        f"collector {total / r['elapsed'] * 100:.1f}% of the run"
    )
    for gen, p in r["pauses"].items():
        if p:
            p.sort()
            print(
                f"  gen{gen}: {len(p):4d} collections, {sum(p) * 1000:6.0f} ms in all, "
                f"median {p[len(p) // 2] * 1000:5.1f} ms, longest {p[-1] * 1000:5.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--thresholds", default=None, help="e.g. 20000,20,100")
    args = parser.parse_args()
    print(pin_one_core())
    ours = GC_THRESHOLDS
    if args.thresholds:
        a, b, c = (int(x) for x in args.thresholds.split(","))
        ours = (a, b, c)
    for name, thresholds in (("default", (2000, 10, 10)), ("server ", ours)):
        report(name, thresholds, run(thresholds, args.actions))


if __name__ == "__main__":
    main()
