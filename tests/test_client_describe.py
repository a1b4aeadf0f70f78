"""The terminal client's words for moves (``mantimon play``): an attack names its damage as
the card's data labels it, like the browser does."""

from __future__ import annotations

from mantimon.client.describe import board, describe
from mantimon.engine import AttackAction, ChooseAction, PlayTrainerAction
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


def test_the_board_names_the_cards_an_opponent_revealed_in_hand() -> None:
    s = Scenario()
    s.active(0, KNUCKLET)
    s.active(1, DRIZZLET)
    (found,) = s.deck(1, ASHHOUND)
    s.state.current = 1
    s.act(1, PlayTrainerAction(card_id=s.hand(1, "m1-103")[0]))  # Scout Map: "reveal it"
    s.act(1, ChooseAction(selections=(found,)))
    assert "Opponent: 0 pt | hand 1 (revealed: Ashhound) |" in board(s.view(0))
    assert "hand 1 |" in board(s.view(1)) and "Hand:   Ashhound" in board(s.view(1))
