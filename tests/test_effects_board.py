"""Effects that change creatures in play (``effects/board.py``).

Covers inflict, damage (bench snipe with a target, spread, own bench, self recoil, and the
rule that attack damage to the opponent's creatures meets their defender-side modifiers
while damage to one's own does not), heal (with cure), cure, discard_energy (own and
defender, typed, both presets), switch (own and the opponent's "gust"), protect (each kind,
and that it lasts exactly the intended turn) and accelerate (energy zone and discard).
"""

from mantimon.engine import (
    CLASSIC,
    AttackAction,
    Condition,
    PlayTrainerAction,
    RetreatAction,
    UseAbilityAction,
)
from tests.scenario import (
    Scenario,
    ability_json,
    attack_json,
    covers,
    creature_json,
    eff,
    energy_types,
    pool_with,
    trainer_json,
)

WALL = "t-wall"
HITTER = "t-hitter"  # Bo's attacker in multi-turn scenarios: 50 damage, no cost

POOL = pool_with(
    creature_json(WALL),
    creature_json(HITTER, attack_json(damage=50)),
    creature_json(
        "t-berserk", attack_json(eff("inflict", condition="confused", subject="self"), damage=30)
    ),
    creature_json(
        "t-fog", attack_json(eff("inflict", condition="asleep", subject="opp_bench"), damage=10)
    ),
    creature_json(
        "t-sniper",
        attack_json(eff("damage", amount=20, subject="target"), target="opp_bench"),
        attack_json(eff("damage", amount=10, subject="opp_all")),
    ),
    creature_json(
        "t-focus", attack_json(eff("protect", kind="damage_bonus", amount=30), damage=20)
    ),
    creature_json(
        "t-glare", attack_json(eff("protect", kind="cant_attack", subject="defender"), damage=10)
    ),
    creature_json(
        "t-snare", attack_json(eff("protect", kind="cant_retreat", subject="defender"), damage=10)
    ),
    creature_json(
        "t-drain",
        attack_json(eff("discard_energy", count=1, type="water"), damage=10),
        attack_json(eff("discard_energy", count=5, subject="defender"), damage=10),
    ),
    creature_json(
        "t-surge",
        attack_json(eff("accelerate", source="zone", count=2, subject="self"), damage=10),
        attack_json(eff("accelerate", source="zone", subject="own_bench"), damage=10),
    ),
    creature_json(
        "t-tide",
        ability=ability_json(
            "activated",
            eff("accelerate", source="zone", type="water", subject="target"),
            target="own_bench",
        ),
    ),
    creature_json(
        "t-recharger",
        ability=ability_json(
            "activated", eff("accelerate", source="discard", count=2, type="fire", subject="self")
        ),
    ),
    trainer_json("t-shield-all", "item", eff("protect", kind="prevent_damage", subject="own_all")),
    trainer_json("t-dart", "item", eff("damage", amount=20, subject="target"), target="opp_bench"),
    trainer_json("t-remedy", "item", eff("heal", amount=20, subject="own_active", cure=True)),
)


def active_uid(s: Scenario, seat: int) -> str | None:
    """The instance id of ``seat``'s Active creature (None when the spot is empty)."""
    active = s.player(seat).active
    return active.uid if active is not None else None


# --- inflict ------------------------------------------------------------------------------


@covers("inflict")
def test_sproutle_spore_puff_poisons_and_the_checkup_deals_poison() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-030", energy=["grass"])  # Sproutle
    wall = s.active(1, WALL)
    t = s.act(0, AttackAction(attack_index=0))
    assert s.creature(wall).conditions() == [Condition.POISONED]
    assert s.damage_from(t, wall) == 10
    assert s.damage_from(t, wall, "poison") == 10


