"""Set m2, lightning, psychic and fighting (m2-025..m2-048): the triggered abilities.

Each card with a triggered ability gets a scenario showing the ability answers its moment
(docs/ENGINE.md "Triggered abilities") and does what its text says, and, where the text
has a condition (a coin, the Active spot, the energy deck's top card), that it does
nothing when the condition fails. Coin flips are forced with ``Scenario.flips``.
"""

import pytest

from mantimon.engine import (
    AttachEnergyAction,
    AttackAction,
    Condition,
    EndTurnAction,
    EvolveAction,
    Transition,
)
from tests.scenario import Scenario, energy_types

CRACKPIP, COILSTRUT, TESSELORD = "m2-025", "m2-026", "m2-027"
FILAMOLE, LUMENHOARD = "m2-028", "m2-029"
SEAMSTRAL, GLASSWHISPER = "m2-034", "m2-040"
DUNERAM, BOULDERMITE = "m2-046", "m2-047"
SHALELING = "m2-041"  # Flake Toss: 20 damage for one Fighting energy, no coin, no effect
PONDERPOD = "m2-036"  # a plain psychic basic, used as a bystander


def abilities(s: Scenario, t: Transition) -> list[dict[str, object]]:
    return s.events(t, "ability")


def flake_toss(s: Scenario) -> Transition:
    """Ana's Shaleling (her Active) attacks with Flake Toss."""
    return s.act(0, AttackAction(attack_index=0))


def board() -> Scenario:
    s = Scenario()
    s.deck(0, *["m1-050"] * 10)
    s.deck(1, *["m1-050"] * 10)
    return s


# --- Tesselord: Crowning Current (played) ------------------------------------------------


def test_tesselord_evolving_takes_a_lightning_energy_from_the_top_of_the_energy_deck() -> None:
    s = board()
    coil = s.active(0, COILSTRUT)
    s.active(1, PONDERPOD)
    s.energy_deck(0, "lightning", "fire")
    (tesselord,) = s.hand(0, TESSELORD)
    t = s.act(0, EvolveAction(card_id=tesselord, target_id=coil))
    assert abilities(s, t) == [{"ability": "Crowning Current", "trigger": "played"}]
    assert energy_types(s, s.creature(tesselord)) == ["lightning"]
    assert len(s.player(0).energy_deck) == 1  # the fire below stays


def test_tesselord_leaves_an_energy_of_another_type_on_the_energy_deck() -> None:
    s = board()
    coil = s.active(0, COILSTRUT, energy=["lightning"])
    s.active(1, PONDERPOD)
    s.energy_deck(0, "fire")
    (tesselord,) = s.hand(0, TESSELORD)
    t = s.act(0, EvolveAction(card_id=tesselord, target_id=coil))
    assert abilities(s, t) == [{"ability": "Crowning Current", "trigger": "played"}]
    assert energy_types(s, s.creature(tesselord)) == ["lightning"]  # only what it had
    assert len(s.player(0).energy_deck) == 1


def test_evolving_into_coilstrut_has_no_such_ability() -> None:
    s = board()
    pip = s.active(0, CRACKPIP)
    s.active(1, PONDERPOD)
    s.energy_deck(0, "lightning")
    (coil,) = s.hand(0, COILSTRUT)
    t = s.act(0, EvolveAction(card_id=coil, target_id=pip))
    assert abilities(s, t) == []
    assert s.creature(coil).energy == []


# --- Lumenhoard: Hoarded Glow (energy_attached) ------------------------------------------


@pytest.mark.parametrize(("coin", "hurt"), [("heads", 10), ("tails", 0)])
def test_lumenhoard_attaching_an_energy_flips_for_10_damage_to_the_opponent_s_active(
    coin: str, hurt: int
) -> None:
    s = board()
    lumen = s.active(0, LUMENHOARD)
    foe = s.active(1, PONDERPOD)
    (energy,) = s.energy_zone(0, "lightning")
    s.flips(coin)
    t = s.act(0, AttachEnergyAction(card_id=energy, target_id=lumen))
    assert abilities(s, t) == [{"ability": "Hoarded Glow", "trigger": "energy_attached"}]
    assert s.flip_results(t) == [coin]
    assert s.damage_on(foe) == hurt
    assert s.damage_on(lumen) == 0


def test_lumenhoard_does_not_answer_energy_attached_to_another_creature() -> None:
    s = board()
    s.bench(0, LUMENHOARD)
    filamole = s.active(0, FILAMOLE)
    foe = s.active(1, PONDERPOD)
    (energy,) = s.energy_zone(0, "lightning")
    s.flips("heads")
    t = s.act(0, AttachEnergyAction(card_id=energy, target_id=filamole))
    assert abilities(s, t) == []
    assert s.damage_on(foe) == 0


# --- Seamstral: Tangled Thread (damaged) -------------------------------------------------


