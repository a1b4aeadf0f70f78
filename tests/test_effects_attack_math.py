"""Effects that shape an attack's damage before it is dealt (``effects/attack_math.py``).

Covers coin flips and the ``when`` gate (flip, cancel, flip_multiplier, flip_until_tails) and
the board-reading bonuses (bonus, per_energy_bonus, per_damage_bonus, per_bench_bonus,
bonus_if_condition). Most scenarios hit "Test Wall", a 300 HP colorless creature with no
weakness or resistance, so the numbers are the effect's own.
"""

from mantimon.engine import AttackAction, Condition, PlayTrainerAction
from tests.scenario import (
    Scenario,
    attack_json,
    covers,
    creature_json,
    eff,
    pool_with,
    trainer_json,
)

WALL = "t-wall"

POOL = pool_with(
    creature_json(WALL),
    # flip + when: a coin decides a bonus and a condition
    creature_json(
        "t-coin-jab",
        attack_json(
            eff("flip"),
            eff("bonus", amount=20, when="heads"),
            eff("inflict", condition="poisoned", when="tails"),
            damage=30,
        ),
    ),
    # cancel also skips the effects after damage
    creature_json(
        "t-gamble",
        attack_json(
            eff("flip"),
            eff("cancel", when="tails"),
            eff("inflict", condition="burned"),
            damage=40,
        ),
    ),
    # flip_multiplier leaves its last coin for ``when``
    creature_json(
        "t-double-slap",
        attack_json(
            eff("flip_multiplier", flips=2, per_heads=20),
            eff("inflict", condition="paralyzed", when="heads"),
        ),
    ),
    creature_json(
        "t-fury",
        attack_json(eff("flip_until_tails", per_heads=20), damage=50),
        attack_json(eff("flip_until_tails", per_heads=30, max_flips=2)),
        attack_json(
            eff("flip_until_tails", per_heads=10),
            eff("inflict", condition="paralyzed", when="tails"),
        ),
    ),
    # two coins, each gating the effect right after it (list order)
    creature_json(
        "t-two-coins",
        attack_json(
            eff("flip"),
            eff("inflict", condition="paralyzed", when="heads"),
            eff("flip"),
            eff("inflict", condition="poisoned", when="heads"),
            damage=10,
        ),
    ),
    trainer_json("t-lucky-draw", "item", eff("flip"), eff("draw", count=2, when="heads")),
    creature_json("t-weak-hit", attack_json(eff("bonus", amount=-30), damage=10)),
    creature_json(
        "t-charger",
        attack_json(eff("per_energy_bonus", amount=10), damage=10),
        attack_json(eff("per_energy_bonus", amount=20, whose="defender"), damage=10),
        attack_json(eff("per_energy_bonus", amount=10, beyond=2), damage=10),
    ),
    creature_json(
        "t-avenger",
        attack_json(eff("per_damage_bonus", amount=10), damage=10),
        attack_json(eff("per_damage_bonus", amount=20, whose="defender"), damage=10),
    ),
    creature_json(
        "t-crowd",
        attack_json(eff("per_bench_bonus", amount=10), damage=10),
        attack_json(eff("per_bench_bonus", amount=10, side="opp"), damage=10),
        attack_json(eff("per_bench_bonus", amount=10, side="both"), damage=10),
    ),
    creature_json(
        "t-opportunist",
        attack_json(eff("bonus_if_condition", amount=40, condition="poisoned"), damage=10),
    ),
)


def scenario(attacker: str, *, energy: tuple[str, ...] = ()) -> tuple[Scenario, str]:
    """Ana's ``attacker`` (Active) faces Bo's Test Wall; returns the wall's id."""
    s = Scenario(pool=POOL)
    s.active(0, attacker, energy=energy)
    return s, s.active(1, WALL)


# --- flip ---------------------------------------------------------------------------------


