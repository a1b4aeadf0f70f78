"""Passive modifiers (``effects/passives.py`` applied by ``modifiers.py``).

Covers mod_damage_dealt, mod_damage_taken, mod_retreat and mod_hp carried by tools, stadiums
and passive abilities, with their filters: ``scope`` (self / own / opponent / all),
``types``, ``active_only`` (of the modifier: which creatures it reaches) and the passive
ability's own ``active_only`` (whether its host must be the Active). Also where each sits in
the damage order of RULES.md: attacker side before weakness, defender side after resistance.
"""

from mantimon.engine import (
    CLASSIC,
    AttackAction,
    PlayTrainerAction,
    RetreatAction,
)
from tests.scenario import (
    Scenario,
    ability_json,
    attack_json,
    covers,
    creature_json,
    eff,
    pool_with,
    trainer_json,
)

WALL = "t-wall"
POWER_BAND, GUARD_CHARM, VIGOR_SASH = "m1-130", "m1-131", "m1-132"
EMBER_CRATER, MISTY_LAGOON = "m1-120", "m1-121"

POOL = pool_with(
    creature_json(WALL),
    creature_json("t-fire-jab", attack_json(damage=20), type="fire"),
    creature_json("t-zap", attack_json(damage=20), type="lightning"),
    creature_json("t-spray", attack_json(eff("damage", amount=10, subject="opp_bench"), damage=30)),
    creature_json("t-wall-water", type="water"),
    trainer_json("t-dampener", "tool", eff("mod_damage_dealt", amount=-10, scope="opponent")),
    trainer_json("t-anchor", "tool", eff("mod_retreat", amount=2)),
    trainer_json("t-harness", "tool", eff("mod_hp", amount=40), eff("mod_retreat", amount=1)),
    trainer_json(
        "t-flood-plain",
        "stadium",
        eff("mod_damage_taken", amount=-10, scope="all", types=["water"]),
    ),
    trainer_json(
        "t-arena", "stadium", eff("mod_damage_taken", amount=20, scope="all", active_only=True)
    ),
    trainer_json("t-bastion", "stadium", eff("mod_damage_taken", amount=-10, scope="own")),
    trainer_json("t-thin-air", "stadium", eff("mod_hp", amount=-20, scope="opponent")),
    trainer_json("t-banner", "stadium", eff("mod_hp", amount=30, scope="all", active_only=True)),
    trainer_json("t-void", "stadium", eff("mod_hp", amount=-1000, scope="all")),
    trainer_json(
        "t-tailwind-zone", "stadium", eff("mod_retreat", amount=-1, scope="own", types=["water"])
    ),
    creature_json(
        "t-totem",
        ability=ability_json(
            "passive", eff("mod_hp", amount=50, scope="own"), active_only=True, name="Totem"
        ),
    ),
    creature_json(
        "t-drummer",
        ability=ability_json(
            "passive", eff("mod_damage_dealt", amount=10, scope="own"), name="War Drum"
        ),
    ),
)


def active_uid(s: Scenario, seat: int) -> str | None:
    """The instance id of ``seat``'s Active creature (None when the spot is empty)."""
    active = s.player(seat).active
    return active.uid if active is not None else None


def attack(s: Scenario, seat: int = 0, index: int = 0, target: str | None = None) -> object:
    return s.act(seat, AttackAction(attack_index=index, target_id=target))


def hp(s: Scenario, seat: int, uid: str) -> int:
    """The HP a player's view shows for ``uid`` (after modifiers)."""
    p = s.view(seat).players[seat]
    found = [c for c in ([p.active] if p.active else []) + p.bench if c.uid == uid]
    assert found, f"{uid} not in play for seat {seat}"
    return found[0].hp


def retreat_cost(s: Scenario, seat: int) -> int:
    active = s.view(seat).players[seat].active
    assert active is not None
    return active.retreat_cost


# --- mod_damage_dealt ---------------------------------------------------------------------


@covers("mod_damage_dealt")
def test_power_band_adds_20_to_the_holders_attacks() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-001", energy=["fire"], tool=POWER_BAND)  # Cindercub: Ember Nip 20
    wall = s.active(1, WALL)
    attack(s)
    assert s.damage_on(wall) == 40


