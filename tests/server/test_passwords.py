"""Password work runs off the event loop, at bounded concurrency, and costs the same for
usernames that do not exist.

argon2's ``hash`` and ``verify`` are wrapped to count calls and to wait at a gate the test
opens: while a login sits inside ``verify``, the server must still answer ``/health`` (on
the event loop it could not answer at all), a login beyond the workers and queue must be
refused with 503 + Retry-After, and an unknown username must go through argon2 exactly as
a known one does. Nothing here depends on how fast argon2 is.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from mantimon.server.passwords import PasswordWork
from tests.server.harness import HTTP_TIMEOUT, ServerThread, wait_for

GOOD = {"username": "hasher", "password": "a quiet harbor"}


class Gate:
    """Wraps ``PasswordHasher.hash``/``verify``: counts calls and, while closed, holds
    each call until the test opens it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.entered = threading.Semaphore(0)
        self.calls: Counter[str] = Counter()
        for name in ("hash", "verify"):
            real = getattr(PasswordHasher, name)
            monkeypatch.setattr(PasswordHasher, name, self._wrap(name, real))

    def _wrap(self, name: str, real: Any) -> Any:
        def gated(hasher: PasswordHasher, *args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            self.entered.release()
            if not self.open.wait(timeout=30):
                raise RuntimeError("the gate was never opened")
            return real(hasher, *args, **kwargs)

        return gated

    def close(self) -> None:
        """Hold every call from now on (the calls counted so far are forgotten)."""
        self.entered = threading.Semaphore(0)
        self.open.clear()

    async def inside(self, count: int = 1) -> None:
        """Wait (off the loop) until ``count`` more calls are held at the gate."""
        for _ in range(count):
            assert await asyncio.to_thread(self.entered.acquire, True, 10), "no call arrived"


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    g = Gate(monkeypatch)
    yield g
    g.open.set()


@pytest.fixture
def server(tmp_path: Path, gate: Gate) -> Iterator[ServerThread]:
    srv = ServerThread(tmp_path, password_workers=1, password_queue=1).start()
    yield srv
    gate.open.set()
    srv.stop()


async def test_a_login_in_progress_does_not_stall_the_server(
    server: ServerThread, gate: Gate
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        assert (await http.post("/api/auth/register", json=GOOD)).status_code == 201
        gate.close()
        login = asyncio.create_task(http.post("/api/auth/login", json=GOOD))
        await gate.inside()
        try:
            health = await http.get("/health", timeout=5)  # answered while argon2 works
            assert health.status_code == 200
        finally:
            gate.open.set()
        assert (await login).status_code == 200


async def test_logins_beyond_the_workers_and_queue_get_503(
    server: ServerThread, gate: Gate
) -> None:
    """Three clients log in at once (from three addresses: one address's logins take
    turns, ``server.inturn``, so it never holds more than one place)."""

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.AsyncHTTPTransport(local_address=address)
        return httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT, transport=transport)

    async with client("127.0.0.2") as ana, client("127.0.0.3") as bo, client("127.0.0.4") as cy:
        assert (await ana.post("/api/auth/register", json=GOOD)).status_code == 201
        gate.close()
        running = asyncio.create_task(ana.post("/api/auth/login", json=GOOD))
        await gate.inside()  # one worker busy
        waiting = asyncio.create_task(bo.post("/api/auth/login", json=GOOD))
        work = server.app.state.services.passwords
        await wait_for(lambda: work.admitted == 2)  # the second waits in the queue (1 place)
        try:
            refused = await cy.post("/api/auth/login", json=GOOD, timeout=5)
            assert refused.status_code == 503, refused.text
            assert refused.json()["error"]["code"] == "server_busy"
            assert int(refused.headers["retry-after"]) >= 1
        finally:
            gate.open.set()
        assert (await running).status_code == 200
        assert (await waiting).status_code == 200


async def test_unknown_usernames_cost_one_argon2_call_like_known_ones(
    server: ServerThread, gate: Gate
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        assert (await http.post("/api/auth/register", json=GOOD)).status_code == 201
        for username in ("hasher", "nobody1", "nobody2", "HASHER", "nobody3"):
            before = gate.calls.total()
            body = {"username": username, "password": "wrong password"}
            assert (await http.post("/api/auth/login", json=body)).status_code == 401
            assert gate.calls.total() - before == 1, username


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread priorities are Linux's")
async def test_hashing_threads_run_at_the_lowest_priority() -> None:
    """argon2 runs its four lanes on threads it starts from the worker, which inherit the
    worker's nice value: at 19 they take no CPU the event loop wants."""
    work = PasswordWork()
    try:
        nice = await asyncio.get_running_loop().run_in_executor(
            work._pool, lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        )
        assert nice == 19
        assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) != 19
        assert await work.verify(await work.hash("a quiet harbor"), "a quiet harbor")
    finally:
        work.close()
