"""The timer loop's wiring over real sockets and time: presence goes reconnecting ->
disconnected after the grace period. (Warnings, expiry and three timeouts losing are the
session's rules, tested with a fake clock in tests/session/test_live.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.conftest import Guest
from tests.server.drive import invite_game
from tests.server.harness import RawSocket, ServerThread

LIMIT = 1.2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    srv = ServerThread(
        Path(tmp_path_factory.mktemp("timers")), turn_seconds=LIMIT, grace_seconds=0.5
    ).start()
    yield srv
    srv.stop()


async def test_presence_reconnecting_then_disconnected_after_grace(guests: Guest) -> None:
    ana, bo, gid = await invite_game(guests)
    async with bo.socket() as sb:
        rb = RawSocket(sb)
        await sb.join(gid)
        async with ana.socket() as sa:
            await sa.join(gid)
            await rb.until(lambda m: m["type"] == "opponent_status" and m["status"] == "connected")
        first = await rb.until(lambda m: m["type"] == "opponent_status")
        second = await rb.until(lambda m: m["type"] == "opponent_status", timeout=5)
        assert (first["status"], second["status"]) == ("reconnecting", "disconnected")
