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

So no collection starts on its own (threshold 0: reference counting frees nearly
everything), and a full collection runs on a timer (``collect_cycles``, every
``Settings.full_collection_seconds``, default 10 minutes) to free what cycles did become
garbage, at the load bench's churn of ~10 games a second some 25,000 objects a minute.

Young collections were kept at every 20,000 allocations until it was measured what they
cost and what they free (bench/RESULTS.md, 2026-12-06, ``bench/hub_bench.py`` with gc
callbacks): 25 ms of CPU each (p50; up to 41 ms), 56 of them in 20,000 actions, 8% of the
process's CPU, and 145 objects freed in all of them. A young object of the server cost
~1 µs to walk, against ~25 ns for freshly made dicts in the same process: most likely its
referents are long-lived objects spread over the heap, each visit a cache miss. Every one
of those pauses held every game at once.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

from mantimon.engine import default_pool

log = logging.getLogger(__name__)

GC_THRESHOLDS = (0, 0, 0)  # threshold 0: no collection starts on its own
COLLECTOR_TASK = "full-garbage-collections"  # the name of the server's collect_cycles task


def settle_garbage_collector() -> None:
    """Load the card pool, freeze what start-up built (never walked again) and set the
    serving thresholds. For a process that serves: it changes the whole interpreter."""
    default_pool()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def freeze_startup() -> None:
    """Collect and freeze again once the server has started: what ``settle_garbage_collector``
    could not see yet (the ASGI server's modules, the store's engine and schema, the
    migrations' garbage) is built by then. Measured on the load bench's server: ~30,000
    objects that every timed full collection walked again (bench/RESULTS.md, 2026-12-06
    evening), about an eighth of its pause."""
    gc.collect()
    gc.freeze()


def timed_collections_needed() -> bool:
    """True when the collector is on but its thresholds leave every collection to a timer
    (``settle_garbage_collector`` was called)."""
    return gc.isenabled() and gc.get_threshold()[0] == 0


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
