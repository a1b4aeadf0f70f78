"""Turn structure (RULES.md "A turn"): the draw and deck-out, the mantimon energy flip (with
the energy discard reshuffled when the energy deck is empty), the first player's first-turn
restrictions in each preset, and the per-turn limits of the main phase: benching basics,
evolution (not on turns 1-2, not on a creature that came into play or evolved this turn),
one energy attachment, any number of items, one supporter, one stadium (never the same name
as the one in play), one tool per creature.
"""

from __future__ import annotations

import pytest

from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    AttachEnergyAction,
    AttackAction,
    EndTurnAction,
    EvolveAction,
    GameEndReason,
    Phase,
    PlayCreatureAction,
    PlayTrainerAction,
    RulesConfig,
    UseAbilityAction,
    outcome,
    view_for,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
BOTH = pytest.mark.parametrize("preset", ["mantimon", "classic"])


def energy_source(s: Scenario, seat: int, energy_type: str) -> str:
    """Put one energy where ``seat`` may attach it from: the zone (mantimon) or hand."""
    if s.state.rules.energy_in_deck:
        return s.hand(seat, f"energy-{energy_type}")[0]
    return s.energy_zone(seat, energy_type)[0]


# --- draw and deck out ------------------------------------------------------------------------


@BOTH
def test_a_turn_begins_by_drawing_the_top_card(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    top, second = s.deck(1, "m1-010", "m1-013", "m1-014")[:2]
    s.act(0, EndTurnAction())
    bo = s.player(1)
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)
    assert bo.hand == [top]
    assert len(bo.deck) == 2
    assert bo.deck[-1] == second


def test_the_drawn_card_is_hidden_from_the_opponent() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    top = s.deck(1, "m1-013")[0]
    s.act(0, EndTurnAction())
    bo_draw = [e for e in view_for(s.state, "bo").events if e.kind == "draw"][-1]
    ana_draw = [e for e in view_for(s.state, "ana").events if e.kind == "draw"][-1]
    assert [c.uid for c in bo_draw.cards if c] == [top]
    assert ana_draw.cards == [] and ana_draw.data == {"count": 1}


@BOTH
def test_drawing_from_an_empty_deck_loses(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    s.deck(1)
    if preset == "mantimon":
        s.energy_deck(1, "water")
    s.act(0, EndTurnAction())
    assert outcome(s.state) == ("ana", GameEndReason.DECK_OUT)
    assert s.state.phase is Phase.GAME_OVER
    assert s.player(1).energy_zone == [], "deck out is checked before the energy flip"
    assert s.legal(0) == [] and s.legal(1) == []


def test_an_empty_deck_only_loses_when_a_draw_is_due() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    s.deck(0)
    assert "end_turn" in s.legal_types(0), "ana plays her turn with an empty deck"
    s.act(0, EndTurnAction())
    assert outcome(s.state) is None
    assert s.state.current == 1
    s.act(1, EndTurnAction())
    assert outcome(s.state) == ("bo", GameEndReason.DECK_OUT)


# --- energy flip (mantimon) -------------------------------------------------------------------


def test_turn_start_flips_the_top_energy_into_the_zone() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    water, psychic = s.energy_deck(1, "water", "psychic")
    s.act(0, EndTurnAction())
    assert s.player(1).energy_zone == [water]
    assert s.player(1).energy_deck == [psychic]
    assert s.player(0).energy_zone == [], "only the player whose turn starts flips"


def test_unattached_energy_stays_in_the_zone() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    old = s.energy_zone(1, "fire")
    new = s.energy_deck(1, "water", "psychic")
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, EndTurnAction())
    assert s.player(1).energy_zone == [*old, *new]
    assert s.player(1).energy_deck == []


