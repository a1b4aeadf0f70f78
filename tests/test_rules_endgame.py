"""Ending a game (RULES.md "End of the game", DESIGN.md §3-4): the mantimon turn limit (after
turn 30 more points wins, equal is a draw; off in classic), resignation (always legal for a
player while the game runs, whoever's turn it is), and the timer entry points: ``forfeit``
(the server ends the game, reason timeout by default) and ``expire_turn`` (the server acts
for a player whose time ran out: answers a forced decision with its first option, finishes
setup, else ends the turn).
"""

from __future__ import annotations

import pytest

from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    AttackAction,
    EndTurnAction,
    GameEndReason,
    IllegalAction,
    Phase,
    PromoteAction,
    ResignAction,
    RulesConfig,
    SetupDoneAction,
    expire_turn,
    forfeit,
    legal_actions,
    new_game,
    outcome,
    state_to_json,
    waiting_for,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
BOTH = pytest.mark.parametrize("preset", ["mantimon", "classic"])


def board(rules: RulesConfig | None = None, turn: int = 3, current: int = 0) -> Scenario:
    s = Scenario(rules, turn=turn, current=current)
    s.active(0, "m1-050")
    s.active(1, "m1-050")
    return s


# --- turn limit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected"), [((2, 1), "ana"), ((1, 3), "bo"), ((2, 2), None), ((0, 0), None)]
)
def test_mantimon_turn_limit_more_points_wins(
    points: tuple[int, int], expected: str | None
) -> None:
    s = board(turn=30)
    s.player(0).points, s.player(1).points = points
    s.act(0, EndTurnAction())
    assert outcome(s.state) == (expected, GameEndReason.TURN_LIMIT)
    assert s.state.turn == 30, "no turn 31 is started"


def test_mantimon_turn_limit_is_thirty() -> None:
    assert MANTIMON.turn_limit == 30
    s = board(turn=29, current=1)
    s.player(1).points = 1
    s.act(1, EndTurnAction())
    assert outcome(s.state) is None
    assert (s.state.turn, s.state.current) == (30, 0)


def test_the_turn_limit_applies_after_an_attack_too() -> None:
    s = Scenario(turn=30)
    s.active(0, "m1-001", energy=["fire"])
    s.active(1, "m1-050")
    s.player(0).points = 1
    s.act(0, AttackAction(attack_index=0))
    assert outcome(s.state) == ("ana", GameEndReason.TURN_LIMIT)


def test_a_knockout_in_the_last_checkup_counts_before_the_limit() -> None:
    s = Scenario(turn=30)
    s.active(0, "m1-050")
    s.active(1, "m1-050", damage=40, conditions=[Condition.POISONED])
    spare = s.bench(1, "m1-050")
    s.player(1).points = 1
    s.act(0, EndTurnAction())
    assert s.player(0).points == 1
    assert outcome(s.state) is None, "bo must promote before the limit is applied"
    s.act(1, PromoteAction(card_id=spare))
    assert outcome(s.state) == (None, GameEndReason.TURN_LIMIT)


def test_classic_has_no_turn_limit() -> None:
    assert CLASSIC.turn_limit is None
    s = board(CLASSIC, turn=30)
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    assert outcome(s.state) is None
    assert s.state.turn == 32


def test_the_turn_limit_comes_from_the_rules() -> None:
    s = board(RulesConfig(turn_limit=5), turn=5)
    s.player(1).points = 1
    s.act(0, EndTurnAction())
    assert outcome(s.state) == ("bo", GameEndReason.TURN_LIMIT)


# --- resignation ------------------------------------------------------------------------------


@BOTH
def test_either_player_may_resign_at_any_time(preset: str) -> None:
    for seat in (0, 1):
        s = board(PRESET[preset])
        assert ResignAction() in s.legal(seat)
        s.act(seat, ResignAction())
        assert outcome(s.state) == (("bo", "ana")[seat], GameEndReason.RESIGNATION)
        assert s.state.phase is Phase.GAME_OVER


def test_resigning_while_the_opponent_owes_a_promotion() -> None:
    s = Scenario()
    s.active(0, "m1-002", energy=["fire", "fire"])
    s.active(1, "m1-050", damage=10)
    s.bench(1, "m1-050")
    s.act(0, AttackAction(attack_index=0))
    assert waiting_for(s.state) == [1]
    assert s.legal(0) == [ResignAction()]
    s.act(0, ResignAction())
    assert outcome(s.state) == ("bo", GameEndReason.RESIGNATION)
    assert s.state.pending == []


def test_resigning_during_setup() -> None:
    from mantimon.engine import default_pool

    decks = [default_pool().starters[n].decklist() for n in ("ember-rush", "tidal-mind")]
    state = new_game(MANTIMON, decks, ("ana", "bo"), 4)
    assert ResignAction() in legal_actions(state, "bo")
    from mantimon.engine import apply_action

    apply_action(state, "bo", ResignAction())
    assert outcome(state) == ("ana", GameEndReason.RESIGNATION)


