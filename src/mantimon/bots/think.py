"""One hosted bot decision as a pure function of names and data, so it can run anywhere.

What lives here: ``decide`` (a bot name, the view its seat sees, a seed -> an action),
``decide_wire`` (the same with the view and the action as JSON, for a worker process),
``off_loop`` (whether a bot is costly enough to think in a worker) and the worker
process's start-up. What must not: scheduling, pools or clocks (the server's
``thinking`` module runs these where it wants).

Why a seed string and not a ``random.Random`` kept per seat: a decision that may run in
another process must carry everything it depends on. ``random.Random(str)`` hashes the
string with SHA-512, so the same (game, seat, move count) gives the same draws in any process
and any run, and a game dealt from a fixed seed replays bot move for bot move.

Bots are built once per process and name and must not keep anything between decisions
(``Bot``'s contract): one instance serves every game of that process.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time

from mantimon.bots.base import BOTS, Bot, make_bot
from mantimon.engine import ACTION_ADAPTER, Action, VisibleGameState, default_pool

_MADE: dict[str, Bot] = {}


def _bot(name: str) -> Bot:
    found = _MADE.get(name)
    if found is None:
        found = _MADE[name] = make_bot(name)
    return found


def off_loop(name: str) -> bool:
    """True for bots that search (their ``searches`` class attribute): their decisions
    cost up to seconds of CPU and are run in worker processes; the rule bots decide in
    well under a millisecond, less than sending the work to a worker would cost."""
    cls = BOTS.get(name)
    return bool(getattr(cls, "searches", False))


def decide(name: str, view: VisibleGameState, seed: str) -> Action:
    """The action bot ``name`` chooses from ``view`` with a generator seeded by ``seed``."""
    return _bot(name).choose(view, random.Random(seed))


def decide_wire(name: str, view_json: bytes, seed: str) -> bytes:
    """``decide`` with the view and the chosen action as JSON (what crosses processes:
    the view's JSON is smaller and quicker to move than the pickled model)."""
    view = VisibleGameState.model_validate_json(view_json)
    return ACTION_ADAPTER.dump_json(decide(name, view, seed))


def start_worker(niceness: int, server: int) -> None:
    """A worker process's start-up: lower its CPU priority by ``niceness`` (the event
    loop's process keeps the CPU when both want it), leave when the process ``server``
    does (passed in: by the time a worker runs this, its server may already be gone), and
    load the card pool once."""
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)
    threading.Thread(target=_leave_with, args=(server,), daemon=True).start()
    default_pool()


def _leave_with(parent: int, every: float = 1.0) -> None:
    """Exit as soon as ``parent`` is no longer this process's parent. A pool's worker
    waits on a queue whose writing end it holds itself, so a server that ends without
    shutting its pool down (``kill -9``, a crash, or even a plain exit) would leave its
    workers waiting forever, holding the server's output pipes."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)
