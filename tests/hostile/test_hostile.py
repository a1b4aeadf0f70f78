"""The hostile suite: every attack of issue 11 against a real server, with an honest game
running alongside.

The server runs as deployed (README, "Deployment"): ``mantimon serve`` with its defaults
(SQLite) as a child process, behind Debian's HAProxy with the committed ``deploy/haproxy.cfg``.
One observer process (four honest players against server bots plus a ``/health`` poll,
``observer``) runs while an attack process (``attack``, at a lower CPU priority, as if on
another machine) runs the probes (``probes``) one after another through the proxy, each from
a loopback address of its own. Then the samples are judged per probe window:

* the server is up after every probe and answers ``/health`` within 50 ms throughout;
* the honest players' action round trip p99 stays within 3x the quiet baseline's p99,
  measured in the same run before the first probe;
* each probe's own assertions (the limit that catches it, what it may cost) hold.

Every failing probe is reported, not just the first.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from tests.deploy.proxy import Proxy
from tests.hostile.probes import PROBES
from tests.server.process import ServerProcess

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


def _samples(path: Path, windows: list[Window]) -> list[str]:
    """Sort the observer's samples into windows; returns the health errors it saw."""
    errors = []
    for line in path.read_text().splitlines():
        row = orjson.loads(line)
        if row["kind"] == "health_error":
            errors.append(f"/health failed at {row['t']:.2f}")
        for w in windows:
            if w.start <= row["t"] < w.end:
                (w.health if row["kind"] == "health" else w.actions).append(row["ms"])
    return errors


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
            [sys.executable, "-m", "tests.hostile.observer", proxy.url, server.url, "600"],
            stdout=out,
        )
    windows: list[Window] = []
    attack: asyncio.subprocess.Process | None = None
    try:
        await asyncio.sleep(WARMUP_SECONDS)
        windows.append(Window("quiet", time.time(), time.time() + QUIET_SECONDS))
        await asyncio.sleep(QUIET_SECONDS)
        attack = await asyncio.create_subprocess_exec(
            *("nice", "-n", "10", sys.executable, "-m", "tests.hostile.attack"),
            *(proxy.url, str(server.pid), str(server.db), str(REQUEST_TIMEOUT)),
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await asyncio.wait_for(attack.communicate(), ATTACK_TIMEOUT)
        for line in out.decode().splitlines():
            row = orjson.loads(line)
            window = Window(row["probe"], row["start"], row["end"], row["failure"])
            window.runs = row["runs"]
            windows.append(window)
        await asyncio.sleep(1.0)
        alive = server.alive()
    finally:
        if attack is not None and attack.returncode is None:
            attack.kill()
            await attack.wait()
        observer.terminate()
        observer.wait(10)
        proxy.stop()
        server.stop()
    assert observer.returncode in (0, -15), f"the observer failed ({observer.returncode})"
    assert attack is not None and attack.returncode == 0, "the attack process failed"
    assert alive, "the server died"
    assert [w.name for w in windows[1:]] == list(PROBES), "not every probe ran"
    health_errors = _samples(samples, windows)
    quiet = windows[0]
    assert len(quiet.actions) >= 50 and len(quiet.health) >= 50, "the observer did not play"
    limit = P99_FACTOR * p99(quiet.actions)
    problems = [*health_errors]
    report = [f"quiet: action p99 {p99(quiet.actions):.1f} ms (limit {limit:.1f} ms)"]
    for w in windows[1:]:
        slowest = max(w.health, default=0.0)
        line = (
            f"{w.name}: {w.runs} run(s) in {w.end - w.start:.1f} s, /health max {slowest:.1f} ms "
            f"({len(w.health)}), actions p99 {p99(w.actions) if w.actions else 0:.1f} ms "
            f"({len(w.actions)})"
        )
        report.append(line)
        if w.failure:
            problems.append(f"{w.name}: {w.failure}")
        if not w.health:
            problems.append(f"{w.name}: no /health answer during the probe")
        if slowest > HEALTH_LIMIT_MS:
            problems.append(f"{w.name}: /health took {slowest:.1f} ms")
        if w.actions and p99(w.actions) > limit:
            problems.append(f"{w.name}: honest action p99 {p99(w.actions):.1f} ms > {limit:.1f}")
    print("\n".join(report))
    assert not problems, "\n".join([*problems, "", *report])
