"""The trainers of set m2 (``m2-trainers.json``), one scenario each: every card does what its
text says, in particular where it combines effects in a way no m1 trainer does (a heal and a
switch, a coin with an outcome on both faces, a self-mill before a recovery, a tool or stadium
with a drawback, and so on). Coin flips are forced with ``Scenario.flips``.
"""

from mantimon.engine import (
    AttackAction,
    Condition,
    PlayTrainerAction,
    RetreatAction,
    Transition,
)
from tests.scenario import (
    Scenario,
    attack_json,
    creature_json,
    eff,
    energy_types,
    pool_with,
)

WALL = "t-wall"  # colorless, 300 HP, retreat 1, no weakness or resistance
HITTER = "t-hitter"  # colorless, attacks for 30 at no cost
POOL = pool_with(
    creature_json(WALL),
    creature_json(HITTER, attack_json(damage=30)),
    creature_json("t-rock-hitter", attack_json(damage=30), type="fighting"),
    creature_json("t-dark-hitter", attack_json(damage=30), type="darkness"),
    creature_json("t-dark-wall", type="darkness"),
    creature_json("t-zap-hitter", attack_json(damage=30), type="lightning"),
    creature_json("t-mind-hitter", attack_json(damage=30), type="psychic"),
    creature_json("t-water-wall", type="water"),
    creature_json("t-metal-wall", type="metal"),
    creature_json(
        "t-sprayer", attack_json(eff("damage", amount=10, subject="opp_bench"), damage=30)
    ),
)

FERRY_TOKEN, THISTLE_DART, DREDGE_SCOOP, REKINDLE_BELLOWS = "m2-100", "m2-101", "m2-102", "m2-103"
BACKWASH_BUCKET, WILD_MAGNET, SIFTING_PAN, QUICK_SPLINT = "m2-104", "m2-105", "m2-106", "m2-107"
PEBBLE_SLING, ODILE, BRANN, WYN = "m2-108", "m2-109", "m2-110", "m2-111"
PELL, ILSE, GARO = "m2-112", "m2-113", "m2-114"
ROCKSLIDE_QUARRY, WINDSWEPT_MEADOW, DUSKMIRE_ALLEY, CLAMOR_PIT = (
    "m2-115",
    "m2-116",
    "m2-117",
    "m2-118",
)
RECKLESS_GAUNTLET, BALLAST_STONE, REEDWOVEN_AMULET = "m2-119", "m2-120", "m2-121"
POWER_BAND, GUARD_CHARM = "m1-130", "m1-131"  # tools to search for


def board() -> Scenario:
    """Ana (to play, turn 3) and Bo each have a Test Wall as their Active."""
    s = Scenario(pool=POOL)
    s.active(1, WALL)
    return s


def play(s: Scenario, card_id: str, target: str | None = None) -> Transition:
    """Ana plays ``card_id`` from her hand (put there now)."""
    uid = s.hand(0, card_id)[0]
    return s.act(0, PlayTrainerAction(card_id=uid, target_id=target))


def attack(s: Scenario, seat: int) -> Transition:
    return s.act(seat, AttackAction(attack_index=0))


def hp(s: Scenario, seat: int, uid: str) -> int:
    """The HP ``seat``'s view shows for one of its creatures (after modifiers)."""
    p = s.view(seat).players[seat]
    (found,) = [c for c in ([p.active] if p.active else []) + p.bench if c.uid == uid]
    return found.hp


def retreat_cost(s: Scenario, seat: int) -> int:
    active = s.view(seat).players[seat].active
    assert active is not None
    return active.retreat_cost


# --- items ----------------------------------------------------------------------------------