def test_empty_energy_deck_reshuffles_the_energy_discard() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    s.energy_deck(1)
    spent = s.energy_discard(1, "water", "water", "psychic")
    s.act(0, EndTurnAction())
    bo = s.player(1)
    assert bo.energy_discard == []
    assert len(bo.energy_zone) == 1
    assert sorted(bo.energy_zone + bo.energy_deck) == sorted(spent)


def test_nothing_is_flipped_when_energy_deck_and_discard_are_empty() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    s.act(0, EndTurnAction())
    assert s.state.phase is Phase.MAIN and s.state.current == 1
    assert s.player(1).energy_zone == []


def test_classic_has_no_energy_flip() -> None:
    s = Scenario(CLASSIC)
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    s.act(0, EndTurnAction())
    assert s.player(1).energy_zone == [] and s.player(1).energy_deck == []
    assert not [e for e in s.state.log if e.kind == "energy_flip"]


# --- the first player's first turn ------------------------------------------------------------


def first_turn(preset: str) -> tuple[Scenario, str, str]:
    """Turn 1, ana (the first player) to play: an Active with one Fire energy attached."""
    s = Scenario(PRESET[preset], turn=1)
    attacker = s.active(0, "m1-001", energy=["fire"])  # Cindercub: Ember Nip [F] 20
    target = s.active(1, "m1-050")
    return s, attacker, target


def test_mantimon_first_player_may_attack_on_the_first_turn() -> None:
    s, _, target = first_turn("mantimon")
    assert AttackAction(attack_index=0) in s.legal(0)
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 20
    assert s.state.turn == 2 and s.state.current == 1


def test_mantimon_first_turn_rules_follow_the_first_player() -> None:
    s = Scenario(turn=1, current=1, first=1)
    mine = s.active(1, "m1-050")
    s.active(0, "m1-050")
    zone = s.energy_zone(1, "fire")[0]
    s.refuse(1, AttachEnergyAction(card_id=zone, target_id=mine), "action_not_allowed")
    s.act(1, EndTurnAction())
    assert (s.state.turn, s.state.current) == (2, 0)
    theirs = s.active_uid(0)
    assert theirs is not None
    ana_zone = s.energy_zone(0, "water")[0]
    s.act(0, AttachEnergyAction(card_id=ana_zone, target_id=theirs))


def test_mantimon_first_player_may_not_attach_on_the_first_turn() -> None:
    s, attacker, _ = first_turn("mantimon")
    zone = s.energy_zone(0, "fire")[0]
    assert "attach_energy" not in s.legal_types(0)
    err = s.refuse(0, AttachEnergyAction(card_id=zone, target_id=attacker), "action_not_allowed")
    assert "first" in err.message


# Each card that attaches energy other than by the attach action: an ability that looks at
# the energy deck (host, where it sits, its target) and a supporter that takes from the
# discard. Kilnback's Stoke the Kiln did it on turn 1 of ``mantimon demo --seed 7``.
KILNBACK, ABYSSALON, QUARTERMASTER = "m1-009", "m1-012", "m1-124"


def _attachers(s: Scenario) -> set[str]:
    """ana gets every way to attach energy without the attach action, with a Fire energy
    on top of the energy deck and in the energy discard; the cards of those offered."""
    kiln = s.bench(0, KILNBACK)
    tide = s.bench(0, ABYSSALON)
    s.energy_deck(0, "fire", "water")
    s.energy_discard(0, "fire", "water")
    (lio,) = s.hand(0, QUARTERMASTER)
    offered = set()
    for a in s.legal(0):
        if isinstance(a, UseAbilityAction) and a.creature_id in (kiln, tide):
            offered.add(a.creature_id)
        if isinstance(a, PlayTrainerAction) and a.card_id == lio:
            offered.add(lio)
    return offered


def test_mantimon_first_player_attaches_no_energy_from_any_source_on_the_first_turn() -> None:
    """RULES.md: on the first player's first turn no energy is attached from any source,
    abilities and trainers included; the turn number is public, so they are not offered."""
    s, _, _ = first_turn("mantimon")
    assert _attachers(s) == set()
    kiln = s.player(0).bench[0].uid
    err = s.refuse(0, UseAbilityAction(creature_id=kiln), "action_not_allowed")
    assert err.message == "the first player may not attach energy on the first turn"


