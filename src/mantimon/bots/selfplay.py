"""Bots playing whole games against each other through their views (the CLI's selfplay).

What lives here: one loop that asks the right bot for each decision and applies it, and
a summary of many games. Bots only ever receive ``view_for`` output, as over the wire.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mantimon.bots.base import Bot
from mantimon.cards import DeckList
from mantimon.engine import (
    Action,
    GameState,
    RulesConfig,
    apply_action,
    new_game,
    view_for,
    waiting_for,
)


@dataclass(slots=True)
class GameRecord:
    seed: int
    winner: str | None
    reason: str
    turns: int
    actions: list[tuple[str, Action]]
    state: GameState


def play_game(
    rules: RulesConfig,
    decks: Sequence[DeckList],
    bots: Sequence[Bot],
    seed: int,
    player_ids: Sequence[str] = ("p1", "p2"),
    max_actions: int = 20_000,
) -> GameRecord:
    """Play one game; seat i is played by ``bots[i]`` and uses ``decks[i]``."""
    state = new_game(rules, decks, player_ids, seed)
    rng = random.Random(seed)
    actions: list[tuple[str, Action]] = []
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        pid = player_ids[seat]
        action = bots[seat].choose(view_for(state, pid), rng)
        apply_action(state, pid, action)
        actions.append((pid, action))
        if len(actions) > max_actions:
            raise RuntimeError(f"game with seed {seed} did not end within {max_actions} actions")
    winner = state.players[state.winner].id if state.winner is not None else None
    assert state.end_reason is not None
    return GameRecord(seed, winner, state.end_reason.value, state.turn, actions, state)


@dataclass(slots=True)
class Summary:
    games: int = 0
    wins: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    turns: int = 0
    actions: int = 0
    first_player_wins: int = 0

    def add(self, record: GameRecord, label: dict[str, str]) -> None:
        self.games += 1
        self.wins[label[record.winner] if record.winner else "draw"] += 1
        self.reasons[record.reason] += 1
        self.turns += record.turns
        self.actions += len(record.actions)
        first = record.state.players[record.state.first].id
        self.first_player_wins += record.winner == first


def run_series(
    rules: RulesConfig,
    decks: Sequence[DeckList],
    bots: Sequence[Bot],
    games: int,
    seed: int = 0,
    on_game: Callable[[GameRecord], None] | None = None,
) -> Summary:
    """Play ``games`` games, swapping seats every game so neither bot keeps an edge.

    Wins are counted per bot label ``"A:<name>"`` / ``"B:<name>"`` (A is the first bot given).
    """
    summary = Summary()
    labels = (f"A:{bots[0].name}", f"B:{bots[1].name}")
    for g in range(games):
        swap = g % 2 == 1
        order = (1, 0) if swap else (0, 1)
        record = play_game(rules, [decks[i] for i in order], [bots[i] for i in order], seed + g)
        summary.add(record, {"p1": labels[order[0]], "p2": labels[order[1]]})
        if on_game is not None:
            on_game(record)
    return summary
