"""The serving process's policy for Python's cyclic garbage collector.

What lives here: the thresholds ``mantimon serve`` sets, and the timed full collection that
goes with them. What must not: anything a library or a test process should get by importing
the server (nothing here runs unless ``settle_garbage_collector`` is called).

Why: a game server's objects (each game's state, event log and view memos, each socket's
session) live for seconds to minutes and almost never form cycles, so the collector walks
many live objects to free next to nothing, and every walk pauses every game. Measured on the
server at 1,000 actions/s (100 games; pauses logged with gc callbacks by temporary
instrumentation, bench/RESULTS.md): with Python's default thresholds full collections
paused it for 80-200 ms every ~20 s; with (20,000, 20, 100) young collections paused it
~30 ms every 2 s and a middle collection 155-180 ms about once a minute, each pause showing
up as the p99 and maximum latency.

So objects that survive a young collection are left alone: middle and full collections
never start on their own, and a full collection runs on a timer (``collect_cycles``, every
``Settings.full_collection_seconds``, default 10 minutes) to free what cycles did become
garbage. Between two full collections that garbage waits: at the load bench's churn of ~10
games a second, some 25,000 objects a minute. In minute-long runs this took the longest
latency from 335 to 121-152 ms. Young collections stay at every 20,000 allocations: every
5,000 paused ~11 ms instead of ~27 but four times as often, for nearly twice the
collector's CPU and no better p99 (two interleaved pairs of runs).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

from mantimon.engine import default_pool

log = logging.getLogger(__name__)

YOUNG = 20_000  # allocations between young collections (Python's default: 2,000)
NEVER = 1_000_000_000  # a threshold no count reaches: that generation is left to the timer
GC_THRESHOLDS = (YOUNG, NEVER, NEVER)
COLLECTOR_TASK = "full-garbage-collections"  # the name of the server's collect_cycles task


def settle_garbage_collector() -> None:
    """Load the card pool, freeze what start-up built (never walked again) and set the
    serving thresholds. For a process that serves: it changes the whole interpreter."""
    default_pool()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def timed_collections_needed() -> bool:
    """True when the collector is on but its thresholds leave full collections to a timer
    (``settle_garbage_collector`` was called)."""
    return gc.isenabled() and gc.get_threshold()[1] >= NEVER


async def collect_cycles(every: float) -> None:
    """A full collection every ``every`` seconds, for as long as the task runs."""
    while True:
        await asyncio.sleep(every)
        started = time.perf_counter()
        found = gc.collect()
        log.info(
            "full garbage collection: %d unreachable objects, %.0f ms",
            found,
            (time.perf_counter() - started) * 1000,
        )