@pytest.mark.parametrize(("coin", "confused"), [("heads", {Condition.CONFUSED}), ("tails", set())])
def test_seamstral_hit_by_an_attack_flips_to_confuse_the_attacker(
    coin: str, confused: set[Condition]
) -> None:
    s = board()
    attacker = s.active(0, SHALELING, energy=["fighting"])
    seam = s.active(1, SEAMSTRAL)
    s.bench(1, PONDERPOD)
    s.flips(coin)
    t = flake_toss(s)
    assert abilities(s, t) == [{"ability": "Tangled Thread", "trigger": "damaged"}]
    assert s.flip_results(t) == [coin]
    assert s.damage_on(seam) == 20
    assert s.conditions(attacker) == confused


def test_seamstral_on_the_bench_does_not_answer_damage_to_another_creature() -> None:
    s = board()
    attacker = s.active(0, SHALELING, energy=["fighting"])
    s.active(1, PONDERPOD)
    s.bench(1, SEAMSTRAL)
    s.flips("heads")
    t = flake_toss(s)
    assert abilities(s, t) == []
    assert s.conditions(attacker) == set()


# --- Glasswhisper: Mended Reflection (turn_start, active only) ---------------------------


def test_glasswhisper_as_the_active_heals_10_when_its_owner_s_turn_starts() -> None:
    s = board()
    glass = s.active(0, GLASSWHISPER, damage=30)
    s.active(1, PONDERPOD)
    s.state.current = 1
    t = s.act(1, EndTurnAction())
    assert s.state.current == 0
    assert abilities(s, t) == [{"ability": "Mended Reflection", "trigger": "turn_start"}]
    assert s.damage_on(glass) == 20


def test_glasswhisper_on_the_bench_or_at_the_opponent_s_turn_start_heals_nothing() -> None:
    s = board()
    s.active(0, PONDERPOD)
    benched = s.bench(0, GLASSWHISPER, damage=30)
    foe_glass = s.active(1, GLASSWHISPER, damage=30)
    s.state.current = 1
    t = s.act(1, EndTurnAction())  # Ana's turn starts: her Glasswhisper is benched
    assert abilities(s, t) == []
    assert s.damage_on(benched) == 30
    assert s.damage_on(foe_glass) == 30  # Bo's answers only at Bo's turn start


# --- Duneram: Gritty Fleece (damaged) ----------------------------------------------------


def test_duneram_hit_by_an_attack_does_10_damage_to_the_attacker() -> None:
    s = board()
    attacker = s.active(0, SHALELING, energy=["fighting"])
    ram = s.active(1, DUNERAM)
    s.bench(1, PONDERPOD)
    t = flake_toss(s)
    assert abilities(s, t) == [{"ability": "Gritty Fleece", "trigger": "damaged"}]
    assert s.damage_on(ram) == 20
    assert s.damage_on(attacker) == 10
    assert s.damage_from(t, attacker, "effect") == 10


def test_duneram_benched_answers_bench_damage_from_an_attack_too() -> None:
    s = board()
    attacker = s.active(0, TESSELORD, energy=["lightning"] * 4)  # Lattice Storm: 10 to the bench
    s.active(1, PONDERPOD)
    ram = s.bench(1, DUNERAM)
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(s, t) == [{"ability": "Gritty Fleece", "trigger": "damaged"}]
    assert s.damage_on(ram) == 10
    assert s.damage_on(attacker) == 10


def test_dustrunner_before_it_evolves_has_no_fleece() -> None:
    s = board()
    attacker = s.active(0, SHALELING, energy=["fighting"])
    s.active(1, "m1-066")  # Dustrunner
    t = flake_toss(s)
    assert abilities(s, t) == []
    assert s.damage_on(attacker) == 0


# --- Bouldermite: Parting Rockfall (knocked_out) -----------------------------------------


def test_bouldermite_knocked_out_does_20_damage_to_the_opponent_s_active() -> None:
    s = board()
    attacker = s.active(0, SHALELING, energy=["fighting"])
    mite = s.active(1, BOULDERMITE, damage=40)
    s.bench(1, PONDERPOD)
    t = flake_toss(s)
    assert not s.in_play(mite)
    assert s.player(0).points == 1
    assert abilities(s, t) == [{"ability": "Parting Rockfall", "trigger": "knocked_out"}]
    kinds = [e.kind for e in t.events]
    assert kinds.index("knockout") < kinds.index("ability")
    assert s.damage_on(attacker) == 20


def test_bouldermite_that_survives_the_attack_does_nothing() -> None:
    s = board()
    attacker = s.active(0, SHALELING, energy=["fighting"])
    mite = s.active(1, BOULDERMITE)
    s.bench(1, PONDERPOD)
    t = flake_toss(s)
    assert s.damage_on(mite) == 20
    assert abilities(s, t) == []
    assert s.damage_on(attacker) == 0
