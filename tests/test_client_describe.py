"""The terminal client's words for moves (``mantimon play``): an attack names its damage as
the card's data labels it, like the browser does."""

from __future__ import annotations

from mantimon.client.describe import describe
from mantimon.engine import AttackAction
from tests.scenario import Scenario

KNUCKLET, ASHHOUND, DRIZZLET = "m1-063", "m1-007", "m1-010"


def test_an_attack_is_described_with_its_name_and_damage_label() -> None:
    s = Scenario()
    s.active(0, KNUCKLET, energy=["fighting", "fighting"])
    s.active(1, DRIZZLET)
    view = s.view(0)
    assert AttackAction(attack_index=1) in view.legal_actions
    assert describe(AttackAction(attack_index=0), view) == "attack with Knucklet: Jab (20)"
    assert describe(AttackAction(attack_index=1), view) == "attack with Knucklet: One-Two (30×)"


def test_an_attack_that_adds_damage_shows_a_plus() -> None:
    s = Scenario()
    s.active(0, ASHHOUND, energy=["fire", "fire"])
    s.active(1, DRIZZLET)
    text = describe(AttackAction(attack_index=1), s.view(0))
    assert text == "attack with Ashhound: Kindle Pounce (20+)"
