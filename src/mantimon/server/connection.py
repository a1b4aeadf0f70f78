"""One client socket as the hub sees it: identity, bound games, rate limit, and an outbox.

Sending never blocks a game: ``send`` appends to the socket's outbox and a flush task
writes it out in order. The flush task starts eagerly (Python 3.12+): it runs inside
``send`` until it would wait, and a socket whose transport takes the bytes at once (the
usual case) is written before ``send`` returns, without a trip through the event loop per
message. Only a socket that cannot keep up leaves a suspended flush behind, and one whose
outbox then grows past ``OUTBOX_LIMIT`` is disconnected rather than allowed to hold
memory or stall others.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from mantimon.session.ratelimit import TokenBucket

_ids = itertools.count(1)
OUTBOX_LIMIT = 1024


def _start(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """A task that runs ``coro`` at once up to its first wait where the runtime can
    (``eager_task_factory``, 3.12+), else an ordinary task."""
    loop = asyncio.get_running_loop()
    eager = getattr(asyncio, "eager_task_factory", None)
    if eager is not None:
        task: asyncio.Task[None] = eager(loop, coro)
        return task
    return loop.create_task(coro)


class Connection:
    def __init__(
        self,
        user_id: str,
        send_text: Callable[[str], Awaitable[None]],
        close: Callable[[int], Coroutine[Any, Any, None]],
        bucket: TokenBucket,
    ) -> None:
        self.id = next(_ids)
        self.user_id = user_id
        self._send_text = send_text
        self._close = close
        self.bucket = bucket
        self.games: set[str] = set()  # games this socket is bound to (plays or watches)
        self.outbox: deque[str] = deque()
        self.closed = False
        self._flush_task: asyncio.Task[None] | None = None

    def send(self, text: str) -> None:
        if self.closed:
            return
        if len(self.outbox) >= OUTBOX_LIMIT:
            self.closed = True
            self.outbox.clear()
            asyncio.get_running_loop().create_task(self._close(1013))
            return
        self.outbox.append(text)
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = _start(self._flush())

    async def _flush(self) -> None:
        outbox = self.outbox
        while outbox and not self.closed:
            try:
                await self._send_text(outbox.popleft())
            except Exception:
                self.closed = True
                outbox.clear()

    async def finish(self, code: int | None = None) -> None:
        """Flush what is queued, then close the socket (``code``)."""
        task = self._flush_task
        if task is not None and not task.done():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), timeout=2.0)
            task.cancel()
        self.closed = True
        if code is not None:
            with contextlib.suppress(Exception):
                await self._close(code)
