"""CarefulBot (level ``normal``): a rule-based player written from RULES.md, no search.

How it plays a turn, one decision at a time: answer forced choices first (promote the
creature that can fight soonest without handing over cheap points; take the most useful
cards); in the main phase, develop before acting (draw and search while the deck is safe,
fill the bench, evolve when the new form can still attack soon, use abilities and helpful
trainers), then move the right creature to the front (retreat only when it pays), attach the
turn's energy where it brings an attack closest, and finish with the attack worth most
(knockouts first, weighted by the points they score). Attacking ends the turn, so it always
comes last. What must not live here: board arithmetic shared with other bots (``reading``)
or anything the view does not show.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from mantimon.bots.base import playable, register
from mantimon.bots.careful_parts import ability_value, trainer_value
from mantimon.bots.evaluate import trigger_worth
from mantimon.bots.reading import Board
from mantimon.cards import CardPool, CreatureCard, EnergyCard, Trigger, Variant
from mantimon.engine import (
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    RetreatAction,
    SetupPlaceAction,
    UseAbilityAction,
    VisibleGameState,
    default_pool,
)
from mantimon.engine.view import VisibleCreature

Step = Callable[[Board, list[Action]], Action | None]

# What a "played" triggered ability is worth to the move that plays its creature (it runs
# at once); other triggers count as the search's evaluation counts them (``trigger_worth``).
PLAYED_WORTH = 10.0


def _on_play(card: CreatureCard) -> float:
    """The worth a card's triggered ability adds to putting it into play."""
    trigger = card.ability.trigger if card.ability is not None else None
    if trigger is None:
        return 0.0
    return PLAYED_WORTH if trigger is Trigger.PLAYED else trigger_worth(trigger)


