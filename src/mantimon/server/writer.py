"""Group commit: many games' steps written to storage in one transaction.

Each step awaits its own commit (a step is acknowledged only after it is stored), but the
writer takes everything queued while the previous transaction ran and writes it together,
so one fsync serves many games under load. A failed batch is retried one commit at a time,
so a bad commit fails only its own step.

A step may hand over what to do once it is stored (``then``: deliver its messages). The
writer calls it right after the commit, before waking the step's task: the messages go out
one event-loop round earlier, which under load is most of an action's latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from mantimon.storage import Commit, Store

log = logging.getLogger(__name__)
Then = Callable[[], None] | None


class GroupWriter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._pending: list[tuple[Commit, Then, asyncio.Future[None]]] = []
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

    async def write(self, commit: Commit, then: Then = None) -> None:
        """Store ``commit``; returns once it is durable (raises if it could not be, and
        ``then`` is not called)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((commit, then, future))
        self._ready.set()
        await future

    @staticmethod
    def _done(then: Then, future: asyncio.Future[None]) -> None:
        if then is not None:
            try:
                then()
            except Exception:  # delivery trouble is the socket's, not the commit's
                log.exception("delivering a stored step failed")
        if not future.done():
            future.set_result(None)

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                await self.store.commit([c for c, _, _ in batch])
            except Exception:
                for commit, then, future in batch:
                    try:
                        await self.store.commit([commit])
                    except Exception as exc:
                        if not future.done():
                            future.set_exception(exc)
                    else:
                        self._done(then, future)
                continue
            self.batches += 1
            self.commits += len(batch)
            for _, then, future in batch:
                self._done(then, future)
