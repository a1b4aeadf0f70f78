"""The rules engine: pure, deterministic, and the only place the rules live.

Public surface (DESIGN.md §3): ``RulesConfig``, ``new_game``, ``legal_actions``,
``apply_action`` -> ``Transition``, ``view_for`` -> ``VisibleGameState``, ``outcome``,
``replay``, ``GameState.clone``, JSON round trip, and the timer entry points.
No asyncio, clock, ``random``, I/O or logging in this package (enforced by import-linter
and a test).
"""

from mantimon.engine.actions import (
    ACTION_ADAPTER,
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EndTurnAction,
    EvolveAction,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    ResignAction,
    RetreatAction,
    SetupDoneAction,
    SetupPlaceAction,
    UseAbilityAction,
)
from mantimon.engine.apply import (
    Transition,
    apply_action,
    expire_turn,
    forfeit,
    refusal,
    timeout_action,
)
from mantimon.engine.catalog import default_pool, load_pool
from mantimon.engine.decks import DeckError, deck_problems
from mantimon.engine.enums import ActionErrorCode, Condition, GameEndReason, Phase
from mantimon.engine.errors import IllegalAction
from mantimon.engine.legal import legal_actions, legal_for_seat, waiting_for
from mantimon.engine.printed import damage_label
from mantimon.engine.replay import replay
from mantimon.engine.rules import CLASSIC, MANTIMON, PRESETS, RulesConfig
from mantimon.engine.serialize import state_from_json, state_to_json
from mantimon.engine.setup import new_game
from mantimon.engine.state import GameState
from mantimon.engine.view import CardRef, VisibleGameState, view_for


def outcome(state: GameState) -> tuple[str | None, GameEndReason] | None:
    """``(winner id or None for a draw, reason)`` once the game is over, else None."""
    if state.end_reason is None:
        return None
    winner = state.players[state.winner].id if state.winner is not None else None
    return winner, state.end_reason


__all__ = [
    "ACTION_ADAPTER",
    "CLASSIC",
    "MANTIMON",
    "PRESETS",
    "Action",
    "ActionErrorCode",
    "AttachEnergyAction",
    "AttackAction",
    "CardRef",
    "ChooseAction",
    "Condition",
    "DeckError",
    "EndTurnAction",
    "EvolveAction",
    "GameEndReason",
    "GameState",
    "IllegalAction",
    "Phase",
    "PlayCreatureAction",
    "PlayTrainerAction",
    "PromoteAction",
    "ResignAction",
    "RetreatAction",
    "RulesConfig",
    "SetupDoneAction",
    "SetupPlaceAction",
    "Transition",
    "UseAbilityAction",
    "VisibleGameState",
    "apply_action",
    "damage_label",
    "deck_problems",
    "default_pool",
    "expire_turn",
    "forfeit",
    "legal_actions",
    "legal_for_seat",
    "load_pool",
    "new_game",
    "outcome",
    "refusal",
    "replay",
    "state_from_json",
    "state_to_json",
    "timeout_action",
    "view_for",
    "waiting_for",
]
