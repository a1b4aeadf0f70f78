"""Rebuilding a game from its record: rules, decks, player ids, seed and the action list.

The engine is deterministic given those (DESIGN.md §3), so the action log is the source of
truth and any state can be recomputed from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mantimon.cards import CardPool, DeckList
from mantimon.engine.actions import Action
from mantimon.engine.apply import apply_action
from mantimon.engine.rules import RulesConfig
from mantimon.engine.setup import new_game
from mantimon.engine.state import GameState


def replay(
    rules: RulesConfig,
    decks: Sequence[DeckList],
    player_ids: Sequence[str],
    seed: int,
    actions: Iterable[tuple[str, Action]],
    pool: CardPool | None = None,
) -> GameState:
    """The state after applying ``(player_id, action)`` pairs to a new game."""
    state = new_game(rules, decks, player_ids, seed, pool)
    for player_id, action in actions:
        apply_action(state, player_id, action)
    return state