@covers("inflict")
def test_inflicted_sleep_replaces_confusion_but_poison_stays() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-020", energy=["psychic"])  # Murmuro: Lull
    wall = s.active(1, WALL, conditions=[Condition.CONFUSED, Condition.POISONED])
    s.flips("tails")  # the checkup's sleep coin: stays asleep
    s.act(0, AttackAction(attack_index=0))
    assert s.conditions(wall) == {Condition.ASLEEP, Condition.POISONED}


@covers("inflict")
def test_inflict_on_self_confuses_the_attacker() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "t-berserk")
    wall = s.active(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 30
    assert s.creature(me).conditions() == [Condition.CONFUSED]
    assert s.creature(wall).conditions() == []


@covers("inflict")
def test_inflict_does_nothing_to_benched_creatures() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-fog")
    s.active(1, WALL)
    benched = s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert s.creature(benched).conditions() == []


# --- damage -------------------------------------------------------------------------------


@covers("damage")
def test_pebble_shot_offers_one_attack_per_benched_target_and_snipes_only_it() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-060", energy=["fighting"])  # Pebblit: Pebble Shot 10 + 20 to a benched one
    wall = s.active(1, WALL)
    b1, b2 = s.bench(1, WALL), s.bench(1, WALL)
    shots = [a for a in s.legal(0) if isinstance(a, AttackAction) and a.attack_index == 0]
    assert {a.target_id for a in shots} == {b1, b2}
    s.act(0, AttackAction(attack_index=0, target_id=b2))
    assert (s.damage_on(wall), s.damage_on(b1), s.damage_on(b2)) == (10, 0, 20)


@covers("damage")
def test_bench_snipe_ignores_weakness() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-060", energy=["fighting"])  # Pebblit (fighting)
    s.active(1, WALL)
    voltik = s.bench(1, "m1-040")  # weak to fighting
    s.act(0, AttackAction(attack_index=0, target_id=voltik))
    assert s.damage_on(voltik) == 20


@covers("damage")
def test_chain_spark_spreads_10_to_each_benched_creature_without_weakness() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Voltik: Chain Spark
    wall = s.active(1, WALL)
    drizzlet = s.bench(1, "m1-010")  # weak to lightning: bench damage ignores it
    other = s.bench(1, WALL)
    mine = s.bench(0, WALL)
    s.act(0, AttackAction(attack_index=1))
    assert (s.damage_on(wall), s.damage_on(drizzlet), s.damage_on(other)) == (30, 10, 10)
    assert s.damage_on(mine) == 0


@covers("damage")
def test_damage_to_opp_all_hits_the_active_without_weakness() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-sniper")
    active = s.active(1, "m1-010")
    benched = s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=1))
    assert (s.damage_on(active), s.damage_on(benched)) == (10, 10)


@covers("damage")
def test_recoil_damages_the_attacker_and_ignores_its_own_guard_charm() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "m1-060", energy=["fighting"] * 3, tool="m1-131")  # Pebblit + Guard Charm
    wall = s.active(1, WALL)
    t = s.act(0, AttackAction(attack_index=1))  # Rock Tumble 50, 10 to itself
    assert s.damage_on(wall) == 50
    assert s.damage_from(t, me, "self") == 10
    assert s.damage_on(me) == 10


@covers("damage")
def test_mega_magmaw_cataclysm_does_30_to_itself() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "m1-006", energy=["fire"] * 4)
    wall = s.active(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert (s.damage_on(wall), s.damage_on(me)) == (200, 30)


@covers("damage")
def test_recoil_can_knock_out_the_attacker_and_the_opponent_scores() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)  # Pebblit, 70 HP
    spare = s.bench(0, WALL)
    s.active(1, WALL)
    s.act(0, AttackAction(attack_index=1))  # Rock Tumble: 10 to itself
    assert not s.in_play(me)
    assert s.player(1).points == 1
    (q,) = s.state.pending
    assert (q.seat, q.kind, q.options) == (0, "promote", [spare])