@covers("flip", "bonus", "inflict")
def test_flip_heads_runs_the_heads_effects_only() -> None:
    s, wall = scenario("t-coin-jab")
    s.flips("heads")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.flip_results(t) == ["heads"]
    assert s.damage_on(wall) == 50
    assert s.creature(wall).conditions() == []


@covers("flip", "inflict")
def test_flip_tails_runs_the_tails_effects_only() -> None:
    s, wall = scenario("t-coin-jab")
    s.flips("tails")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.flip_results(t) == ["tails"]
    assert s.damage_from(t, wall) == 30
    assert s.creature(wall).conditions() == [Condition.POISONED]
    assert s.damage_on(wall) == 30 + 10, "the checkup after the attack adds the poison"


@covers("flip")
def test_flip_is_a_public_event_seen_by_the_opponent() -> None:
    s, _ = scenario("t-coin-jab")
    s.flips("heads")
    s.act(0, AttackAction(attack_index=0))
    seen_by_bo = [e for e in s.view(1).events if e.kind == "flip"]
    assert [e.data["result"] for e in seen_by_bo] == ["heads"]


@covers("flip", "inflict")
def test_sparkmoth_glitter_dust_confuses_on_heads() -> None:
    for result, expected in (("heads", [Condition.CONFUSED]), ("tails", [])):
        s = Scenario(pool=POOL)
        s.active(0, "m1-004", energy=["fire"])  # Sparkmoth
        wall = s.active(1, WALL)
        s.flips(result)
        s.act(0, AttackAction(attack_index=0))
        assert s.damage_on(wall) == 10
        assert s.creature(wall).conditions() == expected, result


@covers("flip", "inflict")
def test_each_when_reads_the_coin_flipped_just_before_it_in_list_order() -> None:
    # registry: ``when`` reads "the last coin flipped by an earlier effect of the same use".
    # "Flip a coin: if heads, paralyzed. Flip a coin: if heads, poisoned."
    for coins, expected in (
        (("heads", "tails"), {Condition.PARALYZED}),
        (("tails", "heads"), {Condition.POISONED}),
    ):
        s, wall = scenario("t-two-coins")
        s.flips(*coins, "tails")  # the last coin is for a possible checkup
        t = s.act(0, AttackAction(attack_index=0))
        assert s.flip_results(t)[:2] == list(coins)
        assert s.conditions(wall) == expected, coins


@covers("flip", "draw")
def test_a_trainer_can_gate_an_effect_on_its_own_coin() -> None:
    for result, drawn in (("heads", 2), ("tails", 0)):
        s, _ = scenario("t-coin-jab")
        item = s.hand(0, "t-lucky-draw")[0]
        s.flips(result)
        t = s.act(0, PlayTrainerAction(card_id=item))
        assert s.flip_results(t) == [result]
        assert len(s.player(0).hand) == drawn, result


# --- cancel -------------------------------------------------------------------------------


@covers("cancel", "flip")
def test_cancel_on_tails_does_no_damage_and_skips_later_effects() -> None:
    s, wall = scenario("t-gamble")
    s.flips("tails")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 0
    assert s.creature(wall).conditions() == []
    assert len(s.events(t, "attack_failed")) == 1
    assert s.state.current == 1, "a cancelled attack still ends the turn"


@covers("cancel", "flip")
def test_cancel_gated_on_tails_lets_heads_through() -> None:
    s, wall = scenario("t-gamble")
    s.flips("heads", "tails")  # the attack's coin, then the burn checkup's coin
    t = s.act(0, AttackAction(attack_index=0))
    assert s.damage_from(t, wall) == 40
    assert s.creature(wall).conditions() == [Condition.BURNED]
    assert s.events(t, "attack_failed") == []


@covers("cancel")
def test_rivetusk_iron_charge_does_nothing_on_tails() -> None:
    for result, expected in (("heads", 50), ("tails", 0)):
        s = Scenario(pool=POOL)
        s.active(0, "m1-080", energy=["metal", "metal", "metal"])  # Rivetusk
        wall = s.active(1, WALL)
        s.flips(result)
        s.act(0, AttackAction(attack_index=0))
        assert s.damage_on(wall) == expected, result


