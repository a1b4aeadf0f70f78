"""Soak benchmark: one server under steady load for a long time; does anything grow?

Starts one server the way a user does (``mantimon serve``, SQLite in its own temp folder,
default settings except the load bench's client-address and message-rate limits:
``soak_env``) and drives the load bench's clients against it (``load_bench.measure_game``):
run after run of ``--games`` games for ``--seconds``, paced at ``--rate`` actions/s offered,
new players every run, for ``--minutes``. At the end of each run its games are resigned and
played to their ``game_over``, so every run leaves only finished games and closed sockets
behind; with ``--abandon`` its clients are cut off mid-game instead, as the load bench's
are (and as players who close the tab do): those games live on until their clocks end them.

Each interval (one run) prints the resident memory of every server process (the server and
any children: an older server's storage process), p50/p99, server CPU per action (all),
the actions acknowledged, and the size of the database and its WAL with the bytes they grew
per acknowledged action. At the end: the issue's bars, measured against the state at the
``--settle``-th minute (RSS within ±15%, p99 within 1.5x, database + WAL growth <= 1 KB per
action), and, after the clients have gone and ``--quiet-seconds`` have passed, a census of
the server's live objects (``kill -USR1``, see ``mantimon.server.census``) against the
census taken before the first run: the types that grew.

    .venv/bin/python bench/soak_bench.py --minutes 30
    .venv/bin/python bench/soak_bench.py --minutes 3          # a quick try

To soak another checkout of the server, put its ``src`` first on ``PYTHONPATH`` (the census
is skipped where that server has none).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import uvloop

from load_bench import (
    children,
    free_port,
    measure_game,
    pin,
    quantile,
    serve_command,
    server_env,
    wait_ready,
)

CENSUS_PREFIX = "census "  # mantimon.server.census.CENSUS_PREFIX (this script imports no server)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def processes(pid: int) -> dict[str, int]:
    """The server's processes by role: ``server`` and each child (``child-<pid>``)."""
    return {"server": pid} | {f"child-{c}": c for c in children(pid)}


def database_bytes(folder: Path) -> tuple[int, int]:
    """Sizes of the SQLite database file(s) and WAL(s) in ``folder``."""
    db = wal = 0
    for f in folder.glob("*.db*"):
        if f.name.endswith("-wal"):
            wal += f.stat().st_size
        elif f.name.endswith(".db"):
            db += f.stat().st_size
    return db, wal


def census_lines(log: Path) -> Iterator[dict[str, Any]]:
    for line in log.read_text(errors="replace").splitlines():
        at = line.find(CENSUS_PREFIX + "{")
        if at >= 0:
            yield orjson.loads(line[at + len(CENSUS_PREFIX) :])


async def take_census(pid: int, log: Path) -> dict[str, Any]:
    """Ask the server for a census (SIGUSR1) and read it from its log."""
    seen = len(list(census_lines(log)))
    os.kill(pid, signal.SIGUSR1)
    for _ in range(300):
        await asyncio.sleep(0.1)
        found = list(census_lines(log))
        if len(found) > seen:
            return found[-1]
    raise RuntimeError("the server wrote no census")


def soak_env() -> dict[str, str]:
    """The load bench's server environment with the default turn clock: a game whose
    clients left mid-game (``--abandon``) ends as it would for players, after its turn
    clocks ran out (five turns), not after the load bench's ten-minute turns."""
    return {k: v for k, v in server_env().items() if k != "MANTIMON_TURN_SECONDS"}