@covers("damage", "protect")
def test_attack_damage_to_the_bench_meets_the_defenders_prevention() -> None:
    s = Scenario(pool=POOL, turn=2, current=1)
    active = s.active(1, WALL)
    benched = s.bench(1, WALL)
    shield = s.hand(1, "t-shield-all")[0]
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Voltik
    s.act(1, PlayTrainerAction(card_id=shield))
    s.end_turn(1)
    assert s.state.turn == 3
    s.act(0, AttackAction(attack_index=1))  # Chain Spark: 30 + 10 to each benched
    assert (s.damage_on(active), s.damage_on(benched)) == (0, 0)


@covers("damage", "mod_damage_taken")
def test_attack_damage_to_the_bench_meets_guard_charm_and_hard_shell() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Voltik: Chain Spark
    s.active(1, WALL)
    charmed = s.bench(1, WALL, tool="m1-131")  # Guard Charm: 20 less from attacks
    shell = s.bench(1, "m1-013")  # Shellguard: Hard Shell, 20 less from attacks
    plain = s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=1))
    assert (s.damage_on(charmed), s.damage_on(shell), s.damage_on(plain)) == (0, 0, 10)


@covers("damage")
def test_trainer_damage_is_not_attack_damage_so_guard_charm_does_not_reduce_it() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    s.active(1, WALL)
    charmed = s.bench(1, WALL, tool="m1-131")
    dart = s.hand(0, "t-dart")[0]
    s.act(0, PlayTrainerAction(card_id=dart, target_id=charmed))
    assert s.damage_on(charmed) == 20


@covers("damage")
def test_bench_damage_knockout_scores_without_a_promotion() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Voltik: Chain Spark
    s.active(1, WALL)
    doomed = s.bench(1, "m1-001", damage=50)  # Cindercub, 60 HP
    s.act(0, AttackAction(attack_index=1))
    assert not s.in_play(doomed)
    assert doomed in s.player(1).discard
    assert s.player(0).points == 1
    assert s.state.pending == []
    assert s.state.current == 1


# --- heal ---------------------------------------------------------------------------------


@covers("heal")
def test_tonic_berry_heals_30_from_the_chosen_damaged_creature() -> None:
    s = Scenario(pool=POOL)
    active = s.active(0, WALL, damage=50)
    benched = s.bench(0, WALL, damage=40)
    berry = s.hand(0, "m1-100")[0]
    s.act(0, PlayTrainerAction(card_id=berry, target_id=benched))
    assert (s.damage_on(active), s.damage_on(benched)) == (50, 10)
    assert berry in s.player(0).discard


@covers("heal")
def test_heal_never_removes_more_than_the_damage() -> None:
    s = Scenario(pool=POOL)
    active = s.active(0, WALL, damage=20)
    berry = s.hand(0, "m1-100")[0]
    t = s.act(0, PlayTrainerAction(card_id=berry, target_id=active))
    assert s.damage_on(active) == 0
    assert s.events(t, "heal") == [{"amount": 20}]


@covers("heal")
def test_verdantaur_overgrowth_heals_a_damaged_creature_of_its_player() -> None:
    s = Scenario(pool=POOL)
    verdantaur = s.active(0, "m1-032")
    hurt = s.bench(0, WALL, damage=60)
    s.bench(0, WALL)  # undamaged: not a target
    s.active(1, WALL, damage=60)  # the opponent's: not a target
    uses = [a for a in s.legal(0) if isinstance(a, UseAbilityAction)]
    assert uses == [UseAbilityAction(creature_id=verdantaur, target_id=hurt)]
    s.act(0, uses[0])
    assert s.damage_on(hurt) == 30


@covers("heal", "cure")
def test_heal_with_cure_heals_and_removes_every_condition() -> None:
    s = Scenario(pool=POOL)
    active = s.active(0, WALL, damage=50, conditions=[Condition.ASLEEP, Condition.BURNED])
    s.active(1, WALL)
    remedy = s.hand(0, "t-remedy")[0]
    t = s.act(0, PlayTrainerAction(card_id=remedy))
    assert s.damage_on(active) == 30
    assert s.creature(active).conditions() == []
    assert len(s.events(t, "cure")) == 1