def test_ferry_token_heals_the_active_then_sends_it_to_the_bench() -> None:
    s = board()
    hurt = s.active(0, WALL, damage=50, conditions=[Condition.POISONED])
    fresh = s.bench(0, WALL, damage=10)
    play(s, FERRY_TOKEN, fresh)
    assert s.active_uid(0) == fresh
    assert [c.uid for c in s.player(0).bench] == [hurt]
    assert s.damage_on(hurt) == 30  # healed 20 before it left
    assert s.damage_on(fresh) == 10  # the new Active is not healed
    assert s.conditions(hurt) == set()


def test_ferry_token_needs_a_bench_to_switch_with() -> None:
    s = board()
    s.active(0, WALL, damage=50)
    s.hand(0, FERRY_TOKEN)
    assert "play_trainer" not in s.legal_types(0)


def test_thistle_dart_puts_to_sleep_on_heads_and_poisons_on_tails() -> None:
    s = board()
    s.active(0, WALL)
    s.flips("heads")
    t = play(s, THISTLE_DART)
    assert s.flip_results(t) == ["heads"]
    assert s.conditions(s.active_uid(1) or "") == {Condition.ASLEEP}

    s2 = board()
    s2.active(0, WALL)
    s2.flips("tails")
    t2 = play(s2, THISTLE_DART)
    assert s2.flip_results(t2) == ["tails"]
    assert s2.conditions(s2.active_uid(1) or "") == {Condition.POISONED}


def test_dredge_scoop_mills_two_then_recovers_a_creature_it_milled() -> None:
    s = board()
    s.active(0, WALL)
    (older,) = s.discard(0, "m1-020")
    cub, berry, rest = s.deck(0, "m1-001", "m1-100", "m1-010")
    play(s, DREDGE_SCOOP)
    p = s.player(0)
    assert p.deck == [rest]
    (q,) = s.state.pending
    assert sorted(q.options) == sorted([older, cub])  # creatures only: not the berry
    assert q.max == 1
    s.choose(0, cub)
    assert p.hand == [cub]
    assert berry in p.discard and cub not in p.discard
    assert s.card_ids(p.discard) == ["m1-020", DREDGE_SCOOP, "m1-100"]


def test_rekindle_bellows_attaches_from_the_energy_discard_and_burns_the_active() -> None:
    s = board()
    active = s.active(0, WALL, damage=20)
    (fire,) = s.energy_discard(0, "fire")
    s.energy_zone(0, "water")
    play(s, REKINDLE_BELLOWS)
    c = s.creature(active)
    assert c.energy == [fire]
    assert s.player(0).energy_discard == []
    assert len(s.player(0).energy_zone) == 1  # the zone is not touched
    assert s.damage_on(active) == 30


def test_rekindle_bellows_can_knock_out_its_own_user() -> None:
    s = board()
    s.active(0, WALL, damage=290)
    s.bench(0, WALL)
    s.energy_discard(0, "fire")
    play(s, REKINDLE_BELLOWS)
    assert s.player(0).active is None
    assert s.player(1).points == 1


def test_backwash_bucket_draws_then_shuffles_up_to_two_back() -> None:
    s = board()
    s.active(0, WALL)
    (top, second) = s.deck(0, "m1-001", "m1-010")
    old = s.discard(0, "m1-020", "m1-030", "m1-100")
    play(s, BACKWASH_BUCKET)
    p = s.player(0)
    assert p.hand == [top]
    (q,) = s.state.pending
    assert sorted(q.options) == sorted(old)  # not the bucket itself
    assert q.max == 2
    s.choose(0, old[0], old[2])
    assert sorted(p.deck) == sorted([second, old[0], old[2]])
    assert s.card_ids(p.discard) == ["m1-030", BACKWASH_BUCKET]


