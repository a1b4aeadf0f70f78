"""Set m2, fire, grass and water (m2-001..m2-024): each triggered ability answers its moment
and does what its card text says, and stays silent when its moment does not come.

Cards: Lanternoth (m2-002, played: draw a card), Slagburrow (m2-005, damaged: 10 damage to
the opponent's Active), Fernwhisk (m2-010, turn_start: heal 10 from each own benched
creature), Thistlemantis (m2-013, energy_attached: heal 10 from itself), Mushlump (m2-014,
knocked_out: the opponent's Active is poisoned), Tidemonarch (m2-019, played: heal 30 from
itself). No coin is flipped in any of these positions.
"""

from mantimon.cards import AbilityKind, CreatureCard, Trigger
from mantimon.engine import (
    AttachEnergyAction,
    AttackAction,
    EvolveAction,
    Transition,
    default_pool,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario

WICKLING, LANTERNOTH = "m2-001", "m2-002"
SLAGBURROW = "m2-005"
MOSSPRIG, FERNWHISK = "m2-009", "m2-010"
THISTLEMANTIS = "m2-013"
MUSHLUMP = "m2-014"
WAVELURE, TIDEMONARCH = "m2-018", "m2-019"
PUFFPAW = "m1-050"  # 50 HP colorless basic, no ability
CINDERCUB = "m1-001"  # Ember Nip: fire, 20 damage
DRIZZLET = "m1-010"  # a card to find on top of the deck


def abilities(t: Transition) -> list[dict[str, object]]:
    return [e.data for e in t.events if e.kind == "ability"]


def test_the_set_s_triggered_cards_are_the_ones_these_tests_cover() -> None:
    pool = default_pool()
    found = {
        c.id: c.ability.trigger
        for c in pool
        if isinstance(c, CreatureCard)
        and "m2-001" <= c.id <= "m2-024"
        and c.ability is not None
        and c.ability.kind is AbilityKind.TRIGGERED
    }
    assert found == {
        LANTERNOTH: Trigger.PLAYED,
        SLAGBURROW: Trigger.DAMAGED,
        FERNWHISK: Trigger.TURN_START,
        THISTLEMANTIS: Trigger.ENERGY_ATTACHED,
        MUSHLUMP: Trigger.KNOCKED_OUT,
        TIDEMONARCH: Trigger.PLAYED,
    }


def test_lanternoth_draws_a_card_when_it_evolves_from_the_hand() -> None:
    s = Scenario()
    s.deck(0, DRIZZLET, PUFFPAW, PUFFPAW)
    wick = s.active(0, WICKLING)
    s.active(1, PUFFPAW)
    (moth,) = s.hand(0, LANTERNOTH)
    t = s.act(0, EvolveAction(card_id=moth, target_id=wick))
    assert abilities(t) == [{"ability": "Guiding Glow", "trigger": "played"}]
    assert s.card_ids(s.player(0).hand) == [DRIZZLET]  # the top card of the deck
    assert len(s.player(0).deck) == 2


def test_slagburrow_burns_back_at_the_attacker_that_damaged_it() -> None:
    s = Scenario(current=1)
    slag = s.active(0, SLAGBURROW)
    cub = s.active(1, CINDERCUB, energy=["fire"])
    t = s.act(1, AttackAction(attack_index=0))
    assert abilities(t) == [{"ability": "Molten Hide", "trigger": "damaged"}]
    assert s.damage_on(slag) == 20
    assert s.damage_on(cub) == 10


def test_slagburrow_stays_quiet_when_the_attack_hits_another_creature() -> None:
    s = Scenario(current=1)
    s.active(0, PUFFPAW)
    slag = s.bench(0, SLAGBURROW)
    cub = s.active(1, CINDERCUB, energy=["fire"])
    t = s.act(1, AttackAction(attack_index=0))
    assert abilities(t) == []
    assert s.damage_on(slag) == 0
    assert s.damage_on(cub) == 0


def test_fernwhisk_heals_the_bench_at_the_start_of_its_owner_s_turn_only() -> None:
    s = Scenario()
    fern = s.active(0, FERNWHISK, damage=20)
    sprig = s.bench(0, MOSSPRIG, damage=30)
    puff = s.bench(0, PUFFPAW, damage=10)
    s.active(1, PUFFPAW)
    t = s.end_turn(0)  # the opponent's turn starts: not Fernwhisk's moment
    assert abilities(t) == []
    assert (s.damage_on(sprig), s.damage_on(puff)) == (30, 10)
    t = s.end_turn(1)  # Ana's turn starts
    assert abilities(t) == [{"ability": "Morning Dew", "trigger": "turn_start"}]
    assert (s.damage_on(sprig), s.damage_on(puff)) == (20, 0)
    assert s.damage_on(fern) == 20  # the Active is not on the bench


def test_thistlemantis_heals_itself_when_an_energy_is_attached_to_it() -> None:
    s = Scenario()
    mantis = s.active(0, THISTLEMANTIS, damage=30)
    s.active(1, PUFFPAW)
    (energy,) = s.energy_zone(0, "grass")
    t = s.act(0, AttachEnergyAction(card_id=energy, target_id=mantis))
    assert abilities(t) == [{"ability": "Sap Surge", "trigger": "energy_attached"}]
    assert s.damage_on(mantis) == 20


def test_thistlemantis_does_not_answer_an_energy_attached_to_another_creature() -> None:
    s = Scenario()
    mantis = s.active(0, THISTLEMANTIS, damage=30)
    puff = s.bench(0, PUFFPAW, damage=30)
    s.active(1, PUFFPAW)
    (energy,) = s.energy_zone(0, "grass")
    t = s.act(0, AttachEnergyAction(card_id=energy, target_id=puff))
    assert abilities(t) == []
    assert (s.damage_on(mantis), s.damage_on(puff)) == (30, 30)


def test_mushlump_poisons_the_opponent_s_active_when_it_is_knocked_out() -> None:
    s = Scenario()
    cub = s.active(0, CINDERCUB, energy=["fire"])
    mush = s.active(1, MUSHLUMP, damage=70)
    s.bench(1, PUFFPAW)
    assert Condition.POISONED not in s.conditions(cub)
    t = s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(mush)
    assert abilities(t) == [{"ability": "Parting Spores", "trigger": "knocked_out"}]
    assert s.player(0).points == 1
    assert Condition.POISONED in s.conditions(cub)


def test_mushlump_that_survives_the_attack_poisons_nobody() -> None:
    s = Scenario()
    cub = s.active(0, CINDERCUB, energy=["fire"])
    mush = s.active(1, MUSHLUMP)
    s.bench(1, PUFFPAW)
    t = s.act(0, AttackAction(attack_index=0))
    assert s.in_play(mush)
    assert abilities(t) == []
    assert Condition.POISONED not in s.conditions(cub)


def test_tidemonarch_heals_30_from_itself_when_it_evolves_from_the_hand() -> None:
    s = Scenario()
    lure = s.active(0, WAVELURE, damage=50)
    s.active(1, PUFFPAW)
    (monarch,) = s.hand(0, TIDEMONARCH)
    t = s.act(0, EvolveAction(card_id=monarch, target_id=lure))
    assert abilities(t) == [{"ability": "Regal Swell", "trigger": "played"}]
    active = s.player(0).active
    assert active is not None and active.card == TIDEMONARCH
    assert active.damage == 20
