"""The turn machine: what happens automatically between player decisions.

What lives here: a table from ``Phase`` to the step that moves the game on when nobody owes
a decision (no pending promotion or choice), plus the turn-start and checkup procedures of
RULES.md. ``advance`` runs steps until a player must act. What must not: deciding what a
player may do (``legal``) or how cards work (``effects``).

    SETUP ──both placed──▶ turn start ─▶ MAIN ──attack / end turn──▶ END_OF_TURN
    END_OF_TURN ──checkup, knockouts──▶ BETWEEN_TURNS ──markers expire, turn limit──▶ turn start
"""

from __future__ import annotations

from collections.abc import Callable

from mantimon.cards import Trigger
from mantimon.engine import ops, triggers
from mantimon.engine.combat import end_game, handle_knockouts
from mantimon.engine.enums import Condition, GameEndReason, Phase
from mantimon.engine.state import GameState

# Enum members read off their class are slow to look up (not specialised by the interpreter).
_MAIN = Phase.MAIN
_TURN_START = Trigger.TURN_START.value
_BETWEEN_TURNS = Phase.BETWEEN_TURNS
_ASLEEP = Condition.ASLEEP
_PARALYZED = Condition.PARALYZED


def advance(state: GameState) -> None:
    """Run automatic steps until a decision is owed or the game is in its main phase."""
    while not state.pending:
        step = _STEPS.get(state.phase)
        if step is None or not step(state):
            return


def _finish_setup(state: GameState) -> bool:
    if not all(p.setup_done for p in state.players):
        return False
    for seat, p in enumerate(state.players):
        for _ in range(min(state.rules.prize_count, len(p.deck))):
            p.prizes.append(p.deck.pop())
        placed = tuple(c.uid for c in p.in_play())
        ops.emit(state, "reveal_setup", seat, {"count": len(placed)}, placed)
    start_turn(state, state.first)
    return True


def _end_of_turn(state: GameState) -> bool:
    checkup(state)
    state.phase = _BETWEEN_TURNS
    handle_knockouts(state)
    return True


def _between_turns(state: GameState) -> bool:
    for p in state.players:
        for c in p.in_play():
            if c.markers:
                c.markers = [m for m in c.markers if m.until_turn > state.turn]
    limit = state.rules.turn_limit
    if limit is not None and state.turn >= limit:
        a, b = state.players[0].points, state.players[1].points
        end_game(state, None if a == b else (0 if a > b else 1), GameEndReason.TURN_LIMIT)
        return False
    start_turn(state, 1 - state.current)
    return True


_STEPS: dict[Phase, Callable[[GameState], bool]] = {
    Phase.SETUP: _finish_setup,
    Phase.END_OF_TURN: _end_of_turn,
    Phase.BETWEEN_TURNS: _between_turns,
}


def start_turn(state: GameState, seat: int) -> None:
    """Begin ``seat``'s turn: reset per-turn counters, draw (deck out loses), flip energy."""
    state.turn += 1
    state.current = seat
    p = state.players[seat]
    p.energy_attached = p.supporters_played = p.stadiums_played = p.retreats = 0
    p.ability_uses.clear()
    ops.emit(state, "turn_start", seat, {"turn": state.turn, "player": p.id})
    if not p.deck:
        ops.emit(state, "deck_out", seat, {})
        end_game(state, 1 - seat, GameEndReason.DECK_OUT)
        return
    ops.draw(state, seat, 1)
    rules = state.rules
    if not rules.energy_in_deck and (state.turn > 1 or rules.first_turn_energy):
        if not p.energy_deck and p.energy_discard:
            p.energy_deck.extend(p.energy_discard)
            p.energy_discard.clear()
            ops.shuffle_deck(state, p.energy_deck)
            ops.emit(state, "energy_reshuffle", seat, {"count": len(p.energy_deck)})
        if p.energy_deck:
            uid = p.energy_deck.pop()
            p.energy_zone.append(uid)
            ops.emit(state, "energy_flip", seat, {}, (uid,))
    state.phase = _MAIN
    if state.pool.triggered[_TURN_START]:
        triggers.fire_side(state, _TURN_START, seat)
        if state.ko_check:
            handle_knockouts(state)


def checkup(state: GameState) -> None:
    """Between turns, for both Actives: poison, burn (flip to heal), sleep (flip to wake),
    paralysis wears off after its owner's turn."""
    rules = state.rules
    for seat in (state.current, 1 - state.current):
        c = state.players[seat].active
        if c is None:
            continue
        if c.poisoned:
            ops.damage(state, seat, c, rules.poison_damage, "poison")
        if c.burned:
            ops.damage(state, seat, c, rules.burn_damage, "burn")
            if ops.flip(state, seat, "burn"):
                c.burned = False
                ops.emit(state, "condition_end", seat, {"condition": "burned"}, (c.uid,))
        if c.special is _ASLEEP:
            if ops.flip(state, seat, "sleep"):
                c.special = None
                ops.emit(state, "condition_end", seat, {"condition": "asleep"}, (c.uid,))
        elif c.special is _PARALYZED and seat == state.current and c.special_turn < state.turn:
            c.special = None
            ops.emit(state, "condition_end", seat, {"condition": "paralyzed"}, (c.uid,))