def test_wild_magnet_strips_the_opponent_on_heads_and_its_user_on_tails() -> None:
    s = board()
    mine = s.active(0, WALL, energy=["fire", "fire"])
    theirs = s.active(1, WALL, energy=["water", "water"])
    s.flips("heads")
    play(s, WILD_MAGNET)
    assert len(s.creature(theirs).energy) == 1
    assert len(s.creature(mine).energy) == 2
    assert s.card_ids(s.player(1).energy_discard) == ["energy-water"]

    s2 = board()
    mine2 = s2.active(0, WALL, energy=["fire", "fire"])
    theirs2 = s2.active(1, WALL, energy=["water", "water"])
    s2.flips("tails")
    play(s2, WILD_MAGNET)
    assert len(s2.creature(theirs2).energy) == 2
    assert len(s2.creature(mine2).energy) == 1
    assert s2.card_ids(s2.player(0).energy_discard) == ["energy-fire"]


def test_sifting_pan_discards_two_at_random_then_searches_any_card() -> None:
    s = board()
    s.active(0, WALL)
    deck = s.deck(0, "m1-001", "m1-110", "m1-010")
    pan, *others = s.hand(0, SIFTING_PAN, "m1-020", "m1-030", "m1-040")
    s.act(0, PlayTrainerAction(card_id=pan))
    p = s.player(0)
    assert len(p.hand) == 1 and p.hand[0] in others
    tossed = [u for u in others if u not in p.hand]
    assert sorted(p.discard) == sorted([pan, *tossed])
    (q,) = s.state.pending
    assert sorted(q.options) == sorted(deck)  # any card
    assert q.max == 1
    s.choose(0, deck[1])
    assert deck[1] in p.hand and len(p.hand) == 2
    assert len(p.deck) == 2


def test_quick_splint_cures_and_softens_the_next_hit() -> None:
    s = board()
    mine = s.active(0, WALL, conditions=[Condition.POISONED, Condition.CONFUSED])
    s.active(1, HITTER)
    play(s, QUICK_SPLINT)
    assert s.conditions(mine) == set()
    s.end_turn(0)
    assert s.damage_on(mine) == 0  # no poison at the checkup
    attack(s, 1)
    assert s.damage_on(mine) == 20  # 30 - 10


def test_quick_splint_is_playable_without_a_condition_for_its_shield() -> None:
    s = board()
    s.active(0, WALL)
    uid = s.hand(0, QUICK_SPLINT)[0]
    assert PlayTrainerAction(card_id=uid) in s.legal(0)


def test_pebble_sling_hits_a_benched_creature_once_or_twice() -> None:
    for result, expected in (("heads", 20), ("tails", 10)):
        s = board()
        s.active(0, WALL)
        target = s.bench(1, WALL)
        other = s.bench(1, WALL)
        s.flips(result)
        t = play(s, PEBBLE_SLING, target)
        assert s.flip_results(t) == [result]
        assert s.damage_on(target) == expected
        assert s.damage_on(other) == 0
        assert s.damage_on(s.active_uid(1) or "") == 0


# --- supporters -----------------------------------------------------------------------------


def test_harbormaster_odile_heals_the_active_and_draws_two() -> None:
    s = board()
    active = s.active(0, WALL, damage=50)
    benched = s.bench(0, WALL, damage=50)
    top = s.deck(0, "m1-001", "m1-010", "m1-020")
    play(s, ODILE)
    assert s.damage_on(active) == 20
    assert s.damage_on(benched) == 50
    assert s.player(0).hand == top[:2]


def test_stormchaser_brann_gusts_and_traps_the_new_active() -> None:
    s = board()
    s.active(0, WALL)
    old = s.active_uid(1)
    pulled = s.bench(1, WALL, energy=["water", "water"])
    s.bench(1, WALL)
    play(s, BRANN, pulled)
    assert s.active_uid(1) == pulled
    assert old in [c.uid for c in s.player(1).bench]
    s.end_turn(0)
    assert s.state.current == 1
    assert not any(isinstance(a, RetreatAction) for a in s.legal(1))
    s.end_turn(1)
    s.end_turn(0)  # the trap lasted one turn: Bo may retreat again
    assert any(isinstance(a, RetreatAction) for a in s.legal(1))