def test_games_dealt_before_that_ruling_keep_energy_from_effects_on_the_first_turn() -> None:
    """A game stored before the "no energy from any source" ruling carries
    ``first_turn_effect_energy`` (storage migration 0003) and goes on as it was dealt, so
    its log, which may hold a turn-1 Stoke the Kiln, still replays."""
    s = Scenario(RulesConfig(first_turn_effect_energy=True), turn=1)
    s.active(0, "m1-001")
    s.active(1, "m1-050")
    assert len(_attachers(s)) == 3
    kiln = s.player(0).bench[0].uid
    s.act(0, UseAbilityAction(creature_id=kiln))
    assert s.player(0).active is not None
    assert len(s.player(0).active.energy) == 1


@pytest.mark.parametrize("turn", [2, 3])
def test_energy_from_abilities_and_trainers_is_allowed_after_the_first_turn(turn: int) -> None:
    s = Scenario(turn=turn, current=0, first=0 if turn % 2 else 1)  # ana plays turn 2 or 3
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    assert len(_attachers(s)) == 3


def test_mantimon_first_player_may_play_a_supporter_on_the_first_turn() -> None:
    s, _, _ = first_turn("mantimon")
    quill = s.hand(0, "m1-110")[0]  # Professor Quill: draw 3
    s.act(0, PlayTrainerAction(card_id=quill))
    assert len(s.player(0).hand) == 3
    assert quill in s.player(0).discard


def test_classic_first_player_may_not_attack_on_the_first_turn() -> None:
    s, _, _ = first_turn("classic")
    assert "attack" not in s.legal_types(0)
    err = s.refuse(0, AttackAction(attack_index=0), "action_not_allowed")
    assert "first" in err.message


def test_classic_first_player_may_not_play_a_supporter_on_the_first_turn() -> None:
    s, _, _ = first_turn("classic")
    quill = s.hand(0, "m1-110")[0]
    assert "play_trainer" not in s.legal_types(0)
    err = s.refuse(0, PlayTrainerAction(card_id=quill), "action_not_allowed")
    assert "supporter" in err.message


def test_classic_first_player_may_attach_and_play_items_on_the_first_turn() -> None:
    s, attacker, _ = first_turn("classic")
    energy = s.hand(0, "energy-fire")[0]
    s.act(0, AttachEnergyAction(card_id=energy, target_id=attacker))
    assert len(s.creature(attacker).energy) == 2
    s.creature(attacker).damage = 30
    berry = s.hand(0, "m1-100")[0]  # Tonic Berry: heal 30 (an item)
    s.act(0, PlayTrainerAction(card_id=berry, target_id=attacker))
    assert s.damage_on(attacker) == 0


@BOTH
def test_the_second_player_has_no_first_turn_restrictions(preset: str) -> None:
    s = Scenario(PRESET[preset], turn=2, current=1)
    attacker = s.active(1, "m1-001", energy=["fire"])
    s.active(0, "m1-050")
    source = energy_source(s, 1, "fire")
    quill = s.hand(1, "m1-110")[0]
    s.act(1, AttachEnergyAction(card_id=source, target_id=attacker))
    s.act(1, PlayTrainerAction(card_id=quill))
    assert AttackAction(attack_index=0) in s.legal(1)


# --- benching basics --------------------------------------------------------------------------


