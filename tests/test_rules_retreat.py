"""Retreat (RULES.md "A turn", main phase): once per turn, paying the retreat cost after
modifiers (stadium, passive abilities; never below 0) by discarding energy from the Active,
never while asleep or paralyzed, and clearing the special conditions of the creature that
leaves. Discarded mantimon energy goes to the energy discard, classic energy to the discard.
"""

from __future__ import annotations

import pytest

from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    AttackAction,
    EndTurnAction,
    RetreatAction,
    view_for,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario, pool_with

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
BOTH = pytest.mark.parametrize("preset", ["mantimon", "classic"])

# A benched helper whose passive ability lowers the retreat cost of its owner's creatures.
PATHFINDER = {
    "id": "t-guide",
    "kind": "creature",
    "name": "Trail Guide",
    "type": "colorless",
    "hp": 60,
    "ability": {
        "name": "Shortcut",
        "kind": "passive",
        "effects": [{"effect": "mod_retreat", "amount": -1, "scope": "own"}],
    },
    "attacks": [{"name": "Poke", "cost": ["colorless"], "damage": 10}],
}


def shown_retreat_cost(s: Scenario) -> int:
    """ana's Active's retreat cost as her view shows it (after every modifier)."""
    active = view_for(s.state, "ana").players[0].active
    assert active is not None
    return active.retreat_cost


@BOTH
def test_retreat_pays_the_cost_and_swaps_with_the_bench(preset: str) -> None:
    s = Scenario(PRESET[preset])
    shell = s.active(0, "m1-013", energy=["water", "water", "fire"], damage=20)  # retreat 2
    first = s.bench(0, "m1-050")
    puff = s.bench(0, "m1-010")
    s.active(1, "m1-050")
    water1, water2, fire = s.creature(shell).energy
    s.act(0, RetreatAction(new_active_id=puff, discard_energy=(water1, fire)))
    me = s.player(0)
    assert me.active is not None and me.active.uid == puff
    assert [c.uid for c in me.bench] == [first, shell]
    assert s.creature(shell).energy == [water2]
    assert s.damage_on(shell) == 20, "retreating keeps damage"
    pile = me.discard if preset == "classic" else me.energy_discard
    assert sorted(pile) == sorted([water1, fire])
    assert me.retreats == 1
    assert s.state.current == 0, "retreating does not end the turn"


@BOTH
def test_retreat_only_once_per_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    a = s.active(0, "m1-050", energy=["fire"])
    b = s.bench(0, "m1-050", energy=["fire"])
    s.active(1, "m1-050")
    s.act(0, RetreatAction(new_active_id=b, discard_energy=tuple(s.creature(a).energy)))
    assert "retreat" not in s.legal_types(0)
    err = s.refuse(
        0,
        RetreatAction(new_active_id=a, discard_energy=tuple(s.creature(b).energy)),
        "action_not_allowed",
    )
    assert "already retreated" in err.message
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, RetreatAction(new_active_id=a, discard_energy=tuple(s.creature(b).energy)))
    assert s.active_uid(0) == a


def test_the_new_active_may_attack_after_a_retreat() -> None:
    s = Scenario()
    puff = s.active(0, "m1-050", energy=["fire"])
    cub = s.bench(0, "m1-001", energy=["fire"])
    target = s.active(1, "m1-050")
    s.act(0, RetreatAction(new_active_id=cub, discard_energy=tuple(s.creature(puff).energy)))
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 20


def test_retreat_needs_enough_energy() -> None:
    s = Scenario()
    shell = s.active(0, "m1-013", energy=["water"])  # retreat 2
    b = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    assert "retreat" not in s.legal_types(0)
    err = s.refuse(
        0,
        RetreatAction(new_active_id=b, discard_energy=tuple(s.creature(shell).energy)),
        "action_not_allowed",
    )
    assert "energy" in err.message


def test_retreat_needs_a_benched_creature() -> None:
    s = Scenario()
    s.active(0, "m1-050", energy=["fire"])
    theirs = s.bench(1, "m1-050")
    s.active(1, "m1-050")
    assert "retreat" not in s.legal_types(0)
    s.refuse(0, RetreatAction(new_active_id=theirs, discard_energy=()), "action_not_allowed")


def test_the_discard_must_be_exactly_the_cost_from_the_active() -> None:
    s = Scenario()
    shell = s.active(0, "m1-013", energy=["water", "water", "water"])  # retreat 2
    b = s.bench(0, "m1-050", energy=["water"])
    theirs = s.bench(1, "m1-050")
    s.active(1, "m1-050")
    e1, e2, e3 = s.creature(shell).energy
    s.refuse(0, RetreatAction(new_active_id=b, discard_energy=(e1,)), "invalid_action")
    s.refuse(0, RetreatAction(new_active_id=b, discard_energy=(e1, e2, e3)), "invalid_action")
    s.refuse(0, RetreatAction(new_active_id=b, discard_energy=(e1, e1)), "invalid_action")
    on_bench = s.creature(b).energy[0]
    s.refuse(0, RetreatAction(new_active_id=b, discard_energy=(e1, on_bench)), "invalid_action")
    err = s.refuse(
        0, RetreatAction(new_active_id=theirs, discard_energy=(e1, e2)), "invalid_action"
    )
    assert "bench" in err.message
    s.act(0, RetreatAction(new_active_id=b, discard_energy=(e2, e3)))
    assert s.creature(shell).energy == [e1]


