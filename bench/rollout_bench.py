"""Playout speed: whole games played on by ``normal`` on both seats, as the search levels'
rollouts are, from positions of seeded ``normal``-vs-``normal`` games.

Prints rollouts/s, the µs per decision spent in the views ``normal`` reads, in its
decisions and in the engine, and a digest of every move played: two versions of the code
that print the same digest played the same rollouts, move for move, so their speeds can be
compared (run each on the same machine, side by side or one after the other). Asserts
nothing. A few ``--positions`` make it short enough for ``valgrind --tool=callgrind``, whose
instruction counts do not depend on the machine's load (``--positions 0`` counts the
start-up alone, to subtract).

    .venv/bin/python bench/rollout_bench.py --positions 60
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from itertools import product

from mantimon.bots import make_bot
from mantimon.engine import PRESETS, GameState, apply_action, default_pool, new_game, view_for
from mantimon.engine.legal import legal_for_seat, waiting_for

_CAP = 400  # actions a rollout may take (the search's own cap is larger; games end first)


def positions(count: int, seed: int) -> list[GameState]:
    """``count`` positions where ``normal`` had a choice (a quarter of those after the
    second turn, for a spread over the game), from seeded games over the mantimon starter
    pairings."""
    pool = default_pool()
    ids = sorted(d for d, s in pool.starters.items() if s.preset == "mantimon")
    pairings = list(product(ids, ids))
    bot = make_bot("normal")
    out: list[GameState] = []
    game = 0
    while len(out) < count:
        a, b = pairings[game % len(pairings)]
        decks = [pool.starters[a].decklist(), pool.starters[b].decklist()]
        state = new_game(PRESETS["mantimon"], decks, ("p1", "p2"), seed + game)
        rng = random.Random(seed + game)
        while not state.over and len(out) < count:
            seat = waiting_for(state)[0]
            acts = legal_for_seat(state, seat)
            pid = state.players[seat].id
            action = acts[0]
            if len(acts) > 1:
                if state.turn > 2 and rng.random() < 0.25:  # a spread over the game
                    out.append(state.clone())
                action = bot.choose(view_for(state, pid, events=False), rng)
            apply_action(state, pid, action)
        game += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=60)
    parser.add_argument("--seed", type=int, default=9000)
    args = parser.parse_args()
    starts = positions(args.positions, args.seed)
    careful = make_bot("normal")
    spent = {"views": 0.0, "decisions": 0.0, "engine": 0.0}
    digest = hashlib.sha256()
    decisions = 0
    clock = time.perf_counter
    begin = clock()
    for index, start in enumerate(starts):
        state = start.clone()
        rng = random.Random(index)
        ids = [p.id for p in state.players]
        for _ in range(_CAP):
            if state.over:
                break
            t0 = clock()
            s = waiting_for(state)[0]
            acts = legal_for_seat(state, s)
            t1 = clock()
            spent["engine"] += t1 - t0
            if len(acts) == 1:
                action = acts[0]
            else:
                view = view_for(state, ids[s], events=False)
                t2 = clock()
                action = careful.choose(view, rng)
                t3 = clock()
                spent["views"] += t2 - t1
                spent["decisions"] += t3 - t2
                decisions += 1
            digest.update(action.model_dump_json().encode())
            t4 = clock()
            apply_action(state, ids[s], action)
            spent["engine"] += clock() - t4
    wall = clock() - begin
    if not decisions:  # ``--positions 0``: the start-up alone, a baseline for callgrind
        return
    print(f"{len(starts)} rollouts, {decisions} decisions of normal, {wall:.2f} s")
    print(f"rollouts/s: {len(starts) / wall:.1f}")
    for part, seconds in spent.items():
        share = seconds / wall
        print(f"  {part:<10} {seconds / decisions * 1e6:7.1f} µs per decision ({share:.0%})")
    print(f"digest of the moves: {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
