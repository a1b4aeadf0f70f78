"""Fit the search's evaluation (``bots/fitted.py``) to the winners of ``normal`` games.

Plays seeded ``normal`` vs ``normal`` games over every ordered starter pairing of both
presets, records ``fitted.features`` at every turn end (the moment the search scores its
rollouts) from both seats with whether that seat won, and fits a logistic model by
Newton's method (a small L2 penalty keeps it stable). Games are split by seed into a fit
set and a held-out set; the held-out log loss and accuracy are printed against the model
with every weight zero (log 2 = 0.693, 50%) and against the weights now in
``fitted.WEIGHTS``. The last line is the ``WEIGHTS`` literal to paste into
``bots/fitted.py``. One process (run it with ``nice -n 10``); numpy is installed with
matplotlib, a dependency already.

    nice -n 10 .venv/bin/python bench/fit_eval.py --games 3000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from itertools import product

import numpy as np

from mantimon.bots import make_bot
from mantimon.bots.evaluate import evaluate
from mantimon.bots.fitted import NAMES, WEIGHTS, features
from mantimon.engine import PRESETS, apply_action, default_pool, new_game, view_for, waiting_for

Row = tuple[list[float], float, float]


def one_game(preset: str, a: str, b: str, seed: int, bots: tuple[str, str]) -> list[Row]:
    """The (features, outcome, hand-set evaluation) rows of one game: both seats at
    every turn end."""
    pool = default_pool()
    decks = [pool.starters[a].decklist(), pool.starters[b].decklist()]
    ids = ("p1", "p2")
    players = [make_bot(bots[0]), make_bot(bots[1])]
    state = new_game(PRESETS[preset], decks, ids, seed)
    rng = random.Random(seed)
    snaps: list[tuple[list[float], float, int]] = []
    turn = state.turn
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        apply_action(state, ids[seat], players[seat].choose(view_for(state, ids[seat]), rng))
        if state.turn != turn and not state.over:
            turn = state.turn
            if turn > 1:
                for s in (0, 1):
                    snaps.append((features(state, s), evaluate(state, s), s))
    won = [0.5, 0.5] if state.winner is None else [float(state.winner == s) for s in (0, 1)]
    return [(f, won[s], e) for f, e, s in snaps]


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression without intercept (the rows come in seat-swapped pairs) by
    Newton's method."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def quality(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Log loss and the share of decided rows whose winner the model favours."""
    p = np.clip(1 / (1 + np.exp(-(x @ w))), 1e-9, 1 - 1e-9)
    loss = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())
    decided = y != 0.5
    acc = float(((p[decided] > 0.5) == (y[decided] == 1)).mean())
    return loss, acc


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=40_000)
    parser.add_argument("--bots", nargs=2, default=["normal", "normal"])
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--holdout", type=float, default=0.2, help="share of games held out")
    args = parser.parse_args(argv)
    pool = default_pool()
    jobs = []
    for preset in PRESETS:
        ids = sorted(d for d, s in pool.starters.items() if s.preset == preset)
        jobs += [(preset, a, b) for a, b in product(ids, ids)]
    start = time.perf_counter()
    fit_rows: list[Row] = []
    held_rows: list[Row] = []
    held_every = max(1, round(1 / args.holdout)) if args.holdout > 0 else 0
    for g in range(args.games):
        preset, a, b = jobs[g % len(jobs)]
        rows = one_game(preset, a, b, args.seed + g, (args.bots[0], args.bots[1]))
        (held_rows if held_every and g % held_every == 0 else fit_rows).extend(rows)
    spent = time.perf_counter() - start
    x = np.array([r[0] for r in fit_rows])
    y = np.array([r[1] for r in fit_rows])
    w = fit(x, y, args.l2)
    print(
        f"{args.games} games ({args.bots[0]} vs {args.bots[1]}) in {spent:.0f} s;"
        f" {len(fit_rows)} rows to fit, {len(held_rows)} held out"
    )
    if held_rows:
        hx = np.array([r[0] for r in held_rows])
        hy = np.array([r[1] for r in held_rows])
        for label, ws in (
            ("zero", np.zeros(len(NAMES))),
            ("current", np.array(WEIGHTS)),
            ("fitted", w),
        ):
            loss, acc = quality(hx, hy, ws)
            print(f"held out, {label} weights: log loss {loss:.4f}, winner favoured {acc:.1%}")
        # The hand-set evaluation (bots/evaluate.py) as the only feature, its scale fitted.
        ex = np.array([[min(30.0, max(-30.0, r[2] / 100))] for r in fit_rows])
        scale = fit(ex, y, args.l2)
        hex_ = np.array([[min(30.0, max(-30.0, r[2] / 100))] for r in held_rows])
        loss, acc = quality(hex_, hy, scale)
        print(
            f"held out, hand-set evaluate() scaled by {scale[0]:.3f}/100:"
            f" log loss {loss:.4f}, winner favoured {acc:.1%}"
        )
    print("WEIGHTS: tuple[float, ...] = (")
    for name, value in zip(NAMES, w, strict=True):
        print(f"    {value:.4f},  # {name}")
    print(")")


if __name__ == "__main__":
    main(sys.argv[1:])
