"""The terminal client's words for moves (``mantimon play``): an attack is offered by its
name, its damage as the card's data labels it (like the browser does) and its cost; cards
are named, never shown by instance id."""

from __future__ import annotations

from mantimon.client.describe import board, describe
from mantimon.engine import (
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EndTurnAction,
    PlayTrainerAction,
    ResignAction,
)
from tests.scenario import Scenario

KNUCKLET, ASHHOUND, DRIZZLET = "m1-063", "m1-007", "m1-010"


def test_an_attack_is_offered_with_its_name_damage_and_cost() -> None:
    s = Scenario()
    s.active(0, KNUCKLET, energy=["fighting", "fighting"])
    s.active(1, DRIZZLET)
    view = s.view(0)
    assert AttackAction(attack_index=1) in view.legal_actions
    assert describe(AttackAction(attack_index=0), view) == "Attack: Jab (20), cost Fighting"
    assert (
        describe(AttackAction(attack_index=1), view)
        == "Attack: One-Two (30×), cost Fighting + Colorless"
    )


def test_an_attack_that_adds_damage_shows_a_plus() -> None:
    s = Scenario()
    s.active(0, ASHHOUND, energy=["fire", "fire"])
    s.active(1, DRIZZLET)
    text = describe(AttackAction(attack_index=1), s.view(0))
    assert text == "Attack: Kindle Pounce (20+), cost Fire + Colorless"


def test_moves_name_cards_never_instance_ids() -> None:
    s = Scenario()
    ash = s.active(0, ASHHOUND)
    s.active(1, DRIZZLET)
    (fire,) = s.energy_zone(0, "fire")
    view = s.view(0)
    attach = AttachEnergyAction(card_id=fire, target_id=ash)
    assert attach in view.legal_actions
    assert describe(attach, view) == "Attach Fire Energy to Ashhound"
    assert describe(EndTurnAction(), view) == "End your turn"
    assert describe(ResignAction(), view) == "Resign"
    # A card the view does not name (here: the opponent's hidden deck) is "a card".
    hidden = s.deck(1, DRIZZLET)[0]
    text = describe(AttachEnergyAction(card_id=fire, target_id=hidden), view)
    assert text == "Attach Fire Energy to a card" and hidden not in text


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


def test_the_board_names_players_by_their_display_names() -> None:
    s = Scenario()
    s.active(0, KNUCKLET)
    s.active(1, DRIZZLET)
    text = board(s.view(0), {"ana": "Marigold", "bo": "Rook"})
    assert "Rook: 0 pt" in text and "You: 0 pt" in text
    s.end_turn(0)
    waiting = board(s.view(0), {"ana": "Marigold", "bo": "Rook"}).splitlines()[0]
    assert waiting.endswith("waiting for Rook"), waiting
