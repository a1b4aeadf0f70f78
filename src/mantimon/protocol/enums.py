"""The protocol's closed vocabularies: error codes and presence states.

What lives here: the two StrEnums of the wire contract, value for value. What must not:
behaviour or any mapping from engine errors (the session decides which code applies).
The engine's ``ActionErrorCode`` uses three of these values; a test keeps them equal.
"""

from enum import StrEnum


class WSErrorCode(StrEnum):
    """Why the server refused something, as a stable machine-readable string.

    Clients branch on these values; the prose beside them (``ErrorMessage.message``) is for
    people and may change. ``docs/PROTOCOL.md`` lists when each one is sent.
    """

    # the socket itself
    AUTHENTICATION_FAILED = "authentication_failed"
    CONNECTION_CLOSED = "connection_closed"
    RATE_LIMITED = "rate_limited"
    # which game, and whether this user may take part in it
    GAME_NOT_FOUND = "game_not_found"
    NOT_IN_GAME = "not_in_game"
    ALREADY_IN_GAME = "already_in_game"
    GAME_FULL = "game_full"
    GAME_ENDED = "game_ended"
    # the rules engine refused an action
    INVALID_ACTION = "invalid_action"
    NOT_YOUR_TURN = "not_your_turn"
    ACTION_NOT_ALLOWED = "action_not_allowed"
    # the bytes did not make a message
    INVALID_MESSAGE = "invalid_message"
    UNKNOWN_MESSAGE_TYPE = "unknown_message_type"
    # our fault, not the client's
    INTERNAL_ERROR = "internal_error"


class ConnectionStatus(StrEnum):
    """Whether the opponent currently has a socket bound to the game.

    ``reconnecting`` is the grace period after their last socket dropped; ``disconnected``
    follows when it runs out without them coming back.
    """

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    RECONNECTING = "reconnecting"
