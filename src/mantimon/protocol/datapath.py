"""The hot path for the two big messages: views that are already JSON-ready data.

What lives here: ``encode_game_state`` and ``encode_game_over``, which write the same JSON
text as ``encode(GameStateMessage(...))`` / ``encode(GameOverMessage(...))`` from the plain
data ``mantimon.engine.view.view_data`` returns, with orjson. The server sends one view per
viewer after every action; validating it into a ``VisibleGameState`` first costs ~150 µs,
dumping the data ~10 µs. What must not: validation of the view (it comes from the engine's
single visibility function and is checked against the model by the tests, not per call).

Key order and timestamp text follow the models exactly (``message_id``, ``timestamp``,
``type``, then the fields in declaration order; UTC written with ``Z``), so the two paths
are byte-for-byte equal; ``tests/test_protocol_datapath.py`` holds them to that.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson

from mantimon.engine import GameEndReason
from mantimon.protocol.base import as_utc, new_message_id, utc_now

_OPTIONS = orjson.OPT_UTC_Z


def _event_id(event_id: str | int) -> str:
    if isinstance(event_id, bool) or not isinstance(event_id, str | int):
        raise TypeError(f"event_id must be a str or an int, got {type(event_id).__name__}")
    return event_id if isinstance(event_id, str) else str(event_id)


def encode_game_state(
    game_id: str,
    view: Mapping[str, Any],
    event_id: str | int,
    spectator_count: int = 0,
    *,
    message_id: str | None = None,
    timestamp: datetime | None = None,
) -> str:
    """A ``game_state`` message around ``view`` (``view_data`` output), without the models.

    ``event_id`` is the game's event sequence number (an int is written as its decimal
    string); ``message_id`` and ``timestamp`` default like the model's (a uuid4, now in UTC).
    """
    if isinstance(spectator_count, bool) or not isinstance(spectator_count, int):
        raise TypeError("spectator_count must be an int")
    if spectator_count < 0:
        raise ValueError(f"spectator_count must be >= 0, got {spectator_count}")
    return orjson.dumps(
        {
            "message_id": new_message_id() if message_id is None else message_id,
            "timestamp": utc_now() if timestamp is None else as_utc(timestamp),
            "type": "game_state",
            "game_id": game_id,
            "state": view,
            "event_id": _event_id(event_id),
            "spectator_count": spectator_count,
        },
        option=_OPTIONS,
    ).decode()


def encode_game_over(
    game_id: str,
    final_view: Mapping[str, Any],
    end_reason: GameEndReason | str,
    event_id: str | int,
    winner_id: str | None = None,
    *,
    message_id: str | None = None,
    timestamp: datetime | None = None,
) -> str:
    """A ``game_over`` message around ``final_view`` (``view_data`` output), without models.

    ``end_reason`` is checked against ``GameEndReason`` (a ``ValueError`` for an unknown
    one); ``winner_id`` None means a draw.
    """
    return orjson.dumps(
        {
            "message_id": new_message_id() if message_id is None else message_id,
            "timestamp": utc_now() if timestamp is None else as_utc(timestamp),
            "type": "game_over",
            "game_id": game_id,
            "winner_id": winner_id,
            "end_reason": GameEndReason(end_reason).value,
            "final_state": final_view,
            "event_id": _event_id(event_id),
        },
        option=_OPTIONS,
    ).decode()
