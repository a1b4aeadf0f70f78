"""Sample protocol messages built from real games, shared by the protocol tests.

One or more instance of every client and server message type, with real views (a mid-game
state seen by each player and a spectator, a finished game) and every action type the
engine produced in a few random games.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime

from mantimon.bots import GreedyBot, RandomBot
from mantimon.cards import DeckList
from mantimon.engine import (
    PRESETS,
    Action,
    GameState,
    Phase,
    Transition,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    outcome,
    view_for,
    waiting_for,
)
from mantimon.protocol import (
    ActionMessage,
    ActionResultMessage,
    BaseClientMessage,
    BaseServerMessage,
    ConnectionStatus,
    ErrorMessage,
    GameOverMessage,
    GameStateMessage,
    HeartbeatAckMessage,
    HeartbeatMessage,
    JoinGameMessage,
    OpponentStatusMessage,
    ResignMessage,
    SpectateGameMessage,
    TurnStartMessage,
    TurnTimeoutMessage,
    WSErrorCode,
)
from tests.randomgames import PLAYERS, play_random

VIEWERS: tuple[str | None, ...] = (*PLAYERS, None)
STARTERS = ("ember-rush", "tidal-mind")
FIXED_TIME = datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=UTC)


def decks() -> list[DeckList]:
    starters = default_pool().starters
    return [starters[name].decklist() for name in STARTERS]


@functools.cache
def mid_game() -> GameState:
    """A mantimon game played by bots to turn 8 or later, in its main phase (read only):
    the first seed from 11 on whose game lasts that long (the starter lists may change)."""
    for seed in range(11, 61):
        state = new_game(PRESETS["mantimon"], decks(), PLAYERS, seed)
        bots = (GreedyBot(), RandomBot())
        rng = random.Random(seed)
        while not state.over and not (state.phase is Phase.MAIN and state.turn >= 8):
            seat = waiting_for(state)[0]
            view = view_for(state, PLAYERS[seat])
            apply_action(state, PLAYERS[seat], bots[seat].choose(view, rng))
        if not state.over:
            return state
    raise AssertionError("no bot game of the starters reached turn 8")


@functools.cache
def finished_game() -> GameState:
    """A finished mantimon game between two greedy bots (read only)."""
    state = new_game(PRESETS["mantimon"], decks(), PLAYERS, 4)
    bots = (GreedyBot(), GreedyBot())
    rng = random.Random(4)
    while not state.over:
        seat = waiting_for(state)[0]
        apply_action(state, PLAYERS[seat], bots[seat].choose(view_for(state, PLAYERS[seat]), rng))
    return state


@functools.cache
def engine_actions() -> tuple[Action, ...]:
    """Distinct legal actions seen over a few random games (every action type appears)."""
    seen: dict[Action, None] = {}

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        if not state.over:
            for player in PLAYERS:
                seen.update(dict.fromkeys(legal_actions(state, player)))

    for seed in range(3):
        play_random(PRESETS["mantimon"], decks(), seed, observe)
    return tuple(seen)


def client_messages() -> list[BaseClientMessage]:
    """Every client message type, with optional fields both set and left out."""
    actions = engine_actions()
    by_type = {a.type: a for a in actions}
    out: list[BaseClientMessage] = [
        JoinGameMessage(game_id="g-1"),
        JoinGameMessage(message_id="join-2", game_id="g-1", last_event_id="41"),
        SpectateGameMessage(game_id="g-1"),
        SpectateGameMessage(message_id="watch-1", game_id="g-1", last_event_id="7"),
        ResignMessage(message_id="r-1", game_id="g-1"),
        HeartbeatMessage(),
        HeartbeatMessage(message_id="hb-1"),
    ]
    out += [
        ActionMessage(message_id=f"a-{i}", game_id="g-1", action=a)
        for i, a in enumerate(by_type.values())
    ]
    return out


def server_messages() -> list[BaseServerMessage]:
    """Every server message type, with real views for the state-carrying ones."""
    mid, end = mid_game(), finished_game()
    result = outcome(end)
    assert result is not None
    winner, reason = result
    out: list[BaseServerMessage] = [
        GameStateMessage(
            game_id="g-1", state=view_for(mid, v), event_id=str(mid.event_seq), spectator_count=2
        )
        for v in VIEWERS
    ]
    out += [
        GameOverMessage(
            game_id="g-1",
            winner_id=winner,
            end_reason=reason,
            final_state=view_for(end, v),
            event_id=str(end.event_seq),
        )
        for v in VIEWERS
    ]
    out += [
        ActionResultMessage(
            game_id="g-1",
            request_message_id="a-1",
            success=True,
            action_type="attack",
            changes={"events": [{"seq": 5, "kind": "damage", "data": {"amount": 30}}]},
        ),
        ActionResultMessage(
            game_id="g-1",
            request_message_id="a-2",
            success=False,
            action_type="end_turn",
            error_code=WSErrorCode.NOT_YOUR_TURN,
            error_message="it is bo's turn",
        ),
        ErrorMessage(code=WSErrorCode.RATE_LIMITED, message="slow down"),
        ErrorMessage(
            code=WSErrorCode.INVALID_MESSAGE,
            message="invalid join_game message: game_id: required field is missing",
            details={"errors": [{"field": "game_id", "problem": "required field is missing"}]},
            request_message_id="m-9",
        ),
        TurnStartMessage(game_id="g-1", player_id="ana", turn_number=3, event_id="12"),
        TurnTimeoutMessage(game_id="g-1", remaining_seconds=45, is_warning=True, player_id="bo"),
        TurnTimeoutMessage(game_id="g-1", remaining_seconds=0, is_warning=False, player_id="bo"),
        HeartbeatAckMessage(),
        HeartbeatAckMessage(timestamp=FIXED_TIME),
    ]
    out += [
        OpponentStatusMessage(game_id="g-1", opponent_id="bo", status=s) for s in ConnectionStatus
    ]
    return out