# --- flip_multiplier ----------------------------------------------------------------------


@covers("flip_multiplier")
def test_thornback_needle_volley_does_30_per_heads() -> None:
    for results, expected in (
        (("heads", "tails", "heads"), 60),
        (("heads", "heads", "heads"), 90),
        (("tails", "tails", "tails"), 0),
    ):
        s = Scenario(pool=POOL)
        s.active(0, "m1-031", energy=["grass", "grass"])  # Thornback
        wall = s.active(1, WALL)
        s.flips(*results)
        t = s.act(0, AttackAction(attack_index=0))
        assert s.flip_results(t) == list(results)
        assert s.damage_on(wall) == expected, results


@covers("flip_multiplier", "bonus")
def test_ashhound_kindle_pounce_is_20_plus_30_per_heads() -> None:
    for results, expected in (
        (("heads", "heads"), 80),
        (("heads", "tails"), 50),
        (("tails",) * 2, 20),
    ):
        s = Scenario(pool=POOL)
        s.active(0, "m1-007", energy=["fire", "fire"])  # Ashhound
        wall = s.active(1, WALL)
        s.flips(*results)
        s.act(0, AttackAction(attack_index=1))
        assert s.damage_on(wall) == expected, results


@covers("flip_multiplier", "inflict")
def test_flip_multiplier_leaves_its_last_coin_for_when() -> None:
    for results, paralyzed in ((("tails", "heads"), True), (("heads", "tails"), False)):
        s, wall = scenario("t-double-slap")
        s.flips(*results)
        s.act(0, AttackAction(attack_index=0))
        assert s.damage_on(wall) == 20
        assert (Condition.PARALYZED in s.creature(wall).conditions()) is paralyzed, results


# --- flip_until_tails ---------------------------------------------------------------------


@covers("flip_until_tails")
def test_flip_until_tails_counts_heads_before_the_first_tails() -> None:
    s, wall = scenario("t-fury")
    s.flips("heads", "heads", "tails", "heads")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.flip_results(t) == ["heads", "heads", "tails"]
    # the printed 50 is replaced by 20 per heads
    assert s.damage_on(wall) == 40


@covers("flip_until_tails")
def test_flip_until_tails_with_immediate_tails_does_no_damage() -> None:
    s, wall = scenario("t-fury")
    s.flips("tails")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.flip_results(t) == ["tails"]
    assert s.damage_on(wall) == 0


@covers("flip_until_tails")
def test_flip_until_tails_stops_at_max_flips() -> None:
    s, wall = scenario("t-fury")
    s.flips("heads", "heads", "heads")
    t = s.act(0, AttackAction(attack_index=1))
    assert s.flip_results(t) == ["heads", "heads"]
    assert s.damage_on(wall) == 60


@covers("flip_until_tails", "inflict")
def test_flip_until_tails_leaves_its_last_coin_for_when() -> None:
    # registry: ``when`` reads "the last coin flipped by an earlier effect of the same use";
    # flip_until_tails always ends on tails here, so the paralysis must apply.
    s, wall = scenario("t-fury")
    s.flips("heads", "tails")
    t = s.act(0, AttackAction(attack_index=2))
    assert s.flip_results(t) == ["heads", "tails"]
    assert s.damage_on(wall) == 10
    assert s.creature(wall).conditions() == [Condition.PARALYZED]


# --- bonus --------------------------------------------------------------------------------


@covers("bonus")
def test_negative_bonus_floors_the_damage_at_zero() -> None:
    s, wall = scenario("t-weak-hit")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 0


# --- per_energy_bonus ---------------------------------------------------------------------


@covers("per_energy_bonus")
def test_per_energy_bonus_counts_the_attackers_energy() -> None:
    s, wall = scenario("t-charger", energy=("fire", "water", "grass"))
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 10 + 3 * 10


