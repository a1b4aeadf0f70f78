"""Hosted bots that search think in worker processes, not on the event loop (ADR 0012):
a whole game over real sockets where every bot decision was made in a worker, and a worker
that dies mid-game costs one fallback decision, not the game."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from pathlib import Path

import pytest

from mantimon.bots import GreedyBot
from mantimon.client import Client, play
from mantimon.server import thinking
from tests.server.harness import ServerThread
from tests.server.process import ServerProcess


def _decisions(server: ServerThread) -> dict[str, float]:
    counter = server.hub.metrics.bot_decisions
    return {where: counter.labels(where)._value.get() for where in ("loop", "worker", "fallback")}


@pytest.fixture
def searching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every bot is sent to the workers as a searching bot would be (the workers run the
    real registry: ``greedy`` there decides fast, so the test does too)."""
    monkeypatch.setattr(thinking, "off_loop", lambda name: True)


async def test_a_searching_bot_decides_every_move_in_a_worker(
    tmp_path: Path, searching: None
) -> None:
    srv = ServerThread(tmp_path, bot_workers=1).start()
    client = Client(srv.url)
    try:
        await client.guest("Ana")
        game = await client.create_game(opponent="bot", bot="greedy", deck="ember-rush")
        async with client.socket() as sock:
            report = await play(sock, game["id"], client.user_id, GreedyBot(), random.Random(4))
        assert report.end_reason is not None and report.refused == 0 and not report.errors
        made = _decisions(srv)
        assert made["worker"] > 5 and made["loop"] == 0 and made["fallback"] == 0
        pool = srv.hub.thinkers._pool
        assert pool is not None
        workers = list(pool._processes)  # the decisions ran in other processes
        assert workers and os.getpid() not in workers
    finally:
        await client.close()
        srv.stop()


async def test_a_worker_that_dies_costs_one_fallback_decision_not_the_game(
    tmp_path: Path, searching: None
) -> None:
    srv = ServerThread(tmp_path, bot_workers=1).start()
    client = Client(srv.url)
    try:
        await client.guest("Bo")
        first = await client.create_game(opponent="bot", bot="greedy", deck="ember-rush")
        async with client.socket() as sock:
            await play(sock, first["id"], client.user_id, GreedyBot(), random.Random(5))
        pool = srv.hub.thinkers._pool
        assert pool is not None
        for pid in list(pool._processes):
            os.kill(pid, signal.SIGKILL)
        game = await client.create_game(opponent="bot", bot="greedy", deck="ember-rush")
        async with client.socket() as sock:
            report = await play(sock, game["id"], client.user_id, GreedyBot(), random.Random(6))
        assert report.end_reason is not None and report.refused == 0 and not report.errors
        made = _decisions(srv)
        assert made["fallback"] >= 1  # the move the dead worker owed, decided on the loop
        assert made["worker"] > made["fallback"]  # then a new pool took over again
    finally:
        await client.close()
        srv.stop()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("how", ["kill -9", "terminate"])
async def test_the_bot_workers_leave_with_the_server(tmp_path: Path, how: str) -> None:
    """However the server ends, its bot workers do not linger (an orphaned worker waited
    forever on its queue, holding the server's output pipes)."""
    server = ServerProcess(tmp_path, MANTIMON_BOT_WORKERS="1")
    await server.start()
    client = Client(server.url)
    try:
        await client.guest("Cy")
        await client.create_game(opponent="bot", bot="hard", deck="ember-rush")  # it sets up
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while not workers and time.monotonic() < deadline:
            workers = {p for p in _children(server.pid) if "spawn_main" in _cmdline(p)}
            await asyncio.sleep(0.1)
        assert workers, "no bot worker started"
    finally:
        await client.close()
    if how == "kill -9":
        server.kill()
    server.stop()  # after a kill: closes its log
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{p}").exists() and _state(p) != "Z" for p in workers):
        left = {p: (_state(p), _cmdline(p)[:60]) for p in workers if Path(f"/proc/{p}").exists()}
        assert time.monotonic() < deadline, f"bot workers outlived the server ({how}): {left}"
        await asyncio.sleep(0.1)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"
