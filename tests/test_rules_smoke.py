"""First scenario tests: damage math and weakness in both presets."""

from mantimon.engine import CLASSIC, AttackAction, EndTurnAction
from tests.scenario import Scenario


def test_weakness_is_additive_in_mantimon() -> None:
    s = Scenario()
    s.active(0, "m1-010", energy=["water"])  # Drizzlet: Splash 20
    target = s.active(1, "m1-001")  # Cindercub: weak to water
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 40


def test_weakness_doubles_in_classic() -> None:
    s = Scenario(CLASSIC)
    s.active(0, "m1-010", energy=["water"])
    target = s.active(1, "m1-001")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(target) == 40
    s2 = Scenario(CLASSIC)
    s2.active(0, "m1-002", energy=["fire", "fire"])  # Blazefang: Flame Rush 40
    t2 = s2.active(1, "m1-030")  # Sproutle (60 HP), weak to fire: 80 damage knocks it out
    s2.bench(1, "m1-010")
    prizes = s2.prizes(0, *["m1-050"] * 6)
    s2.act(0, AttackAction(attack_index=0))
    assert not s2.in_play(t2)
    assert s2.player(0).points == 1
    taken = [u for u in prizes if u in s2.player(0).hand]
    assert len(taken) == 1
    assert len(s2.player(0).prizes) == 5


def test_end_turn_passes_the_turn() -> None:
    s = Scenario()
    s.active(0, "m1-010")
    s.active(1, "m1-001")
    s.act(0, EndTurnAction())
    assert s.state.current == 1
    assert s.state.turn == 4
