"""Messages a client sends to the server, and their discriminated union.

What lives here: one model per client ``type`` (the wire contract's four plus our added
``spectate_game``) and ``ClientMessage``. What must not: parsing helpers or adapters
(``codec.py`` builds those once), or any rule about when a message is allowed (the session).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mantimon.engine import Action
from mantimon.protocol.base import (
    EVENT_ID_PATTERN,
    MAX_GAME_ID_CHARS,
    BaseClientMessage,
)


class JoinGameMessage(BaseClientMessage):
    """Bind this socket to the seat its user already holds in a game (taken over REST).

    Also the way back in after a disconnect: with ``last_event_id`` the server replays every
    later event of this viewer in order; without one, or with an id it no longer knows, it
    sends a single fresh ``game_state`` instead.
    """

    type: Literal["join_game"] = "join_game"
    game_id: str = Field(
        ..., max_length=MAX_GAME_ID_CHARS, description="The game whose seat this socket takes"
    )
    last_event_id: str | None = Field(
        default=None,
        pattern=EVENT_ID_PATTERN,
        description="The last event_id this client saw in the game; later events are replayed",
    )


class SpectateGameMessage(BaseClientMessage):
    """Watch a game without a seat (our addition to the contract, fields as ``join_game``).

    A spectator receives the spectator view (no hand, no pending choice, no legal actions);
    its ``action`` and ``resign`` messages are refused with ``not_in_game``.
    """

    type: Literal["spectate_game"] = "spectate_game"
    game_id: str = Field(..., max_length=MAX_GAME_ID_CHARS, description="The game to watch")
    last_event_id: str | None = Field(
        default=None,
        pattern=EVENT_ID_PATTERN,
        description="The last event_id this client saw in the game; later events are replayed",
    )


class ActionMessage(BaseClientMessage):
    """Ask the server to apply one engine ``Action`` for this user in ``game_id``.

    The envelope adds what the engine does not know: which game, and the ``message_id`` that
    makes a retried send harmless (the first result is sent again, never applied twice).
    """

    type: Literal["action"] = "action"
    game_id: str = Field(
        ..., max_length=MAX_GAME_ID_CHARS, description="The game the action is for"
    )
    action: Action = Field(..., description="One of the actions listed in legal_actions")


class ResignMessage(BaseClientMessage):
    """Concede ``game_id``; idempotent by ``message_id`` like an action.

    Kept apart from the engine's ``resign`` action so a client can concede with a message
    that needs no knowledge of the action union.
    """

    type: Literal["resign"] = "resign"
    game_id: str = Field(..., max_length=MAX_GAME_ID_CHARS, description="The game to concede")


class HeartbeatMessage(BaseClientMessage):
    """Proof of life; answered with ``heartbeat_ack``. A socket silent for 90 s is closed."""

    type: Literal["heartbeat"] = "heartbeat"


ClientMessage = Annotated[
    JoinGameMessage | ActionMessage | ResignMessage | HeartbeatMessage | SpectateGameMessage,
    Field(discriminator="type"),
]
"""Any message a client may send, chosen by its ``type``."""

CLIENT_MESSAGE_TYPES: tuple[str, ...] = (
    "join_game",
    "action",
    "resign",
    "heartbeat",
    "spectate_game",
)
"""Every client ``type`` value, in union order (for error messages and docs)."""
