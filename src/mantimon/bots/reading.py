"""Reading a board the way a player does: what each creature can hit for, and how soon.

What lives here: a ``Board`` built from one view and the public card pool, with the answers
rule-based bots ask again and again: whose creatures are whose, which energy types sit on a
creature, how many energy an attack still lacks, the best attack a creature could make with
some energy, how hard the opponent can hit back next turn, and what a kept card is worth.
What must not: choosing moves (``careful``, ``easy``) or anything the view does not show
(only the view and the card pool are read; no engine state, no deck contents).
"""

from __future__ import annotations

from typing import NamedTuple

from mantimon.bots.estimate import attack_damage, effects_of
from mantimon.cards import (
    CardPool,
    CreatureCard,
    EnergyCard,
    EnergyType,
    Stage,
    TrainerCard,
    TrainerKind,
    Variant,
)
from mantimon.engine import VisibleGameState
from mantimon.engine.view import VisibleCreature, VisiblePlayer

# Energy a creature is expected to receive per turn (the turn's one attach).
PER_TURN = 1
# What an attack one energy further away is worth, relative to one ready now.
DISCOUNT = 0.7
# Effects after which an attack's damage is worth a little more (the opponent's next turn
# is weaker): conditions that skip or hurt a turn.
CONDITION_VALUE = {"asleep": 25, "paralyzed": 30, "confused": 15, "poisoned": 20, "burned": 25}
# The share of the defender's next attack a condition should save us (a sleeper wakes on
# heads; a paralysed creature misses its turn; a confused one fails on tails).
SKIP_SHARE = {"asleep": 0.5, "paralyzed": 0.9, "confused": 0.4}


def shortfall(cost: tuple[EnergyType, ...], have: list[EnergyType]) -> int:
    """How many more energy ``cost`` needs on top of ``have``, assuming new energy may be of
    any needed type (mono-type decks: the next energy matches)."""
    pool = list(have)
    missing = 0
    colorless = 0
    for symbol in cost:
        if symbol is EnergyType.COLORLESS:
            colorless += 1
        elif symbol in pool:
            pool.remove(symbol)
        else:
            missing += 1
    return missing + max(0, colorless - len(pool))


class Hit(NamedTuple):
    """One attack a creature could make: its index (``attack``), expected and certain
    damage, the energy still missing for it, and a small bonus for what its effects add.
    A named tuple: a decision makes hundreds, and a tuple is the cheapest to make."""

    attack: int
    expected: int
    guaranteed: int
    missing: int
    extra: int


