"""Messages the server sends to clients, and their discriminated union.

What lives here: one model per server ``type`` of the wire contract and ``ServerMessage``.
What must not: encoding shortcuts, adapters (``codec.py``), or the decision of who
receives what (the session). Field order follows the contract so our JSON has the same
shape as the contract's own models produce; ``mantimon.session.messages`` builds the
server's frames as dicts in this same order (``tests/session/test_messages.py``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from mantimon.engine import GameEndReason, VisibleGameState
from mantimon.protocol.base import BaseServerMessage, new_message_id
from mantimon.protocol.enums import ConnectionStatus, WSErrorCode


class GameStateMessage(BaseServerMessage):
    """One viewer's complete view of a game: sent on join, spectate, and after every action.

    Each player gets their own view and spectators the spectator view, so the same event
    has different ``state`` per viewer but the same ``event_id``.
    """

    type: Literal["game_state"] = "game_state"
    game_id: str = Field(..., description="The game this view belongs to")
    state: VisibleGameState = Field(..., description="What this viewer may see of the game")
    event_id: str = Field(
        default_factory=new_message_id,
        description="The game's event sequence number (decimal), strictly increasing per game",
    )
    spectator_count: int = Field(
        default=0, ge=0, description="How many spectators are watching right now"
    )


class ActionResultMessage(BaseServerMessage):
    """The answer to one ``action`` or ``resign``, sent to the sender only.

    On success ``changes`` holds the visible events the action caused; on failure the
    ``error_code`` says why (``not_your_turn``, ``action_not_allowed``, ``invalid_action``,
    ...). A repeated ``message_id`` gets this same stored answer again.
    """

    type: Literal["action_result"] = "action_result"
    game_id: str = Field(..., description="The game the action was for")
    request_message_id: str = Field(..., description="message_id of the action being answered")
    success: bool = Field(..., description="True when the action was applied")
    action_type: str = Field(..., description="The action's type, e.g. attack or resign")
    changes: dict[str, Any] = Field(
        default_factory=dict, description="What the action changed, as the sender may see it"
    )
    error_code: WSErrorCode | None = Field(default=None, description="Why it was refused")
    error_message: str | None = Field(default=None, description="The refusal, for people")


class ErrorMessage(BaseServerMessage):
    """A refusal that is not an action's result: bad frames, auth, seats, limits, bugs."""

    type: Literal["error"] = "error"
    code: WSErrorCode = Field(..., description="What went wrong, for programs")
    message: str = Field(..., description="What went wrong, for people")
    details: dict[str, Any] = Field(
        default_factory=dict, description="Structured context, e.g. the invalid fields"
    )
    request_message_id: str | None = Field(
        default=None, description="message_id of the offending message, when it had one"
    )


class TurnStartMessage(BaseServerMessage):
    """A new turn began (both players and spectators receive it)."""

    type: Literal["turn_start"] = "turn_start"
    game_id: str = Field(..., description="The game whose turn began")
    player_id: str = Field(..., description="Whose turn it is now")
    turn_number: int = Field(..., ge=1, description="The turn's number, from 1")
    event_id: str = Field(
        default_factory=new_message_id,
        description="The game's event sequence number (decimal), strictly increasing per game",
    )


class TurnTimeoutMessage(BaseServerMessage):
    """The turn clock: a warning (``is_warning``) or the expiry, sent to both players."""

    type: Literal["turn_timeout"] = "turn_timeout"
    game_id: str = Field(..., description="The game whose clock this is")
    remaining_seconds: int = Field(..., ge=0, description="Whole seconds left; 0 at expiry")
    is_warning: bool = Field(..., description="True for a warning, False when time ran out")
    player_id: str = Field(..., description="The player whose clock is running")


class GameOverMessage(BaseServerMessage):
    """The game ended; each viewer gets their own ``final_state``."""

    type: Literal["game_over"] = "game_over"
    game_id: str = Field(..., description="The game that ended")
    winner_id: str | None = Field(default=None, description="The winner; null for a draw")
    end_reason: GameEndReason = Field(..., description="How the game ended")
    final_state: VisibleGameState = Field(..., description="This viewer's view of the end")
    event_id: str = Field(
        default_factory=new_message_id,
        description="The game's event sequence number (decimal), strictly increasing per game",
    )


class OpponentStatusMessage(BaseServerMessage):
    """The opponent's presence changed (connected, reconnecting, disconnected)."""

    type: Literal["opponent_status"] = "opponent_status"
    game_id: str = Field(..., description="The game both players sit in")
    opponent_id: str = Field(..., description="The opponent whose presence changed")
    status: ConnectionStatus = Field(..., description="Their presence now")


class HeartbeatAckMessage(BaseServerMessage):
    """The answer to ``heartbeat``."""

    type: Literal["heartbeat_ack"] = "heartbeat_ack"


ServerMessage = Annotated[
    GameStateMessage
    | ActionResultMessage
    | ErrorMessage
    | TurnStartMessage
    | TurnTimeoutMessage
    | GameOverMessage
    | OpponentStatusMessage
    | HeartbeatAckMessage,
    Field(discriminator="type"),
]
"""Any message the server may send, chosen by its ``type``."""

SERVER_MESSAGE_TYPES: tuple[str, ...] = (
    "game_state",
    "action_result",
    "error",
    "turn_start",
    "turn_timeout",
    "game_over",
    "opponent_status",
    "heartbeat_ack",
)
"""Every server ``type`` value, in union order."""
