"""The checkup between turns (RULES.md "A turn" step 5, "Special conditions"): after every turn,
for both Actives, poison (10), burn (20, then a flip: heads heals it), sleep (a flip: heads
wakes), paralysis removed at the checkup right after its owner's turn (so it costs exactly
one turn); then knockouts, scoring, forced promotions (the player whose turn just ended
first) and the winner check, all before the next turn starts.
"""

from __future__ import annotations

import pytest

from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    AttackAction,
    EndTurnAction,
    GameEndReason,
    Phase,
    PromoteAction,
    RetreatAction,
    outcome,
    waiting_for,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
BOTH = pytest.mark.parametrize("preset", ["mantimon", "classic"])


def flips_of(s: Scenario, reason: str) -> list[str]:
    return [
        e.data["result"] for e in s.state.log if e.kind == "flip" and e.data["reason"] == reason
    ]


# --- poison and burn --------------------------------------------------------------------------


@BOTH
def test_poison_does_ten_after_every_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    mine = s.active(0, "m1-013", conditions=[Condition.POISONED])  # 80 HP
    theirs = s.active(1, "m1-013", conditions=[Condition.POISONED])
    s.act(0, EndTurnAction())
    assert (s.damage_on(mine), s.damage_on(theirs)) == (10, 10)
    s.act(1, EndTurnAction())
    assert (s.damage_on(mine), s.damage_on(theirs)) == (20, 20)
    assert s.conditions(mine) == {Condition.POISONED}, "poison stays until cured"


def test_poison_damage_comes_from_the_rules() -> None:
    from mantimon.engine import RulesConfig

    s = Scenario(RulesConfig(poison_damage=30))
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-013", conditions=[Condition.POISONED])
    s.act(0, EndTurnAction())
    assert s.damage_on(theirs) == 30


