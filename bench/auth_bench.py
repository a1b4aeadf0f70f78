"""Password hashing under load: does a burst of logins stall the game loop?

Starts ``mantimon serve`` as a subprocess on SQLite (its login throttles opened wide: this
measures hashing, not refusals), registers an account, and keeps one game against a server
bot going from a WebSocket client. It then measures, first quietly and then while
``--loops`` clients log in as fast as they are answered:

* ``/health`` latency (polled every 50 ms);
* a game action's latency (``action`` -> ``action_result``, a random legal action);
* the logins answered per second and their statuses.

Last it times logins with a wrong password for the registered username and for usernames
that do not exist: the two must cost the same, or the time tells which usernames exist.
Prints numbers; asserts nothing.

    .venv/bin/python bench/auth_bench.py
    .venv/bin/python bench/auth_bench.py --loops 8 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import orjson
import websockets

SECRET = "auth-bench-secret-" + "s" * 40
PASSWORD = "correct horse battery staple"
WIDE_OPEN = {  # throttles that would otherwise refuse the bench's own traffic
    "MANTIMON_LOGIN_FAILURES_BURST": "1000000",
    "MANTIMON_LOGINS_PER_CLIENT_BURST": "1000000",
    "MANTIMON_LOGINS_PER_CLIENT_PER_MINUTE": "1000000",
    "MANTIMON_SIGNUPS_PER_CLIENT_BURST": "1000000",
    "MANTIMON_GAMES_PER_CLIENT_BURST": "1000000",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


class Phase:
    def __init__(self) -> None:
        self.health: list[float] = []
        self.actions: list[float] = []
        self.logins: Counter[int] = Counter()


async def poll_health(http: httpx.AsyncClient, phase: list[Phase]) -> None:
    while True:
        t0 = time.perf_counter()
        await http.get("/health")
        phase[0].health.append(time.perf_counter() - t0)
        await asyncio.sleep(0.05)


async def play(http: httpx.AsyncClient, ws_url: str, phase: list[Phase]) -> None:
    """Games against the random server bot, one after another; times every own action."""
    rng = random.Random(7)
    me = (await http.post("/api/auth/guest", json={"name": "Timer"})).json()
    headers = {"authorization": f"Bearer {me['access_token']}"}
    async with websockets.connect(
        f"{ws_url}?token={me['access_token']}", max_size=None, ping_interval=None
    ) as ws:
        n = 0
        while True:
            body = {"opponent": "bot", "bot": "random", "turn_seconds": 600}
            game = (await http.post("/api/games", json=body, headers=headers)).json()
            await ws.send(
                orjson.dumps(
                    {"type": "join_game", "message_id": f"j{n}", "game_id": game["id"]}
                ).decode()
            )
            sent: float | None = None
            while True:
                msg = orjson.loads(await ws.recv())
                if msg["type"] == "game_over":
                    break
                if msg["type"] == "action_result" and sent is not None:
                    phase[0].actions.append(time.perf_counter() - sent)
                    sent = None
                if msg["type"] != "game_state" or sent is not None:
                    continue
                if me["user"]["id"] not in msg["state"]["waiting_for"]:
                    continue
                options = [a for a in msg["state"]["legal_actions"] if a["type"] != "resign"]
                if not options:
                    continue
                n += 1
                frame = {
                    "type": "action",
                    "message_id": f"a{n}",
                    "game_id": game["id"],
                    "action": rng.choice(options),
                }
                await asyncio.sleep(0.02)  # a player who thinks, not a closed loop
                sent = time.perf_counter()
                await ws.send(orjson.dumps(frame).decode())


async def login_loop(http: httpx.AsyncClient, username: str, phase: list[Phase]) -> None:
    while True:
        r = await http.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        phase[0].logins[r.status_code] += 1
        if r.status_code in (429, 503):
            await asyncio.sleep(float(r.headers.get("retry-after", "1")))


async def timed_logins(http: httpx.AsyncClient, usernames: list[str]) -> list[float]:
    times = []
    for name in usernames:
        t0 = time.perf_counter()
        await http.post("/api/auth/login", json={"username": name, "password": "wrong-password"})
        times.append(time.perf_counter() - t0)
    return times


def report(name: str, phase: Phase, seconds: float) -> None:
    logins = sum(phase.logins.values())
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(phase.logins.items())) or "none"
    print(
        f"{name:>8}: /health p50 {ms(phase.health, 0.5):6.1f} ms  p99 {ms(phase.health, 0.99):6.1f}"
        f"  max {ms(phase.health, 1.0):6.1f} | action p50 {ms(phase.actions, 0.5):6.1f} ms"
        f"  p99 {ms(phase.actions, 0.99):6.1f}  (n={len(phase.actions)})"
        f" | logins {logins / seconds:5.1f}/s ({statuses})"
    )


async def measure(args: argparse.Namespace, port: int) -> None:
    base, ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws"
    limits = httpx.Limits(max_connections=args.loops + 8)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        r = await http.post("/api/auth/register", json={"username": "benchy", "password": PASSWORD})
        r.raise_for_status()
        phase = [Phase()]
        background = [
            asyncio.create_task(poll_health(http, phase)),
            asyncio.create_task(play(http, ws_url, phase)),
        ]
        await asyncio.sleep(2)  # the first game is dealt
        quiet = phase[0] = Phase()
        await asyncio.sleep(args.seconds)
        busy = phase[0] = Phase()
        loops = [asyncio.create_task(login_loop(http, "benchy", phase)) for _ in range(args.loops)]
        await asyncio.sleep(args.seconds)
        for task in [*loops, *background]:
            task.cancel()
        await asyncio.gather(*loops, *background, return_exceptions=True)
        print(f"{args.loops} login loops, {args.seconds:g} s per phase")
        report("quiet", quiet, args.seconds)
        report("logins", busy, args.seconds)
        await asyncio.sleep(1)
        known = await timed_logins(http, ["benchy"] * args.probes)
        unknown = await timed_logins(http, [f"nobody{i}" for i in range(args.probes)])
        print(
            f"wrong password, {args.probes} each: known username median "
            f"{statistics.median(known) * 1000:.1f} ms, unknown username median "
            f"{statistics.median(unknown) * 1000:.1f} ms"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loops", type=int, default=8, help="parallel login loops")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--probes", type=int, default=20, help="timed logins per username kind")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mantimon-auth-"))
    port = free_port()
    env = {**os.environ, "MANTIMON_JWT_SECRET": SECRET, "MANTIMON_BOT_THINK_SECONDS": "0.05"}
    env.update(WIDE_OPEN)
    cmd = [
        sys.executable, "-c", "from mantimon.cli import app; app()", "serve",
        "--port", str(port), "--var-dir", str(tmp), "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, env=env)
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"http://127.0.0.1:{port}/ready")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
        await measure(args, port)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
