"""A real server as a child process (``mantimon serve`` on SQLite under a temporary folder),
for tests that kill it, restart it or measure it from outside: durability, hostile input."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx

from tests.server.harness import GAME_SEED, free_port

SECRET = "process-secret-" + "d" * 40


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
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

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
