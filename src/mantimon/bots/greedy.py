"""GreedyBot: one-ply heuristics over the visible state.

Priorities, in order: a knockout now; evolving; filling the bench; useful trainers and
abilities; attaching energy toward an attack it can afford soonest; the strongest attack;
ending the turn. Forced promotions pick the benched creature that can hit hardest soonest.
Everything is read from the view plus the public card pool: no hidden information.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

from mantimon.bots.base import playable, register
from mantimon.bots.estimate import attack_damage
from mantimon.cards import (
    CardPool,
    CreatureCard,
    EffectSpec,
    EnergyCard,
    EnergyType,
    TrainerCard,
    TrainerKind,
)
from mantimon.engine import (
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    PlayTrainerAction,
    PromoteAction,
    RetreatAction,
    SetupPlaceAction,
    UseAbilityAction,
    VisibleGameState,
    default_pool,
)
from mantimon.engine.legal import cost_paid
from mantimon.engine.view import VisibleCreature, VisiblePlayer

# Effects that help their player whenever they can be played at all.
A = TypeVar("A")
Moves = dict[str, list[Action]]


def _of(acts: Moves, kind: type[A]) -> list[A]:
    """The legal actions of one class, typed (``acts`` is grouped by the ``type`` tag)."""
    return [a for group in acts.values() for a in group if isinstance(a, kind)]


# Stop drawing extra cards when the deck gets this thin (decking out loses the game).
_DECK_RESERVE = 12
_ALWAYS_GOOD = {
    "draw",
    "draw_until",
    "search_deck",
    "look_top",
    "recover",
    "accelerate",
    "cure",
    "heal",
    "discard_hand",
}


def _from_zone(effects: tuple[EffectSpec, ...]) -> bool:
    return any(e.effect == "accelerate" and e.params.source == "zone" for e in effects)


class GreedyBot:
    """Grabs what looks best right now, without a plan for next turn."""

    name = "greedy"
    description = "Grabs what looks best right now, without a plan for next turn."

    def __init__(self, pool: CardPool | None = None) -> None:
        self.pool = pool or default_pool()

    # --- helpers over the view ----------------------------------------------------------

    def _me(self, view: VisibleGameState) -> VisiblePlayer:
        return next(p for p in view.players if p.player_id == view.viewer)

    def _opp(self, view: VisibleGameState) -> VisiblePlayer:
        return next(p for p in view.players if p.player_id != view.viewer)

    def _creature(self, c: VisibleCreature) -> CreatureCard:
        card = self.pool[c.card_id]
        assert isinstance(card, CreatureCard)
        return card

    def _types(self, c: VisibleCreature) -> list[EnergyType]:
        out = []
        for e in c.energy:
            card = self.pool[e.card_id]
            if isinstance(card, EnergyCard):
                out.append(card.energy_type)
        return out

    def _estimate(
        self,
        view: VisibleGameState,
        attacker: VisibleCreature,
        index: int,
        defender: VisibleCreature | None,
    ) -> int:
        """Expected damage of the attack (coin flips at even odds), modifiers included."""
        return attack_damage(self.pool, view, attacker, index, defender).expected

    def _sure(
        self,
        view: VisibleGameState,
        attacker: VisibleCreature,
        index: int,
        defender: VisibleCreature | None,
    ) -> int:
        """Damage the attack deals whatever the coins say."""
        return attack_damage(self.pool, view, attacker, index, defender).guaranteed

    def _best_damage(
        self, view: VisibleGameState, c: VisibleCreature, defender: VisibleCreature | None
    ) -> int:
        card = self._creature(c)
        have = self._types(c)
        best = 0
        for i, attack in enumerate(card.attacks):
            if cost_paid(attack.cost, have):
                best = max(best, self._estimate(view, c, i, defender))
        return best

    def _missing(self, c: VisibleCreature, extra: list[EnergyType]) -> int:
        """Energy still needed for this creature's cheapest-to-finish attack."""
        card = self._creature(c)
        have = self._types(c) + extra
        best = 99
        for attack in card.attacks:
            if cost_paid(attack.cost, have):
                return 0
            best = min(
                best,
                max(0, len(attack.cost) - len(have))
                + (0 if cost_paid(attack.cost, have + [EnergyType.COLORLESS] * 9) else 1),
            )
        return best

    # --- the decision -------------------------------------------------------------------

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        acts = playable(view)
        if len(acts) == 1:
            return acts[0]
        by_type: Moves = {}
        for a in acts:
            by_type.setdefault(a.type, []).append(a)
        for step in self._steps():
            choice = step(view, by_type)
            if choice is not None:
                return choice
        return rng.choice(acts)

    def _steps(self) -> list[Callable[[VisibleGameState, Moves], Action | None]]:
        return [
            self._answer,
            self._setup,
            self._knockout,
            self._evolve,
            self._bench,
            self._trainer,
            self._ability,
            self._attach,
            self._retreat,
            self._attack,
            lambda v, b: b.get("end_turn", [None])[0],
        ]

    def _answer(self, view: VisibleGameState, acts: Moves) -> Action | None:
        if "promote" in acts:
            opp = self._opp(view)
            me = self._me(view)
            bench = {c.uid: c for c in me.bench}

            def score(a: PromoteAction) -> tuple[int, int]:
                c = bench[a.card_id]
                return (self._best_damage(view, c, opp.active), c.hp - c.damage)

            return max(_of(acts, PromoteAction), key=score)
        if "choose" in acts:
            # Take as much as allowed: more cards in hand, more creatures on the bench.
            return max(_of(acts, ChooseAction), key=lambda a: len(a.selections))
        return None

    def _setup(self, view: VisibleGameState, acts: Moves) -> Action | None:
        places = _of(acts, SetupPlaceAction)
        if not places:
            done = acts.get("setup_done")
            return done[0] if done else None
        me = self._me(view)
        hand = {r.uid: r for r in me.hand or []}

        def hp(a: SetupPlaceAction) -> int:
            card = self.pool[hand[a.card_id].card_id]
            return card.hp if isinstance(card, CreatureCard) else 0

        return max(places, key=hp)

    def _knockout(self, view: VisibleGameState, acts: Moves) -> Action | None:
        me, opp = self._me(view), self._opp(view)
        if me.active is None or opp.active is None:
            return None
        left = opp.active.hp - opp.active.damage
        kos = [
            a
            for a in _of(acts, AttackAction)
            if self._sure(view, me.active, a.attack_index, opp.active) >= left
        ]
        return kos[0] if kos else None

    def _evolve(self, view: VisibleGameState, acts: Moves) -> Action | None:
        evolves = _of(acts, EvolveAction)
        if not evolves:
            return None
        me = self._me(view)
        active_uid = me.active.uid if me.active else None
        return max(evolves, key=lambda a: a.target_id == active_uid)

    def _bench(self, view: VisibleGameState, acts: Moves) -> Action | None:
        plays = acts.get("play_creature")
        if not plays or len(self._me(view).bench) >= 4:
            return None
        return plays[0]

    def _trainer(self, view: VisibleGameState, acts: Moves) -> Action | None:
        me, opp = self._me(view), self._opp(view)
        hand = {r.uid: r.card_id for r in me.hand or []}
        for a in _of(acts, PlayTrainerAction):
            card = self.pool[hand[a.card_id]]
            if not isinstance(card, TrainerCard):
                continue
            ids = {e.effect for e in card.effects}
            if card.trainer is TrainerKind.TOOL:
                if me.active and a.target_id == me.active.uid:
                    return a
                continue
            if card.trainer is TrainerKind.STADIUM:
                if view.stadium_owner != me.player_id:
                    return a
                continue
            if "shuffle_hand_draw" in ids:
                if me.deck_count < _DECK_RESERVE:
                    continue
                if len(me.hand or []) <= 3 or (
                    card.effects[0].params.who != "own" and opp.hand_count >= 5
                ):
                    return a
                continue
            if "switch" in ids:
                side = next(e.params.side for e in card.effects if e.effect == "switch")
                if side == "opp" and me.active is not None:
                    target = next((c for c in opp.bench if c.uid == a.target_id), None)
                    if (
                        target
                        and self._best_damage(view, me.active, target) >= target.hp - target.damage
                    ):
                        return a
                elif side == "own" and self._worth_switching(view, a.target_id):
                    return a
                continue
            special = self._special_trainer(view, ids, a)
            if special is not None:
                if special:
                    return a
                continue
            if ids & _ALWAYS_GOOD:
                drawing = ids & {"draw", "draw_until", "look_top"}
                if drawing and (len(me.hand or []) > 6 or me.deck_count < _DECK_RESERVE):
                    continue
                return a
        return None

    def _worth_switching(self, view: VisibleGameState, new_id: str | None) -> bool:
        """Bring a benched creature in (without paying a retreat) when the Active cannot
        attack or the benched one hits clearly harder."""
        me, opp = self._me(view), self._opp(view)
        new = next((c for c in me.bench if c.uid == new_id), None)
        if me.active is None or new is None:
            return False
        there = self._best_damage(view, new, opp.active)
        if {"asleep", "paralyzed"} & {str(c) for c in me.active.conditions}:
            return there > 0
        here = self._best_damage(view, me.active, opp.active)
        return there >= here + 30 or (here == 0 and there > 0)

    def _special_trainer(
        self, view: VisibleGameState, ids: set[str], a: PlayTrainerAction
    ) -> bool | None:
        """Whether to play a trainer whose value depends on the board (None: not one of
        those; the generic rules decide)."""
        me, opp = self._me(view), self._opp(view)
        if "move_damage" in ids:
            return me.active is not None and me.active.damage >= 30
        if "move_energy" in ids:
            return me.active is not None and self._missing(me.active, []) > 0
        if "discard_energy" in ids:
            target = next(
                (c for c in [opp.active, *opp.bench] if c is not None and c.uid == a.target_id),
                opp.active,
            )
            return target is not None and len(target.energy) >= 2
        if "heal" in ids and a.target_id is not None:
            mine = [c for c in [me.active, *me.bench] if c is not None]
            target = next((c for c in mine if c.uid == a.target_id), None)
            worst = max(c.damage for c in mine)
            return target is not None and target.damage == worst and worst >= 40
        if "recycle" in ids:
            return me.deck_count < 15
        if "protect" in ids:
            return False
        return None

    def _ability(self, view: VisibleGameState, acts: Moves) -> Action | None:
        me = self._me(view)
        mine = {c.uid: c for c in [me.active, *me.bench] if c is not None}
        best: tuple[int, Action] | None = None
        for a in _of(acts, UseAbilityAction):
            ability = self._creature(mine[a.creature_id]).ability
            assert ability is not None
            ids = {e.effect for e in ability.effects}
            if ids & {"draw", "draw_until", "look_top"} and me.deck_count < _DECK_RESERVE:
                continue
            if "move_energy" in ids and (me.active is None or self._missing(me.active, []) == 0):
                continue
            if _from_zone(ability.effects) and me.energy_attached < view.rules.energy_per_turn:
                continue  # the zone's energy is better spent on the turn's own attach first
            target = mine.get(a.target_id) if a.target_id else None
            score = 0
            if target is not None and "accelerate" in ids:
                score = self._missing(target, []) * 10 + (
                    target.uid == (me.active.uid if me.active else None)
                )
            elif target is not None and "heal" in ids:
                score = target.damage
            if best is None or score > best[0]:
                best = (score, a)
        return best[1] if best else None

    def _attach(self, view: VisibleGameState, acts: Moves) -> Action | None:
        attaches = _of(acts, AttachEnergyAction)
        if not attaches:
            return None
        me = self._me(view)
        mine = {c.uid: c for c in ([me.active] if me.active else []) + me.bench}
        zone = {r.uid: r.card_id for r in (me.energy_zone + (me.hand or []))}

        def value(a: AttachEnergyAction) -> tuple[int, int, int]:
            c = mine[a.target_id]
            card = self.pool[zone[a.card_id]]
            etype = card.energy_type if isinstance(card, EnergyCard) else EnergyType.COLORLESS
            before, after = self._missing(c, []), self._missing(c, [etype])
            is_active = me.active is not None and c.uid == me.active.uid
            return (before - after, int(is_active), -after)

        return max(attaches, key=value)

    def _retreat(self, view: VisibleGameState, acts: Moves) -> Action | None:
        retreats = _of(acts, RetreatAction)
        me, opp = self._me(view), self._opp(view)
        if not retreats or me.active is None:
            return None
        here = self._best_damage(view, me.active, opp.active)
        bench = {c.uid: c for c in me.bench}

        def gain(a: RetreatAction) -> tuple[int, int]:
            there = self._best_damage(view, bench[a.new_active_id], opp.active)
            return there, -len(a.discard_energy)

        best = max(retreats, key=gain)
        there = gain(best)[0]
        # Worth it when the benched creature hits clearly harder right now.
        return best if there >= here + 30 or (here == 0 and there > 0) else None

    def _attack(self, view: VisibleGameState, acts: Moves) -> Action | None:
        attacks = _of(acts, AttackAction)
        me, opp = self._me(view), self._opp(view)
        active = me.active
        if not attacks or active is None:
            return None
        return max(attacks, key=lambda a: self._estimate(view, active, a.attack_index, opp.active))


register(GreedyBot)