@covers("heal", "cure")
def test_heal_with_cure_is_playable_for_a_condition_alone() -> None:
    s = Scenario(pool=POOL)
    active = s.active(0, WALL, conditions=[Condition.POISONED])
    remedy = s.hand(0, "t-remedy")[0]
    s.act(0, PlayTrainerAction(card_id=remedy))
    assert s.creature(active).conditions() == []


@covers("heal", "cure")
def test_heal_with_cure_is_not_playable_when_it_would_do_nothing() -> None:
    # Nothing damaged and no condition: the card would have no effect (explain.py: "cannot
    # be played now (no valid target or it would have no effect)").
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    remedy = s.hand(0, "t-remedy")[0]
    assert PlayTrainerAction(card_id=remedy) not in s.legal(0)
    s.refuse(0, PlayTrainerAction(card_id=remedy))


# --- cure ---------------------------------------------------------------------------------


@covers("cure")
def test_calming_salve_cures_every_condition_of_the_active() -> None:
    s = Scenario(pool=POOL)
    active = s.active(
        0, WALL, conditions=[Condition.PARALYZED, Condition.POISONED, Condition.BURNED]
    )
    salve = s.hand(0, "m1-105")[0]
    t = s.act(0, PlayTrainerAction(card_id=salve))
    assert s.creature(active).conditions() == []
    assert len(s.events(t, "cure")) == 1


@covers("cure")
def test_calming_salve_lets_a_paralyzed_active_attack_again() -> None:
    s = Scenario(pool=POOL)
    s.active(0, HITTER, conditions=[Condition.PARALYZED])
    s.active(1, WALL)
    salve = s.hand(0, "m1-105")[0]
    assert "attack" not in s.legal_types(0)
    s.act(0, PlayTrainerAction(card_id=salve))
    assert "attack" in s.legal_types(0)


# --- discard_energy -----------------------------------------------------------------------


@covers("discard_energy")
def test_searing_howl_discards_the_newest_fire_energy_into_the_energy_discard() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "m1-002", energy=["fire", "fire", "water"])  # Blazefang
    wall = s.active(1, WALL)
    before = list(s.creature(me).energy)
    s.act(0, AttackAction(attack_index=1))
    assert s.damage_on(wall) == 80
    assert s.creature(me).energy == [before[0], before[2]]
    assert s.player(0).energy_discard == [before[1]]
    assert s.player(0).discard == []


@covers("discard_energy")
def test_typed_discard_with_no_energy_of_that_type_discards_nothing() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "t-drain", energy=["fire", "fire"])
    s.active(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert energy_types(s, s.creature(me)) == ["fire", "fire"]
    assert s.player(0).energy_discard == []


@covers("discard_energy")
def test_eruption_discards_two_energy_newest_first() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "m1-005", energy=["fire", "fire", "fire", "water"])  # Magmaw ex
    s.active(1, WALL)
    before = list(s.creature(me).energy)
    s.act(0, AttackAction(attack_index=1))
    assert s.creature(me).energy == before[:2]
    assert sorted(s.player(0).energy_discard) == sorted(before[2:])


@covers("discard_energy", "flip")
def test_gloomtail_sap_energy_discards_from_the_defender_on_heads_only() -> None:
    for result, left in (("heads", 1), ("tails", 2)):
        s = Scenario(pool=POOL)
        s.active(0, "m1-070", energy=["darkness", "darkness"])  # Gloomtail
        wall = s.active(1, WALL, energy=["water", "fire"])
        s.energy_deck(1, "grass")  # so Bo's turn start does not reshuffle the energy discard
        s.flips(result)
        s.act(0, AttackAction(attack_index=0))
        assert len(s.creature(wall).energy) == left, result
        assert len(s.player(1).energy_discard) == 2 - left, result
        assert s.player(0).energy_discard == []


