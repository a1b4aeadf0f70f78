"""Hostile-input probes against a real server: what each one costs the server.

Starts ``mantimon serve`` as a subprocess on SQLite (as a fresh clone runs it) and runs the
probes of issue 11's "stalls and unbounded growth", printing what each did to the server:

* ``refusals``: 400 refused actions with unique ``message_id``s (60 KB, then 128
  characters) from 10 sockets: growth of the SQLite file plus its WAL.
* ``unknown-ids``: 800 ``join_game``/``action`` frames naming games that do not exist
  (60 KB ids, then 64-character ids): growth of the server's resident memory.
* ``validate``: ``POST /api/decks/validate`` with a 66,000-key card map (under 1 MB, no
  login): its answer and time, and the slowest ``/health`` answered meanwhile.
* ``big-frames``: 30 sockets each sending one 3.9 MB frame: the server's peak and final
  resident memory.
* ``slow-requests``: 140 connections that send a request's first line and then a header
  byte every second: how many are still open after 20 s, straight to the server and,
  where ``haproxy`` is installed, through ``deploy/haproxy.cfg``.

It uses only ``httpx``, ``websockets`` and the standard library, so the same script
measures any checkout: ``PYTHONPATH=<checkout>/src python bench/hostile_bench.py``.

    .venv/bin/python bench/hostile_bench.py                 # every probe, ~2 minutes
    .venv/bin/python bench/hostile_bench.py --probe validate
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import orjson
import websockets

SECRET = "hostile-bench-secret-" + "s" * 40
CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "haproxy.cfg"
MIB = 1024 * 1024
OPENED_LIMITS = (
    "MAX_SOCKETS_PER_USER",
    "SIGNUPS_PER_CLIENT_BURST",
    "GAMES_PER_CLIENT_BURST",
    "MAX_LIVE_GAMES_PER_USER",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory (or its peak: ``VmHWM``) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field}")


class Server:
    """``mantimon serve`` on SQLite in a temporary folder."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="hostile-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "MANTIMON_JWT_SECRET": SECRET,
            "MANTIMON_BOT_THINK_SECONDS": "60",
            # The probes measure what each attack costs once it is let in, so the limits
            # that would refuse the attacker early are opened (a checkout without them
            # ignores these).
            **{f"MANTIMON_{name}": "1000000" for name in OPENED_LIMITS},
        }
        cmd = [
            sys.executable, "-c", "from mantimon.cli import app; app()", "serve",
            "--port", str(self.port), "--var-dir", str(self.tmp), "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)

    async def ready(self) -> None:
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(self.url + "/ready")).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise RuntimeError("the server did not start")

    def db_mib(self) -> float:
        return sum(p.stat().st_size for p in self.tmp.glob("mantimon.db*")) / MIB

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    async def guest(self, http: httpx.AsyncClient, name: str) -> str:
        r = await http.post(self.url + "/api/auth/guest", json={"name": name})
        token: str = r.json()["access_token"]
        return token

    async def socket(self, token: str) -> websockets.ClientConnection:
        url = f"ws://127.0.0.1:{self.port}/ws?token={token}"
        return await websockets.connect(url, max_size=16 * MIB, ping_interval=None)


async def replies(ws: websockets.ClientConnection, count: int, timeout: float = 60) -> int:
    """Read up to ``count`` frames (fewer if the socket closes or goes quiet)."""
    got = 0
    with contextlib.suppress(websockets.ConnectionClosed, TimeoutError):
        while got < count:
            await asyncio.wait_for(ws.recv(), timeout)
            got += 1
    return got


async def refusals(server: Server) -> None:
    async with httpx.AsyncClient() as http:
        token = await server.guest(http, "Refuser")
        headers = {"authorization": f"Bearer {token}"}
        body = {"opponent": "bot", "bot": "random", "deck": "ember-rush"}
        game = (await http.post(server.url + "/api/games", json=body, headers=headers)).json()
    for label, size in (("60 KB", 60_000), ("128-character", 128)):
        await asyncio.sleep(1.0)
        before = server.db_mib()
        started = time.perf_counter()
        sockets = [await server.socket(token) for _ in range(10)]
        for s, ws in enumerate(sockets):
            for n in range(40):
                mid = f"{label[:2]}-{s}-{n}-".ljust(size, "x")
                frame = {"type": "action", "message_id": mid, "game_id": game["id"],
                         "action": {"type": "end_turn"}}  # fmt: skip
                await ws.send(orjson.dumps(frame).decode())
        answered = sum(await asyncio.gather(*(replies(ws, 40, 10) for ws in sockets)))
        took = time.perf_counter() - started
        for ws in sockets:
            await ws.close()
        await asyncio.sleep(1.0)
        print(
            f"refusals: 400 refused actions, {label} message ids: {answered} answered in "
            f"{took:.1f} s; database + WAL {before:.1f} -> {server.db_mib():.1f} MiB"
        )


