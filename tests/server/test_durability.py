"""Durability: the server runs as a subprocess on SQLite; it is killed with SIGKILL in the
middle of a game and started again. Every acknowledged action is in the action log, the
game goes on from where it was, and turn deadlines resume (they are stored)."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx
import pytest
import websockets

from mantimon.bots import GreedyBot
from mantimon.client import Client, PlayReport, play
from mantimon.storage.sql import create_store
from tests.server.harness import GAME_SEED, RawSocket, free_port

SECRET = "durability-secret-" + "d" * 40


class ServerProcess:
    def __init__(self, tmp: Path, **env: str) -> None:
        self.port = free_port()
        self.db = tmp / "mantimon.db"
        self.env = {
            **os.environ,
            "MANTIMON_JWT_SECRET": SECRET,
            "MANTIMON_BOT_THINK_SECONDS": "0.02",
            "MANTIMON_GAME_SEED": str(GAME_SEED),
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = tmp / "server.log"
        self._out: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.db}"

    async def start(self) -> None:
        cmd = [
            sys.executable, "-c", "from mantimon.cli import app; app()", "serve",
            "--port", str(self.port), "--database-url", self.db_url,
            "--var-dir", str(self.db.parent), "--log-level", "warning",
        ]  # fmt: skip
        self._close_log()
        self._out = self.log.open("ab")
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=self._out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        async with httpx.AsyncClient() as http:
            while True:
                try:
                    if (await http.get(f"{self.url}/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("server did not start: " + self.log.read_text()[-2000:])
                await asyncio.sleep(0.1)

    def _close_log(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()


@pytest.fixture
def process(tmp_path: Path) -> ServerProcess:
    return ServerProcess(tmp_path, MANTIMON_TURN_SECONDS="30")


async def test_kill_9_mid_game_loses_no_acknowledged_action(process: ServerProcess) -> None:
    await process.start()
    try:
        async with Client(process.url) as ana:
            await ana.guest("Ana")
            game = await ana.create_game(opponent="bot", bot="greedy", deck="ember-rush")
            report = PlayReport(game["id"])
            async with ana.socket() as sock:
                task = asyncio.create_task(
                    play(
                        sock, game["id"], ana.user_id, GreedyBot(), random.Random(1), report=report
                    )
                )
                while len(report.acknowledged) < 12:
                    assert not task.done(), "the game ended before the server could be killed"
                    await asyncio.sleep(0.01)
                process.kill()
                with pytest.raises((websockets.ConnectionClosed, OSError, TimeoutError)):
                    await asyncio.wait_for(task, 10)  # the connection dies with the server
            acknowledged = list(report.acknowledged)
            last_event = sock.last_event_id[game["id"]]
            # every acknowledged action is in the log (its stored result proves which)
            store = await create_store(process.db_url)
            try:
                log = await store.actions(game["id"])
                mine = [a for a in log if a.player_id == ana.user_id]
                assert len(mine) >= len(acknowledged)
                for mid in acknowledged:
                    assert await store.result(game["id"], ana.user_id, mid) is not None
                assert [a.seq for a in log] == list(range(1, len(log) + 1))
            finally:
                await store.close()
            # restart: rejoin with the last event id and finish the game
            await process.start()
            async with ana.socket() as sock:
                sock.last_event_id[game["id"]] = last_event
                final = await play(sock, game["id"], ana.user_id, GreedyBot(), random.Random(2))
            assert final.end_reason is not None
            status = await ana.game(game["id"])
            assert status["status"] == "finished"
    finally:
        process.stop()


async def test_turn_deadlines_survive_a_restart(tmp_path: Path) -> None:
    limit = 4.0
    process = ServerProcess(tmp_path, MANTIMON_TURN_SECONDS=str(limit))
    await process.start()
    try:
        async with Client(process.url) as ana, Client(process.url) as bo:
            await ana.guest("Ana")
            await bo.guest("Bo")
            game = await ana.create_game(opponent="invite", deck="ember-rush")
            await bo.join_game(game["id"], "tidal-mind")
            started = time.monotonic()
            await asyncio.sleep(1.0)
            process.kill()
            await process.start()
            async with ana.socket() as sock:
                raw = RawSocket(sock)
                await sock.join(game["id"])
                expiry = await raw.until(
                    lambda m: m["type"] == "turn_timeout" and not m["is_warning"],
                    timeout=limit + 10,
                )
            elapsed = time.monotonic() - started
            assert expiry["player_id"] in (ana.user_id, bo.user_id)
            # the deadline set before the crash held: not a fresh full limit after restart
            assert elapsed < limit + 4.0
    finally:
        process.stop()