@covers("discard_energy")
def test_discard_from_the_defender_stops_at_what_it_has() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-drain")
    wall = s.active(1, WALL, energy=["water", "fire"])
    s.energy_deck(1, "grass")  # so Bo's turn start does not reshuffle the energy discard
    s.act(0, AttackAction(attack_index=1))  # count 5
    assert s.creature(wall).energy == []
    assert len(s.player(1).energy_discard) == 2


@covers("discard_energy")
def test_discarded_energy_goes_to_the_discard_pile_in_classic() -> None:
    s = Scenario(CLASSIC, pool=POOL)
    me = s.active(0, "m1-002", energy=["fire", "fire", "fire"])  # Blazefang
    s.active(1, WALL)
    newest = s.creature(me).energy[-1]
    s.act(0, AttackAction(attack_index=1))
    assert newest in s.player(0).discard
    assert s.player(0).energy_discard == []
    assert len(s.creature(me).energy) == 2


# --- switch -------------------------------------------------------------------------------


@covers("switch")
def test_swap_whistle_switches_to_the_chosen_benched_creature_and_clears_conditions() -> None:
    s = Scenario(pool=POOL)
    old = s.active(0, WALL, conditions=[Condition.ASLEEP, Condition.POISONED])
    first, chosen = s.bench(0, WALL), s.bench(0, WALL)
    whistle = s.hand(0, "m1-101")[0]
    plays = [a for a in s.legal(0) if isinstance(a, PlayTrainerAction)]
    assert {a.target_id for a in plays} == {first, chosen}
    t = s.act(0, PlayTrainerAction(card_id=whistle, target_id=chosen))
    assert active_uid(s, 0) == chosen
    assert [c.uid for c in s.player(0).bench] == [first, old]
    assert s.creature(old).conditions() == []
    assert s.events(t, "switch") == [{"cause": "effect"}]


@covers("switch")
def test_lure_keeper_rhea_drags_the_chosen_benched_opponent_into_the_active_spot() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    old = s.active(1, WALL, conditions=[Condition.CONFUSED])
    b1, b2 = s.bench(1, WALL), s.bench(1, "m1-013")
    rhea = s.hand(0, "m1-102")[0]
    plays = [a for a in s.legal(0) if isinstance(a, PlayTrainerAction)]
    assert {a.target_id for a in plays} == {b1, b2}
    s.act(0, PlayTrainerAction(card_id=rhea, target_id=b2))
    assert active_uid(s, 1) == b2
    assert [c.uid for c in s.player(1).bench] == [b1, old]
    assert s.creature(old).conditions() == []


@covers("switch")
def test_undertow_damages_the_defender_then_switches_in_the_target() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-011", energy=["water", "water"])  # Torrentail: Undertow 30 + gust
    old = s.active(1, WALL)
    target = s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=0, target_id=target))
    assert active_uid(s, 1) == target
    assert (s.damage_on(old), s.damage_on(target)) == (30, 0)


@covers("switch")
def test_undertow_without_an_opponents_bench_only_deals_damage() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-011", energy=["water", "water"])
    old = s.active(1, WALL)
    assert AttackAction(attack_index=0) in s.legal(0)
    s.act(0, AttackAction(attack_index=0))
    assert active_uid(s, 1) == old
    assert s.damage_on(old) == 30


# --- protect ------------------------------------------------------------------------------