def has_census() -> bool:
    """Whether the server this script would start has a census (else SIGUSR1 kills it)."""
    probe = [sys.executable, "-c", "import mantimon.server.census"]
    return subprocess.run(probe, env=soak_env(), capture_output=True).returncode == 0


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=25.0, help="measured part of a run")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=600.0, help="offered actions/s in total")
    parser.add_argument("--settle", type=float, default=5.0, help="minute the bars count from")
    parser.add_argument("--quiet-seconds", type=float, default=60.0)
    parser.add_argument(
        "--abandon",
        action="store_true",
        help="end each run as the load bench does: its clients cut off mid-game (the games "
        "are then ended by the server's disconnect grace), instead of resigning them",
    )
    parser.add_argument("--server-cpus", default="0")
    parser.add_argument("--storage-cpus", default="1")
    args = parser.parse_args()
    args.keep_latencies = True  # pooled per 5 minutes for the p99 bar (block_p99s)
    settle = min(args.settle, args.minutes / 2)  # short tries: the second half
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})
    census = has_census()
    tmp = Path(tempfile.mkdtemp(prefix="mantimon-soak-"))
    port = free_port()
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            serve_command(port, f"sqlite+aiosqlite:///{tmp}/soak.db", tmp, args.server_cpus),
            env=soak_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        await wait_ready(f"http://127.0.0.1:{port}/ready", server)
        if pin(args.storage_cpus):
            for child in children(server.pid):
                os.sched_setaffinity(child, {int(c) for c in args.storage_cpus.split(",")})
        before = await take_census(server.pid, log_path) if census else None
        rows = await soak(args, port, server.pid, tmp)
        after = None
        if census:
            print(f"clients gone; census in {args.quiet_seconds:g} s ...", flush=True)
            await asyncio.sleep(args.quiet_seconds)
            after = await take_census(server.pid, log_path)
        final_rss = {role: rss_mb(p) for role, p in processes(server.pid).items()}
    finally:
        server.terminate()
        server.wait()
    print(f"after the quiet time: RSS {fmt_rss(final_rss)}")
    report(rows, settle)
    if before is not None and after is not None:
        report_census(before, after)
    shutil.rmtree(tmp, ignore_errors=True)


async def soak(args: argparse.Namespace, port: int, pid: int, tmp: Path) -> list[dict[str, Any]]:
    print(
        f"soak: {args.games} games a run, {args.seconds:g} s measured + {args.warmup:g} s warm-up"
        f", {args.rate:g} actions/s offered, {args.minutes:g} minutes; server on core(s) "
        f"{args.server_cpus}, storage process on {args.storage_cpus}, clients on core 1",
        flush=True,
    )
    print(
        "  min   RSS MB (each process)             p50 ms  p99 ms  CPU µs/act  acked   "
        "DB MB  WAL MB  B/action",
        flush=True,
    )
    start = time.monotonic()
    rows: list[dict[str, Any]] = []
    size0 = sum(database_bytes(tmp))
    run = 0
    while time.monotonic() - start < args.minutes * 60:
        result = await measure_game(
            args,
            port,
            pid,
            first_seed=run * args.games,
            wind_down=0.0 if args.abandon else max(30.0, args.seconds),
        )
        db, wal = database_bytes(tmp)
        row: dict[str, Any] = {
            **result,
            "minute": (time.monotonic() - start) / 60,
            "rss": {role: rss_mb(p) for role, p in processes(pid).items()},
            "db": db,
            "wal": wal,
            "bytes_per_action": (db + wal - size0) / max(1, result["acked_total"]),
        }
        size0 = db + wal
        rows.append(row)
        run += 1
        print(
            f"{row['minute']:5.1f}  {fmt_rss(row['rss']):32s} {row['p50_ms']:6.1f}  "
            f"{row['p99_ms']:6.1f}  {row['server_cpu_us_per_action']:10.0f}  "
            f"{row['acked']:6.0f}  {db / 1e6:6.1f}  {wal / 1e6:6.1f}  "
            f"{row['bytes_per_action']:8.0f}",
            flush=True,
        )
    return rows


def fmt_rss(rss: dict[str, float]) -> str:
    parts = [f"{mb:.0f}" for mb in rss.values()]
    return f"{sum(rss.values()):.0f} ({' + '.join(parts)})"


