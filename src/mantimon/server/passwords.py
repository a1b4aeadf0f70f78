"""Password hashing off the event loop, with bounded concurrency and memory.

What lives here: ``PasswordWork``, which runs argon2 hashes and verifications on a few
worker threads and refuses work (``Busy``) when too much is already waiting. What must
not: accounts or HTTP.

Why: an argon2id hash costs ~120-200 ms of CPU and 64 MiB of memory (argon2-cffi's
defaults). Run on the event loop, 8 clients logging in made every game on the server
wait behind them (``/health`` up to 573 ms, game actions 529 ms at the median;
bench/auth_bench.py). argon2-cffi releases the GIL while it hashes, so threads keep the
loop free; ``workers`` bounds the CPU and memory spent at once (``workers`` x 64 MiB), and
``queue`` bounds how many more may wait, so a flood of logins is refused quickly instead of
queueing without limit.

The hashing threads run at the lowest CPU priority (nice 19; on Linux a thread's nice
value is its own, and the threads argon2 starts for its lanes inherit it): with argon2's
four lanes a single hash would otherwise take both cores of a small machine from the
event loop, and every game would wait for someone's login.

Unknown usernames and accounts without a password are verified against a hash of a
random password, so a login costs the same whether or not the account exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mantimon.server.limits import Limited

T = TypeVar("T")


class Busy(Limited):
    """Too many hashes are running or waiting (the app answers 503 + ``Retry-After``)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(
            "too many sign-ins at once; try again shortly", retry_after, "server_busy", 503
        )


def _lowest_priority() -> None:
    """Run this thread, and the threads it starts, only when nothing else wants the CPU.

    Linux only: there a thread id names just this thread; elsewhere the same call would
    name a process (possibly another one), so nothing is changed."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


class PasswordWork:
    def __init__(self, workers: int = 1, queue: int = 16, hasher: PasswordHasher | None = None):
        self.hasher = hasher or PasswordHasher()
        self.workers = workers
        self.limit = workers + queue  # calls admitted at once: running + waiting
        self.admitted = 0
        self._pool = ThreadPoolExecutor(
            workers, thread_name_prefix="argon2", initializer=_lowest_priority
        )
        self._decoy: str | None = None

    async def _run(self, fn: Callable[..., T], *args: str) -> T:
        if self.admitted >= self.limit:
            raise Busy(retry_after=1.0)
        self.admitted += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)
        finally:
            self.admitted -= 1

    async def hash(self, password: str) -> str:
        return await self._run(self.hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> bool:
        """True if ``password`` matches ``stored``. ``stored`` None (no such account, or
        one without a password): False, after the same work as a real verification."""
        if stored is None:
            if self._decoy is None:  # the first time: hashing costs what verifying does
                self._decoy = await self.hash(secrets.token_urlsafe(16))
            else:
                await self._run(self._check, self._decoy, password)
            return False
        return await self._run(self._check, stored, password)

    def _check(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