class Board:
    """One decision's reading of the view (built afresh for every decision)."""

    def __init__(self, pool: CardPool, view: VisibleGameState) -> None:
        self.pool = pool
        self.view = view
        me = opp = None
        for p in view.players:
            if p.player_id == view.viewer:
                me = p
            else:
                opp = p
        assert me is not None and opp is not None
        self.me: VisiblePlayer = me
        self.opp: VisiblePlayer = opp
        self.mine = [c for c in [me.active, *me.bench] if c is not None]
        self.theirs = [c for c in [opp.active, *opp.bench] if c is not None]
        self.hand = {r.uid: r.card_id for r in me.hand or []}
        # Answers already worked out for this decision (the view never changes under it).
        self._hits: dict[tuple[str, ...] | tuple[str, str, str, int], list[Hit]] = {}
        self.my_turn = view.current_player == me.player_id
        # Whether the turn's energy attach is still to come (this turn, or next turn's).
        self.can_attach_now = (
            self.my_turn
            and me.energy_attached < view.rules.energy_per_turn
            and bool(me.energy_zone or (view.rules.energy_in_deck and self._energy_in_hand()))
            and not (
                view.turn == 1
                and view.first_player == me.player_id
                and not view.rules.first_turn_energy
            )
        )

    def _energy_in_hand(self) -> bool:
        return any(isinstance(self.pool[cid], EnergyCard) for cid in self.hand.values())

    # --- cards ---------------------------------------------------------------------------

    def card(self, c: VisibleCreature) -> CreatureCard:
        card = self.pool[c.card_id]
        assert isinstance(card, CreatureCard)
        return card

    def energy(self, c: VisibleCreature) -> list[EnergyType]:
        out = []
        for e in c.energy:
            card = self.pool[e.card_id]
            if isinstance(card, EnergyCard):
                out.append(card.energy_type)
        return out

    def left(self, c: VisibleCreature) -> int:
        """HP left (the view's ``hp`` already includes HP modifiers)."""
        return c.hp - c.damage

    def points(self, c: VisibleCreature) -> int:
        """What knocking ``c`` out scores for its opponent."""
        rules = self.view.rules
        return {
            Variant.NORMAL: rules.points_normal,
            Variant.EX: rules.points_ex,
            Variant.MEGA: rules.points_mega,
        }[c.variant]

    def to_win(self, p: VisiblePlayer) -> int:
        """What ``p`` still needs to win on knockouts: points, or prize cards left."""
        if self.view.rules.use_prizes:
            return p.prizes_count
        return max(0, self.view.rules.points_to_win - p.points)

    def is_mine(self, c: VisibleCreature) -> bool:
        return any(x.uid == c.uid for x in self.mine)

    def evolutions_in_hand(self, c: VisibleCreature) -> list[CreatureCard]:
        """Stage cards in hand that evolve from ``c``."""
        return self.evolutions_in_hand_named(c.name)

    def evolutions_in_hand_named(self, name: str) -> list[CreatureCard]:
        """Stage cards in hand that evolve from the creature called ``name``."""
        out = []
        for cid in self.hand.values():
            card = self.pool[cid]
            if isinstance(card, CreatureCard) and card.evolves_from == name:
                out.append(card)
        return out

    def evolves_into_any(self, name: str) -> bool:
        """Whether some card of the pool evolves from the creature called ``name``."""
        return name in self.pool.evolves_from.values()

    # --- attacks -------------------------------------------------------------------------

    def hits(
        self,
        c: VisibleCreature,
        defender: VisibleCreature | None,
        card: CreatureCard | None = None,
        extra_energy: int = 0,
    ) -> list[Hit]:
        """Every attack of ``c`` (or of ``card``, a form it could evolve into) against
        ``defender``, with the energy each still lacks after ``extra_energy`` more."""
        card = card or self.card(c)
        key = (c.uid, defender.uid if defender else "", card.id, extra_energy)
        found = self._hits.get(key)
        if found is None:
            # Only ``missing`` depends on the extra energy: the rest is worked out once
            # per attacker, defender and form (most questions differ only in that).
            base = self._hits.get(key[:3])
            if base is None:
                base = self._hits[key[:3]] = self._find_hits(c, defender, card)
            found = base
            if extra_energy:
                found = [
                    Hit(i, exp, low, max(0, missing - extra_energy), more)
                    for i, exp, low, missing, more in base
                ]
            self._hits[key] = found
        return found

    def _find_hits(
        self, c: VisibleCreature, defender: VisibleCreature | None, card: CreatureCard
    ) -> list[Hit]:
        """``hits`` without extra energy."""
        have = self.energy(c)
        out = []
        for i, attack in enumerate(card.attacks):
            missing = shortfall(attack.cost, have)
            if card.id == c.card_id:
                dmg = attack_damage(self.pool, self.view, c, i, defender)
                exp, low = dmg.expected, dmg.guaranteed
            else:  # a form not in play yet: its printed damage, a fair guess
                exp = low = attack.damage
            out.append(Hit(i, exp, low, missing, self._effect_value(c, card, i, defender)))
        return out

    def _effect_value(
        self, c: VisibleCreature, card: CreatureCard, index: int, defender: VisibleCreature | None
    ) -> int:
        """A rough worth, in damage, of what the attack does besides its damage."""
        value = 0
        for effect, odds, subject, p in effects_of(card.attacks[index]):
            if effect == "inflict" and subject == "defender":
                value += int(odds * self._condition_value(c, str(p.condition), defender))
            elif effect == "damage":
                if subject == "self":
                    value -= p.amount
                elif subject == "opp_bench":
                    value += int(0.5 * p.amount * len(self.opp.bench if self.is_mine(c) else []))
                else:
                    value += int(0.6 * p.amount)
            elif effect == "discard_energy":
                value += int(odds * 15 * p.count) if subject == "defender" else -15 * p.count
            elif effect == "heal" and subject == "self":
                value += min(p.amount, c.damage) // 2
            elif effect == "heal":
                value += 10
            elif effect == "move_damage":
                value += min(c.damage, p.amount)
            elif effect == "protect" and subject == "self":
                value += int(odds * 20)
            elif effect in ("discard_hand", "switch", "mill", "recover"):
                value += 5
        return value

    def _condition_value(
        self, c: VisibleCreature, condition: str, defender: VisibleCreature | None
    ) -> float:
        """What giving the defender ``condition`` is worth: a turn it may not attack
        saves us part of what it would hit for; poison and burn add damage over time."""
        if defender is None or condition in {str(x) for x in defender.conditions}:
            return 0
        value: float = CONDITION_VALUE.get(condition, 10)
        if condition in SKIP_SHARE and self.is_mine(c) and self.me.active is not None:
            value = max(value, SKIP_SHARE[condition] * self.threat(self.me.active))
        return value

    def best_now(self, c: VisibleCreature, defender: VisibleCreature | None) -> Hit | None:
        """The hardest affordable attack right now (expected damage), or None."""
        ready = [h for h in self.hits(c, defender) if h.missing == 0]
        return max(ready, key=lambda h: h.expected + h.extra, default=None)

    def potential(
        self,
        c: VisibleCreature,
        defender: VisibleCreature | None,
        extra_energy: int = 0,
        card: CreatureCard | None = None,
    ) -> float:
        """What ``c`` threatens over the next turns: each attack's damage discounted by the
        turns of energy it still lacks (an attack three attaches away is worth little)."""
        best = 0.0
        for h in self.hits(c, defender, card, extra_energy):
            value = (h.expected + h.extra) * (DISCOUNT**h.missing)
            best = max(best, value)
        return best

    def threat(self, target: VisibleCreature | None) -> int:
        """The most the opponent's Active should hit ``target`` for on its next turn (its
        energy plus one attach)."""
        attacker = self.opp.active if target is None or self.is_mine(target) else self.me.active
        if attacker is None or target is None:
            return 0
        if {"asleep", "paralyzed"} & {str(x) for x in attacker.conditions} and not self.my_turn:
            return 0
        hits = self.hits(attacker, target, extra_energy=PER_TURN)
        return max((h.expected for h in hits if h.missing == 0), default=0)

    # --- cards in hand -------------------------------------------------------------------

    def trainer(self, card_uid: str) -> TrainerCard | None:
        card = self.pool[self.hand[card_uid]] if card_uid in self.hand else None
        return card if isinstance(card, TrainerCard) else None

    def card_worth(self, card_id: str) -> int:
        """How much a card is wanted in hand now (searches, looks, recoveries)."""
        card = self.pool[card_id]
        room = self.view.rules.bench_size - len(self.me.bench)
        if isinstance(card, CreatureCard):
            if card.stage is Stage.BASIC:
                base = 40 if room > 0 else 5
                return base + (10 if self.evolves_into_any(card.name) else 0)
            if any(c.name == card.evolves_from for c in self.mine):
                return 70 if card.variant is not Variant.MEGA else 45
            return 20
        if isinstance(card, TrainerCard):
            return 25 if card.trainer is TrainerKind.SUPPORTER else 15
        return 10

    def turns_left(self) -> int:
        """My turns left before the turn limit (a long game's worth without one)."""
        limit = self.view.rules.turn_limit
        if limit is None:  # no limit: plan for a long game, as games without one run
            return max(3, (40 - self.view.turn) // 2)
        return max(0, (limit - self.view.turn) // 2 + 1)

    def deck_safe(self, draws: int) -> bool:
        """Whether drawing ``draws`` more cards still leaves a card for every turn to come."""
        return self.me.deck_count - draws > self.turns_left() + 2
