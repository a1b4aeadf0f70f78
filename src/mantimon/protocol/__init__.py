"""The wire protocol: the spec's WebSocket messages as our own models, and their codec.

What lives here: every enum and message of the wire contract (``shared/spec/ws_messages.py``)
field for field, plus our ``spectate_game``; the cached adapters with ``decode``/``encode``;
the JSON Schema export. What must not: I/O, asyncio, clocks beyond a message's default
timestamp, or any decision about who may send what when (that is ``mantimon.session``,
whose ``messages`` builders write the server's frames as the same bytes these models
encode to, without building them). Imports only the engine.

    msg = decode(frame)                # ClientMessage, or ProtocolError with a WSErrorCode
    text = encode(ActionResultMessage(...))
    text = encode(GameStateMessage(game_id=gid, state=view_for(state, viewer), event_id=seq))
"""

from mantimon.engine import Action, GameEndReason, VisibleGameState
from mantimon.protocol.base import (
    EVENT_ID_PATTERN,
    MAX_GAME_ID_CHARS,
    MAX_MESSAGE_ID_CHARS,
    BaseClientMessage,
    BaseServerMessage,
)
from mantimon.protocol.client import (
    CLIENT_MESSAGE_TYPES,
    ActionMessage,
    ClientMessage,
    HeartbeatMessage,
    JoinGameMessage,
    ResignMessage,
    SpectateGameMessage,
)
from mantimon.protocol.codec import (
    CLIENT_ADAPTER,
    MAX_MESSAGE_BYTES,
    SERVER_ADAPTER,
    decode,
    decode_server,
    encode,
    encode_bytes,
    parse_client_message,
    parse_server_message,
)
from mantimon.protocol.enums import ConnectionStatus, WSErrorCode
from mantimon.protocol.errors import CLOSE_MESSAGE_TOO_BIG, ProtocolError
from mantimon.protocol.schema import json_schema
from mantimon.protocol.server import (
    SERVER_MESSAGE_TYPES,
    ActionResultMessage,
    ErrorMessage,
    GameOverMessage,
    GameStateMessage,
    HeartbeatAckMessage,
    OpponentStatusMessage,
    ServerMessage,
    TurnStartMessage,
    TurnTimeoutMessage,
)

__all__ = [
    "CLIENT_ADAPTER",
    "CLIENT_MESSAGE_TYPES",
    "CLOSE_MESSAGE_TOO_BIG",
    "EVENT_ID_PATTERN",
    "MAX_GAME_ID_CHARS",
    "MAX_MESSAGE_BYTES",
    "MAX_MESSAGE_ID_CHARS",
    "SERVER_ADAPTER",
    "SERVER_MESSAGE_TYPES",
    "Action",
    "ActionMessage",
    "ActionResultMessage",
    "BaseClientMessage",
    "BaseServerMessage",
    "ClientMessage",
    "ConnectionStatus",
    "ErrorMessage",
    "GameEndReason",
    "GameOverMessage",
    "GameStateMessage",
    "HeartbeatAckMessage",
    "HeartbeatMessage",
    "JoinGameMessage",
    "OpponentStatusMessage",
    "ProtocolError",
    "ResignMessage",
    "ServerMessage",
    "SpectateGameMessage",
    "TurnStartMessage",
    "TurnTimeoutMessage",
    "VisibleGameState",
    "WSErrorCode",
    "decode",
    "decode_server",
    "encode",
    "encode_bytes",
    "json_schema",
    "parse_client_message",
    "parse_server_message",
]
