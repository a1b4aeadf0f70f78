"""Small closed vocabularies of the engine: why a game ended, phases, special conditions.

What lives here: StrEnums that cross the wire (their values are protocol strings). What must
not: behaviour. ``GameEndReason`` is imported by the wire contract's ``GameOverMessage``.
"""

from enum import StrEnum


class GameEndReason(StrEnum):
    """Why a game ended; every way a Mantimon game can finish has one value."""

    POINTS = "points"
    PRIZES = "prizes"
    NO_CREATURES = "no_creatures"
    DECK_OUT = "deck_out"
    TURN_LIMIT = "turn_limit"
    RESIGNATION = "resignation"
    TIMEOUT = "timeout"


class Phase(StrEnum):
    """Where the game stands. ``flow.py`` holds the table that moves between these.

    ``end_of_turn``: an attack (or end turn) closed the main phase; forced promotions may be
    outstanding before the checkup. ``between_turns``: the checkup ran; promotions after it
    may be outstanding before the next turn starts.
    """

    SETUP = "setup"
    MAIN = "main"
    END_OF_TURN = "end_of_turn"
    BETWEEN_TURNS = "between_turns"
    GAME_OVER = "game_over"


class Condition(StrEnum):
    """Special conditions. The first three replace each other; poison and burn stack."""

    ASLEEP = "asleep"
    PARALYZED = "paralyzed"
    CONFUSED = "confused"
    POISONED = "poisoned"
    BURNED = "burned"


ROTATION_CONDITIONS = frozenset({Condition.ASLEEP, Condition.PARALYZED, Condition.CONFUSED})


class ActionErrorCode(StrEnum):
    """Why an action was refused; the values are the wire contract's ``WSErrorCode`` values."""

    NOT_YOUR_TURN = "not_your_turn"
    ACTION_NOT_ALLOWED = "action_not_allowed"
    INVALID_ACTION = "invalid_action"
