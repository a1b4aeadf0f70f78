"""Attacking (RULES.md "A turn" step 4, "Damage", "Special conditions"): energy cost checks
(typed symbols need their type, colorless takes any), an attack ends the turn, confusion
(tails: 30 to itself and the attack does nothing), and the damage order: base -> attacker-side
modifiers -> weakness (+20 mantimon / x2 classic, or the card's own override) -> resistance
(-20 / -30) -> defender-side modifiers -> floor at 0. Weakness and resistance never touch
bench damage or damage a creature does to itself; knockouts use HP after modifiers.
"""

from __future__ import annotations

import pytest

from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    AttackAction,
    EndTurnAction,
    Phase,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario, pool_with

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
BOTH = pytest.mark.parametrize("preset", ["mantimon", "classic"])

# Test-only creatures weak / resistant to their own type, with a recoil attack.
SELF_WEAK = {
    "id": "t-selfweak",
    "kind": "creature",
    "name": "Brittle Golem",
    "type": "fighting",
    "hp": 120,
    "weakness": {"type": "fighting"},
    "attacks": [
        {
            "name": "Recoil Slam",
            "cost": ["colorless"],
            "damage": 10,
            "effects": [{"effect": "damage", "amount": 20, "subject": "self"}],
        }
    ],
}
SELF_RESIST = {**SELF_WEAK, "id": "t-selfresist", "name": "Stone Golem", "weakness": None}
SELF_RESIST["resistance"] = {"type": "fighting"}


# --- cost -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("energy", "index", "payable"),
    [
        (["fire", "water"], 0, True),  # Flame Rush [F, C]
        (["fire", "fire"], 0, True),
        (["water", "water"], 0, False),  # no Fire
        (["fire"], 0, False),  # too few
        ([], 0, False),
        (["fire", "fire", "water"], 1, True),  # Searing Howl [F, F, C]
        (["fire", "water", "water"], 1, False),
        (["fire", "fire"], 1, False),
        (["fire", "fire", "fire", "lightning"], 1, True),
    ],
)
@BOTH
def test_attack_cost_typed_and_colorless(
    preset: str, energy: list[str], index: int, payable: bool
) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-002", energy=energy)  # Blazefang
    s.active(1, "m1-013")
    attack = AttackAction(attack_index=index)
    assert (attack in s.legal(0)) is payable
    if payable:
        s.act(0, attack)
        assert s.state.current == 1
    else:
        err = s.refuse(0, attack, "action_not_allowed")
        assert "energy" in err.message


def test_an_unknown_attack_index_is_invalid() -> None:
    s = Scenario()
    s.active(0, "m1-001", energy=["fire", "fire", "fire"])  # Cindercub has one attack
    s.active(1, "m1-050")
    err = s.refuse(0, AttackAction(attack_index=1), "invalid_action")
    assert "attack" in err.message


@BOTH
def test_an_attack_ends_the_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"])
    target = s.active(1, "m1-050")
    s.bench(0, "m1-050")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 20
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)
    s.refuse(0, EndTurnAction(), "not_your_turn")
    assert [a.type for a in s.legal(0)] == ["resign"]


# --- confusion --------------------------------------------------------------------------------


@BOTH
def test_confused_attacker_tails_hurts_itself_and_does_nothing(preset: str) -> None:
    s = Scenario(PRESET[preset])
    cub = s.active(0, "m1-001", energy=["fire"], conditions=[Condition.CONFUSED])
    target = s.active(1, "m1-030")  # Sproutle: weak to Fire
    s.flips("tails")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(cub) == 30
    assert s.damage_on(target) == 0
    assert s.state.current == 1, "the failed attack still ends the turn"
    flips = s.events(t, "flip")
    assert flips[0] == {"result": "tails", "reason": "confusion"}


@BOTH
def test_confused_attacker_heads_attacks_normally(preset: str) -> None:
    s = Scenario(PRESET[preset])
    cub = s.active(0, "m1-001", energy=["fire"], conditions=[Condition.CONFUSED])
    target = s.active(1, "m1-050")
    s.flips("heads")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(cub) == 0
    assert s.damage_on(target) == 20


@BOTH
def test_confusion_damage_ignores_the_attackers_own_weakness(preset: str) -> None:
    s = Scenario(PRESET[preset], pool=pool_with(SELF_WEAK))
    golem = s.active(0, "t-selfweak", energy=["fighting"], conditions=[Condition.CONFUSED])
    s.active(1, "m1-050")
    s.flips("tails")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(golem) == 30


# --- damage order -----------------------------------------------------------------------------


@pytest.mark.parametrize(("preset", "expected"), [("mantimon", 60), ("classic", 80)])
def test_weakness_adds_twenty_or_doubles(preset: str, expected: int) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-002", energy=["fire", "fire"])  # Blazefang: Flame Rush 40
    target = s.active(1, "m1-031")  # Thornback (100 HP): weak to Fire
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == expected


