"""Storage benchmark: commits/s and rows/s of ``SqlStore.commit`` on SQLite and PostgreSQL.

A commit is one realistic game step: 1 logged action, 3 ``game_state`` events (one per
viewer, real engine views of a random game, ~10 KB of JSON each), 1 idempotency result and
a game-row update. Each run commits ``--steps`` steps spread over ``--games`` games, with
1, 10 or 50 steps (of different games) per ``commit`` call, i.e. per transaction, with the
event messages stored compressed (zstd, ``codec.py``) and as plain text. Backends:
``sqlite`` (the adapter: sqlite3 on the calling thread), ``sqlite-aiosqlite`` (the same store
on SQLAlchemy's aiosqlite engine, the in-run baseline) and ``postgresql`` (asyncpg).

``--paths`` instead compares, in one run and interleaved, steps as the session commits them
today (with 3 game_state events) and action-only steps (issue 12 item 2: action, result,
game row, a snapshot every 25 actions), on every storage configuration: commits/s, CPU per
step, commit latency p99/max and the largest WAL seen.
Prints median and best of ``--rounds`` rounds, group-commit ratios, CPU per step (whole
process and event-loop thread), compression ratio and on-disk size, and a section for
bench/RESULTS.md.

PostgreSQL: a database ``mantimon_bench_<random>`` is created on the server of
``--pg-url`` (default ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``) and dropped
afterwards; skipped (with a note) if the server is unreachable.

Run: ``.venv/bin/python bench/storage_bench.py [--steps 1000 --rounds 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import random
import secrets
import sqlite3
import statistics
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from mantimon.engine import PRESETS, apply_action, default_pool, new_game
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.serialize import state_to_json
from mantimon.engine.view import view_data
from mantimon.storage.ports import (
    Commit,
    GameRecord,
    GameUpdate,
    IdempotentResult,
    LoggedAction,
    SeatRecord,
    StoredEvent,
)
from mantimon.storage.sql import SqlStore, codec, open_runner
from mantimon.storage.sql import store as store_module
from mantimon.storage.sql.migrate import upgrade_runner
from mantimon.storage.sql.runner import AsyncRunner, Runner, dumps_json, sqlite_setup
from mantimon.storage.sql.schema import TABLES

VIEWERS = (("seat0", "p1"), ("seat1", "p2"), ("spectator", None))
ROWS_PER_STEP = 6  # action + 3 events + result + game update
GROUPS = (1, 10, 50)


def real_messages(count: int) -> list[tuple[str, str, str]]:
    """``count`` triples of game_state messages (seat0, seat1, spectator) from random games."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    out: list[tuple[str, str, str]] = []
    seed = 0
    while len(out) < count:
        state = new_game(PRESETS["mantimon"], decks, ("p1", "p2"), seed)
        rng = random.Random(seed)
        n = 0
        while not state.over and len(out) < count:
            seats = waiting_for(state)
            seat = seats[0] if len(seats) == 1 else rng.choice(seats)
            apply_action(state, ("p1", "p2")[seat], rng.choice(legal_for_seat(state, seat)))
            n += 1
            triple = tuple(
                orjson.dumps(
                    {
                        "type": "game_state",
                        "message_id": secrets.token_hex(16),
                        "game_id": "g" * 32,
                        "event_id": n,
                        "spectator_count": 0,
                        "state": view_data(state, viewer),
                    }
                ).decode()
                for _, viewer in VIEWERS
            )
            out.append((triple[0], triple[1], triple[2]))
        seed += 1
    return out


def game_record(gid: str) -> GameRecord:
    cards = tuple(f"card-{i}" for i in range(20))
    return GameRecord(
        id=gid,
        status="active",
        preset="mantimon",
        rules={"preset": "mantimon"},
        seed=random.getrandbits(64),
        seats=(SeatRecord("p1", "P1", cards, ("fire",)), SeatRecord("p2", "P2", cards, ())),
        created_at=time.time(),
        updated_at=time.time(),
    )


def step(gid: str, seq: int, messages: tuple[str, str, str]) -> Commit:
    player = "p1" if seq % 2 else "p2"
    return Commit(
        game_id=gid,
        actions=(LoggedAction(gid, seq, player, "action", {"type": "end_turn"}, time.time()),),
        events=tuple(
            StoredEvent(gid, seq, viewer, text)
            for (viewer, _), text in zip(VIEWERS, messages, strict=True)
        ),
        results=(
            IdempotentResult(gid, player, f"msg-{seq}", '{"type":"action_result","ok":true}'),
        ),
        update=GameUpdate(last_seq=seq, last_event_id=seq, timers={"deadline": time.time() + 90.0}),
    )


