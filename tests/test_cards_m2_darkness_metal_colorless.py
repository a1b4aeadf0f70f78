"""The triggered abilities of set m2's darkness, metal and colorless creatures
(src/mantimon/cards/data/m2-darkness-metal-colorless.json): each one answers its moment and
does what its text says, and stays quiet when its moment has not come.
"""

from mantimon.engine import (
    AttachEnergyAction,
    AttackAction,
    Condition,
    EvolveAction,
    PlayCreatureAction,
)
from tests.scenario import Scenario, attack_json, creature_json, pool_with

WALL = "t-wall"
HITTER = "t-hitter"
POOL = pool_with(
    creature_json(WALL, attack_json(damage=30, name="Poke")),
    creature_json(HITTER, attack_json(damage=60, name="Big Hit")),
)

MURKMOLE, GLOAMBURROW = "m2-049", "m2-050"
GRUDGELING = "m2-054"
SMELTGIANT = "m2-059"
FERROBLOOM = "m2-062"
HOPSQUEAK = "m2-065"
ZEPHYRLOP = "m2-067"
GNAWBARON = "m2-072"


def board() -> Scenario:
    return Scenario(pool=POOL)


def abilities(s: Scenario, t: object) -> list[dict[str, object]]:
    return s.events(t, "ability")  # type: ignore[arg-type]


# --- played ------------------------------------------------------------------------------


def test_gloamburrow_evolving_makes_the_opponent_discard_a_random_card() -> None:
    s = board()
    mole = s.active(0, MURKMOLE)
    s.active(1, WALL)
    (burrow,) = s.hand(0, GLOAMBURROW)
    opp_hand = s.hand(1, "m1-050", "m1-056")
    t = s.act(0, EvolveAction(card_id=burrow, target_id=mole))
    assert abilities(s, t) == [{"ability": "Rummage", "trigger": "played"}]
    active = s.player(0).active
    assert active is not None and active.card == GLOAMBURROW
    assert len(s.player(1).hand) == 1
    assert len(s.player(1).discard) == 1
    assert set(s.player(1).hand) | set(s.player(1).discard) == set(opp_hand)
    assert s.player(0).hand == []  # the user keeps nothing extra and loses nothing


def test_hopsqueak_benched_from_the_hand_draws_a_card_a_plain_creature_does_not() -> None:
    s = board()
    s.active(0, WALL)
    s.active(1, WALL)
    squeak, plain = s.hand(0, HOPSQUEAK, WALL)
    deck = len(s.player(0).deck)
    t = s.act(0, PlayCreatureAction(card_id=squeak))
    assert abilities(s, t) == [{"ability": "Eager Greeting", "trigger": "played"}]
    assert len(s.player(0).deck) == deck - 1
    assert len(s.player(0).hand) == 2  # the plain creature and the card drawn
    t = s.act(0, PlayCreatureAction(card_id=plain))
    assert abilities(s, t) == []
    assert len(s.player(0).hand) == 1
    assert len(s.player(0).deck) == deck - 1


# --- energy_attached -----------------------------------------------------------------------


def test_ferrobloom_heals_20_when_an_energy_is_attached_to_it_and_only_to_it() -> None:
    s = board()
    bloom = s.active(0, FERROBLOOM, damage=50)
    other = s.bench(0, FERROBLOOM, damage=50)
    s.active(1, WALL)
    first, second = s.energy_zone(0, "metal", "metal")
    t = s.act(0, AttachEnergyAction(card_id=first, target_id=bloom))
    assert abilities(s, t) == [{"ability": "Polish Up", "trigger": "energy_attached"}]
    assert s.damage_on(bloom) == 30
    assert s.damage_on(other) == 50  # the benched one got no energy
    assert s.creature(bloom).energy == [first]
    assert second in s.player(0).energy_zone


# --- damaged -------------------------------------------------------------------------------


def test_smeltgiant_hit_by_an_attack_puts_20_damage_on_the_attacker() -> None:
    s = board()
    hitter = s.active(0, HITTER)
    giant = s.active(1, SMELTGIANT)
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(s, t) == [{"ability": "Slag Spatter", "trigger": "damaged"}]
    assert s.damage_on(giant) == 60
    assert s.damage_on(hitter) == 20


def test_smeltgiant_attacking_does_not_burn_itself() -> None:
    s = board()
    giant = s.active(0, SMELTGIANT, energy=["metal", "metal", "metal", "metal"])
    wall = s.active(1, WALL)
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(s, t) == []
    assert s.damage_on(wall) == 120
    assert s.damage_on(giant) == 0


# --- turn_start ----------------------------------------------------------------------------


def test_zephyrlop_heals_10_from_each_benched_creature_when_its_owner_s_turn_starts() -> None:
    s = board()
    lop = s.active(0, ZEPHYRLOP, damage=40)
    hurt = s.bench(0, WALL, damage=30)
    scratched = s.bench(0, WALL, damage=10)
    fresh = s.bench(0, WALL)
    s.active(1, WALL, damage=30)
    s.state.current = 1
    t = s.end_turn(1)
    assert abilities(s, t) == [{"ability": "Warren Care", "trigger": "turn_start"}]
    assert s.state.current == 0
    assert [s.damage_on(u) for u in (hurt, scratched, fresh)] == [20, 0, 0]
    assert s.damage_on(lop) == 40  # the Active itself is not healed


def test_zephyrlop_does_not_answer_the_opponent_s_turn_start() -> None:
    s = board()
    s.active(0, ZEPHYRLOP)
    hurt = s.bench(0, WALL, damage=30)
    s.active(1, WALL)
    t = s.end_turn(0)
    assert s.state.current == 1
    assert abilities(s, t) == []
    assert s.damage_on(hurt) == 30


# --- knocked_out ---------------------------------------------------------------------------


def test_grudgeling_knocked_out_poisons_the_opponent_s_active() -> None:
    s = board()
    hitter = s.active(0, HITTER)
    s.bench(0, WALL)
    s.active(1, GRUDGELING, damage=20)
    s.bench(1, WALL)
    t = s.act(0, AttackAction(attack_index=0))
    kinds = [e.kind for e in t.events]
    assert kinds.index("score") < kinds.index("ability")
    assert abilities(s, t) == [{"ability": "Lingering Spite", "trigger": "knocked_out"}]
    assert Condition.POISONED in s.conditions(hitter)
    assert s.player(0).points == 1


def test_grudgeling_that_survives_poisons_nobody() -> None:
    s = board()
    hitter = s.active(0, HITTER)
    grudge = s.active(1, GRUDGELING)
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(s, t) == []
    assert s.damage_on(grudge) == 60
    assert Condition.POISONED not in s.conditions(hitter)


def test_gnawbaron_knocked_out_discards_the_top_2_cards_of_the_opponent_s_deck() -> None:
    s = board()
    s.active(0, HITTER)
    s.bench(0, WALL)
    top = s.deck(0, "m1-056", "m1-057", "m1-050", "m1-050")
    s.active(1, GNAWBARON, damage=40)
    s.bench(1, WALL)
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(s, t) == [{"ability": "Last Crumbs", "trigger": "knocked_out"}]
    assert set(top[:2]) <= set(s.player(0).discard)
    assert s.player(0).deck == list(reversed(top[2:]))
    assert s.player(0).points == 1
