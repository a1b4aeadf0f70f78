"""How good a full game state is for one seat: the search's evaluation function.

What lives here: ``evaluate(state, seat)``, a score in points-like units built from the
score race, the board (HP left, energy attached against attack costs), threats (which
Active can knock out the other's next), hand resources and deck-out danger; and the small
board facts it needs (``best_damage``, ``missing_energy``), shared with the rollout policy.
What must not: deciding moves (``policy``, ``search``) or reading a real game: it is only
ever called on states the bot sampled itself (``determinize``), where it may look at
everything, since those states are its own imagination.

The weights are in ``Weights`` so that bench runs can compare settings; the defaults are
the ones measured best (docs/adr/0011-search-ai.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from mantimon.bots.reading import shortfall
from mantimon.cards import Attack, CreatureCard, EnergyType, Trigger, Variant
from mantimon.engine import GameState
from mantimon.engine.state import Creature


@dataclass(frozen=True, slots=True)
class Weights:
    win: float = 10_000.0
    point: float = 100.0  # one point (or prize) of the score race
    hp: float = 0.6  # per HP left on a creature, scaled by what knocking it out is worth
    energy: float = 12.0  # per attached energy that some attack of the creature can use
    ready: float = 18.0  # the Active can pay for an attack
    stage: float = 12.0  # per evolution stage in play
    bench: float = 10.0  # per benched creature, up to ``bench_cap``
    bench_cap: int = 3
    threat_mine: float = 0.55  # x points of the opponent's Active my Active can knock out
    threat_theirs: float = 0.45  # x points of my Active theirs can knock out
    power: float = 0.25  # per damage the Active can deal the other Active (one more energy)
    bench_power: float = 0.15  # the same for the best benched attacker
    hand: float = 6.0  # per card in hand, up to ``hand_cap``
    hand_cap: int = 8
    deck_low: float = 40.0  # per card below ``deck_floor`` in the deck
    deck_floor: int = 4
    # A creature in play whose triggered ability keeps paying (at each of its owner's turns,
    # each energy attached, each hit it takes), and one whose knockout gives something back.
    triggered: float = 8.0
    parting: float = 4.0


DEFAULT = Weights()


def points_of(state: GameState, card: CreatureCard) -> int:
    """What knocking out a creature of this card is worth (points or prizes)."""
    rules = state.rules
    if card.variant is Variant.MEGA:
        return rules.points_mega
    if card.variant is Variant.EX:
        return rules.points_ex
    return rules.points_normal


def goal(state: GameState) -> int:
    """Points (or prizes) a player needs to win."""
    rules = state.rules
    return rules.prize_count if rules.use_prizes else rules.points_to_win


def energy_of(state: GameState, c: Creature) -> list[EnergyType]:
    types = state.pool.energy_type_of
    card_of = state.card_of
    return [types.get(card_of[u], EnergyType.COLORLESS) for u in c.energy]


def missing_energy(state: GameState, c: Creature, extra: int = 0) -> int:
    """Energy still needed for the creature's cheapest-to-finish attack (``extra`` cards
    of the right type assumed attached)."""
    card = state.creature_def(c)
    if not card.attacks:
        return 9
    have = energy_of(state, c)
    return max(0, min(shortfall(a.cost, have) for a in card.attacks) - extra)


def _hit(state: GameState, attack: Attack, atk: CreatureCard, dfn: CreatureCard) -> int:
    """The attack's printed damage with weakness and resistance (effects not counted)."""
    amount = attack.damage
    if amount <= 0:
        return 0
    rules = state.rules
    if dfn.weakness is not None and dfn.weakness.type == atk.type:
        if (dfn.weakness.mode or rules.weakness_mode) == "multiply":
            amount *= dfn.weakness.value or rules.weakness_multiplier
        else:
            amount += dfn.weakness.value if dfn.weakness.value is not None else rules.weakness_bonus
    if dfn.resistance is not None and dfn.resistance.type == atk.type:
        amount -= dfn.resistance.value or rules.resistance_value
    return max(0, amount)