@dataclass
class Run:
    backend: str
    compressed: bool
    group: int
    rates: list[float]  # commits/s per round
    cpu_us: list[float]  # process CPU (all threads) per commit
    loop_us: list[float]  # event-loop thread CPU per commit

    @property
    def median(self) -> float:
        return statistics.median(self.rates)

    @property
    def best(self) -> float:
        return max(self.rates)


def aiosqlite_runner(path: Path) -> Runner:
    """The baseline: the same store on SQLAlchemy's async engine with aiosqlite (a thread
    hop per DBAPI call), as DESIGN.md first proposed."""
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{path}", json_serializer=dumps_json, json_deserializer=orjson.loads
    )
    sqlite_setup(engine.sync_engine)
    return AsyncRunner(engine)


async def open_store(backend: str, url: str, compress: bool) -> SqlStore:
    if backend == "sqlite-aiosqlite":
        path = make_url(url).database
        assert path is not None
        runner = aiosqlite_runner(Path(path))
    else:
        runner = open_runner(url)
    await upgrade_runner(runner)
    return SqlStore(runner, compress_min=1024 if compress else None)


def _empty(conn: Connection) -> None:
    for table in reversed(TABLES):
        conn.execute(sa.delete(table))


async def one_round(
    backend: str,
    url: str,
    compress: bool,
    group: int,
    steps: int,
    games: int,
    msgs: list[tuple[str, str, str]],
) -> tuple[float, float, float]:
    """(commits/s, process CPU µs per commit, loop-thread CPU µs per commit)."""
    store = await open_store(backend, url, compress)
    saved = store_module.driver
    if backend == "sqlite-aiosqlite":  # the driver bypass needs sqlite3's own connection
        store_module.driver = _CoreOnly  # type: ignore[assignment]
    try:
        await store.runner.write(_empty)  # every round starts from empty tables
        gids = [f"{secrets.token_hex(8)}-{i}" for i in range(games)]
        for gid in gids:
            await store.add_game(game_record(gid))
        seqs = dict.fromkeys(gids, 0)
        batches: list[list[Commit]] = []
        for start in range(0, steps, group):
            batch = []
            for k in range(start, min(start + group, steps)):
                gid = gids[k % games]
                seqs[gid] += 1
                batch.append(step(gid, seqs[gid], msgs[k % len(msgs)]))
            batches.append(batch)
        wall, cpu, loop = time.perf_counter(), time.process_time(), time.thread_time()
        for batch in batches:
            await store.commit(batch)
        wall = time.perf_counter() - wall
        cpu, loop = time.process_time() - cpu, time.thread_time() - loop
        return steps / wall, cpu / steps * 1e6, loop / steps * 1e6
    finally:
        store_module.driver = saved
        await store.close()


async def event_table_bytes(backend: str, url: str) -> int:
    """On-disk bytes of the event log after the last round (compacted first)."""
    store = await open_store(backend, url, True)
    try:
        if backend.startswith("sqlite"):
            await store.runner.read(lambda conn: conn.exec_driver_sql("VACUUM"))
            await store.runner.read(
                lambda conn: conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            )
            path = make_url(url).database
            assert path is not None
            return Path(path).stat().st_size

        def size(conn: Connection) -> int:
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            auto.exec_driver_sql("VACUUM FULL game_events")
            return int(auto.scalar(sa.text("SELECT pg_total_relation_size('game_events')")) or 0)

        return await store.runner.read(size)
    finally:
        await store.close()


async def pg_database(admin_url: str, name: str, create: bool) -> None:
    url = make_url(admin_url)
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database, timeout=5
    )
    try:
        verb = f'CREATE DATABASE "{name}"' if create else f'DROP DATABASE "{name}" WITH (FORCE)'
        await conn.execute(verb)
    finally:
        await conn.close()


