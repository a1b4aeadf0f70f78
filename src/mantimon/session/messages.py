"""Server messages as JSON-ready dicts, byte-for-byte what the wire contract's models write.

What lives here: one builder per server message type, the only encoding path the server
uses. The hub encodes them with orjson and stores game events as the very text it sent.
Building dicts instead of pydantic models keeps a step cheap (a view alone is ~10 KB; views
from ``view_data(..., wire=True)`` carry pre-serialised ``orjson.Fragment`` parts, so they
are for orjson only). What must not: validation (the views come from the engine's single
visibility function; the tests hold them to the models, not each call).

Keys follow the models exactly (``message_id``, ``timestamp``, ``type``, then the fields in
the model's declaration order) and timestamps are written as the models write them (UTC,
``Z``, microseconds only when non-zero), so ``orjson.dumps(builder(...))`` equals
``encode(<Model>(...))`` byte for byte; ``tests/session/test_messages.py`` checks every
builder against ``mantimon.protocol``'s models.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from typing import Any

from mantimon.protocol.base import stamp

Message = dict[str, Any]


# Message ids: UUID-shaped strings unique per process (a random prefix drawn once, then a
# counter). uuid4() per message costs a system call; a step sends several messages.
_PREFIX = str(uuid.uuid4())[:24]
_counter = itertools.count(1)


def new_id() -> str:
    return f"{_PREFIX}{next(_counter) & 0xFFFFFFFFFFFF:012x}"


def event_message_id(game_id: str, event_id: int, viewer_key: str) -> str:
    """The ``message_id`` of one viewer's copy of a game event: a UUID-shaped digest of the
    game, the event id and the viewer's log key. Events are derived again when a client
    catches up (docs/adr/0008), and a derived event must be the very message that was sent
    live, id included; it names nothing a viewer does not already know."""
    digest = hashlib.blake2b(
        f"{game_id}/{event_id}/{viewer_key}".encode(), digest_size=16
    ).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


# Each builder writes the envelope (``message_id``, ``timestamp``, ``type``) then its fields in
# the model's declaration order, as one dict literal: a step builds several messages, and a
# literal costs about half of an envelope helper plus ``update``.


def game_state(
    game_id: str,
    view: dict[str, Any],
    event_id: int,
    spectators: int,
    now: float,
    message_id: str | None = None,
) -> Message:
    return {
        "message_id": message_id or new_id(),
        "timestamp": stamp(now),
        "type": "game_state",
        "game_id": game_id,
        "state": view,
        "event_id": str(event_id),
        "spectator_count": spectators,
    }


def action_result(
    game_id: str,
    request_message_id: str,
    action_type: str,
    now: float,
    *,
    changes: dict[str, Any] | None = None,
    error_code: str | None = None,
    error_message: str | None = None,
) -> Message:
    return {
        "message_id": new_id(),
        "timestamp": stamp(now),
        "type": "action_result",
        "game_id": game_id,
        "request_message_id": request_message_id,
        "success": error_code is None,
        "action_type": action_type,
        "changes": changes or {},
        "error_code": error_code,
        "error_message": error_message,
    }


def error(
    code: str,
    message: str,
    now: float,
    *,
    request_message_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> Message:
    return {
        "message_id": new_id(),
        "timestamp": stamp(now),
        "type": "error",
        "code": code,
        "message": message,
        "details": details or {},
        "request_message_id": request_message_id,
    }


def turn_start(
    game_id: str,
    player_id: str,
    turn: int,
    event_id: int,
    now: float,
    message_id: str | None = None,
) -> Message:
    return {
        "message_id": message_id or new_id(),
        "timestamp": stamp(now),
        "type": "turn_start",
        "game_id": game_id,
        "player_id": player_id,
        "turn_number": turn,
        "event_id": str(event_id),
    }


def turn_timeout(
    game_id: str, player_id: str, remaining: int, warning: bool, now: float
) -> Message:
    return {
        "message_id": new_id(),
        "timestamp": stamp(now),
        "type": "turn_timeout",
        "game_id": game_id,
        "remaining_seconds": max(0, remaining),
        "is_warning": warning,
        "player_id": player_id,
    }


def game_over(
    game_id: str,
    winner_id: str | None,
    reason: str,
    final_state: dict[str, Any],
    event_id: int,
    now: float,
    message_id: str | None = None,
) -> Message:
    return {
        "message_id": message_id or new_id(),
        "timestamp": stamp(now),
        "type": "game_over",
        "game_id": game_id,
        "winner_id": winner_id,
        "end_reason": reason,
        "final_state": final_state,
        "event_id": str(event_id),
    }


def opponent_status(game_id: str, opponent_id: str, status: str, now: float) -> Message:
    return {
        "message_id": new_id(),
        "timestamp": stamp(now),
        "type": "opponent_status",
        "game_id": game_id,
        "opponent_id": opponent_id,
        "status": status,
    }


def heartbeat_ack(now: float) -> Message:
    return {"message_id": new_id(), "timestamp": stamp(now), "type": "heartbeat_ack"}
