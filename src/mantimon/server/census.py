"""A census of the server's live objects by type, written to the log on ``SIGUSR1``.

What lives here: ``census`` (count the objects the garbage collector tracks, by type, after
a full collection) and ``install``, which makes ``kill -USR1 <pid>`` log one census line.
What must not: any way for a client to ask for it.

Why a signal and the log: finding what a long-running server keeps (closed sockets,
finished games) needs a count of its objects while it runs, and that count says a lot
about everyone's games, so it must reach only whoever already operates the process. A
signal can be sent only by the process's own user (or root), and the log is theirs; no
port, route or token is added that could be found, guessed or left open. ``bench/
soak_bench.py`` reads the line from the server's log.

The census runs a full collection first: what a count is after is what is still
*reachable*; cyclic garbage that the serving collector policy (``collector.py``) leaves for
its timer is reported apart, as ``collected``. What ``mantimon serve`` froze at start-up
(``collector.settle_garbage_collector``: the card pool, modules) is not counted, so the
first census of a fresh server is small and what grows stands out. It pauses the server
for as long as one full collection takes (tens of milliseconds); it is for diagnosis, not
for a timer.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections import Counter

import orjson

log = logging.getLogger(__name__)

CENSUS_PREFIX = "census "  # the log line: this prefix, then one JSON object


def census(top: int | None = None) -> dict[str, object]:
    """``{"collected": n, "objects": total, "by_type": {"module.Type": count, ...}}`` after a
    full collection, the ``top`` most common types (all if None), most common first."""
    collected = gc.collect()
    counts = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())
    return {
        "collected": collected,
        "objects": sum(counts.values()),
        "by_type": dict(counts.most_common(top)),
    }


def _log_census() -> None:
    # WARNING: an operator asked for it, so it is written whatever the log level.
    log.warning("%s%s", CENSUS_PREFIX, orjson.dumps(census()).decode())


def install(loop: asyncio.AbstractEventLoop) -> bool:
    """Log a census on ``SIGUSR1`` (from the loop, between two steps of any game). False
    where signals cannot be handled here (not the main thread, or no SIGUSR1)."""
    usr1 = getattr(signal, "SIGUSR1", None)
    if usr1 is None:
        return False
    try:
        loop.add_signal_handler(usr1, _log_census)
    except (ValueError, RuntimeError, NotImplementedError):
        return False
    return True


def uninstall(loop: asyncio.AbstractEventLoop) -> None:
    usr1 = getattr(signal, "SIGUSR1", None)
    if usr1 is not None:
        loop.remove_signal_handler(usr1)