@covers("mod_damage_dealt")
def test_power_band_applies_before_weakness() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-001", energy=["fire"], tool=POWER_BAND)
    rivetusk = s.active(1, "m1-080")  # weak to fire: x2 (card-specific)
    attack(s)
    assert s.damage_on(rivetusk) == (20 + 20) * 2


@covers("mod_damage_dealt")
def test_power_band_does_not_boost_bench_damage() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-060", energy=["fighting"], tool=POWER_BAND)  # Pebblit: Pebble Shot
    wall = s.active(1, WALL)
    benched = s.bench(1, WALL)
    attack(s, target=benched)
    assert (s.damage_on(wall), s.damage_on(benched)) == (10 + 20, 20)


@covers("mod_damage_dealt")
def test_power_band_on_a_benched_creature_does_nothing_for_the_active() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-001", energy=["fire"])
    s.bench(0, WALL, tool=POWER_BAND)
    wall = s.active(1, WALL)
    attack(s)
    assert s.damage_on(wall) == 20


@covers("mod_damage_dealt")
def test_a_zero_damage_attack_stays_at_zero_with_power_band() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-020", energy=["psychic"], tool=POWER_BAND)  # Murmuro: Lull, 0 damage
    wall = s.active(1, WALL)
    attack(s)
    assert s.damage_on(wall) == 0


@covers("mod_damage_dealt")
def test_ember_crater_boosts_fire_attacks_of_both_players_only() -> None:
    s = Scenario(pool=POOL)
    s.stadium(1, EMBER_CRATER)  # Bo's stadium still helps Ana (scope all)
    s.active(0, "t-fire-jab")
    target = s.active(1, "t-fire-jab")
    attack(s, 0)
    assert s.damage_on(target) == 30
    mine = s.player(0).active
    assert mine is not None
    attack(s, 1)
    assert s.damage_on(mine.uid) == 30
    s2 = Scenario(pool=POOL)
    s2.stadium(0, EMBER_CRATER)
    s2.active(0, "t-zap")
    wall = s2.active(1, WALL)
    attack(s2)
    assert s2.damage_on(wall) == 20


@covers("mod_damage_dealt", "mod_retreat")
def test_replacing_the_stadium_ends_its_effect() -> None:
    s = Scenario(pool=POOL)
    crater = s.stadium(1, EMBER_CRATER)
    s.active(0, "t-fire-jab")
    wall = s.active(1, WALL)
    lagoon = s.hand(0, MISTY_LAGOON)[0]
    s.act(0, PlayTrainerAction(card_id=lagoon))
    assert s.state.stadium == lagoon
    assert crater in s.player(1).discard, "the old stadium goes to its owner's discard"
    assert retreat_cost(s, 0) == 0
    attack(s)
    assert s.damage_on(wall) == 20


@covers("mod_damage_dealt")
def test_heat_aura_boosts_own_fire_creatures_even_from_the_bench() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-fire-jab")
    s.bench(0, "m1-003")  # Pyrolisk: Heat Aura (own, fire)
    target = s.active(1, "t-fire-jab")
    attack(s, 0)
    assert s.damage_on(target) == 30
    mine = s.player(0).active
    assert mine is not None
    attack(s, 1)  # Bo's fire creature gets no help from Ana's Pyrolisk
    assert s.damage_on(mine.uid) == 20


@covers("mod_damage_dealt")
def test_heat_aura_ignores_other_types() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-zap")
    s.bench(0, "m1-003")
    wall = s.active(1, WALL)
    attack(s)
    assert s.damage_on(wall) == 20


@covers("mod_damage_dealt")
def test_attacker_side_modifiers_stack() -> None:
    s = Scenario(pool=POOL)
    s.stadium(0, EMBER_CRATER)
    s.active(0, "t-fire-jab", tool=POWER_BAND)
    s.bench(0, "m1-003")
    wall = s.active(1, WALL)
    attack(s)
    assert s.damage_on(wall) == 20 + 10 + 10 + 20


@covers("mod_damage_dealt")
def test_scope_opponent_weakens_the_other_players_attacks_only() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-fire-jab")
    mine = s.player(0).active
    assert mine is not None
    damp = s.active(1, "t-fire-jab", tool="t-dampener")
    attack(s, 0)
    assert s.damage_on(damp) == 10
    attack(s, 1)
    assert s.damage_on(mine.uid) == 20


