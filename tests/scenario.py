"""Domain helpers for scenario tests: build a position, act, assert in game words.

A ``Scenario`` builds a ``GameState`` directly in the main phase (or any phase) with chosen
cards in chosen zones, so a test reads like a rules question: "Blazefang with two Fire
energy attacks a Drizzlet; how much damage?". Coin flips are forced with ``flips(...)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest

from mantimon.cards import CardDef, CardPool, EnergyCard, EnergyType
from mantimon.engine import (
    Action,
    GameState,
    IllegalAction,
    Phase,
    RulesConfig,
    Transition,
    apply_action,
    default_pool,
    legal_actions,
    state_to_json,
)
from mantimon.engine import rng as rng_mod
from mantimon.engine.catalog import load_pool
from mantimon.engine.enums import Condition
from mantimon.engine.state import Creature, PlayerState

PLAYERS = ("ana", "bo")
ENERGY_CARD = {t: f"energy-{t.value}" for t in EnergyType if t is not EnergyType.COLORLESS}


def pool_with(*cards: dict[str, object]) -> CardPool:
    """The bundled pool plus extra test-only cards given as JSON-like dicts."""
    import json

    from mantimon.cards.pool import bundled_files

    extra = ("test-cards.json", json.dumps({"cards": list(cards)}))
    return load_pool([*bundled_files("data"), extra], bundled_files("decks"))


class Scenario:
    """A hand-built game position. Seat 0 is ``ana``, seat 1 is ``bo``."""

    def __init__(
        self,
        rules: RulesConfig | None = None,
        *,
        turn: int = 3,
        current: int = 0,
        first: int = 0,
        pool: CardPool | None = None,
        seed: int = 1,
        deck_size: int = 10,
    ) -> None:
        self.pool = pool or default_pool()
        self.state = GameState(
            rules or RulesConfig(),
            [PlayerState(PLAYERS[0]), PlayerState(PLAYERS[1])],
            {},
            seed,
            rng_mod.seed_state(seed),
            phase=Phase.MAIN,
            turn=turn,
            current=current,
            first=first,
            pool=self.pool,
        )
        self._n = itertools.count()
        for seat in (0, 1):
            self.deck(seat, *["m1-050"] * deck_size)

    # --- building ----------------------------------------------------------------------

    def _uid(self, seat: int, card_id: str) -> str:
        assert card_id in self.pool, f"unknown card {card_id}"
        uid = f"p{seat + 1}t{next(self._n):03d}"
        self.state.card_of[uid] = card_id
        return uid

    def _energy(self, seat: int, types: Iterable[EnergyType | str]) -> list[str]:
        return [self._uid(seat, ENERGY_CARD[EnergyType(t)]) for t in types]

    def _creature(
        self,
        seat: int,
        card_id: str,
        damage: int,
        energy: Iterable[EnergyType | str],
        tool: str | None,
        conditions: Iterable[Condition],
        played_turn: int | None,
    ) -> Creature:
        c = Creature(self._uid(seat, card_id), card_id, damage=damage)
        c.energy = self._energy(seat, energy)
        c.tool = self._uid(seat, tool) if tool else None
        c.since_turn = self.state.turn - 1 if played_turn is None else played_turn
        for cond in conditions:
            if cond in (Condition.ASLEEP, Condition.PARALYZED, Condition.CONFUSED):
                c.special = cond
                c.special_turn = self.state.turn - 1
            elif cond is Condition.POISONED:
                c.poisoned = True
            elif cond is Condition.BURNED:
                c.burned = True
        return c

    def active(
        self,
        seat: int,
        card_id: str,
        *,
        damage: int = 0,
        energy: Iterable[EnergyType | str] = (),
        tool: str | None = None,
        conditions: Iterable[Condition] = (),
        played_turn: int | None = None,
    ) -> str:
        """Put a creature in ``seat``'s Active spot; returns its instance id."""
        c = self._creature(seat, card_id, damage, energy, tool, conditions, played_turn)
        self.state.players[seat].active = c
        return c.uid

    def bench(
        self,
        seat: int,
        card_id: str,
        *,
        damage: int = 0,
        energy: Iterable[EnergyType | str] = (),
        tool: str | None = None,
        played_turn: int | None = None,
    ) -> str:
        c = self._creature(seat, card_id, damage, energy, tool, (), played_turn)
        self.state.players[seat].bench.append(c)
        return c.uid

    def hand(self, seat: int, *card_ids: str) -> list[str]:
        uids = [self._uid(seat, cid) for cid in card_ids]
        self.state.players[seat].hand.extend(uids)
        return uids

    def deck(self, seat: int, *card_ids: str) -> list[str]:
        """Replace ``seat``'s deck; the first card given is the top card."""
        uids = [self._uid(seat, cid) for cid in card_ids]
        self.state.players[seat].deck = list(reversed(uids))
        return uids

    def discard(self, seat: int, *card_ids: str) -> list[str]:
        uids = [self._uid(seat, cid) for cid in card_ids]
        self.state.players[seat].discard.extend(uids)
        return uids

    def prizes(self, seat: int, *card_ids: str) -> list[str]:
        """Set ``seat``'s face-down prize cards (classic preset)."""
        uids = [self._uid(seat, cid) for cid in card_ids]
        self.state.players[seat].prizes = list(uids)
        return uids

    def energy_zone(self, seat: int, *types: EnergyType | str) -> list[str]:
        uids = self._energy(seat, types)
        self.state.players[seat].energy_zone.extend(uids)
        return uids

    def energy_deck(self, seat: int, *types: EnergyType | str) -> list[str]:
        """Replace ``seat``'s energy deck; the first type given is flipped first."""
        uids = self._energy(seat, types)
        self.state.players[seat].energy_deck = list(reversed(uids))
        return uids

    def stadium(self, seat: int, card_id: str) -> str:
        uid = self._uid(seat, card_id)
        self.state.stadium, self.state.stadium_owner = uid, seat
        return uid

    def flips(self, *results: str) -> None:
        """Make the next coin flips come out as given ("heads"/"tails")."""
        want = [r == "heads" for r in results]
        for seed in range(1 << 20):
            s = seed
            ok = True
            for w in want:
                s, v = rng_mod.below(s, 2)
                if (v == 1) != w:
                    ok = False
                    break
            if ok:
                self.state.rng = seed
                return
        raise AssertionError("no seed found for the requested flips")

    # --- acting --------------------------------------------------------------------------

    def act(self, seat: int, action: Action) -> Transition:
        return apply_action(self.state, PLAYERS[seat], action)

    def refuse(self, seat: int, action: Action, code: str | None = None) -> IllegalAction:
        """Assert the action is refused (with ``code`` if given) and changes nothing."""
        before = state_to_json(self.state)
        with pytest.raises(IllegalAction) as info:
            apply_action(self.state, PLAYERS[seat], action)
        assert state_to_json(self.state) == before, "a refused action changed the state"
        if code is not None:
            assert info.value.code == code, info.value.message
        return info.value

    def legal(self, seat: int) -> list[Action]:
        return legal_actions(self.state, PLAYERS[seat])

    def legal_types(self, seat: int) -> set[str]:
        return {a.type for a in self.legal(seat)}

    # --- reading -------------------------------------------------------------------------

    def creature(self, uid: str) -> Creature:
        found = self.state.find(uid)
        assert found is not None, f"{uid} is not in play"
        return found[1]

    def damage_on(self, uid: str) -> int:
        return self.creature(uid).damage

    def in_play(self, uid: str) -> bool:
        return self.state.find(uid) is not None

    def events(self, transition: Transition, kind: str) -> list[dict[str, object]]:
        return [e.data for e in transition.events if e.kind == kind]

    def player(self, seat: int) -> PlayerState:
        return self.state.players[seat]


def card(card_id: str) -> CardDef:
    return default_pool()[card_id]


def energy_types(s: Scenario, c: Creature) -> list[str]:
    out = []
    for uid in c.energy:
        card_ = s.pool[s.state.card_of[uid]]
        assert isinstance(card_, EnergyCard)
        out.append(card_.energy_type.value)
    return out
