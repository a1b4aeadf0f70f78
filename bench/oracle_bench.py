"""How strong could a search over ``normal`` be? Upper bounds, measured with bots that cheat.

Issue 13 asks ``hard`` to beat ``normal`` in 65% of games. Every fair search tried stayed
within a few points of ``normal`` (docs/adr/0011-search-ai.md). This script asks what a
search could reach if it were not limited by hidden information or by its evaluation:
its bots read the real game state, which no shipped bot may (they exist only here, and
the server never sees them). Four are offered (against ``normal``, or ``--against``):

* ``oracle:SPEC`` (e.g. ``oracle:hard``, ``oracle:expert``): the search bot ``SPEC``,
  whose sampled worlds are all the real state (every hidden card in its true place, the
  deck order included) with a fresh engine RNG for coins and shuffles: the same search
  and evaluation, no uncertainty about the cards.
* ``rollout:K``: the rollout algorithm on the real state: each distinct legal action is
  played on to the end of the game K times, ``normal`` playing both seats, with the same
  K engine seeds for every action (common random numbers); the action with the most wins
  is kept, ``normal``'s own choice on ties. Nothing is judged by an evaluation: the game's
  result is the score. This is the classic policy-improvement step over ``normal``. The
  real state includes both decks' order, so this bot also knows every future draw.
* ``fair:K``: the same rollouts from K worlds sampled from the bot's own view
  (``determinize``, as ``hard`` samples them), one world per rollout and the same K worlds
  for every action: what a fair bot could do with whole-game rollouts. It reads nothing
  but its view.
* ``hand:SPEC``: the search bot ``SPEC`` whose worlds are sampled from its view as usual,
  except that the opponent's hidden hand holds its real cards (its deck, its prizes and
  the bot's own deck order are still sampled): what perfect reading of the opponent's
  hand, the one hidden thing a player could infer from the other's moves, would be worth.

Every ordered starter pairing of the preset, each deal played twice with the seats
swapped, a draw counts half, 95% Wilson intervals; prints numbers, asserts nothing. With
``--ledger`` (a ``mantimon tournament --save`` file), the deals are instead that ledger's
games of SPEC's level against ``--against``, and the bot's results are paired deal by
deal with the level's own results there (the ladder's deals: a deal decides much of a
game, so the paired difference is the sharper measure; ``--ledger`` with a plain level
replays the ledger's games and must give its results).

    nice -n 10 .venv/bin/python bench/oracle_bench.py oracle:hard --games 120 --workers 2
    nice -n 10 .venv/bin/python bench/oracle_bench.py rollout:8 --games 40 --workers 2
    nice -n 10 .venv/bin/python bench/oracle_bench.py hand:hard --ledger docs/ai/games.jsonl
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ai_bench import build, deals, wilson
from mantimon.bots import make_bot, search
from mantimon.bots.base import playable
from mantimon.bots.determinize import can_determinize, determinize
from mantimon.bots.rating import paired_scores
from mantimon.bots.search import distinct
from mantimon.cli.compare_cmds import scores_against
from mantimon.cli.ledger import read_games
from mantimon.engine import (
    PRESETS,
    Action,
    GameState,
    VisibleGameState,
    apply_action,
    default_pool,
    new_game,
    view_for,
    waiting_for,
)

# The real state of the game being played (one game at a time per process).
_REAL: list[GameState] = []


def _real_world(view: VisibleGameState, pool: Any, rng: random.Random) -> GameState:
    """Stands in for ``determinize``: the real state with a fresh engine RNG."""
    world = _REAL[0].clone()
    world.rng = rng.getrandbits(64)
    return world


def _hand_world(view: VisibleGameState, pool: Any, rng: random.Random) -> GameState:
    """Stands in for ``determinize``: a world sampled from the view whose opponent hand
    then gets the real hand's cards, each swapped with a sampled card of the opponent's
    deck or prizes where one fits (so the world keeps the view's counts)."""
    world = determinize(view, pool, rng)
    real = _REAL[0]
    me = next(i for i, p in enumerate(view.players) if p.player_id == view.viewer)
    theirs = world.players[1 - me]
    card_of = dict(world.card_of)  # clones share it; this world gets its own
    want = Counter(real.card_of[u] for u in real.players[1 - me].hand)
    have = Counter(card_of[u] for u in theirs.hand)
    rest = [*theirs.deck, *theirs.prizes]
    for wrong, right in zip((have - want).elements(), (want - have).elements(), strict=False):
        held = next(u for u in theirs.hand if card_of[u] == wrong)
        other = next((u for u in rest if card_of[u] == right), None)
        card_of[held] = right
        if other is not None:
            card_of[other] = wrong
    world.card_of = card_of
    world.forget_memos()
    return world


class RolloutOracle:
    """``normal``'s choice improved by K whole games per candidate, on the real state or
    (``fair``) on K worlds sampled from the view."""

    def __init__(self, k: int, fair: bool = False) -> None:
        self.k = k
        self.fair = fair
        self.normal = make_bot("normal")
        self.name = f"{'fair' if fair else 'rollout'}:{k}"
        self.pool = default_pool()

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        pick = self.normal.choose(view, random.Random(0))
        cands = distinct(view, playable(view))
        if len(cands) <= 1:
            return pick
        assert view.viewer is not None
        me = view.viewer
        seeds = [rng.getrandbits(64) for _ in range(self.k)]
        if self.fair:
            if not can_determinize(view):
                return pick
            worlds = [determinize(view, self.pool, rng) for _ in seeds]
        else:
            worlds = [_REAL[0]] * self.k
        best, best_wins = pick, self._wins(worlds, me, pick, seeds)
        for a in cands:
            if a == pick:
                continue
            wins = self._wins(worlds, me, a, seeds)
            if wins > best_wins:
                best, best_wins = a, wins
        return best

    def _wins(self, worlds: list[GameState], me: str, action: Action, seeds: list[int]) -> float:
        total = 0.0
        for i, (world, seed) in enumerate(zip(worlds, seeds, strict=True)):
            state = world.clone()
            state.rng = seed
            apply_action(state, me, action)
            rng = random.Random(i)
            steps = 0
            while not state.over and steps < 2000:
                seat = waiting_for(state)[0]
                pid = state.players[seat].id
                apply_action(state, pid, self.normal.choose(view_for(state, pid), rng))
                steps += 1
            if state.winner is None:
                total += 0.5
            elif state.players[state.winner].id == me:
                total += 1.0
        return total


def make(spec: str) -> Any:
    if spec.startswith(("rollout:", "fair:")):
        kind, k = spec.split(":")
        return RolloutOracle(int(k), fair=kind == "fair")
    if spec.startswith("oracle:"):
        search.determinize = _real_world  # type: ignore[assignment]
        return build(spec.split(":", 1)[1])
    if spec.startswith("hand:"):
        search.determinize = _hand_world  # type: ignore[assignment]
        return build(spec.split(":", 1)[1])
    return build(spec)


Job = tuple[str, str, str, str, str, int, bool]


def one_game(job: Job) -> tuple[float, list[float]]:
    """A's score (1, 0.5, 0) in one game, and the seconds each of A's decisions took:
    seat 1 plays ``deck_1``, and A sits there unless ``swap``."""
    spec_a, spec_b, preset, deck_1, deck_2, seed, swap = job
    pool = default_pool()
    decks = [pool.starters[deck_1].decklist(), pool.starters[deck_2].decklist()]
    bots = [make(spec_a), make(spec_b)]
    if swap:
        bots.reverse()
    ids = ("p1", "p2")
    state = new_game(PRESETS[preset], decks, ids, seed)
    _REAL[:] = [state]
    rng = random.Random(seed)
    a_seat = 1 if swap else 0
    times: list[float] = []
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        began = time.process_time()
        action = bots[seat].choose(view_for(state, ids[seat]), rng)
        if seat == a_seat:
            times.append(time.process_time() - began)
        apply_action(state, ids[seat], action)
    if state.winner is None:
        return 0.5, times
    return (1.0 if state.winner == a_seat else 0.0), times


def ledger_jobs(path: str, bot: str, against: str, games: int) -> tuple[list[Job], list[float]]:
    """The first ``games`` deals of ``bot``'s level (``hand:hard`` -> ``hard``) against
    ``against`` in a tournament ledger, as jobs for ``bot``, and the level's scores on them."""
    level = bot.split(":", 1)[1] if bot.startswith(("hand:", "oracle:")) else bot
    scores = scores_against(read_games(Path(path)), level, against)
    dealt = list(scores)[:games]
    if len(dealt) < 2:
        raise SystemExit(f"{path} holds {len(dealt)} games of {level} against {against}")
    jobs = [(bot, against, p, d1, d2, seed, not first) for p, d1, d2, seed, first in dealt]
    return jobs, [scores[d] for d in dealt]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bot", help="oracle:SPEC, rollout:K or fair:K")
    parser.add_argument("--against", default="normal")
    parser.add_argument("--games", type=int, default=120)
    parser.add_argument("--preset", choices=["mantimon", "classic"], default="mantimon")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7000)
    parser.add_argument("--ledger", help="replay this ledger's deals of the level (see above)")
    args = parser.parse_args(argv)
    if args.ledger:
        jobs, before = ledger_jobs(args.ledger, args.bot, args.against, args.games)
    else:
        pairings = deals(args.preset)
        jobs = [
            (
                args.bot,
                args.against,
                args.preset,
                *pairings[(g // 2) % len(pairings)],
                args.seed + g // 2,
                g % 2 == 1,
            )
            for g in range(args.games)
        ]
    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as procs:
        results = procs.map(one_game, jobs, chunksize=1)
    scores = [score for score, _ in results]
    if args.ledger:
        p = paired_scores(before, scores)
        print(
            f"{p.deals} deals of {args.ledger}: the level there {p.first:.1%}, {args.bot}"
            f" {p.second:.1%}; difference {100 * p.difference:+.1f} points (95%"
            f" {100 * p.low:+.1f} to {100 * p.high:+.1f}); the same result on"
            f" {sum(a == b for a, b in zip(before, scores, strict=True))} deals"
        )
    times = sorted(t for _, ts in results for t in ts)
    total = sum(scores)
    lo, hi = wilson(total, len(scores))
    print(
        f"{args.bot} vs {args.against} [{args.preset}]: {total:.1f}/{len(scores)} ="
        f" {total / len(scores):.1%} (95% {lo:.1%}-{hi:.1%});"
        f" {time.perf_counter() - start:.0f} s with {args.workers} workers"
    )
    if times:
        print(
            f"{args.bot}: {len(times)} decisions, CPU per decision median"
            f" {1000 * statistics.median(times):.1f} ms, p95"
            f" {1000 * times[int(0.95 * (len(times) - 1))]:.0f} ms, max {1000 * times[-1]:.0f} ms"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