@covers("protect", "flip")
def test_tailwind_prevents_damage_during_exactly_the_opponents_next_turn() -> None:
    s = Scenario(pool=POOL)
    gust = s.active(0, "m1-051", energy=["fire", "fire"])  # Gustbill: Tailwind
    s.active(1, HITTER)
    s.flips("heads")
    s.act(0, AttackAction(attack_index=1))
    seen_by_bo = s.view(1).players[0].active
    assert seen_by_bo is not None and seen_by_bo.effects == ["prevent_damage"]
    assert s.state.turn == 4
    t4 = s.act(1, AttackAction(attack_index=0))
    assert s.damage_on(gust) == 0
    assert s.events(t4, "damage") == []
    s.end_turn(0)  # turn 5
    assert s.state.turn == 6
    s.act(1, AttackAction(attack_index=0))
    assert s.damage_on(gust) == 50


@covers("protect", "flip")
def test_tailwind_on_tails_protects_nothing() -> None:
    s = Scenario(pool=POOL)
    gust = s.active(0, "m1-051", energy=["fire", "fire"])
    s.active(1, HITTER)
    s.flips("tails")
    s.act(0, AttackAction(attack_index=1))
    assert s.creature(gust).markers == []
    s.act(1, AttackAction(attack_index=0))
    assert s.damage_on(gust) == 50


@covers("protect")
def test_brace_reduces_damage_by_30_during_exactly_the_opponents_next_turn() -> None:
    s = Scenario(pool=POOL)
    riv = s.active(0, "m1-080", energy=["metal"])  # Rivetusk: Brace
    s.active(1, HITTER)
    s.act(0, AttackAction(attack_index=1))
    s.act(1, AttackAction(attack_index=0))  # turn 4
    assert s.damage_on(riv) == 20
    s.end_turn(0)  # turn 5
    s.act(1, AttackAction(attack_index=0))  # turn 6
    assert s.damage_on(riv) == 20 + 50


@covers("protect")
def test_damage_bonus_applies_to_the_attackers_next_attack_turn() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-focus")
    wall = s.active(1, WALL)
    t3 = s.act(0, AttackAction(attack_index=0))
    assert s.damage_from(t3, wall) == 20, "the bonus is set after this attack's damage"
    s.end_turn(1)  # turn 4
    t5 = s.act(0, AttackAction(attack_index=0))
    assert s.damage_from(t5, wall) == 20 + 30


@covers("protect")
def test_damage_bonus_expires_after_its_owners_next_turn() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "t-focus")
    wall = s.active(1, WALL)
    s.act(0, AttackAction(attack_index=0))  # turn 3 sets the bonus
    s.end_turn(1)  # turn 4
    assert [m.kind for m in s.creature(me).markers] == ["damage_bonus"]
    s.end_turn(0)  # turn 5: Ana does not attack
    s.end_turn(1)  # turn 6
    assert s.creature(me).markers == []
    t7 = s.act(0, AttackAction(attack_index=0))
    assert s.damage_from(t7, wall) == 20


@covers("protect")
def test_cant_attack_binds_exactly_the_opponents_next_turn() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-glare")
    s.active(1, HITTER)
    s.act(0, AttackAction(attack_index=0))
    assert s.state.turn == 4
    assert "attack" not in s.legal_types(1)
    s.refuse(1, AttackAction(attack_index=0), "action_not_allowed")
    s.end_turn(1)  # turn 5
    s.end_turn(0)  # turn 6
    assert "attack" in s.legal_types(1)


@covers("protect")
def test_cant_retreat_binds_exactly_the_opponents_next_turn() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-snare")
    hitter = s.active(1, HITTER, energy=["fire", "fire"])
    spare = s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert "retreat" not in s.legal_types(1)
    pay = (s.creature(hitter).energy[0],)
    s.refuse(1, RetreatAction(new_active_id=spare, discard_energy=pay), "action_not_allowed")
    assert "attack" in s.legal_types(1), "cant_retreat does not stop attacks"
    s.end_turn(1)  # turn 5
    s.end_turn(0)  # turn 6
    assert "retreat" in s.legal_types(1)