@BOTH
def test_a_card_may_override_the_weakness_mode(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-002", energy=["fire", "fire"])  # Flame Rush 40
    target = s.active(1, "m1-080", tool="m1-132")  # Rivetusk: x2 weakness to Fire; +30 HP
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 80


@BOTH
def test_a_card_may_override_the_weakness_value(preset: str) -> None:
    soft = {
        "id": "t-soft",
        "kind": "creature",
        "name": "Soft Moss",
        "type": "grass",
        "hp": 200,
        "weakness": {"type": "fire", "mode": "add", "value": 30},
        "resistance": {"type": "water", "value": 10},
        "attacks": [{"name": "Sway", "cost": ["colorless"], "damage": 10}],
    }
    s = Scenario(PRESET[preset], pool=pool_with(soft))
    s.active(0, "m1-002", energy=["fire", "fire"])  # Flame Rush 40
    target = s.active(1, "t-soft")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 70, "the card's +30 replaces the preset's weakness"
    s2 = Scenario(PRESET[preset], pool=pool_with(soft))
    s2.active(0, "m1-011", energy=["water", "water", "water"])  # Torrentail: Riptide 70
    target2 = s2.active(1, "t-soft")
    s2.act(0, AttackAction(attack_index=1))
    assert s2.damage_on(target2) == 60, "the card's -10 replaces the preset's resistance"


@pytest.mark.parametrize(("preset", "expected"), [("mantimon", 30), ("classic", 20)])
def test_resistance_subtracts_twenty_or_thirty(preset: str, expected: int) -> None:
    s = Scenario(PRESET[preset])
    pebblit = s.active(0, "m1-060", energy=["fighting", "fighting", "fighting"])
    target = s.active(1, "m1-051")  # Gustbill: resists Fighting
    s.act(0, AttackAction(attack_index=1))  # Rock Tumble 50, 10 to itself
    assert s.damage_on(target) == expected
    assert s.damage_on(pebblit) == 10


@BOTH
def test_damage_is_floored_at_zero(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-060", energy=["fighting"])  # Pebble Shot 10
    target = s.active(1, "m1-051", damage=20)  # resists Fighting: 10 - 20/30 < 0
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 20, "negative damage must not heal"


@BOTH
def test_resistance_and_defender_modifiers_floor_at_zero(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"])  # Ember Nip 20
    target = s.active(1, "m1-013", damage=10)  # Shellguard: resists Fire, Hard Shell -20
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 10


@pytest.mark.parametrize(("preset", "expected"), [("mantimon", 60), ("classic", 80)])
def test_attacker_tool_applies_before_weakness(preset: str, expected: int) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"], tool="m1-130")  # Ember Nip 20 + Power Band 20
    target = s.active(1, "m1-031")  # Thornback: weak to Fire
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == expected  # (20 + 20) +20 | (20 + 20) x2


@pytest.mark.parametrize(("preset", "expected"), [("mantimon", 40), ("classic", 60)])
def test_defender_tool_applies_after_weakness(preset: str, expected: int) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"], tool="m1-130")  # 20 + 20
    target = s.active(1, "m1-031", tool="m1-131")  # weak to Fire; Guard Charm -20
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == expected  # 40 + 20 - 20 | 40 x2 - 20


@pytest.mark.parametrize(("preset", "expected"), [("mantimon", 60), ("classic", 80)])
def test_stadium_and_ability_modifiers_apply_before_weakness(preset: str, expected: int) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"])  # Ember Nip 20
    s.bench(0, "m1-003")  # Pyrolisk: Heat Aura, own Fire attacks +10
    s.stadium(1, "m1-120")  # Ember Crater: Fire attacks +10 (both players')
    target = s.active(1, "m1-032", tool="m1-132")  # Verdantaur 160 HP (+30), weak to Fire
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == expected  # (20+10+10) +20 | (20+10+10) x2


@BOTH
def test_the_opponents_ability_does_not_boost_my_attack(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"])
    s.bench(1, "m1-003")  # bo's Pyrolisk helps only bo's Fire creatures
    target = s.active(1, "m1-050")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 20


@BOTH
def test_bench_damage_ignores_weakness_and_resistance(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Voltik: Chain Spark 30 + 10 bench
    active = s.active(1, "m1-050")
    weak = s.bench(1, "m1-010")  # Drizzlet: weak to Lightning
    s.act(0, AttackAction(attack_index=1))
    assert s.damage_on(active) == 30
    assert s.damage_on(weak) == 10


@BOTH
def test_targeted_bench_damage_ignores_weakness_and_resistance(preset: str) -> None:
    for benched_id in ("m1-040", "m1-051"):  # Voltik weak to / Gustbill resists Fighting
        s = Scenario(PRESET[preset])
        s.active(0, "m1-060", energy=["fighting"])  # Pebble Shot 10 + 20 to a benched one
        active = s.active(1, "m1-050")  # Puffpaw: weak to Fighting
        benched = s.bench(1, benched_id)
        s.act(0, AttackAction(attack_index=0, target_id=benched))
        assert s.damage_on(benched) == 20, benched_id
        assert s.damage_on(active) == (30 if preset == "mantimon" else 20)


@BOTH
def test_damage_to_itself_ignores_its_own_weakness_and_resistance(preset: str) -> None:
    for card_id in ("t-selfweak", "t-selfresist"):
        s = Scenario(PRESET[preset], pool=pool_with(SELF_WEAK, SELF_RESIST))
        golem = s.active(0, card_id, energy=["fighting"])
        s.active(1, "m1-050")
        s.act(0, AttackAction(attack_index=0))
        assert s.damage_on(golem) == 20, card_id


@BOTH
def test_knockout_uses_hp_after_modifiers(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-001", energy=["fire"])  # Ember Nip 20
    sashed = s.active(1, "m1-050", damage=30, tool="m1-132")  # Puffpaw 50 HP + 30
    s.act(0, AttackAction(attack_index=0))
    assert s.in_play(sashed)
    assert s.damage_on(sashed) == 50
    assert s.player(0).points == 0