def test_tinker_wyn_draws_two_then_finds_a_tool() -> None:
    s = board()
    s.active(0, WALL)
    deck = s.deck(0, "m1-001", "m1-010", "m1-110", POWER_BAND, "m1-100", GUARD_CHARM)
    play(s, WYN)
    p = s.player(0)
    assert p.hand == deck[:2]
    (q,) = s.state.pending
    assert sorted(q.options) == sorted([deck[3], deck[5]])  # tools only
    assert q.max == 1
    s.choose(0, deck[5])
    assert p.hand == [*deck[:2], deck[5]]
    assert deck[5] in p.revealed


def test_scavenger_pell_mills_the_opponent_and_draws_two() -> None:
    s = board()
    s.active(0, WALL)
    bo_deck = s.deck(1, "m1-001", "m1-100", "m1-010")
    mine = s.deck(0, "m1-020", "m1-030", "m1-040")
    play(s, PELL)
    assert s.player(1).deck == [bo_deck[2]]
    assert sorted(s.player(1).discard) == sorted(bo_deck[:2])
    assert s.player(0).hand == mine[:2]


def test_sparkwright_ilse_attaches_the_top_energy_and_draws_two() -> None:
    s = board()
    active = s.active(0, WALL)
    s.bench(0, WALL)
    s.energy_deck(0, "water", "fire")
    top = s.deck(0, "m1-001", "m1-010", "m1-020")
    play(s, ILSE)
    assert energy_types(s, s.creature(active)) == ["water"]
    assert s.card_ids(s.player(0).energy_deck) == ["energy-fire"]
    assert s.player(0).hand == top[:2]


def test_sparkwright_ilse_only_draws_on_the_first_players_first_turn() -> None:
    s = Scenario(pool=POOL, turn=1)
    s.active(1, WALL)
    active = s.active(0, WALL)
    s.energy_deck(0, "water")
    play(s, ILSE)
    assert s.creature(active).energy == []
    assert len(s.player(0).hand) == 2


def test_demolitionist_garo_spreads_damage_and_hurts_its_user() -> None:
    s = board()
    mine = s.active(0, WALL)
    my_bench = s.bench(0, WALL)
    theirs = [s.active_uid(1) or "", s.bench(1, WALL), s.bench(1, WALL)]
    doomed = s.bench(1, WALL, damage=290)
    play(s, GARO)
    assert [s.damage_on(u) for u in theirs] == [10, 10, 10]
    assert not s.in_play(doomed)
    assert s.player(0).points == 1
    assert s.damage_on(mine) == 20
    assert s.damage_on(my_bench) == 0


# --- stadiums -------------------------------------------------------------------------------


def damage_dealt_by(attacker: str, stadium: str) -> int:
    """Damage Ana's ``attacker`` (30 printed) does to Bo's Test Wall under ``stadium``."""
    s = board()
    s.stadium(1, stadium)
    s.active(0, attacker)
    attack(s, 0)
    return s.damage_on(s.active_uid(1) or "")


def test_rockslide_quarry_boosts_fighting_and_grounds_lightning() -> None:
    assert damage_dealt_by("t-rock-hitter", ROCKSLIDE_QUARRY) == 40
    assert damage_dealt_by("t-zap-hitter", ROCKSLIDE_QUARRY) == 20
    assert damage_dealt_by(HITTER, ROCKSLIDE_QUARRY) == 30


def test_windswept_meadow_lightens_colorless_and_weighs_down_metal() -> None:
    s = board()
    s.stadium(1, WINDSWEPT_MEADOW)
    s.active(0, WALL)
    assert retreat_cost(s, 0) == 0
    assert retreat_cost(s, 1) == 0  # both players'
    s.active(0, "t-metal-wall")
    assert retreat_cost(s, 0) == 2
    s.active(0, "t-water-wall")
    assert retreat_cost(s, 0) == 1