class CarefulBot:
    """A steady opponent: builds up one attacker at a time and rarely wastes a turn."""

    name = "normal"
    description = "A steady opponent: builds up one attacker at a time and rarely wastes a turn."

    # The player's weights, as class attributes so an experiment can vary one per bot
    # (``bench/ai_bench.py --match normal:ko_base=40 normal``). How little most of them
    # matter, and the two that do: docs/adr/0011-search-ai.md, addendum of 2026-12-07.
    # What progress toward later attacks is worth against damage dealt this turn (the
    # energy stays and serves every later turn of a creature that lives); 0.3 of it for an
    # Active the opponent can knock out next turn.
    future_weight = 1.5
    threat_future = 0.3
    # A knockout's worth: a sure one (base + per point scored), a likely one (per point).
    ko_base = 80.0
    ko_points = 50.0
    ko_maybe = 25.0
    # An Active's fitness: its later potential, the retreat it cannot pay while it has no
    # attack, the points it hands over when it can be knocked out.
    front_later = 0.5
    front_stuck = 10.0
    front_threat = 45.0
    retreat_min = 30.0  # the least gain a retreat must bring
    keep_attack = 30.0  # an Active's attack worth below which evolving may cost it
    bench_max = 99  # basics benched at most (the rules' bench size still applies)

    def __init__(self, pool: CardPool | None = None) -> None:
        self.pool = pool or default_pool()

    def _knockout_bonus(
        self, b: Board, defender: VisibleCreature, expected: int, sure: int
    ) -> float:
        """Extra worth of an attack that knocks ``defender`` out (more for more points)."""
        left = b.left(defender)
        pts = b.points(defender)
        if sure >= left:
            win = pts >= b.to_win(b.me)
            return self.ko_base + self.ko_points * pts + (1000 if win else 0)
        if expected >= left:
            return self.ko_maybe * pts
        return 0

    def _hit_value(
        self, b: Board, defender: VisibleCreature | None, expected: int, sure: int, extra: int
    ) -> float:
        """An attack's worth: the damage that counts (none beyond a knockout), what its
        effects add, and the knockout's points."""
        if defender is None:
            return expected + extra
        dealt = min(expected, b.left(defender))
        return dealt + extra + self._knockout_bonus(b, defender, expected, sure)

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        acts = playable(view)
        if len(acts) == 1:
            return acts[0]
        b = Board(self.pool, view)
        for step in self._steps():
            choice = step(b, acts)
            if choice is not None:
                return choice
        end = [a for a in acts if a.type == "end_turn"]
        return end[0] if end else acts[0]

    def _steps(self) -> list[Step]:
        return [
            self._promote,
            self._answer,
            self._setup,
            self._trainer,
            self._bench,
            self._evolve,
            self._ability,
            self._retreat,
            self._attach,
            self._attack,
        ]

    # --- attacking -----------------------------------------------------------------------

    def attack_value(self, b: Board, c: VisibleCreature, extra: int = 0) -> float:
        """The worth of ``c``'s best attack against the opposing Active this turn, with
        ``extra`` more energy (0 when it cannot attack)."""
        defender = b.opp.active
        best = 0.0
        for h in b.hits(c, defender, extra_energy=extra):
            if h.missing:
                continue
            best = max(best, self._hit_value(b, defender, h.expected, h.guaranteed, h.extra))
        return best

    def _attack(self, b: Board, acts: list[Action]) -> Action | None:
        attacks = [a for a in acts if isinstance(a, AttackAction)]
        active, defender = b.me.active, b.opp.active
        if not attacks or active is None:
            return None
        by_index = {h.attack: h for h in b.hits(active, defender)}
        card = b.card(active)

        def value(a: AttackAction) -> float:
            h = by_index[a.attack_index]
            v = self._hit_value(b, defender, h.expected, h.guaranteed, h.extra)
            if a.target_id is not None:
                target = next((x for x in b.theirs if x.uid == a.target_id), None)
                if target is not None:
                    amount = sum(
                        getattr(s.params, "amount", 0)
                        for s in card.attacks[a.attack_index].effects
                        if s.effect == "damage" and getattr(s.params, "subject", "") == "target"
                    )
                    if amount >= b.left(target):
                        v += 40 * b.points(target)
                    v += min(amount, b.left(target)) / 10
            return v

        best = max(attacks, key=value)
        return best if value(best) > 0 or len(attacks) == len(acts) else None

    # --- forced decisions ----------------------------------------------------------------

    def front_value(self, b: Board, c: VisibleCreature) -> float:
        """How good ``c`` is as the Active for the coming turns: what it can hit for with the
        next attach, what it builds toward, and the points it hands over if it falls."""
        now = self.attack_value(b, c, extra=1)
        later = b.potential(c, b.opp.active, extra_energy=1)
        value = now + self.front_later * later + b.left(c) / 10
        if now == 0:
            # Stuck in front: nothing to hit with and a retreat it cannot pay for.
            value -= self.front_stuck * max(0, c.retreat_cost - len(c.energy))
        if b.threat(c) >= b.left(c):
            value -= self.front_threat * b.points(c)
            if b.points(c) >= b.to_win(b.opp):
                value -= 500
        return value

    def _promote(self, b: Board, acts: list[Action]) -> Action | None:
        promotes = [a for a in acts if isinstance(a, PromoteAction)]
        if not promotes:
            return None
        bench = {c.uid: c for c in b.me.bench}
        return max(promotes, key=lambda a: self.front_value(b, bench[a.card_id]))

    def _answer(self, b: Board, acts: list[Action]) -> Action | None:
        chooses = [a for a in acts if isinstance(a, ChooseAction)]
        pending = b.view.pending
        if not chooses or pending is None:
            return None
        cards = {o.id: o.card.card_id for o in pending.options if o.card is not None}

        def worth(a: ChooseAction) -> float:
            return sum(b.card_worth(cards[s]) if s in cards else 1 for s in a.selections)

        return max(chooses, key=worth)

    def _setup(self, b: Board, acts: list[Action]) -> Action | None:
        places = [a for a in acts if isinstance(a, SetupPlaceAction)]
        if not places:
            done = [a for a in acts if a.type == "setup_done"]
            return done[0] if done else None
        fronts = [a for a in places if a.position == "active"]
        if fronts:
            return max(fronts, key=lambda a: self._opener(b, a.card_id))
        bench = [a for a in places if a.position == "bench"]
        return max(bench, key=lambda a: self._opener(b, a.card_id)) if bench else None

    def _opener(self, b: Board, uid: str) -> float:
        """How fit a basic in hand is to start as the Active: a cheap attacker with some HP
        and an easy retreat, not an ex (it would give two points early)."""
        card = self.pool[b.hand[uid]]
        if not isinstance(card, CreatureCard):
            return -1000
        cheapest = min((len(a.cost) for a in card.attacks), default=9)
        value = card.hp / 10 - 8 * card.retreat - 6 * cheapest
        if card.variant is not Variant.NORMAL:
            value -= 40
        if b.evolves_into_any(card.name):
            value -= 5
        return value

    # --- developing ----------------------------------------------------------------------

    def _trainer(self, b: Board, acts: list[Action]) -> Action | None:
        if not b.my_turn:
            return None
        best: tuple[float, Action] | None = None
        for a in acts:
            if isinstance(a, PlayTrainerAction):
                v = trainer_value(self, b, a)
                if v > 0 and (best is None or v > best[0]):
                    best = (v, a)
        return best[1] if best else None

    def _bench(self, b: Board, acts: list[Action]) -> Action | None:
        plays = [a for a in acts if isinstance(a, PlayCreatureAction)]
        if not plays or len(b.me.bench) >= self.bench_max:
            return None

        def worth(a: PlayCreatureAction) -> float:
            card = self.pool[b.hand[a.card_id]]
            assert isinstance(card, CreatureCard)
            return card.hp / 10 + 20 * bool(b.evolutions_in_hand_named(card.name)) + _on_play(card)

        return max(plays, key=worth)

    def _evolve(self, b: Board, acts: list[Action]) -> Action | None:
        best: tuple[float, Action] | None = None
        mine = {c.uid: c for c in b.mine}
        for a in acts:
            if not isinstance(a, EvolveAction):
                continue
            c = mine[a.target_id]
            new = self.pool[b.hand[a.card_id]]
            assert isinstance(new, CreatureCard)
            if not self.evolve_keeps_pace(b, c, new):
                continue
            v: float = new.hp - c.hp + (50 if b.me.active and c.uid == b.me.active.uid else 0)
            v += _on_play(new)
            if best is None or v > best[0]:
                best = (v, a)
        return best[1] if best else None

    def evolve_keeps_pace(self, b: Board, c: VisibleCreature, new: CreatureCard) -> bool:
        """Evolve only into a form that can still attack soon: a mega (worth three points to
        the opponent) must be able to attack by next turn, and an Active that can attack now
        must keep an attack this turn."""
        extra = 1 if b.can_attach_now else 0
        is_active = b.me.active is not None and c.uid == b.me.active.uid
        old_ready = min((h.missing for h in b.hits(c, None, extra_energy=extra)), default=9)
        new_ready = min((h.missing for h in b.hits(c, None, new, extra_energy=extra)), default=9)
        if new.variant is Variant.MEGA:
            return new_ready == 0 or (not is_active and new_ready <= 1)
        if is_active and old_ready == 0 and new_ready > 0:
            # Losing this turn's attack is worth it only when the old one does little.
            return self.attack_value(b, c, extra) < self.keep_attack
        return True

    def _ability(self, b: Board, acts: list[Action]) -> Action | None:
        if not b.my_turn:
            return None
        best: tuple[float, Action] | None = None
        for a in acts:
            if isinstance(a, UseAbilityAction):
                v = ability_value(self, b, a)
                if v > 0 and (best is None or v > best[0]):
                    best = (v, a)
        return best[1] if best else None

    # --- the front and the energy --------------------------------------------------------

    def switch_gain(self, b: Board, new_id: str | None, lost_energy: int) -> float:
        """What bringing benched ``new_id`` to the front gains, losing ``lost_energy``
        energy from the Active on the way (0 for switch effects). Tempo first: never give
        up this turn's attack for a creature that cannot attack this turn."""
        active = b.me.active
        new = next((c for c in b.me.bench if c.uid == new_id), None)
        if active is None or new is None:
            return 0.0
        extra = 1 if b.can_attach_now else 0
        here = self.attack_value(b, active, extra)
        if {"asleep", "paralyzed"} & {str(x) for x in active.conditions}:
            here = 0
        there = self.attack_value(b, new, extra)
        if there == 0:
            if here > 0:
                return -1000.0
            return self.front_value(b, new) - self.front_value(b, active) - 20 * lost_energy
        gain = there - here - 20 * lost_energy
        if b.threat(active) >= b.left(active) and b.points(active) > 1:
            gain += 15 * b.points(active)  # it lives on the bench, out of reach
        return gain

    def _retreat(self, b: Board, acts: list[Action]) -> Action | None:
        retreats = [a for a in acts if isinstance(a, RetreatAction)]
        if not retreats:
            return None
        best = max(retreats, key=lambda a: self.switch_gain(b, a.new_active_id, 0))
        gain = self.switch_gain(b, best.new_active_id, len(best.discard_energy))
        return best if gain >= self.retreat_min else None

    def attach_gain(self, b: Board, c: VisibleCreature) -> float:
        """What one more energy on ``c`` is worth: a better attack this turn (Active), and
        progress toward its attacks (or its evolution's) if it is likely to live to use it."""
        is_active = b.me.active is not None and c.uid == b.me.active.uid
        gain = 0.0
        if is_active:
            gain += self.attack_value(b, c, 1) - self.attack_value(b, c, 0)
        forms: list[CreatureCard | None] = [None, *b.evolutions_in_hand(c)]
        future = max(
            b.potential(c, b.opp.active, 1, form) - b.potential(c, b.opp.active, 0, form)
            for form in forms
        )
        threatened = is_active and b.threat(c) >= b.left(c)
        future *= self.threat_future if threatened else self.future_weight
        return gain + future + (1 if is_active else 0)

    def _attach(self, b: Board, acts: list[Action]) -> Action | None:
        attaches = [a for a in acts if isinstance(a, AttachEnergyAction)]
        if not attaches:
            return None
        mine = {c.uid: c for c in b.mine}
        cards = {r.uid: r.card_id for r in [*b.me.energy_zone, *(b.me.hand or [])]}

        def value(a: AttachEnergyAction) -> float:
            card = self.pool[cards[a.card_id]]
            if not isinstance(card, EnergyCard):
                return -1
            return self.attach_gain(b, mine[a.target_id])

        return max(attaches, key=value)


register(CarefulBot)
