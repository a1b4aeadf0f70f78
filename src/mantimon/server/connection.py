"""One client socket as the hub sees it: identity, bound games, rate limit, and an outbox.

Sending never blocks a game: messages go into a bounded queue that a per-socket task
drains. A client too slow to keep up (queue full) is disconnected rather than allowed to
hold memory or stall others.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from mantimon.session.ratelimit import TokenBucket

_ids = itertools.count(1)
OUTBOX_LIMIT = 1024


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
        self.games: set[str] = set()  # games this socket plays in
        self.watching: set[str] = set()  # games this socket spectates
        self.outbox: asyncio.Queue[str | None] = asyncio.Queue(OUTBOX_LIMIT)
        self.closed = False
        self._pump: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._pump = asyncio.create_task(self._drain(), name=f"conn-{self.id}")

    def send(self, text: str) -> None:
        if self.closed:
            return
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            self.closed = True
            asyncio.get_running_loop().create_task(self._close(1013))

    async def _drain(self) -> None:
        while True:
            text = await self.outbox.get()
            if text is None:
                return
            try:
                await self._send_text(text)
            except Exception:
                self.closed = True
                return

    async def finish(self, code: int | None = None) -> None:
        """Flush what is queued, then close the socket (``code``) and stop the pump."""
        if self._pump is not None and not self._pump.done():
            with contextlib.suppress(asyncio.QueueFull):
                self.outbox.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._pump, timeout=2.0)
            self._pump.cancel()
        self.closed = True
        if code is not None:
            with contextlib.suppress(Exception):
                await self._close(code)