def test_windswept_meadow_lets_a_colorless_active_retreat_for_free() -> None:
    s = board()
    s.stadium(0, WINDSWEPT_MEADOW)
    old = s.active(0, WALL)
    new = s.bench(0, WALL)
    s.act(0, RetreatAction(new_active_id=new, discard_energy=()))
    assert s.active_uid(0) == new
    assert [c.uid for c in s.player(0).bench] == [old]


def test_duskmire_alley_makes_darkness_hit_harder_and_take_more() -> None:
    assert damage_dealt_by("t-dark-hitter", DUSKMIRE_ALLEY) == 40
    assert damage_dealt_by(HITTER, DUSKMIRE_ALLEY) == 30

    s = board()
    s.stadium(0, DUSKMIRE_ALLEY)
    dark = s.active(0, "t-dark-wall")
    s.active(1, HITTER)
    s.end_turn(0)
    attack(s, 1)
    assert s.damage_on(dark) == 40


def test_clamor_pit_hurts_actives_only_and_muffles_psychic_attacks() -> None:
    s = board()
    s.stadium(0, CLAMOR_PIT)
    s.active(0, "t-sprayer")
    benched = s.bench(1, WALL)
    attack(s, 0)
    assert s.damage_on(s.active_uid(1) or "") == 40
    assert s.damage_on(benched) == 10  # benched creatures are not Active
    assert damage_dealt_by("t-mind-hitter", CLAMOR_PIT) == 30  # 30 - 10 + 10


def test_a_new_stadium_replaces_the_old_one() -> None:
    s = board()
    s.active(0, WALL, energy=["fire"])
    old = s.stadium(1, CLAMOR_PIT)
    assert retreat_cost(s, 0) == 1
    t = play(s, WINDSWEPT_MEADOW)
    assert s.card_ids([s.state.stadium or ""]) == [WINDSWEPT_MEADOW]
    assert old in s.player(1).discard
    assert retreat_cost(s, 0) == 0
    assert s.events(t, "play_trainer") == [{"trainer": "stadium"}]


# --- tools ----------------------------------------------------------------------------------


def test_reckless_gauntlet_hits_harder_and_is_hit_harder() -> None:
    s = board()
    mine = s.active(0, HITTER, tool=RECKLESS_GAUNTLET)
    s.active(1, HITTER)
    attack(s, 0)
    assert s.damage_on(s.active_uid(1) or "") == 60
    attack(s, 1)
    assert s.damage_on(mine) == 50


def test_ballast_stone_shields_its_holder_and_slows_its_attacks() -> None:
    s = board()
    holder = s.active(0, HITTER)
    s.active(1, HITTER)
    play(s, BALLAST_STONE, holder)
    assert s.creature(holder).tool is not None
    assert hp(s, 0, holder) == 300 and retreat_cost(s, 0) == 1  # no other change
    attack(s, 0)
    assert s.damage_on(s.active_uid(1) or "") == 20
    attack(s, 1)
    assert s.damage_on(holder) == 0


def test_reedwoven_amulet_gives_more_hp_to_water_and_grass_holders() -> None:
    s = board()
    water = s.active(0, "t-water-wall", tool=REEDWOVEN_AMULET)
    plain = s.bench(0, WALL, tool=REEDWOVEN_AMULET)
    bare = s.bench(0, WALL)
    assert hp(s, 0, water) == 330
    assert hp(s, 0, plain) == 310
    assert hp(s, 0, bare) == 300


def test_reedwoven_amulet_hp_counts_for_knockouts() -> None:
    s = board()
    s.active(0, WALL)
    survivor = s.bench(0, "t-water-wall", damage=310, tool=REEDWOVEN_AMULET)
    doomed = s.bench(0, "t-water-wall", damage=320, tool=REEDWOVEN_AMULET)
    s.active(1, "t-sprayer")
    s.end_turn(0)
    attack(s, 1)  # 10 to each benched creature: 320 and 330 damage on 330 HP
    assert s.damage_on(survivor) == 320
    assert not s.in_play(doomed)
    assert s.player(1).points == 1