@BOTH
def test_burn_does_twenty_then_heads_heals_it(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-013", conditions=[Condition.BURNED])
    s.flips("heads")
    s.act(0, EndTurnAction())
    assert s.damage_on(theirs) == 20
    assert s.conditions(theirs) == set()
    assert flips_of(s, "burn") == ["heads"]


@BOTH
def test_burn_does_twenty_and_tails_keeps_it(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-013", conditions=[Condition.BURNED])
    s.flips("tails", "tails")
    s.act(0, EndTurnAction())
    assert s.damage_on(theirs) == 20
    assert s.conditions(theirs) == {Condition.BURNED}
    s.act(1, EndTurnAction())
    assert s.damage_on(theirs) == 40
    assert flips_of(s, "burn") == ["tails", "tails"]


def test_poison_and_burn_stack() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-013", conditions=[Condition.POISONED, Condition.BURNED])
    s.flips("tails")
    s.act(0, EndTurnAction())
    assert s.damage_on(theirs) == 30
    assert s.conditions(theirs) == {Condition.POISONED, Condition.BURNED}


# --- sleep ------------------------------------------------------------------------------------


@BOTH
def test_sleep_tails_keeps_it_asleep_and_it_cannot_attack(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    sleeper = s.active(1, "m1-001", energy=["fire"], conditions=[Condition.ASLEEP])
    s.flips("tails")
    s.act(0, EndTurnAction())
    assert s.conditions(sleeper) == {Condition.ASLEEP}
    assert flips_of(s, "sleep") == ["tails"]
    assert "attack" not in s.legal_types(1)
    err = s.refuse(1, AttackAction(attack_index=0), "action_not_allowed")
    assert "asleep" in err.message


@BOTH
def test_sleep_heads_wakes_it_up(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    sleeper = s.active(1, "m1-001", energy=["fire"], conditions=[Condition.ASLEEP])
    s.flips("heads")
    s.act(0, EndTurnAction())
    assert s.conditions(sleeper) == set()
    assert AttackAction(attack_index=0) in s.legal(1)


def test_sleep_is_checked_after_the_sleepers_own_turn_too() -> None:
    s = Scenario()
    sleeper = s.active(0, "m1-001", energy=["fire"], conditions=[Condition.ASLEEP])
    s.active(1, "m1-050")
    s.flips("heads")
    s.act(0, EndTurnAction())
    assert s.conditions(sleeper) == set()
    assert flips_of(s, "sleep") == ["heads"]


def test_one_active_burned_and_asleep_flips_burn_then_sleep() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-013", conditions=[Condition.BURNED, Condition.ASLEEP])
    s.flips("tails", "heads")
    s.act(0, EndTurnAction())
    assert s.damage_on(theirs) == 20
    assert s.conditions(theirs) == {Condition.BURNED}
    assert flips_of(s, "burn") == ["tails"]
    assert flips_of(s, "sleep") == ["heads"]


def test_sleep_is_flipped_in_the_checkup_right_after_it_was_inflicted() -> None:
    s = Scenario()
    s.active(0, "m1-020", energy=["psychic"])  # Murmuro: Lull puts the defender to sleep
    theirs = s.active(1, "m1-001", energy=["fire"])
    s.flips("heads")
    s.act(0, AttackAction(attack_index=0))
    assert flips_of(s, "sleep") == ["heads"]
    assert s.conditions(theirs) == set()
    assert AttackAction(attack_index=0) in s.legal(1)


# --- which conditions stack -------------------------------------------------------------------


def test_asleep_confused_and_paralyzed_replace_each_other() -> None:
    s = Scenario()
    s.active(0, "m1-020", energy=["psychic"])  # Murmuro: Lull -> asleep
    theirs = s.active(1, "m1-013", conditions=[Condition.CONFUSED, Condition.POISONED])
    s.flips("tails")  # stays asleep in the checkup
    s.act(0, AttackAction(attack_index=0))
    assert s.conditions(theirs) == {Condition.ASLEEP, Condition.POISONED}
    assert s.damage_on(theirs) == 10


def test_poison_and_burn_stack_with_the_others() -> None:
    s = Scenario()
    s.active(0, "m1-004", energy=["fire", "fire"])  # Sparkmoth: Flutter Burn -> burned
    theirs = s.active(1, "m1-013", conditions=[Condition.ASLEEP, Condition.POISONED])
    s.flips("tails", "tails")  # burn stays, sleep stays
    s.act(0, AttackAction(attack_index=1))
    assert s.conditions(theirs) == {Condition.ASLEEP, Condition.POISONED, Condition.BURNED}


# --- paralysis --------------------------------------------------------------------------------


@BOTH
def test_paralysis_costs_its_owner_exactly_one_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-014", energy=["water", "water"])  # Frostkit: Freeze Breath, heads paralyzes
    victim = s.active(1, "m1-001", energy=["fire", "fire"])  # Cindercub, 60 HP
    s.bench(1, "m1-050")
    s.flips("heads")
    s.act(0, AttackAction(attack_index=0))
    # bo's turn 4: still paralyzed after the checkup that followed ana's turn.
    assert (s.state.turn, s.state.current) == (4, 1)
    assert s.conditions(victim) == {Condition.PARALYZED}
    assert "attack" not in s.legal_types(1) and "retreat" not in s.legal_types(1)
    err = s.refuse(1, AttackAction(attack_index=0), "action_not_allowed")
    assert "paralyzed" in err.message
    bench = s.player(1).bench[0].uid
    energy = s.creature(victim).energy[0]
    s.refuse(1, RetreatAction(new_active_id=bench, discard_energy=(energy,)), "action_not_allowed")
    s.act(1, EndTurnAction())
    # The checkup right after bo's turn removes it.
    assert s.conditions(victim) == set()
    s.act(0, EndTurnAction())
    assert s.state.turn == 6
    assert AttackAction(attack_index=0) in s.legal(1)


def test_paralysis_on_the_current_player_ends_after_this_turn() -> None:
    s = Scenario()
    mine = s.active(0, "m1-001", energy=["fire"], conditions=[Condition.PARALYZED])
    s.active(1, "m1-050")
    assert "attack" not in s.legal_types(0)
    s.act(0, EndTurnAction())
    assert s.conditions(mine) == set()
    s.act(1, EndTurnAction())
    assert AttackAction(attack_index=0) in s.legal(0)


def test_paralysis_does_not_wear_off_during_the_opponents_checkup() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    theirs = s.active(1, "m1-050", conditions=[Condition.PARALYZED])
    s.creature(theirs).special_turn = 3  # inflicted during ana's turn 3
    s.act(0, EndTurnAction())
    assert s.conditions(theirs) == {Condition.PARALYZED}


# --- knockouts in the checkup -----------------------------------------------------------------


@BOTH
def test_a_checkup_knockout_scores_and_the_owner_promotes_before_the_next_turn(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-050")
    victim = s.active(1, "m1-050", damage=40, conditions=[Condition.POISONED])  # 50 HP
    spare = s.bench(1, "m1-010")
    prizes = s.prizes(0, *["m1-050"] * 6) if preset == "classic" else []
    hand_before = len(s.player(1).hand)
    s.act(0, EndTurnAction())
    assert not s.in_play(victim)
    assert victim in s.player(1).discard
    assert s.player(0).points == 1
    if preset == "classic":
        assert len(s.player(0).prizes) == 5
        assert len(set(prizes) & set(s.player(0).hand)) == 1
    assert s.state.phase is Phase.BETWEEN_TURNS
    assert s.state.turn == 3, "the next turn has not started yet"
    assert waiting_for(s.state) == [1]
    assert len(s.player(1).hand) == hand_before, "no draw before the promotion"
    assert [a for a in s.legal(1) if a.type != "resign"] == [PromoteAction(card_id=spare)]
    s.act(1, PromoteAction(card_id=spare))
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)
    assert len(s.player(1).hand) == hand_before + 1


def test_the_current_players_own_active_can_fall_to_poison() -> None:
    s = Scenario()
    mine = s.active(0, "m1-050", damage=40, conditions=[Condition.POISONED])
    spare = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    s.act(0, EndTurnAction())
    assert not s.in_play(mine)
    assert s.player(1).points == 1
    assert waiting_for(s.state) == [0]
    s.refuse(1, EndTurnAction(), "not_your_turn")
    s.act(0, PromoteAction(card_id=spare))
    assert (s.state.turn, s.state.current) == (4, 1)


def test_both_actives_knocked_out_in_the_checkup_promote_current_player_first() -> None:
    s = Scenario()
    mine = s.active(0, "m1-050", damage=40, conditions=[Condition.POISONED])
    my_spare = s.bench(0, "m1-050")
    theirs = s.active(1, "m1-050", damage=40, conditions=[Condition.POISONED])
    their_spare = s.bench(1, "m1-050")
    s.act(0, EndTurnAction())
    assert not s.in_play(mine) and not s.in_play(theirs)
    assert (s.player(0).points, s.player(1).points) == (1, 1)
    assert [q.seat for q in s.state.pending] == [0, 1]
    assert waiting_for(s.state) == [0]
    s.refuse(1, PromoteAction(card_id=their_spare), "not_your_turn")
    s.act(0, PromoteAction(card_id=my_spare))
    assert waiting_for(s.state) == [1]
    s.act(1, PromoteAction(card_id=their_spare))
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)


def test_a_checkup_knockout_can_win_the_game() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050", damage=40, conditions=[Condition.POISONED])
    s.bench(1, "m1-050")
    s.player(0).points = 3
    s.act(0, EndTurnAction())
    assert outcome(s.state) == ("ana", GameEndReason.POINTS)
    assert s.state.pending == []


def test_a_checkup_knockout_of_the_last_creature_loses() -> None:
    s = Scenario()
    s.active(0, "m1-050")
    s.active(1, "m1-050", damage=40, conditions=[Condition.POISONED])
    s.act(0, EndTurnAction())
    assert outcome(s.state) == ("ana", GameEndReason.NO_CREATURES)


def test_a_double_checkup_knockout_of_the_last_creatures_is_a_draw() -> None:
    s = Scenario()
    s.active(0, "m1-050", damage=40, conditions=[Condition.POISONED])
    s.active(1, "m1-050", damage=40, conditions=[Condition.POISONED])
    s.act(0, EndTurnAction())
    assert outcome(s.state) == (None, GameEndReason.NO_CREATURES)
    assert s.state.winner is None


def test_the_attack_knockout_comes_before_the_checkup() -> None:
    s = Scenario()
    s.active(0, "m1-001", energy=["fire"])  # Ember Nip 20
    victim = s.active(1, "m1-050", damage=30, conditions=[Condition.POISONED])
    spare = s.bench(1, "m1-050")
    s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(victim)
    assert s.state.phase is Phase.END_OF_TURN, "promotion is owed before the checkup"
    s.act(1, PromoteAction(card_id=spare))
    assert s.damage_on(spare) == 0, "the promoted creature is not poisoned"
    assert s.player(0).points == 1


def test_promotion_after_the_attack_then_checkup_knockout_then_promotion() -> None:
    s = Scenario()
    mine = s.active(0, "m1-001", energy=["fire"], damage=50, conditions=[Condition.POISONED])
    my_spare = s.bench(0, "m1-050")
    victim = s.active(1, "m1-050", damage=30)
    their_spare = s.bench(1, "m1-050")
    s.act(0, AttackAction(attack_index=0))  # Ember Nip 20 knocks out bo's Active
    assert not s.in_play(victim) and s.in_play(mine), "no checkup before bo promotes"
    assert waiting_for(s.state) == [1]
    s.act(1, PromoteAction(card_id=their_spare))
    # Now the checkup: poison knocks out ana's Active, bo scores, ana promotes.
    assert not s.in_play(mine)
    assert (s.player(0).points, s.player(1).points) == (1, 1)
    assert waiting_for(s.state) == [0]
    assert s.state.phase is Phase.BETWEEN_TURNS
    s.act(0, PromoteAction(card_id=my_spare))
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)