@covers("mod_damage_dealt")
def test_a_passive_ability_with_scope_own_reaches_the_whole_side() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-zap")
    s.bench(0, "t-drummer")
    wall = s.active(1, WALL)
    attack(s)
    assert s.damage_on(wall) == 30


# --- mod_damage_taken ---------------------------------------------------------------------


@covers("mod_damage_taken")
def test_guard_charm_takes_20_off_attack_damage() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-zap")
    wall = s.active(1, WALL, tool=GUARD_CHARM)
    attack(s)
    assert s.damage_on(wall) == 0


@covers("mod_damage_taken")
def test_guard_charm_applies_after_weakness() -> None:
    s = Scenario(CLASSIC, pool=POOL)
    s.active(0, "m1-010", energy=["water"])  # Drizzlet: Splash 20
    cub = s.active(1, "m1-001", tool=GUARD_CHARM)  # Cindercub, weak to water (x2 in classic)
    attack(s)
    assert s.damage_on(cub) == 20 * 2 - 20


@covers("mod_damage_taken", "mod_damage_dealt")
def test_shellguard_resistance_and_hard_shell_after_power_band() -> None:
    # base 40 + Power Band 20 -> resistance -20 -> Hard Shell -20 = 20
    for tool, expected in ((None, 0), (POWER_BAND, 20)):
        s = Scenario(pool=POOL)
        s.active(0, "m1-002", energy=["fire", "fire"], tool=tool)  # Blazefang: Flame Rush 40
        shell = s.active(1, "m1-013")
        attack(s)
        assert s.damage_on(shell) == expected, tool


@covers("mod_damage_taken")
def test_stadium_types_filter_protects_only_matching_creatures() -> None:
    s = Scenario(pool=POOL)
    s.stadium(0, "t-flood-plain")
    s.active(0, "t-spray")
    water = s.active(1, "t-wall-water")
    benched_water, benched_plain = s.bench(1, "t-wall-water"), s.bench(1, WALL)
    attack(s)
    assert s.damage_on(water) == 20
    assert (s.damage_on(benched_water), s.damage_on(benched_plain)) == (0, 10)


@covers("mod_damage_taken")
def test_modifier_active_only_reaches_only_active_creatures() -> None:
    s = Scenario(pool=POOL)
    s.stadium(1, "t-arena")
    s.active(0, "t-spray")
    wall = s.active(1, WALL)
    benched = s.bench(1, WALL)
    attack(s)
    assert (s.damage_on(wall), s.damage_on(benched)) == (30 + 20, 10)


@covers("mod_damage_taken")
def test_stadium_scope_own_protects_only_its_owners_creatures() -> None:
    s = Scenario(pool=POOL)
    s.stadium(1, "t-bastion")
    s.active(0, "t-zap")
    wall = s.active(1, "t-zap")
    attack(s, 0)
    assert s.damage_on(wall) == 10
    mine = s.player(0).active
    assert mine is not None
    attack(s, 1)
    assert s.damage_on(mine.uid) == 20


@covers("mod_damage_taken")
def test_hard_shell_does_not_reduce_poison() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-030", energy=["grass"])  # Sproutle: Spore Puff 10 + poison
    shell = s.active(1, "m1-013")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.damage_from(t, shell) == 0
    assert s.damage_from(t, shell, "poison") == 10


# --- mod_retreat --------------------------------------------------------------------------


@covers("mod_retreat")
def test_misty_lagoon_lowers_every_retreat_cost_by_one_but_not_below_zero() -> None:
    s = Scenario(pool=POOL)
    s.stadium(1, MISTY_LAGOON)
    shell = s.active(0, "m1-013", energy=["water", "water"])  # Shellguard: retreat 2
    spare = s.bench(0, WALL)
    s.active(1, "m1-004")  # Sparkmoth: retreat 0
    assert retreat_cost(s, 0) == 1
    assert retreat_cost(s, 1) == 0
    retreats = [a for a in s.legal(0) if isinstance(a, RetreatAction)]
    assert retreats and all(len(a.discard_energy) == 1 for a in retreats)
    s.act(0, retreats[0])
    assert active_uid(s, 0) == spare
    assert len(s.creature(shell).energy) == 1