def best_damage(state: GameState, c: Creature, target: Creature | None, extra: int = 0) -> int:
    """Most printed damage ``c`` can deal to ``target`` with its energy (plus ``extra``
    energy of a fitting type): the index of what the Active threatens."""
    card = state.creature_def(c)
    have = energy_of(state, c)
    dfn = state.creature_def(target) if target is not None else None
    best = 0
    for attack in card.attacks:
        if shortfall(attack.cost, have) <= extra:
            dmg = _hit(state, attack, card, dfn) if dfn is not None else attack.damage
            best = max(best, dmg)
    return best


def _useful_energy(state: GameState, c: Creature, card: CreatureCard) -> int:
    most = max((len(a.cost) for a in card.attacks), default=0)
    return min(len(c.energy), most)


def _side(state: GameState, seat: int, w: Weights) -> float:
    p = state.players[seat]
    score = w.point * p.points
    in_play = p.in_play()
    for c in in_play:
        card = state.creature_def(c)
        worth = points_of(state, card)
        left = max(0, card.hp - c.damage)
        score += w.hp * left * (0.6 + 0.4 * worth)
        score += w.energy * _useful_energy(state, c, card)
        score += w.stage * (0 if card.evolves_from is None else 1 + (card.stage.value == "stage2"))
        if card.ability is not None and card.ability.trigger is not None:
            score += trigger_worth(card.ability.trigger, w)
    if p.active is not None and missing_energy(state, p.active) == 0:
        score += w.ready
    target = state.players[1 - seat].active
    if target is not None and (w.power or w.bench_power):
        left = max(10, state.creature_def(target).hp - target.damage)
        if p.active is not None:
            score += w.power * min(left, best_damage(state, p.active, target, extra=1))
        if p.bench:
            best = max(best_damage(state, c, target, extra=1) for c in p.bench)
            score += w.bench_power * min(left, best)
    score += w.bench * min(len(p.bench), w.bench_cap)
    score += w.hand * min(len(p.hand), w.hand_cap)
    if len(p.deck) < w.deck_floor:
        score -= w.deck_low * (w.deck_floor - len(p.deck))
    return score


def trigger_worth(trigger: Trigger, w: Weights = DEFAULT) -> float:
    """What a creature's triggered ability adds to its worth while it is in play: the
    standing ones pay again and again; ``knocked_out`` softens its loss; ``played`` has
    paid already (the move that played it counted it)."""
    if trigger in (Trigger.TURN_START, Trigger.ENERGY_ATTACHED, Trigger.DAMAGED):
        return w.triggered
    if trigger is Trigger.KNOCKED_OUT:
        return w.parting
    return 0.0


def _threat(state: GameState, seat: int, w: Weights, factor: float) -> float:
    """Value of ``seat``'s Active being able to knock out the other Active on its next
    attack (with one more energy attached)."""
    me, them = state.players[seat], state.players[1 - seat]
    if me.active is None or them.active is None:
        return 0.0
    card = state.creature_def(them.active)
    left = card.hp - them.active.damage
    if best_damage(state, me.active, them.active, extra=1) >= left:
        return factor * w.point * points_of(state, card)
    return 0.0


def evaluate(state: GameState, seat: int, w: Weights = DEFAULT) -> float:
    """The state's worth for ``seat`` (higher is better; a win is ``w.win``)."""
    if state.end_reason is not None:
        if state.winner is None:
            return 0.0
        return w.win if state.winner == seat else -w.win
    other = 1 - seat
    # The player about to move attacks first: their threat is the more real one.
    mine, theirs = (
        (w.threat_mine, w.threat_theirs)
        if state.current == seat
        else (w.threat_theirs, w.threat_mine)
    )
    need = goal(state)
    race = (
        w.point
        * 0.5
        * (
            _closeness(state.players[seat].points, need)
            - _closeness(state.players[other].points, need)
        )
    )
    return (
        _side(state, seat, w)
        - _side(state, other, w)
        + _threat(state, seat, w, mine)
        - _threat(state, other, w, theirs)
        + race
    )


def _closeness(points: int, need: int) -> float:
    """Extra worth of points near the goal (the last point matters most)."""
    if need <= 0:
        return 0.0
    frac = min(1.0, points / need)
    return frac * frac * need
