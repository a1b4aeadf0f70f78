"""The hostile suite: every attack of issue 11 against a real server, with honest games
running alongside.

The server runs as deployed (README, "Deployment"): ``mantimon serve`` with its defaults
(SQLite) as a child process, behind Debian's HAProxy with the committed ``deploy/haproxy.cfg``.
One observer process (four honest players against server bots, each from an address of its
own, plus a ``/health`` poll of the node: ``observer``) runs while an attack process
(``attack``, at a lower CPU priority, as if on another machine) runs the probes
(``probes``) one after another through the proxy, each run from a loopback address of its
own. Then the samples are judged per probe window:

* the server is up after every probe and answers ``/health`` within 50 ms throughout;
* the honest players' action round trip p99 stays within 3x the quiet p99, measured in the
  same run for eight seconds before the first probe and eight after the last;
* each probe's own assertions (the limit that catches it, what it may cost) hold.

A probe whose window misses the latency bars is run once more, from fresh addresses, and
fails if its second window misses them too: on a two-core machine shared by the server, its
proxy, the players and the attacker, the scheduler alone now and then pushes one 3-second
window's p99 past a bar of 15-30 ms, while a real stall (the ones this suite was written
against took /health to 0.6-2 s and moves to 0.5-1 s) misses it every time. Every failing
probe is reported, not just the first.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

from tests.deploy.proxy import Proxy
from tests.hostile.probes import PROBES
from tests.server.process import ServerProcess

# Judges latency with the whole machine to itself: run after the parallel pass (make unit).
pytestmark = pytest.mark.serial

HEALTH_LIMIT_MS = 50.0
P99_FACTOR = 3.0
WARMUP_SECONDS = 2.0
QUIET_SECONDS = 8.0
ATTACK_TIMEOUT = 240.0  # seconds for all probes together
REQUEST_TIMEOUT = 3.0  # the proxy's time for a whole request (10 s by default)


@dataclass
class Window:
    name: str
    start: float
    end: float
    failure: str | None = None
    runs: int = 1
    health: list[float] = field(default_factory=list)
    actions: list[float] = field(default_factory=list)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _samples(path: Path, windows: list[Window]) -> None:
    """Sort the observer's samples (so far) into windows."""
    for line in path.read_text().splitlines():
        row = orjson.loads(line)
        for w in windows:
            if w.start <= row["t"] < w.end and row["kind"] in ("health", "action"):
                (w.health if row["kind"] == "health" else w.actions).append(row["ms"])


def _health_errors(path: Path) -> list[str]:
    """Every /health poll that was not answered 200, at any time."""
    rows = [orjson.loads(line) for line in path.read_text().splitlines()]
    return [f"/health failed at {r['t']:.2f}" for r in rows if r["kind"] == "health_error"]


async def _attack(
    proxy: Proxy, server: ServerProcess, round_: int, names: list[str]
) -> list[Window]:
    """Run the named probes (all if none) in a niced attack process; their windows."""
    attack = await asyncio.create_subprocess_exec(
        *("nice", "-n", "10", sys.executable, "-m", "tests.hostile.attack"),
        *(proxy.url, str(server.pid), str(server.db), str(REQUEST_TIMEOUT), str(round_)),
        *names,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        out, _ = await asyncio.wait_for(attack.communicate(), ATTACK_TIMEOUT)
    finally:
        if attack.returncode is None:
            attack.kill()
            await attack.wait()
    assert attack.returncode == 0, "the attack process failed"
    windows = []
    for line in out.decode().splitlines():
        row = orjson.loads(line)
        window = Window(row["probe"], row["start"], row["end"], row["failure"])
        window.runs = row["runs"]
        windows.append(window)
    return windows


def _slow(w: Window, limit: float) -> list[str]:
    """What ``w`` missed of the latency bars."""
    missed = []
    slowest = max(w.health, default=0.0)
    if not w.health:
        missed.append(f"{w.name}: no /health answer during the probe")
    if slowest > HEALTH_LIMIT_MS:
        missed.append(f"{w.name}: /health took {slowest:.1f} ms")
    if w.actions and p99(w.actions) > limit:
        missed.append(f"{w.name}: honest action p99 {p99(w.actions):.1f} ms > {limit:.1f}")
    return missed


def _line(w: Window) -> str:
    return (
        f"{w.name}: {w.runs} run(s) in {w.end - w.start:.1f} s, "
        f"/health max {max(w.health, default=0.0):.1f} ms ({len(w.health)}), "
        f"actions p99 {p99(w.actions) if w.actions else 0:.1f} ms ({len(w.actions)})"
    )


async def test_hostile_probes_keep_the_server_up_and_honest_play_fast(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path, MANTIMON_BOT_THINK_SECONDS="0")
    await server.start()
    try:
        proxy = Proxy(f"127.0.0.1:{server.port}", REQUEST_TIMEOUT)
    except BaseException:  # no HAProxy: skipped (or failed under CI) with the reason
        server.stop()
        raise
    proxy.wait_until(200, "/ready")
    samples = tmp_path / "observer.jsonl"
    with samples.open("wb") as out:
        observer = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.observer", proxy.url, server.url, "900"],
            stdout=out,
        )

    async def quiet() -> Window:
        window = Window("quiet", time.time(), time.time() + QUIET_SECONDS)
        await asyncio.sleep(QUIET_SECONDS)
        return window

    problems: list[str] = []
    report: list[str] = []
    try:
        await asyncio.sleep(WARMUP_SECONDS)
        before = await quiet()
        first = await _attack(proxy, server, 0, [])
        assert [w.name for w in first] == list(PROBES), "not every probe ran"
        after = await quiet()
        _samples(samples, [before, after, *first])
        calm = before.actions + after.actions
        assert len(calm) >= 100 and before.health, "the observer did not play"
        limit = P99_FACTOR * p99(calm)
        report.append(f"quiet: action p99 {p99(calm):.1f} ms (limit {limit:.1f} ms)")
        again = [w.name for w in first if _slow(w, limit)]
        second = await _attack(proxy, server, 1, again) if again else []
        await asyncio.sleep(1.0)
        _samples(samples, second)
        alive = server.alive()
    finally:
        observer.terminate()
        observer.wait(10)
        proxy.stop()
        server.stop()
    assert observer.returncode in (0, -15), f"the observer failed ({observer.returncode})"
    assert alive, "the server died"
    problems += _health_errors(samples)
    retried = {w.name: w for w in second}
    for w in first:
        report.append(_line(w))
        if w.failure:
            problems.append(f"{w.name}: {w.failure}")
        if w.name in retried:
            report.append("  again: " + _line(retried[w.name]))
            if retried[w.name].failure:
                problems.append(f"{w.name} (again): {retried[w.name].failure}")
            problems += _slow(retried[w.name], limit)
    print("\n".join(report))
    assert not problems, "\n".join([*problems, "", *report])
