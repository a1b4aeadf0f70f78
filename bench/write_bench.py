"""Write benchmark: what storing a game step costs, and what a reconnect's replay costs.

Plays random games (seeded, both seats choosing uniformly among legal actions) through the
session authority exactly as the server does, and stores each step's ``Commit`` in a fresh
SQLite database with the default store (``create_store``), one commit per step. Prints per
acknowledged step: bytes the process wrote (``/proc/self/io`` ``wchar``: WAL pages,
checkpoints), database growth after a final checkpoint, and CPU seconds inside ``commit``
(all threads); then the time to answer a reconnect that missed 100 events (``--missed``):
on a release that stores events, reading them (``has_event`` + ``events``); on one that
derives them, the nearest snapshot + the action log + ``events.derive``.

``--compare DIR`` runs the same measurement with another checkout's ``src`` first on
``PYTHONPATH`` (e.g. a worktree of the previous release), interleaved with this one round
by round, and prints the ratios. The script only uses what both releases have.

Run: ``.venv/bin/python bench/write_bench.py --compare /tmp/base`` (``--games``, ``--rounds``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent


def _wchar() -> int:
    with open("/proc/self/io") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("wchar:"))


async def measure(games: int, missed: int, seed: int) -> dict[str, float]:
    """One round in this process (whichever ``mantimon`` is importable)."""
    from mantimon.engine import RulesConfig, default_pool
    from mantimon.engine.legal import legal_for_seat, waiting_for
    from mantimon.session import authority
    from mantimon.session.authority import viewer_key
    from mantimon.session.match import Match
    from mantimon.storage import GameRecord, SeatRecord
    from mantimon.storage.sql import create_store

    pool = default_pool()
    starters = sorted(k for k, s in pool.starters.items() if s.preset == "mantimon")
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="write-bench-"))
    store = await create_store(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    steps = 0
    cpu = 0.0
    wrote = 0
    longest: tuple[int, Match] | None = None
    try:
        for g in range(games):
            decks = [pool.starters[rng.choice(starters)].decklist() for _ in range(2)]
            seats = tuple(
                SeatRecord(u, u, d.cards, d.energy) for u, d in zip(("a", "b"), decks, strict=True)
            )
            rules = RulesConfig().model_dump(mode="json")
            now = 1_000_000.0 + g * 10_000
            record = GameRecord(f"g{g}", "active", "mantimon", rules, seed + g, seats, now, now)
            await store.add_game(record)
            match = Match(record)
            outcomes = [authority.start(match, now)]
            n = 0
            while match.state is not None and not match.state.over and n < 2000:
                state = match.state
                seat = rng.choice(waiting_for(state))
                action = rng.choice(legal_for_seat(state, seat))
                now += 1.0
                outcomes.append(authority.act(match, seats[seat].user_id, f"m{n}", action, now))
                n += 1
            for outcome in outcomes:
                if outcome.commit is None:
                    continue
                w0, c0 = _wchar(), time.process_time()
                await store.commit([outcome.commit])
                cpu += time.process_time() - c0
                wrote += _wchar() - w0
                steps += 1
            if longest is None or match.event_id > longest[0]:
                longest = (match.event_id, match)
        assert longest is not None
        # a reconnect that missed the last ``missed`` events of the longest game
        _, match = longest
        user = match.player_ids[0]
        key = viewer_key(match, user)
        known = max(0, match.event_id - missed)
        timings = []
        for _ in range(20):
            t0 = time.perf_counter()
            if hasattr(store, "snapshot"):
                from mantimon.session.events import derive

                base = await store.snapshot(match.id, known)
                entries = await store.actions(match.id, base.seq if base else 0)
                game = await store.get_game(match.id)
                assert game is not None
                texts = derive(game, base, entries, user, key, known, match.event_id, 0)
                assert texts is not None and len(texts) == match.event_id - known
            else:
                assert await store.has_event(match.id, key, known)  # type: ignore[attr-defined]
                events = await store.events(match.id, key, known)  # type: ignore[attr-defined]
                assert len(events) == match.event_id - known
            timings.append(time.perf_counter() - t0)
        await store.close()
        db = folder / "bench.db"
        # what stays on disk: the database after its WAL is folded in
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.stat().st_size
    finally:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    return {
        "steps": steps,
        "wchar_per_step": wrote / steps,
        "db_bytes_per_step": size / steps,
        "commit_cpu_us": cpu / steps * 1e6,
        "replay_ms": statistics.median(timings) * 1e3,
        "replayed": float(min(missed, longest[0])),
    }


def run_in(src: Path | None, games: int, missed: int, seed: int) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"
    out = subprocess.run(
        [sys.executable, __file__, "--one", f"--games={games}", f"--missed={missed}",
         f"--seed={seed}"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


FIELDS = [
    ("wchar_per_step", "bytes written per step", "{:,.0f}"),
    ("db_bytes_per_step", "database bytes per step", "{:,.0f}"),
    ("commit_cpu_us", "commit CPU per step (µs)", "{:,.0f}"),
    ("replay_ms", "reconnect replay (ms)", "{:.2f}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=20)
    parser.add_argument("--missed", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another checkout (its src is used)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(orjson.dumps(asyncio.run(measure(args.games, args.missed, args.seed))).decode())
        return
    sides: dict[str, Path | None] = {"this": None}
    if args.compare is not None:
        sides = {"base": args.compare / "src", "this": None}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
    for r in range(args.rounds):
        for name, src in sides.items():
            res = run_in(src, args.games, args.missed, args.seed)
            results[name].append(res)
            print(f"round {r + 1} {name}: " + ", ".join(f"{k}={v:,.1f}" for k, v in res.items()))
    print(f"\n{args.games} games, {int(results['this'][0]['steps'])} steps, "
          f"medians of {args.rounds} rounds (replay of {int(args.missed)} events)")  # fmt: skip
    for key, label, fmt in FIELDS:
        line = f"{label:32}"
        medians = {n: statistics.median(x[key] for x in rs) for n, rs in results.items()}
        for name, value in medians.items():
            line += f"  {name}: {fmt.format(value):>10}"
        if "base" in medians and medians["this"]:
            line += f"  base/this: {medians['base'] / medians['this']:.1f}x"
        print(line)


if __name__ == "__main__":
    main()
