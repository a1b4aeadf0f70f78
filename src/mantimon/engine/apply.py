"""Applying an action: check it against ``legal``, change the state, let the game run on.

What lives here: ``apply_action`` (the engine's one way to change a game on a player's
behalf), one small handler per action type, and the timer entry points the server uses
(``expire_turn``, ``forfeit``). The state is changed in place; callers clone first when they
need the old one. What must not: legality rules (``legal``) or card behaviour (``effects``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mantimon.cards import TrainerCard, TrainerKind, Trigger
from mantimon.engine import legal, modifiers, ops, triggers
from mantimon.engine.actions import (
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    ResignAction,
    RetreatAction,
    SetupPlaceAction,
    UseAbilityAction,
)
from mantimon.engine.combat import end_game, handle_knockouts, resolve_attack
from mantimon.engine.effects.library import EFFECTS
from mantimon.engine.effects.registry import Ctx, load_params
from mantimon.engine.effects.runner import run_effects
from mantimon.engine.enums import ActionErrorCode, GameEndReason, Phase
from mantimon.engine.errors import IllegalAction
from mantimon.engine.explain import refuse
from mantimon.engine.flow import advance
from mantimon.engine.state import Event, GameState

# Enum members read off their class are slow to look up (not specialised by the interpreter).
_OVER = Phase.GAME_OVER
_MAIN = Phase.MAIN
_END_OF_TURN = Phase.END_OF_TURN
_TOOL = TrainerKind.TOOL
_STADIUM = TrainerKind.STADIUM
_SUPPORTER = TrainerKind.SUPPORTER
_PLAYED = Trigger.PLAYED.value
_ENERGY_ATTACHED = Trigger.ENERGY_ATTACHED.value
_TRAINER_VALUES = {kind: kind.value for kind in TrainerKind}  # ``.value`` is a Python property


@dataclass(slots=True)
class Transition:
    """The state after a change (the same object, changed in place), the events it caused,
    and the actions applied (one for ``apply_action``; what the timer chose for
    ``expire_turn``): appending those to a game's action log keeps it replayable."""

    state: GameState
    events: list[Event]
    actions: list[Action] = field(default_factory=list)


def apply_action(state: GameState, player_id: str, action: Action) -> Transition:
    """Apply ``action`` for ``player_id`` if it is legal; raise ``IllegalAction`` if not.

    A refused action changes nothing.
    """
    seat = state.seat_of(player_id)
    # The usual case first: the very action object the memoised legal list holds (what
    # bots and the server hand back), found by identity; ``_refusal`` would accept it.
    cache = state.legal_cache
    hit = cache.get(seat) if cache is not None and seat is not None else None
    listed = False
    if hit is not None and hit[0] == state.event_seq:
        for candidate in hit[1]:
            if candidate is action:
                listed = True
                break
    if not listed:
        refused = _refusal(state, seat, player_id, action)
        if refused is not None:
            raise refused
    assert seat is not None
    start = len(state.log)
    kind = action.type
    if kind not in _CANNOT_LOWER_HP and (kind == "evolve" or modifiers.in_game(state, "max_hp")):
        state.ko_check = True
    _HANDLERS[kind](state, seat, action)
    if state.ko_check:  # ``handle_knockouts`` returns at once otherwise
        handle_knockouts(state)
    if not state.pending and state.phase is not _MAIN:  # ``advance`` has nothing to do else
        advance(state)
    return Transition(state, _new_events(state, start), [action])


def refusal(state: GameState, player_id: str, action: Action) -> IllegalAction | None:
    """Why ``apply_action`` would refuse ``action`` (None: it would apply it), without
    changing the state: what a client or a test may ask before acting."""
    return _refusal(state, state.seat_of(player_id), player_id, action)