@covers("protect")
def test_cant_attack_leaves_with_the_creature_when_it_retreats() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-glare")
    bound = s.active(1, HITTER, energy=["fire"])
    fresh = s.bench(1, HITTER)
    s.act(0, AttackAction(attack_index=0))
    assert "attack" not in s.legal_types(1)
    pay = tuple(s.creature(bound).energy)
    s.act(1, RetreatAction(new_active_id=fresh, discard_energy=pay))
    assert s.creature(bound).markers == []
    assert "attack" in s.legal_types(1)


# --- accelerate ---------------------------------------------------------------------------


@covers("accelerate")
def test_zone_acceleration_attaches_a_water_from_the_zone_to_a_chosen_benched_creature() -> None:
    s = Scenario(pool=POOL)
    host = s.active(0, "t-tide")
    b1, b2 = s.bench(0, WALL), s.bench(0, WALL)
    fire, water = s.energy_zone(0, "fire", "water")
    uses = [a for a in s.legal(0) if isinstance(a, UseAbilityAction)]
    assert {(a.creature_id, a.target_id) for a in uses} == {(host, b1), (host, b2)}
    t = s.act(0, UseAbilityAction(creature_id=host, target_id=b2))
    assert s.creature(b2).energy == [water]
    assert s.creature(b1).energy == []
    assert s.player(0).energy_zone == [fire]
    assert s.player(0).energy_attached == 0, "an accelerated energy is not the turn's attach"
    assert s.events(t, "attach") == [{"from": "zone"}]


@covers("accelerate")
def test_zone_acceleration_is_not_usable_without_a_water_in_the_zone() -> None:
    s = Scenario(pool=POOL)
    host = s.active(0, "t-tide")
    bench = s.bench(0, WALL)
    s.energy_zone(0, "fire")
    assert "use_ability" not in s.legal_types(0)
    s.refuse(0, UseAbilityAction(creature_id=host, target_id=bench))


@covers("accelerate")
def test_zone_acceleration_has_nothing_to_take_in_classic() -> None:
    s = Scenario(CLASSIC, pool=POOL)
    s.active(0, "t-tide")
    s.bench(0, WALL)
    s.hand(0, "energy-water")
    assert "use_ability" not in s.legal_types(0)


@covers("accelerate")
def test_rising_tide_attaches_the_top_of_the_energy_deck_if_it_is_water() -> None:
    s = Scenario(pool=POOL)
    host = s.active(0, "m1-012")  # Abyssalon: Rising Tide
    bench = s.bench(0, WALL)
    top, second = s.energy_deck(0, "water", "fire")
    t = s.act(0, UseAbilityAction(creature_id=host, target_id=bench))
    assert s.creature(bench).energy == [top]
    assert s.player(0).energy_deck == [second]
    assert s.events(t, "attach") == [{"from": "energy_deck"}]
    assert s.player(0).energy_attached == 0
    # Now a Fire energy is on top: the look finds nothing to take, even though the zone
    # holds a Water (the zone is not where Rising Tide looks).
    s.player(0).ability_uses.clear()
    s.energy_zone(0, "water")
    t = s.act(0, UseAbilityAction(creature_id=host, target_id=bench))
    assert s.creature(bench).energy == [top] and s.player(0).energy_deck == [second]
    assert s.events(t, "attach") == []


