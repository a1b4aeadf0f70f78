"""Knockouts, scoring and promotion (RULES.md "Knockouts, points and promotion", "End of the
game"): every creature at or past its HP is knocked out at once, the opponent scores 1/2/3
points (mantimon) or takes that many random prize cards (classic), the whole stack, tool and
energy go to the discard piles, each player whose Active fell must promote (queued, the
player whose turn it is first), a player with no creature left loses, and simultaneous win
conditions are settled by who met more of them (equal: a draw).
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
    PlayCreatureAction,
    PromoteAction,
    outcome,
    view_for,
    waiting_for,
)
from mantimon.engine.enums import Condition
from tests.scenario import Scenario

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
BOTH = pytest.mark.parametrize("preset", ["mantimon", "classic"])
# Blazefang's Flame Rush does 40; each victim is left with exactly 40 HP.
VICTIMS = [
    ("m1-050", 10, 1),  # Puffpaw (50 HP), normal
    ("m1-005", 140, 2),  # Magmaw ex (180 HP), ex
    ("m1-041", 160, 2),  # Thundrake ex (200 HP), ex
    ("m1-006", 220, 3),  # Mega Magmaw (260 HP), mega
]


def knockout_setup(preset: str, card_id: str, damage: int) -> tuple[Scenario, str, str]:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-002", energy=["fire", "fire"])  # Blazefang: Flame Rush 40
    victim = s.active(1, card_id, damage=damage)
    spare = s.bench(1, "m1-050")
    return s, victim, spare


@pytest.mark.parametrize(("card_id", "damage", "value"), VICTIMS)
def test_mantimon_scores_one_two_three_points(card_id: str, damage: int, value: int) -> None:
    s, victim, _ = knockout_setup("mantimon", card_id, damage)
    t = s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(victim)
    assert s.player(0).points == value
    assert s.player(1).points == 0
    assert s.events(t, "score")[0]["points"] == value


@pytest.mark.parametrize(("card_id", "damage", "value"), VICTIMS)
def test_classic_takes_one_two_three_prize_cards(card_id: str, damage: int, value: int) -> None:
    s, victim, _ = knockout_setup("classic", card_id, damage)
    prizes = s.prizes(0, *["m1-110"] * 6)
    s.prizes(1, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(victim)
    taken = [u for u in prizes if u in s.player(0).hand]
    assert len(taken) == value
    assert len(s.player(0).prizes) == 6 - value
    assert sorted(taken + s.player(0).prizes) == sorted(prizes)
    assert len(s.player(1).prizes) == 6
    assert view_for(s.state, "bo").players[0].prizes_count == 6 - value


def test_classic_prize_choice_is_random_and_private() -> None:
    taken_ids = set()
    for seed in range(8):
        s, _, _ = knockout_setup("classic", "m1-050", 10)
        s.state.rng = seed
        prizes = s.prizes(0, "m1-100", "m1-101", "m1-103", "m1-104", "m1-105", "m1-106")
        t = s.act(0, AttackAction(attack_index=0))
        taken = [u for u in prizes if u in s.player(0).hand]
        assert len(taken) == 1
        taken_ids.add(s.state.card_of[taken[0]])
        prize_events = [e for e in t.events if e.kind == "prize"]
        assert prize_events[0].private_to == 0
        assert prize_events[0].public == {"count": 1}
        bo_sees = [e for e in view_for(s.state, "bo").events if e.kind == "prize"]
        assert bo_sees and all(e.cards == [] for e in bo_sees)
    assert len(taken_ids) > 1, "the prize taken must not always be the same one"


def test_damage_exactly_equal_to_hp_knocks_out() -> None:
    s, victim, _ = knockout_setup("mantimon", "m1-050", 10)
    assert s.creature(victim).damage + 40 == 50
    s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(victim)


def test_ten_short_of_hp_survives() -> None:
    s, victim, _ = knockout_setup("mantimon", "m1-010", 10)  # Drizzlet: 60 HP
    s.act(0, AttackAction(attack_index=0))
    assert s.in_play(victim)
    assert s.damage_on(victim) == 50
    assert s.player(0).points == 0


@BOTH
def test_the_knocked_out_stack_goes_to_the_discard_piles(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-002", energy=["fire", "fire"])
    cub = s.active(1, "m1-010", energy=["water", "psychic"], tool="m1-131")
    s.bench(1, "m1-050")
    torrentail = s.hand(1, "m1-011")[0]
    s.player(1).hand.remove(torrentail)
    stack = s.creature(cub)
    stack.below, stack.uid, stack.card = [cub], torrentail, "m1-011"  # Torrentail over Drizzlet
    stack.damage = 80  # 90 HP, Guard Charm -20: Flame Rush 40 -> 20 -> knocked out
    energy, tool = list(stack.energy), stack.tool
    s.act(0, AttackAction(attack_index=0))
    bo = s.player(1)
    assert not s.in_play(torrentail)
    assert {cub, torrentail, tool} <= set(bo.discard)
    if preset == "mantimon":
        assert sorted(bo.energy_discard) == sorted(energy)
        assert not set(energy) & set(bo.discard)
    else:
        assert set(energy) <= set(bo.discard)
    assert s.player(0).discard == [], "nothing goes to the attacker's discard"


@BOTH
def test_the_owner_must_promote_before_play_goes_on(preset: str) -> None:
    s, victim, spare = knockout_setup(preset, "m1-050", 10)
    other = s.bench(1, "m1-010")
    if preset == "classic":
        s.prizes(0, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=0))
    assert s.player(1).active is None
    assert s.state.phase is Phase.END_OF_TURN
    assert waiting_for(s.state) == [1]
    assert [a for a in s.legal(1) if a.type != "resign"] == [
        PromoteAction(card_id=spare),
        PromoteAction(card_id=other),
    ]
    assert [a.type for a in s.legal(0)] == ["resign"]
    err = s.refuse(0, EndTurnAction(), "not_your_turn")
    assert "bo" in err.message
    err = s.refuse(1, EndTurnAction(), "action_not_allowed")
    assert "promote" in err.message
    s.refuse(1, PromoteAction(card_id=victim), "invalid_action")
    attacker = s.active_uid(0)
    assert attacker is not None
    s.refuse(1, PromoteAction(card_id=attacker), "invalid_action")
    s.act(1, PromoteAction(card_id=other))
    bo = s.player(1)
    assert bo.active is not None and bo.active.uid == other
    assert [c.uid for c in bo.bench] == [spare]
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)


def test_bench_knockouts_score_without_a_promotion() -> None:
    s = Scenario()
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Chain Spark 30 + 10 each bench
    active = s.active(1, "m1-050")
    weak = s.bench(1, "m1-050", damage=40)
    healthy = s.bench(1, "m1-050")
    s.act(0, AttackAction(attack_index=1))
    assert not s.in_play(weak)
    assert s.in_play(active) and s.in_play(healthy)
    assert s.player(0).points == 1
    assert s.state.pending == []
    assert s.state.current == 1


def test_active_and_bench_knocked_out_together_both_score() -> None:
    s = Scenario()
    s.active(0, "m1-040", energy=["lightning", "lightning"])  # Chain Spark 30 + 10 each bench
    active = s.active(1, "m1-050", damage=20)
    weak = s.bench(1, "m1-050", damage=40)
    spare = s.bench(1, "m1-050")
    s.act(0, AttackAction(attack_index=1))
    assert not s.in_play(active) and not s.in_play(weak)
    assert s.player(0).points == 2
    assert [a for a in s.legal(1) if a.type != "resign"] == [PromoteAction(card_id=spare)]


@BOTH
def test_double_knockout_each_scores_and_the_attacker_promotes_first(preset: str) -> None:
    s = Scenario(PRESET[preset])
    pebblit = s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)  # 70 HP
    my_spare = s.bench(0, "m1-010")
    victim = s.active(1, "m1-050", damage=20)  # weak to Fighting: Rock Tumble 50 (+W)
    their_spare = s.bench(1, "m1-010")
    if preset == "classic":
        s.prizes(0, *["m1-110"] * 6)
        s.prizes(1, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=1))  # Rock Tumble: 10 damage to itself
    assert not s.in_play(pebblit) and not s.in_play(victim)
    assert (s.player(0).points, s.player(1).points) == (1, 1)
    assert [(q.seat, q.kind) for q in s.state.pending] == [(0, "promote"), (1, "promote")]
    assert waiting_for(s.state) == [0]
    err = s.refuse(1, PromoteAction(card_id=their_spare), "not_your_turn")
    assert "ana" in err.message
    s.act(0, PromoteAction(card_id=my_spare))
    assert waiting_for(s.state) == [1]
    s.refuse(0, PromoteAction(card_id=my_spare), "not_your_turn")
    s.act(1, PromoteAction(card_id=their_spare))
    assert (s.state.turn, s.state.current, s.state.phase) == (4, 1, Phase.MAIN)


@BOTH
def test_confusion_can_knock_out_the_attacker(preset: str) -> None:
    s = Scenario(PRESET[preset])
    cub = s.active(0, "m1-001", damage=40, energy=["fire"], conditions=[Condition.CONFUSED])
    spare = s.bench(0, "m1-050")
    s.active(1, "m1-050")
    if preset == "classic":
        s.prizes(1, *["m1-110"] * 6)
    s.flips("tails")
    s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(cub)
    assert s.player(1).points == 1
    assert waiting_for(s.state) == [0]
    s.act(0, PromoteAction(card_id=spare))
    assert (s.state.turn, s.state.current) == (4, 1)


# --- winning and losing -----------------------------------------------------------------------


def test_four_points_win_in_mantimon() -> None:
    s, _, _ = knockout_setup("mantimon", "m1-050", 10)
    s.player(0).points = 3
    s.act(0, AttackAction(attack_index=0))
    assert outcome(s.state) == ("ana", GameEndReason.POINTS)
    assert s.state.phase is Phase.GAME_OVER
    assert s.state.pending == [], "no promotion is owed once the game is over"


def test_three_points_do_not_win_in_mantimon() -> None:
    s, _, spare = knockout_setup("mantimon", "m1-050", 10)
    s.player(0).points = 2
    s.act(0, AttackAction(attack_index=0))
    assert outcome(s.state) is None
    assert s.player(0).points == 3
    s.act(1, PromoteAction(card_id=spare))


def test_taking_the_last_prize_wins_in_classic() -> None:
    s, _, _ = knockout_setup("classic", "m1-005", 140)  # an ex: 2 prizes, only 1 left
    last = s.prizes(0, "m1-110")
    s.prizes(1, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=0))
    assert last[0] in s.player(0).hand
    assert s.player(0).prizes == []
    assert outcome(s.state) == ("ana", GameEndReason.PRIZES)


def test_prizes_left_means_the_classic_game_goes_on() -> None:
    s, _, _ = knockout_setup("classic", "m1-005", 140)
    s.prizes(0, *["m1-110"] * 3)
    s.prizes(1, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=0))
    assert len(s.player(0).prizes) == 1
    assert outcome(s.state) is None


@BOTH
def test_knocking_out_the_last_creature_wins(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-002", energy=["fire", "fire"])
    s.active(1, "m1-050", damage=10)
    if preset == "classic":
        s.prizes(0, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=0))
    assert outcome(s.state) == ("ana", GameEndReason.NO_CREATURES)
    assert s.legal(0) == [] and s.legal(1) == []


def test_a_benched_creature_keeps_its_player_in_the_game() -> None:
    s, _, spare = knockout_setup("mantimon", "m1-050", 10)
    s.act(0, AttackAction(attack_index=0))
    assert outcome(s.state) is None
    s.act(1, PromoteAction(card_id=spare))
    s.act(1, EndTurnAction())
    assert s.state.current == 0


@BOTH
def test_both_players_lose_their_last_creature_is_a_draw(preset: str) -> None:
    s = Scenario(PRESET[preset])
    s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)  # Rock Tumble KOs itself
    s.active(1, "m1-050", damage=20)
    if preset == "classic":
        s.prizes(0, *["m1-110"] * 6)
        s.prizes(1, *["m1-110"] * 6)
    s.act(0, AttackAction(attack_index=1))
    assert outcome(s.state) == (None, GameEndReason.NO_CREATURES)
    assert s.state.phase is Phase.GAME_OVER


def test_meeting_more_win_conditions_wins() -> None:
    s = Scenario()
    s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)
    s.active(1, "m1-050", damage=20)
    s.player(0).points = 3  # ana: points + bo has no creature; bo: ana has no creature
    s.act(0, AttackAction(attack_index=1))
    assert outcome(s.state) == ("ana", GameEndReason.POINTS)


def test_meeting_more_win_conditions_wins_for_the_defender_too() -> None:
    s = Scenario()
    s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)
    s.active(1, "m1-050", damage=20)
    s.player(1).points = 3
    s.act(0, AttackAction(attack_index=1))
    result = outcome(s.state)
    assert result is not None and result[0] == "bo"
    assert s.state.winner == 1


def test_equal_win_conditions_are_a_draw() -> None:
    s = Scenario()
    s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)
    s.bench(0, "m1-050")
    s.active(1, "m1-050", damage=20)
    s.bench(1, "m1-050")
    s.player(0).points = 3
    s.player(1).points = 3
    s.act(0, AttackAction(attack_index=1))
    assert outcome(s.state) == (None, GameEndReason.POINTS)
    assert s.state.pending == []


def test_the_winner_check_runs_before_any_promotion() -> None:
    s = Scenario()
    s.active(0, "m1-060", damage=60, energy=["fighting"] * 3)
    s.bench(0, "m1-050")
    s.active(1, "m1-050", damage=20)
    s.bench(1, "m1-050")
    s.player(1).points = 3
    s.act(0, AttackAction(attack_index=1))
    assert outcome(s.state) == ("bo", GameEndReason.POINTS)


def test_no_actions_after_the_game_is_over() -> None:
    s = Scenario()
    s.active(0, "m1-002", energy=["fire", "fire"])
    s.active(1, "m1-050", damage=10)
    basic = s.hand(1, "m1-050")[0]
    s.act(0, AttackAction(attack_index=0))
    assert s.state.over
    err = s.refuse(1, PlayCreatureAction(card_id=basic), "action_not_allowed")
    assert "over" in err.message
    s.refuse(0, EndTurnAction(), "action_not_allowed")