def _refusal(
    state: GameState, seat: int | None, player_id: str, action: Action
) -> IllegalAction | None:
    if seat is None:
        return IllegalAction(
            ActionErrorCode.INVALID_ACTION, f"'{player_id}' is not a player in this game"
        )
    if state.phase is _OVER:
        return IllegalAction(ActionErrorCode.ACTION_NOT_ALLOWED, "the game is over")
    if isinstance(action, ResignAction):
        return None
    return _check(state, seat, action)


def _new_events(state: GameState, start: int) -> list[Event]:
    """The events recorded since the log had ``start`` entries; then trim the log to the
    view window (but never below what this change recorded)."""
    log = state.log
    events = log[start:]
    keep = max(state.rules.view_event_window, len(events))
    if len(log) > keep:
        del log[: len(log) - keep]
    return events


def _check(state: GameState, seat: int, action: Action) -> IllegalAction | None:
    cache = state.legal_cache  # ``legal.cached_legal``, inlined
    hit = cache.get(seat) if cache is not None else None
    known = hit[1] if hit is not None and hit[0] == state.event_seq else None
    if known is not None:
        # Bots and the server usually hand back the very object listed (identity is the
        # cheap test; ``in`` would call the actions' ``__eq__`` on the way, and
        # ``any(map(operator.is_, ...))`` measured slower); an equal copy from the wire is
        # found by value.
        for candidate in known:
            if candidate is action:
                return None
        if action in known:
            return None
    candidates = legal.of_type(state, seat, action)
    if action in candidates:
        return None
    # Interchangeable energy (retreat) and identical cards (choices) are enumerated once per
    # kind of card; any equivalent selection of the player's own is accepted.
    if candidates and isinstance(action, RetreatAction) and _valid_retreat(state, seat, action):
        return None
    if candidates and isinstance(action, ChooseAction) and _valid_choice(state, seat, action):
        return None
    return refuse(state, seat, action)


def _valid_retreat(state: GameState, seat: int, action: RetreatAction) -> bool:
    active = state.players[seat].active
    assert active is not None
    pay = action.discard_energy
    return (
        any(c.uid == action.new_active_id for c in state.players[seat].bench)
        and len(set(pay)) == len(pay) == modifiers.retreat_cost(state, seat, active)
        and all(uid in active.energy for uid in pay)
    )


def _valid_choice(state: GameState, seat: int, action: ChooseAction) -> bool:
    q = legal.owed_decision(state, seat)
    picks = action.selections
    return (
        q is not None
        and q.kind == "choice"
        and len(set(picks)) == len(picks)
        and q.min <= len(picks) <= q.max
        and all(p in q.options for p in picks)
    )


# --- handlers -------------------------------------------------------------------------------


def _setup_place(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, SetupPlaceAction)
    p = state.players[seat]
    p.hand.remove(a.card_id)
    creature = ops.new_creature(state, a.card_id)
    if a.position == "active":
        p.active = creature
    else:
        p.bench.append(creature)
    ops.emit(
        state,
        "setup_place",
        seat,
        {"position": a.position},
        (a.card_id,),
        seat,
        {"position": a.position},
    )


def _setup_done(state: GameState, seat: int, _a: Any) -> None:
    state.players[seat].setup_done = True
    ops.emit(state, "setup_done", seat, {"player": state.players[seat].id})


def _play_creature(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, PlayCreatureAction)
    creature = ops.bench_from_hand(state, seat, a.card_id)
    if state.pool.triggered[_PLAYED]:
        triggers.fire(state, _PLAYED, seat, creature)


def _evolve(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, EvolveAction)
    found = state.find(a.target_id)
    assert found is not None
    c = found[1]
    state.players[seat].hand.remove(a.card_id)
    ops.left_hand(state.players[seat], (a.card_id,))
    old = c.uid
    c.below.append(old)
    c.uid = a.card_id
    c.card = state.card_of[a.card_id]
    c.since_turn = state.turn
    ops.clear_on_leave_active(c)
    ops.emit(state, "evolve", seat, {}, (a.card_id, old))
    if state.pool.triggered[_PLAYED]:
        triggers.fire(state, _PLAYED, seat, c)


