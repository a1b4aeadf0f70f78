"""Step benchmark: the engine's share of the server's work per game action, without sockets
or storage.

Per action the game server calls ``apply_action``, renders the transition's events for the
acting seat (``render_events``, which builds the shared board memo ``_board_of``), then
builds ``view_data`` for both players (their legal actions included) and orjson-encodes the
``action_result`` and ``game_state`` messages. This script plays random mantimon games
(ember-rush vs tidal-mind, no resignations) through exactly that path and prints µs per
action for the three parts (the ``action_result`` encoding counts with the events), median
and best of several rounds on one pinned core (these VMs are noisy), and the mean view
size. For a deterministic count: ``bench/instructions.sh 10 step`` (valgrind instructions
per game through this path).

Run: ``.venv/bin/python bench/step_bench.py`` (``--games``, ``--rounds``, ``--profile``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import time

import orjson

from machine import pin_one_core
from mantimon.engine import PRESETS, apply_action, default_pool, new_game
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import render_events, view_data
from mantimon.session import messages as msg

PARTS = ("apply", "action events (+board)", "views + encode")


def step_game(seed: int, totals: list[float] | None = None) -> int:
    """Play one random game through the server's per-action path; returns the number of
    actions. ``totals``: seconds spent per part (``PARTS``) and view bytes are added here."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    ids = ("p1", "p2")
    state = new_game(PRESETS["mantimon"], decks, ids, seed)
    rng = random.Random(seed)
    clock = time.perf_counter
    n = 0
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        action = rng.choice(legal_for_seat(state, seat))
        t0 = clock()
        transition = apply_action(state, ids[seat], action)
        t1 = clock()
        changes = {"events": render_events(state, transition.events, seat, wire=True)}
        orjson.dumps(msg.action_result("g", "m", action.type, 1.0, changes=changes))
        t2 = clock()
        views = [
            orjson.dumps(msg.game_state("g", view_data(state, viewer, wire=True), n, 0, 1.0))
            for viewer in ids
        ]
        t3 = clock()
        if totals is not None:
            totals[0] += t1 - t0
            totals[1] += t2 - t1
            totals[2] += t3 - t2
            totals[3] += (len(views[0]) + len(views[1])) / 2
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=30, help="games per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one round")
    args = parser.parse_args()
    print(f"{pin_one_core()}; {args.rounds} rounds of {args.games} games (median / best round)")
    default_pool()
    for seed in range(3):
        step_game(1_000 + seed)  # warm-up
    rounds: list[list[float]] = []
    actions = 0
    for _ in range(args.rounds):
        totals = [0.0] * 4
        actions = sum(step_game(seed, totals) for seed in range(args.games))
        rounds.append([t / actions for t in totals])
    for i, part in enumerate(PARTS):
        per = [r[i] * 1e6 for r in rounds]
        print(f"{part:24s} {statistics.median(per):7.1f} / {min(per):7.1f} µs per action")
    whole = [sum(r[:3]) * 1e6 for r in rounds]
    print(f"{'total':24s} {statistics.median(whole):7.1f} / {min(whole):7.1f} µs per action")
    print(f"{actions} actions per round; view {rounds[0][3] / 1024:.1f} KiB mean")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [step_game(seed) for seed in range(args.games)])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