@pytest.mark.parametrize("condition", [Condition.ASLEEP, Condition.PARALYZED])
def test_no_retreat_while_asleep_or_paralyzed(condition: Condition) -> None:
    s = Scenario()
    a = s.active(0, "m1-050", energy=["fire"], conditions=[condition])
    b = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    assert "retreat" not in s.legal_types(0)
    err = s.refuse(
        0,
        RetreatAction(new_active_id=b, discard_energy=tuple(s.creature(a).energy)),
        "action_not_allowed",
    )
    assert condition.value in err.message


@BOTH
def test_retreating_clears_the_special_conditions(preset: str) -> None:
    s = Scenario(PRESET[preset])
    a = s.active(
        0,
        "m1-050",
        energy=["fire"],
        damage=10,
        conditions=[Condition.CONFUSED, Condition.POISONED, Condition.BURNED],
    )
    b = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    s.act(0, RetreatAction(new_active_id=b, discard_energy=tuple(s.creature(a).energy)))
    assert s.conditions(a) == set()
    assert s.damage_on(a) == 10
    s.act(0, EndTurnAction())
    assert s.damage_on(a) == 10, "a benched creature takes no poison or burn damage"


@BOTH
def test_a_stadium_lowers_the_retreat_cost(preset: str) -> None:
    s = Scenario(PRESET[preset])
    shell = s.active(0, "m1-013", energy=["water", "water"])  # retreat 2
    b = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    s.stadium(1, "m1-121")  # Misty Lagoon (bo's): every creature retreats for 1 less
    assert shown_retreat_cost(s) == 1
    e1, e2 = s.creature(shell).energy
    s.refuse(0, RetreatAction(new_active_id=b, discard_energy=(e1, e2)), "invalid_action")
    s.act(0, RetreatAction(new_active_id=b, discard_energy=(e2,)))
    assert s.creature(shell).energy == [e1]


def test_a_retreat_cost_of_zero_discards_nothing() -> None:
    s = Scenario()
    puff = s.active(0, "m1-050", energy=["fire"])  # retreat 1
    b = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    s.stadium(0, "m1-121")
    energy = s.creature(puff).energy[0]
    assert RetreatAction(new_active_id=b, discard_energy=()) in s.legal(0)
    s.refuse(0, RetreatAction(new_active_id=b, discard_energy=(energy,)), "invalid_action")
    s.act(0, RetreatAction(new_active_id=b, discard_energy=()))
    assert s.creature(puff).energy == [energy]


def test_a_passive_ability_lowers_the_retreat_cost() -> None:
    s = Scenario(pool=pool_with(PATHFINDER))
    shell = s.active(0, "m1-013", energy=["water", "water"])  # retreat 2
    s.bench(0, "t-guide")
    s.active(1, "m1-050")
    s.bench(1, "t-guide")  # bo's guide helps only bo's creatures
    assert shown_retreat_cost(s) == 1
    payments = {a.discard_energy for a in s.legal(0) if isinstance(a, RetreatAction)}
    assert {len(p) for p in payments} == {1}
    e1, e2 = s.creature(shell).energy
    guide = s.player(0).bench[0].uid
    s.act(0, RetreatAction(new_active_id=guide, discard_energy=(e1,)))
    assert s.creature(shell).energy == [e2]


def test_the_retreat_cost_never_goes_below_zero() -> None:
    s = Scenario(pool=pool_with(PATHFINDER))
    s.active(0, "m1-050")  # Puffpaw: retreat 1, minus 1 (stadium), minus 1 (ability)
    guide = s.bench(0, "t-guide")
    s.active(1, "m1-050")
    s.stadium(1, "m1-121")
    assert shown_retreat_cost(s) == 0
    s.act(0, RetreatAction(new_active_id=guide, discard_energy=()))
    assert s.active_uid(0) == guide


@pytest.mark.parametrize("condition", [Condition.CONFUSED, Condition.POISONED, Condition.BURNED])
def test_confused_poisoned_or_burned_creatures_may_retreat(condition: Condition) -> None:
    s = Scenario()
    a = s.active(0, "m1-050", energy=["fire"], conditions=[condition])
    b = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    s.act(0, RetreatAction(new_active_id=b, discard_energy=tuple(s.creature(a).energy)))
    assert s.active_uid(0) == b