def _attach(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, AttachEnergyAction)
    p = state.players[seat]
    (p.hand if state.rules.energy_in_deck else p.energy_zone).remove(a.card_id)
    ops.left_hand(p, (a.card_id,))
    found = state.find(a.target_id)
    assert found is not None
    found[1].energy.append(a.card_id)
    p.energy_attached += 1
    ops.emit(
        state,
        "attach",
        seat,
        {"from": "hand" if state.rules.energy_in_deck else "zone"},
        (a.target_id, a.card_id),
    )
    if state.pool.triggered[_ENERGY_ATTACHED]:
        triggers.fire(state, _ENERGY_ATTACHED, found[0], found[1])


def _target(state: GameState, target_id: str | None) -> tuple[Any, int | None]:
    if target_id is None:
        return None, None
    found = state.find(target_id)
    assert found is not None
    return found[1], found[0]


def _play_trainer(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, PlayTrainerAction)
    p = state.players[seat]
    card = state.defn(a.card_id)
    assert isinstance(card, TrainerCard)
    p.hand.remove(a.card_id)
    ops.left_hand(p, (a.card_id,))
    ops.emit(
        state,
        "play_trainer",
        seat,
        {"trainer": _TRAINER_VALUES[card.trainer]},
        (a.card_id,) + ((a.target_id,) if a.target_id else ()),
    )
    if card.trainer is _TOOL:
        target, _ = _target(state, a.target_id)
        target.tool = a.card_id
        return
    if card.trainer is _STADIUM:
        if state.stadium is not None:
            old_owner = state.stadium_owner if state.stadium_owner is not None else seat
            state.players[old_owner].discard.append(state.stadium)
        state.stadium, state.stadium_owner = a.card_id, seat
        p.stadiums_played += 1
        return
    if card.trainer is _SUPPORTER:
        p.supporters_played += 1
    p.discard.append(a.card_id)
    target, target_seat = _target(state, a.target_id)
    ctx = Ctx(state, seat, a.card_id, target=target, target_seat=target_seat)
    run_effects(ctx, card.effects, None)


def _use_ability(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, UseAbilityAction)
    found = state.find(a.creature_id)
    assert found is not None
    host = found[1]
    card = state.creature_def(host)
    assert card.ability is not None
    p = state.players[seat]
    p.ability_uses[host.uid] = p.ability_uses.get(host.uid, 0) + 1
    ops.emit(state, "ability", seat, {"ability": card.ability.name}, (host.uid,))
    target, target_seat = _target(state, a.target_id)
    run_effects(
        Ctx(state, seat, host.uid, creature=host, target=target, target_seat=target_seat),
        card.ability.effects,
        None,
    )


def _attack(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, AttackAction)
    active = state.players[seat].active
    assert active is not None
    attack = state.creature_def(active).attacks[a.attack_index]
    target, _ = _target(state, a.target_id)
    resolve_attack(state, seat, attack, target)
    if state.phase is not _OVER:
        handle_knockouts(state)
    if state.phase is not _OVER:
        state.phase = _END_OF_TURN


def _retreat(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, RetreatAction)
    p = state.players[seat]
    assert p.active is not None
    ops.discard_energy(state, seat, p.active, list(a.discard_energy))
    index = next(i for i, c in enumerate(p.bench) if c.uid == a.new_active_id)
    p.retreats += 1
    ops.swap_active(state, seat, index, "retreat")


def _end_turn(state: GameState, seat: int, _a: Any) -> None:
    ops.emit(state, "end_turn", seat, {})
    state.phase = _END_OF_TURN


def _promote(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, PromoteAction)
    q = legal.owed_decision(state, seat)
    assert q is not None
    state.pending.remove(q)
    p = state.players[seat]
    index = next(i for i, c in enumerate(p.bench) if c.uid == a.card_id)
    p.active = p.bench.pop(index)
    ops.emit(state, "promote", seat, {}, (a.card_id,))