def report(
    args: argparse.Namespace,
    runs: list[Run],
    sizes: dict[str, tuple[int, int]],
    mean_kib: float,
    codecs: str,
) -> str:
    def find(backend: str, compress: bool, group: int) -> Run:
        return next(
            r for r in runs if (r.backend, r.compressed, r.group) == (backend, compress, group)
        )

    backends = list(dict.fromkeys(r.backend for r in runs))
    lines = [
        f"## {datetime.date.today().isoformat()} — storage (issue 4), `bench/storage_bench.py "
        f"--steps {args.steps} --games {args.games} --rounds {args.rounds}`",
        "",
        f"Python {platform.python_version()}, SQLAlchemy {sa.__version__}, SQLite "
        f"{sqlite3.sqlite_version}, PostgreSQL on 127.0.0.1 (fsync on). One step = 1 action + 3 "
        f"game_state events (real engine views, mean {mean_kib:.1f} KiB of JSON) + 1 result + "
        f"game-row update = {ROWS_PER_STEP} rows; one `commit` call = one transaction carrying "
        "`group` steps of different games, called back to back. Commits/s = steps/s, median "
        "(best) of the rounds; CPU = process CPU (all threads) and event-loop-thread CPU per "
        "step, median.",
        "",
        "| backend | messages | 1 per tx | 10 per tx | 50 per tx | rows/s at 50 "
        "| ×10 | ×50 | CPU µs/step at 1 (loop) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in backends:
        for compress in (True, False):
            one, ten, fifty = (find(name, compress, g) for g in GROUPS)
            lines.append(
                f"| {name} | {'zstd' if compress else 'text'} "
                f"| {one.median:,.0f} ({one.best:,.0f}) | {ten.median:,.0f} ({ten.best:,.0f}) "
                f"| {fifty.median:,.0f} ({fifty.best:,.0f}) "
                f"| {fifty.median * ROWS_PER_STEP:,.0f} | {ten.median / one.median:.1f} "
                f"| {fifty.median / one.median:.1f} "
                f"| {statistics.median(one.cpu_us):,.0f} ({statistics.median(one.loop_us):,.0f}) |"
            )
    lines += ["", f"* Compression of these messages: {codecs}."]
    for name, (z, t) in sizes.items():
        where = "SQLite file" if name.startswith("sqlite") else "game_events with TOAST"
        lines.append(
            f"* {name} on disk after {args.steps} steps ({where}): {z / 2**20:.1f} MiB with zstd, "
            f"{t / 2**20:.1f} MiB as text."
        )
    if "sqlite-aiosqlite" in backends:
        ours, base = find("sqlite", True, 1), find("sqlite-aiosqlite", True, 1)
        loop = statistics.median(base.loop_us) / statistics.median(ours.loop_us)
        lines.append(
            f"* SQLite, sqlite3 inline vs aiosqlite, 1 per tx: {ours.median / base.median:.1f}x "
            f"the commits/s, {loop:.1f}x less event-loop CPU per step."
        )
    return "\n".join(lines)


# --- the storage paths (issue 12): every runtime configuration, today's and action-only steps


def real_snapshots(count: int) -> list[str]:
    """``count`` engine snapshots (``state_to_json``) of random games, as the session stores
    every ``SNAPSHOT_EVERY`` actions."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    out: list[str] = []
    seed = 1000
    while len(out) < count:
        state = new_game(PRESETS["mantimon"], decks, ("p1", "p2"), seed)
        rng = random.Random(seed)
        while not state.over and len(out) < count:
            seats = waiting_for(state)
            seat = seats[0] if len(seats) == 1 else rng.choice(seats)
            apply_action(state, ("p1", "p2")[seat], rng.choice(legal_for_seat(state, seat)))
            if rng.random() < 0.1:
                out.append(state_to_json(state).decode())
        seed += 1
    return out


SNAPSHOT_EVERY = 25  # as mantimon.session.authority


def shaped_step(
    gid: str, seq: int, messages: tuple[str, str, str], snapshot: str, with_events: bool
) -> Commit:
    """A game step as the session commits it today (``with_events``: 3 game_state events)
    or as it will (issue 12 item 2: actions, result, game row, no events); both carry a
    snapshot every ``SNAPSHOT_EVERY`` actions."""
    full = step(gid, seq, messages)
    update = full.update
    if seq % SNAPSHOT_EVERY == 0:
        update = GameUpdate(
            last_seq=seq,
            last_event_id=seq,
            timers=update.timers,
            snapshot=snapshot,
            snapshot_seq=seq,
        )
    return Commit(gid, full.actions, full.events if with_events else (), full.results, update)


class _CoreOnly:
    """``driver.py``'s two functions on ``Connection.execute`` (the bypass switched off)."""

    @staticmethod
    def executemany(conn: Connection, stmt: Any, rows: Any) -> None:
        if rows:
            conn.execute(stmt, rows)

    @staticmethod
    def fetch_each(conn: Connection, stmt: Any, params: Any) -> list[tuple[Any, ...]]:
        return [tuple(r) for p in params for r in conn.execute(stmt, p)]


PATHS = {
    # name: driver bypass. The configurations measured and deleted by issue 12 (worker
    # threads, a checkpoint thread, a child process) are in bench/RESULTS.md and docs/adr/0010.
    "sqlite": True,
    "sqlite, no driver bypass": False,
    "postgresql": True,
}


async def path_round(
    name: str,
    url: str,
    with_events: bool,
    group: int,
    steps: int,
    games: int,
    msgs: list[tuple[str, str, str]],
    snaps: list[str],
) -> dict[str, float]:
    bypass = PATHS[name]
    wal = Path(f"{make_url(url).database}-wal") if url.startswith("sqlite") else None
    runner = open_runner(url)
    await upgrade_runner(runner)
    store = SqlStore(runner)
    saved = store_module.driver
    try:
        await store.runner.write(_empty)
        gids = [f"{secrets.token_hex(8)}-{i}" for i in range(games)]
        for gid in gids:
            await store.add_game(game_record(gid))
        seqs = dict.fromkeys(gids, 0)
        batches: list[list[Commit]] = []
        for start in range(0, steps, group):
            batch = []
            for k in range(start, min(start + group, steps)):
                gid = gids[k % games]
                seqs[gid] += 1
                s = seqs[gid]
                batch.append(
                    shaped_step(gid, s, msgs[k % len(msgs)], snaps[k % len(snaps)], with_events)
                )
            batches.append(batch)
        if not bypass:
            store_module.driver = _CoreOnly  # type: ignore[assignment]
        lat: list[float] = []
        wal_max = 0
        wall, cpu, loop = time.perf_counter(), time.process_time(), time.thread_time()
        for n, batch in enumerate(batches):
            t = time.perf_counter()
            await store.commit(batch)
            lat.append(time.perf_counter() - t)
            if wal is not None and n % 8 == 0 and wal.exists():
                wal_max = max(wal_max, wal.stat().st_size)
        wall = time.perf_counter() - wall
        cpu, loop = time.process_time() - cpu, time.thread_time() - loop
        lat.sort()
        return {
            "steps_s": steps / wall,
            "cpu_us": cpu / steps * 1e6,
            "loop_us": loop / steps * 1e6,
            "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3,
            "max_ms": lat[-1] * 1e3,
            "wal_mb": wal_max / 2**20,
        }
    finally:
        store_module.driver = saved
        await store.close()


async def paths_main(args: argparse.Namespace) -> None:
    msgs = real_messages(300)
    snaps = real_snapshots(50)
    print(f"snapshot mean {statistics.mean(map(len, snaps)) / 1024:.1f} KiB")
    tmp = tempfile.TemporaryDirectory()
    pg_name = f"mantimon_bench_{secrets.token_hex(4)}"
    urls = {n: f"sqlite+aiosqlite:///{Path(tmp.name) / 'paths.db'}" for n in PATHS}
    try:
        await pg_database(args.pg_url, pg_name, create=True)
        pg = make_url(args.pg_url).set(database=pg_name).render_as_string(hide_password=False)
        for n in PATHS:
            if n.startswith("postgresql"):
                urls[n] = pg
    except (OSError, asyncpg.PostgresError) as e:
        print(f"PostgreSQL skipped: {type(e).__name__}: {e}")
        urls = {n: u for n, u in urls.items() if not n.startswith("postgresql")}
        pg_name = ""
    names = [n for n in urls if not args.only or any(o in n for o in args.only.split(","))]
    results: dict[tuple[str, bool, int], list[dict[str, float]]] = {}
    try:
        for group in args.groups:
            for _ in range(args.rounds):  # every configuration and shape, interleaved
                for name in names:
                    for with_events in (True, False):
                        steps = args.steps if with_events else args.steps * 3
                        r = await path_round(
                            name, urls[name], with_events, group, steps, args.games, msgs, snaps
                        )
                        results.setdefault((name, with_events, group), []).append(r)
    finally:
        if pg_name:
            await pg_database(args.pg_url, pg_name, create=False)
        tmp.cleanup()
    print(
        f"\n{args.rounds} rounds interleaved, {args.games} games; medians "
        "(CPU: all threads, per step; loop: the calling thread)"
    )
    print(
        "| configuration | steps | per tx | steps/s | CPU µs/step (loop) | commit p99 ms "
        "| max ms | WAL max MiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for (name, with_events, group), rs in results.items():

        def med(k: str, rs: list[dict[str, float]] = rs) -> float:
            return statistics.median(r[k] for r in rs)

        print(
            f"| {name} | {'today' if with_events else 'actions'} | {group} "
            f"| {med('steps_s'):,.0f} | {med('cpu_us'):,.0f} ({med('loop_us'):,.0f}) "
            f"| {med('p99_ms'):.2f} | {med('max_ms'):.1f} | {med('wal_mb'):.1f} |"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--steps", type=int, default=1000, help="steps committed per run")
    parser.add_argument("--games", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true", help="skip sqlite via aiosqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "MANTIMON_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--paths",
        action="store_true",
        help="compare the runtime configurations with today's and action-only steps",
    )
    parser.add_argument("--only", default="", help="--paths: configurations containing these")
    parser.add_argument("--groups", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    if args.paths:
        await paths_main(args)
        return

    msgs = real_messages(300)
    flat = [m.encode() for triple in msgs for m in triple]
    raw = sum(map(len, flat))
    found = []
    for name, fn in (("zstd-1", codec.compress), ("zlib-1", lambda m: zlib.compress(m, 1))):
        began = time.perf_counter()
        packed = sum(len(fn(m)) for m in flat)
        us = (time.perf_counter() - began) / len(flat) * 1e6
        found.append(f"{name} {raw / packed:.2f}x smaller at {us:.0f} µs each")
    mean_kib, codecs = raw / len(flat) / 1024, ", ".join(found)
    print(f"{len(flat)} game_state messages, mean {mean_kib:.1f} KiB; {codecs}")

    tmp = tempfile.TemporaryDirectory()
    urls = {"sqlite": f"sqlite+aiosqlite:///{Path(tmp.name) / 'bench.db'}"}
    if not args.no_baseline:
        urls["sqlite-aiosqlite"] = f"sqlite+aiosqlite:///{Path(tmp.name) / 'baseline.db'}"
    pg_name = f"mantimon_bench_{secrets.token_hex(4)}"
    try:
        await pg_database(args.pg_url, pg_name, create=True)
        pg = make_url(args.pg_url).set(database=pg_name)
        urls["postgresql"] = pg.render_as_string(hide_password=False)
    except (OSError, asyncpg.PostgresError) as e:
        print(f"PostgreSQL skipped: not reachable at {args.pg_url} ({type(e).__name__}: {e})")

    runs: list[Run] = []
    size: dict[tuple[str, bool], int] = {}
    try:
        for compress in (True, False):
            for group in GROUPS:
                rounds: dict[str, list[tuple[float, float, float]]] = {n: [] for n in urls}
                for _ in range(args.rounds):  # backends interleaved: the VM's noise hits all
                    for name, url in urls.items():
                        rounds[name].append(
                            await one_round(
                                name, url, compress, group, args.steps, args.games, msgs
                            )
                        )
                for name, results in rounds.items():
                    run = Run(name, compress, group, *map(list, zip(*results, strict=True)))
                    runs.append(run)
                    print(
                        f"{name:16} {'zstd' if compress else 'text'} {group:2} per tx: "
                        f"{run.median:6.0f} commits/s (best {run.best:.0f}), "
                        f"{run.median * ROWS_PER_STEP:6.0f} rows/s, "
                        f"CPU {statistics.median(run.cpu_us):5.0f} µs/step "
                        f"(loop {statistics.median(run.loop_us):.0f})"
                    )
            for name, url in urls.items():
                size[name, compress] = await event_table_bytes(name, url)
        sizes = {name: (size[name, True], size[name, False]) for name in urls}
    finally:
        if "postgresql" in urls:
            await pg_database(args.pg_url, pg_name, create=False)
        tmp.cleanup()
    print()
    print(report(args, runs, sizes, mean_kib, codecs))


if __name__ == "__main__":
    asyncio.run(main())
