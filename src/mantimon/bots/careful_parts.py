"""What trainers and abilities are worth to the careful player (level ``normal``).

What lives here: one number per trainer or ability action, positive when playing it now
helps (draw while the deck is safe and the hand is thin, search for what the board lacks,
heal what would otherwise fall, pull a creature in that the Active can knock out, put
tools and stadiums where they help). Its caller plays the best positive one. What must
not: the order of a turn or attack and energy choices (``careful``), or hidden information.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mantimon.bots.reading import Board
from mantimon.cards import CreatureCard, EffectSpec, EnergyType, TrainerKind
from mantimon.engine import PlayTrainerAction, UseAbilityAction
from mantimon.engine.view import VisibleCreature

if TYPE_CHECKING:
    from mantimon.bots.careful import CarefulBot

# Cards in hand at which drawing more stops being worth a supporter.
_FULL_HAND = 6


def _find(b: Board, uid: str | None) -> VisibleCreature | None:
    return next((c for c in [*b.mine, *b.theirs] if c.uid == uid), None)


def _draw_value(b: Board, count: int, hand_after: int) -> float:
    if not b.deck_safe(count):
        return 0
    return max(0.0, 12.0 * count - 4.0 * max(0, hand_after - _FULL_HAND))


def _effects_value(
    bot: CarefulBot, b: Board, effects: tuple[EffectSpec, ...], target: VisibleCreature | None
) -> float:
    """The worth of a list of effects used from hand or by an ability on ``target``."""
    hand = len(b.hand)
    room = b.view.rules.bench_size - len(b.me.bench)
    active = b.me.active
    value = 0.0
    for spec in effects:
        p = spec.params
        e = spec.effect
        if e == "draw":
            value += _draw_value(b, p.count, hand + p.count)
        elif e == "draw_until":
            value += _draw_value(b, max(0, p.count - hand), p.count)
        elif e == "shuffle_hand_draw":
            if p.who == "own":
                value += _draw_value(b, p.count, p.count) - 8 * hand
            else:
                value += 5 * (b.opp.hand_count - p.count)
        elif e == "look_top":
            value += 10 if b.deck_safe(1) else 0
        elif e == "search_deck":
            wants_basic = getattr(p.filter, "stage", None) == "basic" if p.filter else False
            if p.to == "bench":
                value += 25 * min(room, p.count)
            elif wants_basic:
                value += 20 if room > 0 else 0
            else:
                value += 20
        elif e == "recover":
            value += (
                15 if any(isinstance(b.pool[r.card_id], CreatureCard) for r in b.me.discard) else 0
            )
        elif e == "recycle":
            value += 20 if b.me.deck_count < b.turns_left() + 5 else 0
        elif e == "heal":
            value += _heal_value(b, p.amount, p.subject, target)
        elif e == "cure":
            value += 25 if active is not None and active.conditions else 0
        elif e == "switch":
            value += _switch_value(bot, b, p.side, target)
        elif e == "accelerate":
            who = target if p.subject in ("target", "self") else active
            value += 10 + bot.attach_gain(b, who) * p.count if who is not None else 10
        elif e == "move_energy":
            value += _move_energy_value(bot, b, target)
        elif e == "move_damage":
            value += 10 if target is not None and target.damage > 0 else 0
        elif e == "discard_energy":
            victim = target or b.opp.active
            value += 15 * len(victim.energy) if victim is not None else 0
        elif e == "discard_hand":
            value += 8 if getattr(p, "who", "opp") == "opp" and b.opp.hand_count else 0
        elif e == "protect":
            value += 0
    return value


def _heal_value(b: Board, amount: int, subject: str, target: VisibleCreature | None) -> float:
    if subject == "own_bench":
        return sum(min(amount, c.damage) for c in b.me.bench) / 2
    who = target if subject == "target" else b.me.active
    if who is None or not b.is_mine(who):
        return 0
    healed = min(amount, who.damage)
    is_active = b.me.active is not None and who.uid == b.me.active.uid
    saves = is_active and b.left(who) <= b.threat(who) < b.left(who) + healed
    return healed / 2 + (30 * b.points(who) if saves else 0) - 5


def _switch_value(bot: CarefulBot, b: Board, side: str, target: VisibleCreature | None) -> float:
    if target is None:
        return 0
    if side == "own":
        gain = bot.switch_gain(b, target.uid, 0)
        return gain if gain >= 30 else 0
    active = b.me.active
    if active is None:
        return 0
    # Pull in what the Active can knock out, or a creature that cannot attack back.
    best = b.best_now(active, target)
    if best is not None and best.guaranteed >= b.left(target):
        current = b.opp.active
        current_ko = current is not None and (
            (now := b.best_now(active, current)) is not None and now.guaranteed >= b.left(current)
        )
        if not current_ko or (current is not None and b.points(target) > b.points(current)):
            return 40 + 30 * b.points(target)
    return 0


def _move_energy_value(bot: CarefulBot, b: Board, source: VisibleCreature | None) -> float:
    active = b.me.active
    if active is None or source is None or source.uid == active.uid:
        return 0
    gain = bot.attack_value(b, active, 1) - bot.attack_value(b, active, 0)
    return gain - 10


def trainer_value(bot: CarefulBot, b: Board, a: PlayTrainerAction) -> float:
    """What playing trainer action ``a`` now is worth (<= 0: keep it)."""
    card = b.trainer(a.card_id)
    if card is None:
        return 0
    target = _find(b, a.target_id)
    active = b.me.active
    if card.trainer is TrainerKind.TOOL:
        return 15 if target is not None and active is not None and target.uid == active.uid else 0
    if card.trainer is TrainerKind.STADIUM:
        if b.view.stadium_owner == b.me.player_id:
            return 0
        types = {t for s in card.effects for t in getattr(s.params, "types", ())}
        ours = {b.card(c).type for c in b.mine} | {EnergyType.COLORLESS}
        helps_us = not types or bool(types & ours)
        return 12 if helps_us or b.view.stadium is not None else 0
    if card.trainer is TrainerKind.SUPPORTER:
        return _effects_value(bot, b, card.effects, target)
    return _effects_value(bot, b, card.effects, target) - 2


def ability_value(bot: CarefulBot, b: Board, a: UseAbilityAction) -> float:
    """What using ability action ``a`` now is worth (<= 0: do not)."""
    host = _find(b, a.creature_id)
    if host is None:
        return 0
    ability = b.card(host).ability
    if ability is None:
        return 0
    target = _find(b, a.target_id) if a.target_id else host
    from_zone = any(s.effect == "accelerate" and s.params.source == "zone" for s in ability.effects)
    if from_zone and b.me.energy_attached < b.view.rules.energy_per_turn:
        return 0  # the zone's energy is the turn's attach; let the attach go first
    return _effects_value(bot, b, ability.effects, target)