def test_no_resignation_after_the_game_is_over() -> None:
    s = board()
    s.act(0, ResignAction())
    assert s.legal(1) == []
    err = s.refuse(1, ResignAction(), "action_not_allowed")
    assert "over" in err.message


def test_a_stranger_cannot_resign() -> None:
    s = board()
    from mantimon.engine import apply_action

    with pytest.raises(IllegalAction) as info:
        apply_action(s.state, "eve", ResignAction())
    assert info.value.code == "invalid_action"
    assert legal_actions(s.state, "eve") == []
    assert outcome(s.state) is None


# --- forfeit ----------------------------------------------------------------------------------


def test_forfeit_ends_the_game_against_the_player() -> None:
    s = board()
    t = forfeit(s.state, "ana")
    assert outcome(s.state) == ("bo", GameEndReason.TIMEOUT)
    assert [e.kind for e in t.events] == ["game_over"]


def test_forfeit_works_whoever_is_to_play_and_takes_a_reason() -> None:
    s = board()
    forfeit(s.state, "bo", GameEndReason.RESIGNATION)
    assert outcome(s.state) == ("ana", GameEndReason.RESIGNATION)


def test_forfeit_is_refused_after_the_end_or_for_a_stranger() -> None:
    s = board()
    with pytest.raises(IllegalAction) as info:
        forfeit(s.state, "eve")
    assert info.value.code == "invalid_action"
    forfeit(s.state, "bo")
    before = state_to_json(s.state)
    with pytest.raises(IllegalAction) as info:
        forfeit(s.state, "ana")
    assert info.value.code == "action_not_allowed"
    assert state_to_json(s.state) == before
    assert outcome(s.state) == ("ana", GameEndReason.TIMEOUT)


# --- expire_turn ------------------------------------------------------------------------------


def test_expiry_in_the_main_phase_ends_the_turn_without_attacking() -> None:
    s = Scenario()
    s.active(0, "m1-001", energy=["fire"])
    target = s.active(1, "m1-050")
    expire_turn(s.state, "ana")
    assert s.damage_on(target) == 0
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)


def test_expiry_for_a_player_the_game_does_not_wait_for_changes_nothing() -> None:
    s = board()
    before = state_to_json(s.state)
    t = expire_turn(s.state, "bo")
    assert t.events == []
    assert state_to_json(s.state) == before


def test_expiry_of_a_forced_promotion_promotes_the_first_option() -> None:
    s = Scenario()
    s.active(0, "m1-002", energy=["fire", "fire"])
    s.active(1, "m1-050", damage=10)
    first = s.bench(1, "m1-010")
    s.bench(1, "m1-013")
    s.act(0, AttackAction(attack_index=0))
    expire_turn(s.state, "bo")
    bo = s.player(1)
    assert bo.active is not None and bo.active.uid == first


def test_expiry_of_a_forced_promotion_does_not_skip_the_next_turn() -> None:
    """The timer answers the forced decision; bo's own turn then starts with its own timer
    (DESIGN.md §4: "answers a forced choice with its first legal option, else ends the turn")."""
    s = Scenario()
    s.active(0, "m1-002", energy=["fire", "fire"])
    s.active(1, "m1-050", damage=10)
    s.bench(1, "m1-010")
    s.act(0, AttackAction(attack_index=0))
    expire_turn(s.state, "bo")
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)


def test_expiry_during_setup_places_an_active_and_finishes() -> None:
    from mantimon.engine import default_pool

    decks = [default_pool().starters[n].decklist() for n in ("ember-rush", "tidal-mind")]
    state = new_game(MANTIMON, decks, ("ana", "bo"), 6)
    assert state.pending == []
    expire_turn(state, "ana")
    ana = state.players[0]
    assert ana.active is not None
    assert ana.setup_done
    assert waiting_for(state) == [1]
    assert state.phase is Phase.SETUP
    expire_turn(state, "bo")
    assert state.phase is Phase.MAIN
    assert state.turn == 1
    assert SetupDoneAction() not in legal_actions(state, "ana")


def test_expiry_answers_a_pending_mulligan_draw_with_its_first_option() -> None:
    from tests.test_rules_setup import ONE_BASIC, mulligan_seed, starters

    decks = [ONE_BASIC, starters("mantimon")[1]]
    seed = mulligan_seed(decks, lambda a, b: a >= 1 and b == 0)
    state = new_game(MANTIMON, decks, ("ana", "bo"), seed)
    assert [q.seat for q in state.pending] == [1]
    expire_turn(state, "bo")
    bo = state.players[1]
    assert state.pending == []
    assert len(bo.hand) + len(bo.bench) + 1 == 7, "the first option is to draw 0"
    assert bo.setup_done


def test_expiry_of_an_asleep_players_turn() -> None:
    s = Scenario()
    s.active(0, "m1-001", energy=["fire"], conditions=[Condition.ASLEEP])
    s.active(1, "m1-050")
    s.flips("tails")
    expire_turn(s.state, "ana")
    assert s.state.current == 1
    assert outcome(s.state) is None
