"""Where hosted bots think: searching bots in worker processes, rule bots on the loop.

What lives here: ``Thinkers``, which turns a session's ``BotTurn`` into an action: inline
for the rule bots (well under a millisecond), in a pool of worker processes for the bots
that search (``bots.think.off_loop``: up to seconds of CPU each). What must not: which
bot moves when, or whether its answer still counts (``LiveGame.bot_turn``/``bot_act``).

Why processes, not threads: a search is pure Python and holds the GIL; on a thread it
would stall every game of the server just the same. The workers start lazily (a server
without searching bots never starts one), at a lower CPU priority than the loop
(``niceness``), so on a small machine the games' own work comes first and the bots take
what is left. A decision that fails (a worker died, the pool broke) is logged, the pool
is replaced, and the seat is decided by ``FALLBACK`` on the loop instead: a game never
waits forever for a bot, and its turn clock keeps running meanwhile as for anyone.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Literal

import orjson

from mantimon.bots.think import decide, decide_wire, off_loop, start_worker
from mantimon.engine import ACTION_ADAPTER, Action
from mantimon.session.live import BotTurn

log = logging.getLogger(__name__)

FALLBACK = "normal"  # a rule bot that decides on the loop when a worker's answer is lost
Where = Literal["loop", "worker", "fallback"]


class Thinkers:
    def __init__(self, workers: int = 1, niceness: int = 10) -> None:
        self.workers = max(1, workers)
        self.niceness = niceness
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": a fresh interpreter, not a fork of a process with a running loop,
            # threads and open sockets (forking those is unsafe and copies their memory).
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(self.niceness, os.getpid()),
            )
        return self._pool

    async def decide(self, turn: BotTurn) -> tuple[Action, Where]:
        """The action for ``turn`` (from a worker for a searching bot, else on the loop)
        and where it was decided."""
        if not off_loop(turn.bot):
            return decide(turn.bot, turn.view, turn.seed), "loop"
        view_json = orjson.dumps(turn.view.model_dump(mode="json"))
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(
                self._executor(), decide_wire, turn.bot, view_json, turn.seed
            )
            action = ACTION_ADAPTER.validate_json(answer)
        except Exception:
            log.exception("bot %s could not decide in a worker; %s decides", turn.bot, FALLBACK)
            self._replace_pool()
            return decide(FALLBACK, turn.view, turn.seed), "fallback"
        return action, "worker"

    def _replace_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._replace_pool()