@covers("mod_retreat")
def test_a_heavy_tool_raises_the_retreat_cost_beyond_the_attached_energy() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "m1-001", energy=["fire", "fire"], tool="t-anchor")  # retreat 1 + 2
    s.bench(0, WALL)
    assert retreat_cost(s, 0) == 3
    assert "retreat" not in s.legal_types(0)


@covers("mod_retreat")
def test_retreat_stadium_with_scope_own_and_types() -> None:
    s = Scenario(pool=POOL)
    s.stadium(0, "t-tailwind-zone")  # Ana's water creatures retreat for 1 less
    s.active(0, "m1-010")  # Drizzlet: water, retreat 1
    s.active(1, "m1-010")
    assert (retreat_cost(s, 0), retreat_cost(s, 1)) == (0, 1)
    s2 = Scenario(pool=POOL)
    s2.stadium(0, "t-tailwind-zone")
    s2.active(0, "m1-001")  # Cindercub: fire
    assert retreat_cost(s2, 0) == 1


# --- mod_hp -------------------------------------------------------------------------------


@covers("mod_hp")
def test_vigor_sash_adds_30_hp() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-zap")  # 20 damage
    cub = s.active(1, "m1-001", damage=60, tool=VIGOR_SASH)  # Cindercub: 60 HP
    assert hp(s, 1, cub) == 90
    attack(s)
    assert s.in_play(cub) and s.damage_on(cub) == 80
    s2 = Scenario(pool=POOL)
    s2.active(0, "t-zap")
    cub2 = s2.active(1, "m1-001", damage=70, tool=VIGOR_SASH)
    s2.bench(1, WALL)
    attack(s2)
    assert not s2.in_play(cub2), "90 damage on 90 HP is a knockout"
    assert s2.player(0).points == 1


@covers("mod_hp")
def test_a_stadium_lowering_the_opponents_hp_knocks_out_at_once() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    own = s.bench(0, "m1-001", damage=50)  # Ana's own Cindercub is not reached
    s.active(1, WALL)
    doomed = s.bench(1, "m1-001", damage=50)  # 60 - 20 = 40 HP now
    thin_air = s.hand(0, "t-thin-air")[0]
    s.act(0, PlayTrainerAction(card_id=thin_air))
    assert not s.in_play(doomed)
    assert s.in_play(own) and hp(s, 0, own) == 60
    assert s.player(0).points == 1


@covers("mod_hp")
def test_modifier_active_only_raises_only_the_actives_hp() -> None:
    s = Scenario(pool=POOL)
    s.stadium(0, "t-banner")
    active = s.active(0, "m1-001")
    benched = s.bench(0, "m1-001")
    theirs = s.active(1, "m1-010")
    assert (hp(s, 0, active), hp(s, 0, benched), hp(s, 1, theirs)) == (90, 60, 90)


@covers("mod_hp")
def test_a_passive_ability_marked_active_only_works_only_while_its_host_is_active() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-totem")
    friend = s.bench(0, "m1-001")
    assert hp(s, 0, friend) == 110
    s2 = Scenario(pool=POOL)
    s2.active(0, WALL)
    s2.bench(0, "t-totem")
    friend2 = s2.bench(0, "m1-001")
    assert hp(s2, 0, friend2) == 60


@covers("mod_hp")
def test_hp_never_drops_below_10() -> None:
    s = Scenario(pool=POOL)
    s.stadium(0, "t-void")
    active = s.active(0, WALL)
    assert hp(s, 0, active) == 10


def test_a_card_with_passives_for_several_hooks_applies_each_to_its_own_value() -> None:
    """A tool giving +40 HP and +1 retreat: the HP (shown, and used for knockouts) and the
    retreat cost each fold only their own passive (they once folded both: 341 HP, 42)."""
    s = Scenario(pool=POOL)
    holder = s.active(0, WALL, tool="t-harness", damage=330)
    s.active(1, "t-fire-jab")
    s.bench(0, WALL)
    assert hp(s, 0, holder) == 340
    assert retreat_cost(s, 0) == 2
    s.state.current = 1
    attack(s, seat=1)  # 20 more: 350 >= 340, knocked out
    assert not s.in_play(holder)