@BOTH
def test_basics_go_to_the_bench_while_there_is_room(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    for _ in range(4):
        s.bench(0, "m1-050")
    first, second = s.hand(0, "m1-001", "m1-010")
    s.act(0, PlayCreatureAction(card_id=first))
    assert [c.uid for c in s.player(0).bench][-1] == first
    assert first not in s.player(0).hand
    assert "play_creature" not in s.legal_types(0)
    err = s.refuse(0, PlayCreatureAction(card_id=second), "action_not_allowed")
    assert "full" in err.message


def test_an_evolution_card_cannot_be_benched() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    blazefang = s.hand(0, "m1-002")[0]
    s.refuse(0, PlayCreatureAction(card_id=blazefang), "invalid_action")


# --- evolution --------------------------------------------------------------------------------


@BOTH
def test_evolving_keeps_damage_energy_and_tool_and_clears_conditions(preset: str) -> None:
    s = Scenario(PRESET[preset])
    cub = s.active(
        0,
        "m1-001",
        damage=30,
        energy=["fire", "water"],
        tool="m1-131",
        conditions=[Condition.CONFUSED, Condition.POISONED, Condition.BURNED],
    )
    s.active(1, "m1-050")
    before = s.creature(cub)
    energy, tool = list(before.energy), before.tool
    blazefang = s.hand(0, "m1-002")[0]
    s.act(0, EvolveAction(card_id=blazefang, target_id=cub))
    evolved = s.player(0).active
    assert evolved is not None
    assert evolved.uid == blazefang and evolved.card == "m1-002"
    assert evolved.below == [cub]
    assert evolved.damage == 30
    assert evolved.energy == energy
    assert evolved.tool == tool
    assert evolved.conditions() == []
    assert blazefang not in s.player(0).hand


def test_a_benched_creature_may_evolve() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    drizzlet = s.bench(0, "m1-010", damage=10)
    torrentail = s.hand(0, "m1-011")[0]
    s.act(0, EvolveAction(card_id=torrentail, target_id=drizzlet))
    assert s.player(0).bench[0].card == "m1-011"
    assert s.damage_on(torrentail) == 10


@pytest.mark.parametrize(("preset", "turn"), [(p, t) for p in PRESET for t in (1, 2)])
def test_no_evolution_on_either_players_first_turn(preset: str, turn: int) -> None:
    seat = (turn - 1) % 2
    s = Scenario(PRESET[preset], turn=turn, current=seat)
    cub = s.active(seat, "m1-001", played_turn=0)
    s.active(1 - seat, "m1-050", played_turn=0)
    blazefang = s.hand(seat, "m1-002")[0]
    assert "evolve" not in s.legal_types(seat)
    err = s.refuse(seat, EvolveAction(card_id=blazefang, target_id=cub), "action_not_allowed")
    assert "first turn" in err.message


@BOTH
def test_evolution_is_allowed_from_turn_three(preset: str) -> None:
    s = Scenario(PRESET[preset], turn=3)
    cub = s.active(0, "m1-001", played_turn=0)
    s.active(1, "m1-050")
    blazefang = s.hand(0, "m1-002")[0]
    assert EvolveAction(card_id=blazefang, target_id=cub) in s.legal(0)


def test_a_creature_played_this_turn_cannot_evolve() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    cub, blazefang = s.hand(0, "m1-001", "m1-002")
    s.act(0, PlayCreatureAction(card_id=cub))
    assert "evolve" not in s.legal_types(0)
    err = s.refuse(0, EvolveAction(card_id=blazefang, target_id=cub), "action_not_allowed")
    assert "this turn" in err.message
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, EvolveAction(card_id=blazefang, target_id=cub))
    assert s.player(0).bench[0].card == "m1-002"


def test_a_creature_evolved_this_turn_cannot_evolve_again() -> None:
    s = Scenario()
    cub = s.active(0, "m1-001")
    s.active(1, "m1-050")
    blazefang, pyrolisk = s.hand(0, "m1-002", "m1-003")
    s.act(0, EvolveAction(card_id=blazefang, target_id=cub))
    err = s.refuse(0, EvolveAction(card_id=pyrolisk, target_id=blazefang), "action_not_allowed")
    assert "this turn" in err.message
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, EvolveAction(card_id=pyrolisk, target_id=blazefang))
    active = s.player(0).active
    assert active is not None and active.card == "m1-003"
    assert active.below == [cub, blazefang]


