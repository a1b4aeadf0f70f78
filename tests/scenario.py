"""Domain helpers for scenario tests: build a position, act, assert in game words.

A ``Scenario`` builds a ``GameState`` directly in the main phase (or any phase) with chosen
cards in chosen zones, so a test reads like a rules question: "Blazefang with two Fire
energy attacks a Drizzlet; how much damage?". Coin flips are forced with ``flips(...)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import pytest

from mantimon.cards import CardDef, CardPool, EnergyCard, EnergyType
from mantimon.engine import (
    Action,
    ChooseAction,
    EndTurnAction,
    GameState,
    IllegalAction,
    Phase,
    RulesConfig,
    Transition,
    apply_action,
    default_pool,
    legal_actions,
    state_to_json,
    view_for,
)
from mantimon.engine import rng as rng_mod
from mantimon.engine.catalog import load_pool
from mantimon.engine.effects.library import EFFECTS
from mantimon.engine.enums import Condition
from mantimon.engine.state import Creature, PlayerState
from mantimon.engine.view import VisibleGameState

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
        self.state.legal_cache = None  # the position is being edited by hand
        self.state.view_memo = None
        self.state.ko_check = True
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

    def energy_discard(self, seat: int, *types: EnergyType | str) -> list[str]:
        """Add energy cards to ``seat``'s energy discard pile (mantimon preset)."""
        uids = self._energy(seat, types)
        self.state.players[seat].energy_discard.extend(uids)
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

    def active_uid(self, seat: int) -> str | None:
        """The instance id of ``seat``'s Active creature (None when the spot is empty)."""
        active = self.state.players[seat].active
        return active.uid if active is not None else None

    def card_ids(self, uids: Iterable[str]) -> list[str]:
        """The card ids (e.g. ``"m1-001"``) of card instances, in order."""
        return [self.state.card_of[u] for u in uids]

    def conditions(self, uid: str) -> set[Condition]:
        """The special conditions of an in-play creature."""
        return set(self.creature(uid).conditions())

    # --- more acting and reading (effect and card tests) ------------------------------------

    def end_turn(self, seat: int) -> Transition:
        """``seat`` ends the turn without attacking; the next turn starts (draw, energy)."""
        return self.act(seat, EndTurnAction())

    def choose(self, seat: int, *picks: str) -> Transition:
        """Answer ``seat``'s pending choice with ``picks``."""
        return self.act(seat, ChooseAction(selections=tuple(picks)))

    def view(self, seat: int | None) -> VisibleGameState:
        """What ``seat`` (None: a spectator) sees of the game."""
        return view_for(self.state, PLAYERS[seat] if seat is not None else None)

    def flip_results(self, transition: Transition) -> list[str]:
        """The coin flips a transition recorded, in order ("heads"/"tails")."""
        return [str(d["result"]) for d in self.events(transition, "flip")]

    def damage_from(self, transition: Transition, uid: str, cause: str = "attack") -> int:
        """Damage put on ``uid`` during ``transition`` by ``cause`` ("attack", "effect", "self",
        "poison", "burn", "confusion"): what an attack did, before the checkup added more."""
        return sum(
            int(e.data["amount"])
            for e in transition.events
            if e.kind == "damage" and e.data.get("cause") == cause and uid in e.cards
        )


def card(card_id: str) -> CardDef:
    return default_pool()[card_id]


def energy_types(s: Scenario, c: Creature) -> list[str]:
    out = []
    for uid in c.energy:
        card_ = s.pool[s.state.card_of[uid]]
        assert isinstance(card_, EnergyCard)
        out.append(card_.energy_type.value)
    return out


# --- test-only cards as card JSON writes them (for ``pool_with``) ----------------------------

COVERED_EFFECTS: set[str] = set()
_F = TypeVar("_F", bound=Callable[..., Any])


def covers(*effect_ids: str) -> Callable[[_F], _F]:
    """Declare that a test exercises these effect ids (``test_effects_coverage`` checks that
    every registered effect has at least one such test)."""
    for eid in effect_ids:
        assert eid in EFFECTS, f"unknown effect id {eid!r}"
    COVERED_EFFECTS.update(effect_ids)

    def mark(fn: _F) -> _F:
        return fn

    return mark


def eff(effect_id: str, **params: object) -> dict[str, object]:
    """One effect object: ``{"effect": id, **params}``."""
    return {"effect": effect_id, **params}


def attack_json(
    *effects: dict[str, object],
    damage: int = 0,
    cost: Iterable[str] = (),
    target: str | None = None,
    name: str = "Test Attack",
) -> dict[str, object]:
    """An attack; by default it costs nothing, so a test attacker needs no energy."""
    out: dict[str, object] = {
        "name": name,
        "cost": list(cost),
        "damage": damage,
        "effects": list(effects),
    }
    if target is not None:
        out["target"] = target
    return out


def ability_json(
    kind: str,
    *effects: dict[str, object],
    per_turn: int = 1,
    target: str | None = None,
    active_only: bool = False,
    name: str = "Test Ability",
    trigger: str | None = None,
) -> dict[str, object]:
    out: dict[str, object] = {
        "name": name,
        "kind": kind,
        "per_turn": per_turn,
        "active_only": active_only,
        "effects": list(effects),
    }
    if target is not None:
        out["target"] = target
    if trigger is not None:
        out["trigger"] = trigger
    return out


def creature_json(
    card_id: str,
    *attacks: dict[str, object],
    type: str = "colorless",
    hp: int = 300,
    ability: dict[str, object] | None = None,
    retreat: int = 1,
    **extra: object,
) -> dict[str, object]:
    """A test-only basic creature (no weakness or resistance unless given in ``extra``)."""
    out: dict[str, object] = {
        "id": card_id,
        "kind": "creature",
        "name": f"Test {card_id}",
        "type": type,
        "hp": hp,
        "retreat": retreat,
        "attacks": list(attacks),
        **extra,
    }
    if ability is not None:
        out["ability"] = ability
    return out


def trainer_json(
    card_id: str, trainer: str, *effects: dict[str, object], target: str | None = None
) -> dict[str, object]:
    """A test-only trainer (item, supporter, stadium or tool)."""
    out: dict[str, object] = {
        "id": card_id,
        "kind": "trainer",
        "trainer": trainer,
        "name": f"Test {card_id}",
        "effects": list(effects),
    }
    if target is not None:
        out["target"] = target
    return out
