"""Attacks, knockouts, scoring and the winner check.

What lives here: resolving an attack (confusion, effects before and after damage, damage
math via ``modifiers``), knocking out every creature at or past its HP at once, awarding
points or prize cards, queueing forced promotions FIFO (the player whose turn it is first),
and deciding a winner when both players meet a condition together (RULES.md).
What must not: turn order (``flow``) or legality (``legal``).
"""

from __future__ import annotations

from mantimon.cards import Attack, CreatureCard, Trigger, Variant
from mantimon.engine import modifiers, ops, triggers
from mantimon.engine.effects.registry import Ctx
from mantimon.engine.effects.runner import run_effects
from mantimon.engine.enums import Condition, GameEndReason, Phase
from mantimon.engine.state import Creature, GameState, Pending

# Enum members read off their class are slow to look up (not specialised by the interpreter).
_SETUP = Phase.SETUP
_OVER = Phase.GAME_OVER
_CONFUSED = Condition.CONFUSED
_DAMAGED = Trigger.DAMAGED.value
_KNOCKED_OUT = Trigger.KNOCKED_OUT.value


def resolve_attack(state: GameState, seat: int, attack: Attack, target: Creature | None) -> None:
    """Resolve the Active's attack, then raise ``damaged`` for each of the other player's
    creatures it damaged (Active first). Knockouts are handled by the caller afterwards."""
    watch = state.pool.triggered[_DAMAGED]
    if not watch:
        _resolve_attack(state, seat, attack, target)
        return
    opp = state.players[1 - seat]
    side = [opp.active, *opp.bench] if opp.active is not None else list(opp.bench)
    before = [(c, c.damage) for c in side if c.card in watch]
    _resolve_attack(state, seat, attack, target)
    for c, damage in before:
        if c.damage > damage:
            triggers.fire(state, _DAMAGED, 1 - seat, c)


def _resolve_attack(state: GameState, seat: int, attack: Attack, target: Creature | None) -> None:
    me, opp = state.players[seat], state.players[1 - seat]
    attacker = me.active
    assert attacker is not None
    ops.emit(state, "attack", seat, {"attack": attack.name}, (attacker.uid,))
    if attacker.special is _CONFUSED and not ops.flip(state, seat, "confusion"):
        ops.emit(state, "confused", seat, {}, (attacker.uid,))
        ops.damage(state, seat, attacker, state.rules.confusion_damage, "confusion")
        return
    ctx = Ctx(
        state,
        seat,
        attacker.uid,
        creature=attacker,
        target=target,
        target_seat=state.find(target.uid)[0] if target is not None else None,  # type: ignore[index]
        attacking=True,
        damage=attack.damage,
    )
    flips: list[bool | None] = [None] * len(attack.effects)
    run_effects(ctx, attack.effects, "before_damage", flips)
    if ctx.cancelled:
        return
    defender = opp.active
    if defender is not None:
        amount = modifiers.attack_damage(state, seat, attacker, 1 - seat, defender, ctx.damage)
        ops.damage(state, 1 - seat, defender, amount, "attack")
    run_effects(ctx, attack.effects, "after_damage", flips)


def ko_value(state: GameState, creature: Creature) -> int:
    card = state.pool.cards[creature.card]
    assert isinstance(card, CreatureCard)
    rules = state.rules
    return {
        Variant.NORMAL: rules.points_normal,
        Variant.EX: rules.points_ex,
        Variant.MEGA: rules.points_mega,
    }[card.variant]


def handle_knockouts(state: GameState) -> None:
    """Knock out every creature whose damage reached its HP, score, queue promotions.

    Called after every action, after an attack and after the checkup. Ends the game when
    a player meets a winning condition.
    """
    if not state.ko_check or state.phase is _SETUP or state.phase is _OVER:
        return
    state.ko_check = False
    order = (state.current, 1 - state.current)
    knocked: list[tuple[int, Creature]] = []
    hp: modifiers.Fold | None = None
    for seat in order:
        p = state.players[seat]
        for c in (p.active, *p.bench) if p.active is not None else p.bench:
            # max_hp is never below 10, so an undamaged creature cannot be knocked out.
            if not c.damage:
                continue
            if hp is None:
                hp = modifiers.folder(state, "max_hp")
            if c.damage >= modifiers.max_hp(state, seat, c, hp):
                knocked.append((seat, c))
    if not knocked:
        return
    for seat, c in knocked:
        value = ko_value(state, c)
        ops.remove_from_play(state, seat, c)
        ops.emit(state, "knockout", seat, {"value": value}, (c.uid,))
        _score(state, 1 - seat, value)
    if check_winner(state):
        return
    if state.pool.triggered[_KNOCKED_OUT]:
        for seat, c in knocked:
            triggers.fire(state, _KNOCKED_OUT, seat, c)
        if state.ko_check:  # what the abilities did knocked out more
            handle_knockouts(state)
            if state.phase is _OVER:
                return
    for seat in order:
        p = state.players[seat]
        if (
            p.active is None
            and p.bench
            and not any(q.seat == seat and q.kind == "promote" for q in state.pending)
        ):
            state.pending.append(
                Pending(
                    seat,
                    "promote",
                    "Choose a benched creature to become your Active",
                    [c.uid for c in p.bench],
                )
            )


def _score(state: GameState, seat: int, value: int) -> None:
    p = state.players[seat]
    if state.rules.use_prizes:
        taken = 0
        for _ in range(min(value, len(p.prizes))):
            from mantimon.engine import rng

            state.rng, i = rng.below(state.rng, len(p.prizes))
            uid = p.prizes.pop(i)
            p.hand.append(uid)
            taken += 1
            ops.emit(state, "prize", seat, {"count": 1}, (uid,), seat, {"count": 1})
        p.points += taken
    else:
        p.points += value
        ops.emit(state, "score", seat, {"points": value, "total": p.points})


def _wins(state: GameState, seat: int) -> list[GameEndReason]:
    p, opp = state.players[seat], state.players[1 - seat]
    met = []
    if state.rules.use_prizes:
        if state.rules.prize_count > 0 and not p.prizes and p.points > 0:
            met.append(GameEndReason.PRIZES)
    elif p.points >= state.rules.points_to_win:
        met.append(GameEndReason.POINTS)
    if opp.active is None and not opp.bench:
        met.append(GameEndReason.NO_CREATURES)
    return met


def check_winner(state: GameState) -> bool:
    """End the game if a player met a winning condition; True when it ended.

    When both meet one at the same moment, the player who met more conditions wins; equal
    counts make a draw (RULES.md).
    """
    met = [_wins(state, 0), _wins(state, 1)]
    if not met[0] and not met[1]:
        return False
    if len(met[0]) == len(met[1]):
        end_game(state, None, met[0][0])
    else:
        winner = 0 if len(met[0]) > len(met[1]) else 1
        end_game(state, winner, met[winner][0])
    return True


def end_game(state: GameState, winner: int | None, reason: GameEndReason) -> None:
    state.phase = Phase.GAME_OVER
    state.winner = winner
    state.end_reason = reason
    state.pending.clear()
    ops.emit(
        state,
        "game_over",
        winner,
        {
            "winner": state.players[winner].id if winner is not None else None,
            "reason": reason.value,
        },
    )