def test_evolution_must_match_the_stage_below() -> None:
    s = Scenario()
    cub = s.active(0, "m1-001")
    theirs = s.active(1, "m1-001")
    pyrolisk, blazefang = s.hand(0, "m1-003", "m1-002")
    err = s.refuse(0, EvolveAction(card_id=pyrolisk, target_id=cub), "invalid_action")
    assert "Blazefang" in err.message
    s.refuse(0, EvolveAction(card_id=blazefang, target_id=theirs), "invalid_action")


# --- attaching energy -------------------------------------------------------------------------


@BOTH
def test_one_energy_attachment_per_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    active = s.active(0, "m1-050")
    benched = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    first = energy_source(s, 0, "fire")
    second = energy_source(s, 0, "water")
    s.act(0, AttachEnergyAction(card_id=first, target_id=benched))
    assert s.creature(benched).energy == [first]
    assert "attach_energy" not in s.legal_types(0)
    err = s.refuse(0, AttachEnergyAction(card_id=second, target_id=active), "action_not_allowed")
    assert "already" in err.message
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, AttachEnergyAction(card_id=second, target_id=active))
    assert s.creature(active).energy == [second]


def test_energy_per_turn_comes_from_the_rules() -> None:
    s = Scenario(RulesConfig(energy_per_turn=2))
    active = s.active(0, "m1-050")
    s.active(1, "m1-050")
    a, b, c = s.energy_zone(0, "fire", "fire", "fire")
    s.act(0, AttachEnergyAction(card_id=a, target_id=active))
    s.act(0, AttachEnergyAction(card_id=b, target_id=active))
    s.refuse(0, AttachEnergyAction(card_id=c, target_id=active), "action_not_allowed")


def test_mantimon_attaches_from_the_energy_zone() -> None:
    s = Scenario()
    active = s.active(0, "m1-050")
    s.active(1, "m1-050")
    zone = s.energy_zone(0, "fire", "water")
    s.act(0, AttachEnergyAction(card_id=zone[1], target_id=active))
    assert s.player(0).energy_zone == [zone[0]]
    assert s.creature(active).energy == [zone[1]]


def test_classic_attaches_from_hand_only() -> None:
    s = Scenario(CLASSIC)
    active = s.active(0, "m1-050")
    s.active(1, "m1-050")
    in_zone = s.energy_zone(0, "fire")[0]
    in_hand = s.hand(0, "energy-water")[0]
    s.refuse(0, AttachEnergyAction(card_id=in_zone, target_id=active), "invalid_action")
    s.act(0, AttachEnergyAction(card_id=in_hand, target_id=active))
    assert s.player(0).hand == []
    assert s.creature(active).energy == [in_hand]


@BOTH
def test_energy_goes_on_ones_own_creatures_only(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-050")
    source = energy_source(s, 0, "fire")
    err = s.refuse(0, AttachEnergyAction(card_id=source, target_id=theirs), "invalid_action")
    assert theirs in err.message


# --- trainers ---------------------------------------------------------------------------------


@BOTH
def test_items_may_be_played_any_number_of_times(preset: str) -> None:
    s = Scenario(PRESET[preset])
    hurt = s.active(0, "m1-050", damage=40)
    s.active(1, "m1-050")
    berries = s.hand(0, "m1-100", "m1-100")
    s.act(0, PlayTrainerAction(card_id=berries[0], target_id=hurt))
    s.act(0, PlayTrainerAction(card_id=berries[1], target_id=hurt))
    assert s.damage_on(hurt) == 0
    assert s.player(0).discard == berries


@BOTH
def test_one_supporter_per_turn(preset: str) -> None:
    s = Scenario(PRESET[preset], deck_size=20)
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    first, second = s.hand(0, "m1-110", "m1-110")
    s.act(0, PlayTrainerAction(card_id=first))
    assert len(s.player(0).hand) == 1 + 3
    assert second in s.player(0).hand
    assert PlayTrainerAction(card_id=second) not in s.legal(0)
    err = s.refuse(0, PlayTrainerAction(card_id=second), "action_not_allowed")
    assert "supporter" in err.message
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, PlayTrainerAction(card_id=second))
    assert second in s.player(0).discard


