"""Using cards with effects: activated abilities and trainers.

Covers the per-turn limit and ``active_only`` of activated abilities, passive abilities not
being usable, items being unlimited, supporters once a turn, trainers that name a target
(only sensible targets are offered), tools (one per creature), and that a trainer or ability
is not playable when its effect could do nothing (``can_use``).
"""

from mantimon.engine import (
    Condition,
    PlayTrainerAction,
    UseAbilityAction,
)
from tests.scenario import (
    Scenario,
    ability_json,
    covers,
    creature_json,
    eff,
    pool_with,
)

WALL = "t-wall"
TONIC_BERRY, SWAP_WHISTLE, LURE_KEEPER = "m1-100", "m1-101", "m1-102"
CALMING_SALVE, QUILL, POWER_BAND, GUARD_CHARM = "m1-105", "m1-110", "m1-130", "m1-131"

POOL = pool_with(
    creature_json(WALL),
    creature_json(
        "t-twice",
        ability=ability_json("activated", eff("draw", count=1), per_turn=2, name="Double Dip"),
    ),
    creature_json(
        "t-captain",
        ability=ability_json("activated", eff("draw", count=1), active_only=True, name="Command"),
    ),
    creature_json(
        "t-medic",
        ability=ability_json(
            "activated", eff("heal", amount=10, subject="target"), target="own_damaged"
        ),
    ),
)


def board() -> Scenario:
    s = Scenario(pool=POOL)
    s.active(1, WALL)
    return s


def uses(s: Scenario, seat: int = 0) -> list[UseAbilityAction]:
    return [a for a in s.legal(seat) if isinstance(a, UseAbilityAction)]


def plays(s: Scenario, seat: int = 0) -> list[PlayTrainerAction]:
    return [a for a in s.legal(seat) if isinstance(a, PlayTrainerAction)]


# --- activated abilities ------------------------------------------------------------------


@covers("look_top")
def test_an_ability_is_usable_once_per_turn_per_creature() -> None:
    s = board()
    p1 = s.active(0, "m1-050")  # Puffpaw: Scout Ahead, once per turn
    p2 = s.bench(0, "m1-050")
    s.deck(0, *["m1-001"] * 8)
    assert {a.creature_id for a in uses(s)} == {p1, p2}
    s.act(0, UseAbilityAction(creature_id=p1))
    s.choose(0)
    assert {a.creature_id for a in uses(s)} == {p2}
    s.refuse(0, UseAbilityAction(creature_id=p1), "action_not_allowed")
    s.act(0, UseAbilityAction(creature_id=p2))
    s.choose(0)
    assert uses(s) == []


@covers("look_top")
def test_ability_uses_come_back_on_the_players_next_turn() -> None:
    s = board()
    puff = s.active(0, "m1-050")
    s.deck(0, *["m1-001"] * 8)
    s.act(0, UseAbilityAction(creature_id=puff))
    s.choose(0)
    s.end_turn(0)
    s.end_turn(1)
    assert s.state.current == 0 and s.state.turn == 5
    assert uses(s) == [UseAbilityAction(creature_id=puff)]


@covers("draw")
def test_per_turn_two_allows_exactly_two_uses() -> None:
    s = board()
    host = s.active(0, "t-twice")
    s.deck(0, *["m1-001"] * 5)
    s.act(0, UseAbilityAction(creature_id=host))
    s.act(0, UseAbilityAction(creature_id=host))
    assert len(s.player(0).hand) == 2
    assert uses(s) == []
    s.refuse(0, UseAbilityAction(creature_id=host), "action_not_allowed")


@covers("draw")
def test_an_active_only_ability_is_not_usable_from_the_bench() -> None:
    s = board()
    s.active(0, WALL)
    benched = s.bench(0, "t-captain")
    assert uses(s) == []
    s.refuse(0, UseAbilityAction(creature_id=benched))
    s2 = board()
    active = s2.active(0, "t-captain")
    assert uses(s2) == [UseAbilityAction(creature_id=active)]
    s2.act(0, UseAbilityAction(creature_id=active))
    assert len(s2.player(0).hand) == 1


def test_a_passive_ability_cannot_be_used() -> None:
    s = board()
    shell = s.active(0, "m1-013")  # Shellguard: Hard Shell (passive)
    s.bench(0, "m1-003")  # Pyrolisk: Heat Aura (passive)
    assert uses(s) == []
    s.refuse(0, UseAbilityAction(creature_id=shell))


