"""Group commit: many games' steps written to storage in one transaction.

Each step awaits its own commit (a step is acknowledged only after it is stored), but the
writer takes everything queued while the previous transaction ran and writes it together,
so one fsync serves many games under load. A failed batch is retried one commit at a time,
so a bad commit fails only its own step.
"""

from __future__ import annotations

import asyncio
import contextlib

from mantimon.storage import Commit, Store


class GroupWriter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._pending: list[tuple[Commit, asyncio.Future[None]]] = []
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0
        self.commits = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="group-writer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def write(self, commit: Commit) -> None:
        """Store ``commit``; returns once it is durable (raises if it could not be)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((commit, future))
        self._ready.set()
        await future

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                await self.store.commit([c for c, _ in batch])
            except Exception:
                for commit, future in batch:
                    try:
                        await self.store.commit([commit])
                    except Exception as exc:
                        if not future.done():
                            future.set_exception(exc)
                    else:
                        if not future.done():
                            future.set_result(None)
                continue
            self.batches += 1
            self.commits += len(batch)
            for _, future in batch:
                if not future.done():
                    future.set_result(None)
