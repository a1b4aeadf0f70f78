"""Turn timers with a short limit: warnings at 50 %, 25 % (and 10 s when the limit allows),
the server acting for a player at expiry, and a loss after three consecutive timeouts.
Also: presence goes reconnecting -> disconnected after the grace period."""

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


async def test_warnings_expiry_and_three_timeouts_lose(guests: Guest) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra = RawSocket(sa)
        await sa.join(gid)
        await sb.join(gid)
        # nobody acts: setup times out for both, then turns time out until three in a row lose
        over = await ra.until(lambda m: m["type"] == "game_over", timeout=40)
        timeouts = [m for m in ra.seen if m["type"] == "turn_timeout"]
        warnings = [m for m in timeouts if m["is_warning"]]
        expiries = [m for m in timeouts if not m["is_warning"]]
        assert over["end_reason"] == "timeout"
        assert over["winner_id"] in (ana.user_id, bo.user_id)
        loser = bo.user_id if over["winner_id"] == ana.user_id else ana.user_id
        assert sum(1 for m in expiries if m["player_id"] == loser) >= 3
        assert warnings, "warnings come before each expiry"
        # each expiry of a player is preceded by that player's 50 % and 25 % warnings
        first_expiry = next(i for i, m in enumerate(ra.seen) if m.get("is_warning") is False)
        before = [m for m in ra.seen[:first_expiry] if m["type"] == "turn_timeout"]
        player = ra.seen[first_expiry]["player_id"]
        marks = [m["remaining_seconds"] for m in before if m["player_id"] == player]
        assert len(marks) >= 2
        assert marks == sorted(marks, reverse=True)
        # the server acted for the players: setup finished and turns passed
        states = [m for m in ra.seen if m["type"] == "game_state"]
        assert any(s["state"]["phase"] == "main" for s in states)
        assert max(s["state"]["turn"] for s in states) >= 3


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