def test_the_opponents_ability_is_not_offered() -> None:
    s = board()
    s.active(0, WALL)
    theirs = s.bench(1, "m1-050")
    assert uses(s) == []
    s.refuse(0, UseAbilityAction(creature_id=theirs))


@covers("heal")
def test_a_targeted_ability_offers_only_valid_targets_and_none_when_there_are_none() -> None:
    s = board()
    medic = s.active(0, "t-medic")
    hurt = s.bench(0, WALL, damage=20)
    s.bench(0, WALL)
    assert uses(s) == [UseAbilityAction(creature_id=medic, target_id=hurt)]
    s.refuse(0, UseAbilityAction(creature_id=medic))
    s2 = board()
    s2.active(0, "t-medic")
    assert uses(s2) == []


# --- trainers -----------------------------------------------------------------------------


@covers("heal")
def test_items_are_unlimited_within_a_turn() -> None:
    s = board()
    active = s.active(0, WALL, damage=90)
    b1, b2, b3 = s.hand(0, TONIC_BERRY, TONIC_BERRY, TONIC_BERRY)
    for berry in (b1, b2, b3):
        s.act(0, PlayTrainerAction(card_id=berry, target_id=active))
    assert s.damage_on(active) == 0
    assert s.player(0).discard == [b1, b2, b3]


@covers("draw")
def test_a_supporter_is_playable_once_per_turn() -> None:
    s = board()
    s.active(0, WALL)
    q1, q2 = s.hand(0, QUILL, QUILL)
    s.act(0, PlayTrainerAction(card_id=q1))
    assert PlayTrainerAction(card_id=q2) not in s.legal(0)
    error = s.refuse(0, PlayTrainerAction(card_id=q2), "action_not_allowed")
    assert "supporter" in error.message


@covers("heal")
def test_tonic_berry_is_offered_for_damaged_creatures_only() -> None:
    s = board()
    healthy = s.active(0, WALL)
    hurt = s.bench(0, WALL, damage=10)
    berry = s.hand(0, TONIC_BERRY)[0]
    s.active(1, WALL, damage=50)
    assert plays(s) == [PlayTrainerAction(card_id=berry, target_id=hurt)]
    s.refuse(0, PlayTrainerAction(card_id=berry, target_id=healthy))
    s.refuse(0, PlayTrainerAction(card_id=berry), "invalid_action")


@covers("heal")
def test_tonic_berry_is_not_playable_without_a_damaged_creature() -> None:
    s = board()
    s.active(0, WALL)
    s.bench(0, WALL)
    s.active(1, WALL, damage=50)  # the opponent's damage does not count
    berry = s.hand(0, TONIC_BERRY)[0]
    assert plays(s) == []
    error = s.refuse(0, PlayTrainerAction(card_id=berry))
    assert "Tonic Berry" in error.message


@covers("cure")
def test_calming_salve_is_not_playable_without_a_condition_on_the_active() -> None:
    s = board()
    s.active(0, WALL)
    s.hand(0, CALMING_SALVE)
    assert plays(s) == []
    s2 = board()
    s2.active(0, WALL, conditions=[Condition.CONFUSED])
    salve = s2.hand(0, CALMING_SALVE)[0]
    assert plays(s2) == [PlayTrainerAction(card_id=salve)]


@covers("switch")
def test_switch_cards_are_not_playable_without_a_bench_on_their_side() -> None:
    s = board()
    s.active(0, WALL)
    s.bench(1, WALL)
    s.hand(0, SWAP_WHISTLE)
    assert plays(s) == []
    s2 = board()
    s2.active(0, WALL)
    s2.bench(0, WALL)
    s2.hand(0, LURE_KEEPER)
    assert plays(s2) == []


def test_a_tool_goes_on_a_creature_without_one() -> None:
    s = board()
    bare = s.active(0, WALL)
    s.bench(0, WALL, tool=GUARD_CHARM)
    band = s.hand(0, POWER_BAND)[0]
    assert plays(s) == [PlayTrainerAction(card_id=band, target_id=bare)]
    s.act(0, PlayTrainerAction(card_id=band, target_id=bare))
    assert s.creature(bare).tool == band
    assert band not in s.player(0).hand and band not in s.player(0).discard


def test_a_tool_is_not_playable_when_every_creature_has_one() -> None:
    s = board()
    full = s.active(0, WALL, tool=GUARD_CHARM)
    band = s.hand(0, POWER_BAND)[0]
    assert plays(s) == []
    s.refuse(0, PlayTrainerAction(card_id=band, target_id=full), "invalid_action")
