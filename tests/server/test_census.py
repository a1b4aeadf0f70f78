"""The census of live objects: what it counts, and ``kill -USR1`` makes ``mantimon serve``
log one and keep serving."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx
import orjson

from mantimon.server.census import CENSUS_PREFIX, census
from tests.server.process import ServerProcess


class Marker:
    """A type only this test makes, to find in a census."""


def test_a_census_counts_live_objects_by_type_after_a_collection() -> None:
    made = [Marker() for _ in range(37)]
    # A cycle: garbage only a collection frees; the census collects it first.
    for _ in range(5):
        a, b = Marker(), Marker()
        a.other, b.other = b, a  # type: ignore[attr-defined]
    del a, b
    found = census()
    assert found["by_type"][f"{__name__}.Marker"] == 37  # type: ignore[index]
    assert found["collected"] >= 10  # type: ignore[operator]
    assert len(made) == 37


async def test_sigusr1_logs_a_census_and_the_server_keeps_serving(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path)
    await server.start()
    try:
        os.kill(server.pid, signal.SIGUSR1)
        line = None
        for _ in range(100):
            await asyncio.sleep(0.05)
            text = server.log.read_text(errors="replace")
            if CENSUS_PREFIX + "{" in text:
                line = text[text.index(CENSUS_PREFIX + "{") :].splitlines()[0]
                break
        assert line is not None, server.log.read_text()[-2000:]
        found = orjson.loads(line[len(CENSUS_PREFIX) :])
        assert found["objects"] == sum(found["by_type"].values()) > 0
        assert server.alive()
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{server.url}/ready")).status_code == 200
    finally:
        server.stop()