@covers("accelerate")
def test_a_look_at_the_energy_deck_is_offered_whatever_lies_on_top() -> None:
    """RULES.md "Hidden information": the top of the energy deck is hidden, so whether an
    ability that looks at it may be used cannot depend on it (the offer would reveal it).
    What the look finds is the effect; finding nothing is logged, the card named to its
    owner only."""
    offers = []
    for top in ("water", "fire"):
        s = Scenario(pool=POOL)
        host = s.active(0, "m1-012")  # Abyssalon: Rising Tide
        bench = s.bench(0, WALL)
        s.energy_deck(0, top, "water")
        offers.append([a for a in s.legal(0) if a.type == "use_ability"])
    assert offers[0] == offers[1] == [UseAbilityAction(creature_id=host, target_id=bench)]
    t = s.act(0, UseAbilityAction(creature_id=host, target_id=bench))
    assert s.creature(bench).energy == [] and len(s.player(0).energy_deck) == 2
    (own,) = [e for e in s.view(0).events if e.kind == "look_energy"]
    (theirs,) = [e for e in s.view(1).events if e.kind == "look_energy"]
    assert own.text == (
        "ana looked at the top card of their energy deck (Fire Energy): no Water energy to attach"
    )
    assert (
        theirs.text == "ana looked at the top card of their energy deck: no Water energy to attach"
    )
    assert "Fire" not in theirs.model_dump_json()
    assert s.events(t, "attach") == []


@covers("accelerate")
def test_a_look_at_an_empty_energy_deck_is_not_offered() -> None:
    """The energy deck's count is public: with nothing to look at, there is no look."""
    s = Scenario(pool=POOL)
    host = s.active(0, "m1-012")
    s.bench(0, WALL)
    s.energy_deck(0)
    s.energy_discard(0, "water")
    assert "use_ability" not in s.legal_types(0)
    s.refuse(0, UseAbilityAction(creature_id=host), "action_not_allowed")


@covers("accelerate")
def test_energy_deck_acceleration_has_no_energy_deck_in_classic() -> None:
    s = Scenario(CLASSIC, pool=POOL)
    s.active(0, "m1-012")
    s.bench(0, WALL)
    s.energy_deck(0, "water")  # ignored: the classic preset has no energy deck
    assert "use_ability" not in s.legal_types(0)


@covers("accelerate")
def test_the_top_energy_card_stays_hidden_until_attached() -> None:
    s = Scenario(pool=POOL)
    host = s.active(0, "m1-012")
    bench = s.bench(0, WALL)
    top, hidden = s.energy_deck(0, "water", "water")
    seen_before = s.view(1).model_dump_json()
    assert top not in seen_before and hidden not in seen_before
    s.act(0, UseAbilityAction(creature_id=host, target_id=bench))
    seen_after = s.view(1).model_dump_json()
    assert top in seen_after and hidden not in seen_after


@covers("accelerate")
def test_accelerate_from_the_energy_discard_takes_matching_energy_only() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "t-recharger")
    f1, w, f2, f3 = s.energy_discard(0, "fire", "water", "fire", "fire")
    s.act(0, UseAbilityAction(creature_id=me))
    assert s.creature(me).energy == [f1, f2]
    assert s.player(0).energy_discard == [w, f3]


@covers("accelerate")
def test_accelerate_from_the_discard_pile_in_classic() -> None:
    s = Scenario(CLASSIC, pool=POOL)
    me = s.active(0, "t-recharger")
    w, f = s.discard(0, "energy-water", "energy-fire")
    s.act(0, UseAbilityAction(creature_id=me))
    assert s.creature(me).energy == [f]
    assert s.player(0).discard == [w]


@covers("accelerate")
def test_accelerate_from_the_discard_is_not_usable_without_matching_energy() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-recharger")
    s.energy_discard(0, "water")
    assert "use_ability" not in s.legal_types(0)


@covers("accelerate")
def test_accelerate_in_an_attack_attaches_from_the_zone_after_damage() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, "t-surge")
    wall = s.active(1, WALL)
    z = s.energy_zone(0, "fire", "water", "grass")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 10
    assert s.creature(me).energy == z[:2]


@covers("accelerate")
def test_accelerate_to_own_bench_feeds_the_first_benched_creature() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-surge")
    b1, b2 = s.bench(0, WALL), s.bench(0, WALL)
    s.active(1, WALL)
    (z,) = s.energy_zone(0, "fire")
    s.act(0, AttackAction(attack_index=1))
    assert (s.creature(b1).energy, s.creature(b2).energy) == ([z], [])