def _choose(state: GameState, seat: int, a: Any) -> None:
    assert isinstance(a, ChooseAction)
    q = legal.owed_decision(state, seat)
    assert q is not None and q.effect is not None
    state.pending.remove(q)
    handler = EFFECTS[q.effect]
    assert handler.resume is not None
    params = load_params(handler.params, q.data.get("params", {}))
    found = state.find(q.source) if q.source else None
    ctx = Ctx(state, seat, q.source or "", creature=found[1] if found else None)
    ops.emit(state, "choose", seat, {"count": len(a.selections)})
    handler.resume(ctx, params, a.selections)


def _resign(state: GameState, seat: int, _a: Any) -> None:
    ops.emit(state, "resign", seat, {"player": state.players[seat].id})
    end_game(state, 1 - seat, GameEndReason.RESIGNATION)


# Actions that can neither change a creature's HP nor deal damage outside ``ops.damage``
# (which flags the knockout check itself). Any other action may (an evolution to a stage
# with less HP, a tool or stadium, a creature with a passive ability entering or leaving
# the Active spot), so the knockout check runs after it; except that without a card in
# the game answering the ``max_hp`` hook, a creature's HP is its card's and only an
# evolution changes it (damage only grows through ``ops.damage``; ``c.card`` changes
# only in ``_evolve``).
_CANNOT_LOWER_HP = frozenset({"attach_energy", "end_turn", "setup_place", "setup_done", "resign"})

_HANDLERS: dict[str, Callable[[GameState, int, Any], None]] = {
    "setup_place": _setup_place,
    "setup_done": _setup_done,
    "play_creature": _play_creature,
    "evolve": _evolve,
    "attach_energy": _attach,
    "play_trainer": _play_trainer,
    "use_ability": _use_ability,
    "attack": _attack,
    "retreat": _retreat,
    "end_turn": _end_turn,
    "promote": _promote,
    "choose": _choose,
    "resign": _resign,
}


# --- the server's clock, as pure entry points ---------------------------------------------


def timeout_action(state: GameState, seat: int) -> Action | None:
    """What the server does for a player whose time ran out: answer a forced decision with
    its first option, finish setup with the first basic as Active, else end the turn."""
    options = legal.legal_for_seat(state, seat)
    if not options:
        return None
    if state.phase is Phase.SETUP:
        done = [o for o in options if o.type == "setup_done"]
        return done[0] if done else options[0]
    if legal.owed_decision(state, seat) is not None:
        return options[0]
    return legal.END_TURN


def expire_turn(state: GameState, player_id: str) -> Transition:
    """Act for ``player_id`` whose time ran out: answer what they owe, and on their own
    turn end it. Stops when they owe nothing more or a new turn begins, so a player who
    timed out on a forced promotion still gets their own next turn."""
    seat = state.seat_of(player_id)
    if seat is None:
        raise IllegalAction(
            ActionErrorCode.INVALID_ACTION, f"'{player_id}' is not a player in this game"
        )
    done = Transition(state, [])
    turn = state.turn
    for _ in range(64):
        if state.turn != turn or seat not in legal.waiting_for(state):
            break
        action = timeout_action(state, seat)
        if action is None:
            break
        done.events.extend(apply_action(state, player_id, action).events)
        done.actions.append(action)
    return done


def forfeit(
    state: GameState, player_id: str, reason: GameEndReason = GameEndReason.TIMEOUT
) -> Transition:
    """End the game against ``player_id`` (e.g. after three consecutive timeouts)."""
    seat = state.seat_of(player_id)
    if seat is None:
        raise IllegalAction(
            ActionErrorCode.INVALID_ACTION, f"'{player_id}' is not a player in this game"
        )
    if state.phase is Phase.GAME_OVER:
        raise IllegalAction(ActionErrorCode.ACTION_NOT_ALLOWED, "the game is over")
    start = len(state.log)
    end_game(state, 1 - seat, reason)
    return Transition(state, _new_events(state, start))
