"""Which games have a turn clock: a bot game none unless its player asks (``timed`` or
``turn_seconds``), a private game the server's clock unless ``timed`` is false."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.conftest import Guest

SERVER_SECONDS = 90.0  # the harness's default turn_seconds


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ({"opponent": "bot", "bot": "random"}, None),
        ({"opponent": "bot", "bot": "random", "timed": False}, None),
        ({"opponent": "bot", "bot": "random", "timed": True}, SERVER_SECONDS),
        ({"opponent": "bot", "bot": "random", "turn_seconds": 45}, 45),
        ({"opponent": "invite"}, SERVER_SECONDS),
        ({"opponent": "invite", "timed": False}, None),
    ],
)
async def test_the_clock_is_on_only_when_asked_in_a_bot_game(
    guests: Guest, body: dict[str, Any], seconds: float | None
) -> None:
    ana = await guests("Ana")
    game = await ana.create_game(**body)
    assert game["turn_seconds"] == seconds
    info = await ana.game(game["id"])
    assert info["turn_seconds"] == seconds
    if body["opponent"] == "bot":  # dealt at once: the setup waits for Ana
        clocks = info["clocks"]
        assert (ana.user_id in clocks) == (seconds is not None), clocks