def report(rows: list[dict[str, Any]], settle: float) -> None:
    """The issue's bars, from the first run that ended at or after minute ``settle``."""
    later = [r for r in rows if r["minute"] >= settle]
    if len(later) < 2:
        print(f"too short for the bars: fewer than two runs after minute {settle:g}")
        return
    ref = later[0]
    ref_rss = sum(ref["rss"].values())
    rss = [sum(r["rss"].values()) for r in later]
    spread = max(abs(x - ref_rss) / ref_rss for x in rss)
    worst_p99 = max(r["p99_ms"] for r in later)
    growth = rows[-1]["db"] + rows[-1]["wal"] - (ref["db"] + ref["wal"])
    actions = sum(r["acked_total"] for r in later[1:])
    per_action = growth / max(1, actions)
    verdict = {True: "meets", False: "FAILS"}
    print(f"bars, from minute {ref['minute']:.1f} (the first run ending after {settle:g}):")
    print(
        f"  RSS (all processes) {ref_rss:.0f} MB then {min(rss):.0f}-{max(rss):.0f} MB: "
        f"{spread * 100:.1f}% off at most (bar ±15%): {verdict[spread <= 0.15]}"
    )
    print(
        f"  p99 {ref['p99_ms']:.1f} ms then worst {worst_p99:.1f} ms, median "
        f"{statistics.median(r['p99_ms'] for r in later):.1f}: "
        f"{worst_p99 / ref['p99_ms']:.2f}x (bar 1.5x): "
        f"{verdict[worst_p99 <= 1.5 * ref['p99_ms']]}"
    )
    blocks = block_p99s(later, ref["minute"])
    if len(blocks) >= 2:
        first = blocks[0][1]
        print(
            "  p99 of all actions per 5-minute block from there: "
            + ", ".join(f"{p:.1f}" for _, p, _ in blocks)
            + f" ms; worst block {max(p for _, p, _ in blocks) / first:.2f}x the first "
            f"(bar 1.5x): {verdict[all(p <= 1.5 * first for _, p, _ in blocks)]}"
        )
    cpu = [r["server_cpu_us_per_action"] for r in later]
    print(f"  CPU per action {cpu[0]:.0f} µs then {min(cpu):.0f}-{max(cpu):.0f} µs")
    print(
        f"  database + WAL grew {growth / 1e6:.1f} MB for {actions:.0f} actions: "
        f"{per_action:.0f} B/action (bar 1,024): {verdict[per_action <= 1024]}"
    )


def block_p99s(rows: list[dict[str, Any]], start: float) -> list[tuple[float, float, int]]:
    """(first minute, p99 ms, actions) of the runs' latencies pooled per 5 minutes from
    ``start``: a run is ~25 s of one load, so its p99 moves with a few slow moments (a
    timed full collection, the machine's other work); a block's p99 shows whether the
    server itself drifts. A last block shorter than 2.5 minutes joins the one before."""
    groups: dict[int, list[float]] = {}
    for r in rows:
        groups.setdefault(int((r["minute"] - start) // 5), []).extend(r.get("latencies", []))
    keys = sorted(groups)
    if len(keys) >= 2 and rows[-1]["minute"] - (start + 5 * keys[-1]) < 2.5:
        groups[keys[-2]].extend(groups.pop(keys[-1]))
    out = []
    for k in sorted(groups):
        lat = sorted(groups[k])
        if lat:
            out.append((start + 5 * k, quantile(lat, 0.99) * 1000, len(lat)))
    return out


def report_census(before: dict[str, Any], after: dict[str, Any]) -> None:
    b, a = before["by_type"], after["by_type"]
    grew = sorted(((a.get(t, 0) - b.get(t, 0), t) for t in a), reverse=True)[:20]
    print(
        f"census (live objects after a full collection): {before['objects']} before the first "
        f"run, {after['objects']} after the last ({after['collected']} were cyclic garbage)"
    )
    for delta, name in grew:
        if delta > 0:
            print(f"  {delta:+8d}  {name} ({b.get(name, 0)} -> {a[name]})")
    # The server's own objects and its socket stack's, however few: what a game or a socket
    # leaves behind shows here even when it is not among the most numerous.
    watched = ("mantimon.", "websockets.", "uvicorn.", "starlette.", "asyncio.")
    shown = {name for _, name in grew}
    for name in sorted(a):
        delta = a[name] - b.get(name, 0)
        if name.startswith(watched) and name not in shown and delta > 0:
            print(f"  {delta:+8d}  {name} ({b.get(name, 0)} -> {a[name]})")


if __name__ == "__main__":
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main())