@covers("per_energy_bonus")
def test_per_energy_bonus_can_count_the_defenders_energy() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-charger", energy=["fire", "fire", "fire", "fire"])
    wall = s.active(1, WALL, energy=["water", "water"])
    s.act(0, AttackAction(attack_index=1))
    assert s.damage_on(wall) == 10 + 2 * 20


@covers("per_energy_bonus")
def test_per_energy_bonus_beyond_ignores_the_first_energy() -> None:
    for count, expected in ((1, 10), (2, 10), (4, 30)):
        s, wall = scenario("t-charger", energy=("fire",) * count)
        s.act(0, AttackAction(attack_index=2))
        assert s.damage_on(wall) == expected, count


@covers("per_energy_bonus")
def test_thundrake_overcharge_adds_20_per_energy_beyond_three() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-041", energy=["lightning"] * 5)  # Thundrake ex
    wall = s.active(1, WALL)
    s.act(0, AttackAction(attack_index=1))
    assert s.damage_on(wall) == 90 + 2 * 20


# --- per_damage_bonus ---------------------------------------------------------------------


@covers("per_damage_bonus")
def test_per_damage_bonus_counts_damage_on_the_attacker() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-avenger", damage=70)
    wall = s.active(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 10 + 7 * 10


@covers("per_damage_bonus")
def test_per_damage_bonus_can_count_damage_on_the_defender() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-avenger", damage=70)
    wall = s.active(1, WALL, damage=30)
    s.act(0, AttackAction(attack_index=1))
    assert s.damage_on(wall) == 30 + 10 + 3 * 20


# --- per_bench_bonus ----------------------------------------------------------------------


def crowd_scenario() -> tuple[Scenario, str]:
    """Ana has 2 benched creatures, Bo has 3."""
    s, wall = scenario("t-crowd")
    for _ in range(2):
        s.bench(0, "m1-050")
    for _ in range(3):
        s.bench(1, "m1-050")
    return s, wall


@covers("per_bench_bonus")
def test_per_bench_bonus_counts_the_named_side() -> None:
    for index, expected in ((0, 10 + 2 * 10), (1, 10 + 3 * 10), (2, 10 + 5 * 10)):
        s, wall = crowd_scenario()
        s.act(0, AttackAction(attack_index=index))
        assert s.damage_on(wall) == expected, index


@covers("per_bench_bonus", "damage")
def test_gravelord_quake_stomp_counts_opponents_bench_and_hits_own_bench() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-061", energy=["fighting", "fighting", "fighting"])  # Gravelord
    mine = [s.bench(0, "m1-050") for _ in range(2)]
    wall = s.active(1, WALL)
    theirs = [s.bench(1, "m1-070") for _ in range(3)]
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 60 + 3 * 10
    assert [s.damage_on(u) for u in mine] == [10, 10]
    assert [s.damage_on(u) for u in theirs] == [0, 0, 0]


# --- bonus_if_condition -------------------------------------------------------------------


@covers("bonus_if_condition")
def test_bonus_if_condition_applies_only_when_the_defender_has_it() -> None:
    for conditions, expected in (
        ((), 10),
        ((Condition.ASLEEP,), 10),
        ((Condition.POISONED,), 50),
        ((Condition.CONFUSED, Condition.POISONED), 50),
    ):
        s = Scenario(pool=POOL)
        s.active(0, "t-opportunist")
        wall = s.active(1, WALL, conditions=conditions)
        t = s.act(0, AttackAction(attack_index=0))
        assert s.damage_from(t, wall) == expected, conditions


@covers("bonus_if_condition")
def test_hypnowl_dream_eater_does_50_more_to_a_sleeper() -> None:
    for conditions, expected in (((), 40), ((Condition.ASLEEP,), 90)):
        s = Scenario(pool=POOL)
        s.active(0, "m1-021", energy=["psychic", "psychic"])  # Hypnowl
        wall = s.active(1, WALL, conditions=conditions)
        s.act(0, AttackAction(attack_index=0))
        assert s.damage_on(wall) == expected, conditions
