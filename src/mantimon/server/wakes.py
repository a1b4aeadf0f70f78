"""The timer heap: wake each game at the time its session asked for.

What lives here: ``Wakes``, a heap of (when, game id) with at most one live entry per game,
and the loop that hands each due game to a callback (which runs it as its own task, so a
slow game does not hold back the others). What must not: what a wake does (the session's
``tick`` and hosted bots, called by the hub).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
from collections.abc import Callable
from typing import Any

MAX_SLEEP = 60.0


class Wakes:
    def __init__(self, clock: Callable[[], float], due: Callable[[str], Any]) -> None:
        self.clock = clock
        self.due = due
        self.heap: list[tuple[float, str]] = []
        self.scheduled: dict[str, float] = {}  # each game's earliest wake in the heap
        self._changed = asyncio.Event()

    def at(self, game_id: str, wake: float | None) -> None:
        """Make sure ``game_id`` is woken by ``wake``. A later wake needs no entry (when the
        earlier entry fires, the game is asked again). An earlier one (a bot due now,
        before a turn clock) leaves the later entry behind; once those outnumber the
        games, the heap is rebuilt from ``scheduled``, so it stays the size of the game
        list instead of growing by an entry per move until each deadline passes."""
        if wake is None:
            return
        current = self.scheduled.get(game_id)
        if current is not None and current <= wake:
            return
        self.scheduled[game_id] = wake
        if len(self.heap) > 2 * len(self.scheduled) + 16:
            self.heap = [(when, gid) for gid, when in self.scheduled.items()]
            heapq.heapify(self.heap)
        else:
            heapq.heappush(self.heap, (wake, game_id))
        if self.heap[0][1] == game_id:
            self._changed.set()

    def drop(self, game_id: str) -> None:
        """A forgotten game: its heap entry is skipped when it comes up."""
        self.scheduled.pop(game_id, None)

    async def run(self) -> None:
        while True:
            now = self.clock()
            while self.heap and self.heap[0][0] <= now:
                when, game_id = heapq.heappop(self.heap)
                if self.scheduled.get(game_id) == when:
                    del self.scheduled[game_id]
                    self.due(game_id)
            timeout = self.heap[0][0] - self.clock() if self.heap else MAX_SLEEP
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(0.0, min(timeout, MAX_SLEEP)))
