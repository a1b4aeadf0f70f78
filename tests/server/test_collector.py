"""The serving process's collector policy: the settled thresholds, and the timed full
collection that frees what cycles became garbage."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from mantimon.server import collector
from mantimon.server.bootstrap import create_app
from mantimon.server.settings import Settings


@pytest.fixture
def restored_collector() -> Iterator[None]:
    """Settling changes the whole interpreter: put it back as it was."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("restored_collector")
def test_settled_thresholds_leave_every_collection_to_the_timer() -> None:
    assert not collector.timed_collections_needed()
    collector.settle_garbage_collector()
    assert gc.get_threshold() == collector.GC_THRESHOLDS
    assert gc.get_freeze_count() > 0  # start-up objects are never walked again
    assert collector.timed_collections_needed()
    # However much is allocated, no collection starts on its own (each one would pause
    # every game: ~25 ms for a young one on a loaded server).
    ran: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            ran.append(info["generation"])

    gc.callbacks.append(count)
    try:
        kept = [[i] for i in range(200_000)]
    finally:
        gc.callbacks.remove(count)
    assert len(kept) == 200_000 and ran == []


class Node:
    other: Node


@pytest.mark.usefixtures("restored_collector")
async def test_the_timer_frees_cyclic_garbage() -> None:
    gc.disable()  # only the timer collects
    freed = asyncio.Event()
    a, b = Node(), Node()
    a.other, b.other = b, a
    weakref.finalize(a, freed.set)
    del a, b
    await asyncio.sleep(0.05)
    assert not freed.is_set()  # a cycle: reference counting alone never frees it
    task = asyncio.create_task(collector.collect_cycles(0.01))
    try:
        await asyncio.wait_for(freed.wait(), 5)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.mark.usefixtures("restored_collector")
async def test_the_server_runs_the_timer_only_once_serving_settled_the_collector(
    tmp_path: Path,
) -> None:
    settings = Settings(
        database_url="memory", var_dir=tmp_path, jwt_secret="test-secret-" + "x" * 40
    )
    app = create_app(settings)

    async def timer_running() -> bool:
        async with app.api.router.lifespan_context(app.api):
            await asyncio.sleep(0)
            return any(t.get_name() == collector.COLLECTOR_TASK for t in asyncio.all_tasks())

    assert not await timer_running()
    collector.settle_garbage_collector()
    settled = gc.get_freeze_count()
    assert await timer_running()
    # What the start-up built after settling (the store, the hub) is frozen too, out of
    # every timed collection's walk.
    assert gc.get_freeze_count() > settled
    assert not any(t.get_name() == collector.COLLECTOR_TASK for t in asyncio.all_tasks())
