"""Where a random game's engine work goes, counted exactly (no timing): what to measure
before designing a faster engine.

Plays random mantimon games (``engine_bench.random_game``: ember-rush vs tidal-mind) and
prints, per game:

* Python bytecodes and Python function calls, in all and by function (``sys.monitoring``;
  a bytecode costs ~80 valgrind instructions on these machines and a call ~340 more, so
  the two together track ``bench/instructions.sh``, which is the yardstick);
* for each main-phase enumerator, its bytecodes per enumeration and how often its actions
  are the same as at the seat's previous enumeration of the same turn (the share a perfect
  per-turn memo could take over; "both empty" is how much of that is an empty list).

Run: ``.venv/bin/python bench/legal_profile.py`` (``--games``, ``--top``). Slow (every
bytecode is counted): ~20 s for 10 games.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from types import CodeType
from typing import Any

from engine_bench import random_game
from mantimon.engine import default_pool, legal

_TOOL = 3  # a sys.monitoring tool id the debugger and coverage ids (0-2, 5) leave free


def _name(code: CodeType) -> str:
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno} {code.co_qualname}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    args = parser.parse_args()
    default_pool()
    random_game("mantimon", 10_000)  # the pool's and the process's memos, outside the counts

    bytecodes: Counter[CodeType] = Counter()
    calls: Counter[CodeType] = Counter()
    inside: Counter[str] = Counter()  # bytecodes run inside each enumerator (inclusive)
    runs: Counter[str] = Counter()
    later: Counter[str] = Counter()
    same: Counter[str] = Counter()
    empty: Counter[str] = Counter()
    current: list[str] = []
    previous: dict[tuple[int, int, int, str], list[Any]] = {}

    mon = sys.monitoring
    mon.use_tool_id(_TOOL, "legal_profile")

    def on_instruction(code: CodeType, _offset: int) -> Any:
        if code.co_filename == __file__:  # this script's own bookkeeping
            return mon.DISABLE
        bytecodes[code] += 1
        if current:
            inside[current[-1]] += 1
        return None

    def on_start(code: CodeType, _offset: int) -> Any:
        if code.co_filename == __file__:
            return mon.DISABLE
        calls[code] += 1
        return None

    mon.register_callback(_TOOL, mon.events.INSTRUCTION, on_instruction)
    mon.register_callback(_TOOL, mon.events.PY_START, on_start)

    def watched(name: str, enumerate_: legal.Enumerator) -> legal.Enumerator:
        def run(state: Any, seat: int, hand: Any, out: list[Any]) -> None:
            start = len(out)
            current.append(name)
            try:
                enumerate_(state, seat, hand, out)
            finally:
                current.pop()
            if hand.only is not None:  # ``apply_action`` checking one card
                return
            runs[name] += 1
            key = (id(state), seat, state.turn, name)
            listed = out[start:]
            if key in previous:
                later[name] += 1
                same[name] += listed == previous[key]
                empty[name] += not listed and not previous[key]
            previous[key] = listed

        return run

    originals: dict[str, Callable[..., None]] = dict(legal.MAIN_ENUMERATORS)
    for name, enumerate_ in originals.items():
        legal.MAIN_ENUMERATORS[name] = watched(name, enumerate_)
    mon.set_events(_TOOL, mon.events.INSTRUCTION | mon.events.PY_START)
    try:
        for seed in range(args.games):
            previous.clear()  # ids of finished games' states may be reused
            random_game("mantimon", seed)
    finally:
        mon.set_events(_TOOL, 0)
        mon.free_tool_id(_TOOL)
        legal.MAIN_ENUMERATORS.update(originals)

    games = args.games
    total, total_calls = sum(bytecodes.values()), sum(calls.values())
    print(f"per game: {total / games:,.0f} bytecodes, {total_calls / games:,.0f} Python calls")
    print(f"\n{'bytecodes':>10} {'share':>6} {'calls':>7}  function (per game, exclusive)")
    for code, n in bytecodes.most_common(args.top):
        print(f"{n / games:10,.0f} {n / total:6.1%} {calls[code] / games:7,.0f}  {_name(code)}")
    enumerations = max(runs.values(), default=0)
    followers = max(later.values(), default=0)
    print(
        f"\nmain-phase enumerations per game: {enumerations / games:.1f}, of which "
        f"{followers / games:.1f} follow another of the same seat and turn"
    )
    print(f"{'enumerator':14s} {'bytecodes/enum':>14}  same as the turn's previous (both empty)")
    ceiling = 0.0
    for name in originals:
        n = max(runs[name], 1)
        repeat = same[name] / max(later[name], 1)
        both = empty[name] / max(later[name], 1)
        ceiling += inside[name] / n * same[name]
        print(f"{name:14s} {inside[name] / n:14.0f}  {repeat:5.0%} ({both:.0%})")
    print(
        f"a memo taking over every unchanged list for free would skip {ceiling / games:,.0f} "
        f"bytecodes per game ({ceiling / total:.0%})"
    )


if __name__ == "__main__":
    main()