@BOTH
def test_a_stadium_replaces_the_old_one_which_goes_to_its_owner(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    old = s.stadium(1, "m1-120")  # bo's Ember Crater
    lagoon = s.hand(0, "m1-121")[0]  # Misty Lagoon
    s.act(0, PlayTrainerAction(card_id=lagoon))
    assert (s.state.stadium, s.state.stadium_owner) == (lagoon, 0)
    assert old in s.player(1).discard
    assert old not in s.player(0).discard
    assert lagoon not in s.player(0).hand


@BOTH
def test_a_stadium_with_the_name_in_play_cannot_be_played(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    s.stadium(1, "m1-120")
    crater = s.hand(0, "m1-120")[0]
    assert "play_trainer" not in s.legal_types(0)
    err = s.refuse(0, PlayTrainerAction(card_id=crater), "action_not_allowed")
    assert "Ember Crater" in err.message


@BOTH
def test_one_stadium_per_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    crater, lagoon = s.hand(0, "m1-120", "m1-121")
    s.act(0, PlayTrainerAction(card_id=crater))
    err = s.refuse(0, PlayTrainerAction(card_id=lagoon), "action_not_allowed")
    assert "stadium" in err.message
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    s.act(0, PlayTrainerAction(card_id=lagoon))
    assert s.state.stadium == lagoon
    assert crater in s.player(0).discard


@BOTH
def test_one_tool_per_creature(preset: str) -> None:
    s = Scenario(PRESET[preset])
    active = s.active(0, "m1-050")
    benched = s.bench(0, "m1-050")
    theirs = s.active(1, "m1-050")
    band, charm, sash = s.hand(0, "m1-130", "m1-131", "m1-132")
    s.act(0, PlayTrainerAction(card_id=band, target_id=active))
    assert s.creature(active).tool == band
    assert PlayTrainerAction(card_id=charm, target_id=active) not in s.legal(0)
    err = s.refuse(0, PlayTrainerAction(card_id=charm, target_id=active), "invalid_action")
    assert "tool" in err.message
    s.refuse(0, PlayTrainerAction(card_id=charm, target_id=theirs), "invalid_action")
    s.act(0, PlayTrainerAction(card_id=charm, target_id=benched))
    assert s.creature(benched).tool == charm
    s.refuse(0, PlayTrainerAction(card_id=sash, target_id=benched), "invalid_action")


# --- abilities ------------------------------------------------------------------------------


def test_an_activated_ability_is_used_once_per_turn_per_creature() -> None:
    s = Scenario(deck_size=12)
    scout = s.active(0, "m1-050")  # Puffpaw: Scout Ahead, once per turn
    other = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    s.act(0, UseAbilityAction(creature_id=scout))
    # The look at the top cards is a pending choice only ana may answer.
    assert s.legal_types(0) == {"choose", "resign"}
    err = s.refuse(0, EndTurnAction(), "action_not_allowed")
    assert "choice" in err.message
    s.refuse(1, EndTurnAction(), "not_your_turn")
    s.act(0, s.legal(0)[0])
    assert UseAbilityAction(creature_id=scout) not in s.legal(0)
    err = s.refuse(0, UseAbilityAction(creature_id=scout), "action_not_allowed")
    assert "already used" in err.message
    assert UseAbilityAction(creature_id=other) in s.legal(0), "the limit is per creature"
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    assert UseAbilityAction(creature_id=scout) in s.legal(0), "the limit resets each turn"