async def unknown_ids(server: Server) -> None:
    async with httpx.AsyncClient() as http:
        token = await server.guest(http, "Namer")
    for label, size in (("60 KB", 60_000), ("64-character", 64)):
        before = rss(server.process.pid)
        sockets = [await server.socket(token) for _ in range(20)]
        for s, ws in enumerate(sockets):
            for n in range(40):
                gid = f"g-{label[:2]}-{s}-{n}-".ljust(size, "z")
                frame = {"type": ("join_game", "action")[n % 2], "message_id": f"m{n}",
                         "game_id": gid, "action": {"type": "end_turn"}}  # fmt: skip
                await ws.send(orjson.dumps(frame).decode())
        answered = sum(await asyncio.gather(*(replies(ws, 40, 10) for ws in sockets)))
        for ws in sockets:
            await ws.close()
        await asyncio.sleep(1.0)
        print(
            f"unknown-ids: 800 frames naming made-up games, {label} ids: {answered} "
            f"answered; server RSS {before:.1f} -> {rss(server.process.pid):.1f} MiB"
        )


async def validate(server: Server) -> None:
    cards = {f"k{n:06d}": 99 for n in range(66_000)}
    body = orjson.dumps({"preset": "mantimon", "cards": cards})
    done = threading.Event()
    slowest = [0.0]

    def poll_health() -> None:
        """In its own thread, so that sending the big body does not delay the polls."""
        with httpx.Client() as http:
            while not done.is_set():
                t = time.perf_counter()
                http.get(server.url + "/health")
                slowest[0] = max(slowest[0], time.perf_counter() - t)
                time.sleep(0.01)

    poller = threading.Thread(target=poll_health)
    poller.start()
    await asyncio.sleep(0.3)
    started = time.perf_counter()
    try:
        async with httpx.AsyncClient(timeout=60) as http:
            r = await http.post(
                server.url + "/api/decks/validate",
                content=body,
                headers={"content-type": "application/json"},
            )
        answer = f"{r.status_code} ({len(r.content)} bytes)"
    except httpx.HTTPError as exc:
        answer = type(exc).__name__
    took = time.perf_counter() - started
    await asyncio.sleep(0.3)
    done.set()
    poller.join()
    print(
        f"validate: {len(body) / 1000:.0f} kB body, 66,000 card ids: answered {answer} in "
        f"{took * 1000:.0f} ms; slowest /health meanwhile {slowest[0] * 1000:.0f} ms"
    )


async def big_frames(server: Server) -> None:
    async with httpx.AsyncClient() as http:
        token = await server.guest(http, "Sender")
    pid = server.process.pid
    before, peak_before = rss(pid), rss(pid, "VmHWM")
    sockets = [await server.socket(token) for _ in range(30)]
    frame = orjson.dumps({"type": "heartbeat", "pad": "x" * 3_900_000}).decode()
    await asyncio.gather(*(ws.send(frame) for ws in sockets), return_exceptions=True)
    await asyncio.gather(*(replies(ws, 2, 10) for ws in sockets))  # (an error, then the close)
    closed = sum(ws.close_code == 1009 for ws in sockets)
    await asyncio.sleep(1.0)
    after = rss(pid)
    peak = rss(pid, "VmHWM")
    for ws in sockets:
        await ws.close()
    print(
        f"big-frames: 30 sockets x 3.9 MB frame: {closed} closed with 1009; RSS "
        f"{before:.1f} -> {after:.1f} MiB (peak {max(peak, peak_before):.1f}, "
        f"{peak_before:.1f} before)"
    )


async def slow_connections(port: int, count: int, seconds: float) -> int:
    """Open ``count`` connections sending a request a header byte per second; how many
    are still open after ``seconds``."""

    async def one() -> bool:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return False
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                writer.write(b"a")
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    if not await asyncio.wait_for(reader.read(4096), 1.0):
                        return False
                    return False  # any answer (408) comes with the close
            return True
        except ConnectionError:
            return False
        finally:
            writer.close()

    return sum(await asyncio.gather(*(one() for _ in range(count))))


async def slow_requests(server: Server) -> None:
    held = await slow_connections(server.port, 140, 20)
    print(f"slow-requests: straight to the server, {held}/140 still open after 20 s")
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not (CONFIG.exists() and Path(haproxy).exists()):
        print("slow-requests: no haproxy or deploy/haproxy.cfg here: proxy not measured")
        return
    port = free_port()
    env = {**os.environ, "MANTIMON_PROXY_BIND": f"127.0.0.1:{port}",
           "MANTIMON_NODE_1": f"127.0.0.1:{server.port}"}  # fmt: skip
    proxy = subprocess.Popen(
        [haproxy, "-db", "-f", str(CONFIG)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await asyncio.sleep(1.0)
        held = await slow_connections(port, 140, 20)
        print(f"slow-requests: through deploy/haproxy.cfg, {held}/140 still open after 20 s")
    finally:
        proxy.terminate()
        proxy.wait()


PROBES: dict[str, Callable[[Server], Awaitable[None]]] = {
    "refusals": refusals,
    "unknown-ids": unknown_ids,
    "validate": validate,
    "big-frames": big_frames,
    "slow-requests": slow_requests,
}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe", choices=[*PROBES, "all"], default="all")
    args = parser.parse_args()
    import mantimon

    print(f"server code: {Path(mantimon.__file__).parent}")
    for name, probe in PROBES.items():
        if args.probe not in ("all", name):
            continue
        server = Server()  # a fresh server per probe: one probe's growth is not the next's
        try:
            await server.ready()
            await probe(server)
        finally:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
