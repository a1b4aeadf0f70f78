"""Deck-building rules of both presets (DESIGN.md §3 "main deck" and "energy" rows):
``deck_problems`` lists every problem, ``new_game`` refuses an illegal deck with ``DeckError``.

mantimon: 40 cards, no energy cards, at most 4 copies by name, at least one basic, plus a
separate energy deck of exactly 20 basic energy. classic: 60 cards including energy, at most 4
copies by name except basic energy, at least one basic, no separate energy deck.
"""

from __future__ import annotations

import pytest

from mantimon.cards import DeckList
from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    DeckError,
    RulesConfig,
    deck_problems,
    default_pool,
    new_game,
)
from tests.scenario import pool_with

PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}
STARTERS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}


def starter(name: str) -> DeckList:
    return default_pool().starters[name].decklist()


def replace_cards(deck: DeckList, remove: str, add: str, n: int = 1) -> DeckList:
    """``deck`` with ``n`` copies of ``remove`` swapped for ``add``."""
    cards = list(deck.cards)
    for _ in range(n):
        cards[cards.index(remove)] = add
    return DeckList(cards=tuple(cards), energy=deck.energy)


@pytest.mark.parametrize(
    ("preset", "name"), [(p, n) for p, names in STARTERS.items() for n in names]
)
def test_starter_decks_are_legal_in_their_preset(preset: str, name: str) -> None:
    assert deck_problems(PRESET[preset], starter(name), default_pool()) == []


@pytest.mark.parametrize(("preset", "other"), [("mantimon", "classic"), ("classic", "mantimon")])
def test_starter_decks_are_illegal_in_the_other_preset(preset: str, other: str) -> None:
    for name in STARTERS[preset]:
        problems = deck_problems(PRESET[other], starter(name), default_pool())
        assert problems, f"{name} must not be legal under {other}"
        size = PRESET[other].deck_size
        assert any(f"exactly {size}" in p for p in problems), problems


def test_mantimon_deck_must_have_forty_cards() -> None:
    deck = starter("ember-rush")
    short = DeckList(cards=deck.cards[:-1], energy=deck.energy)
    problems = deck_problems(MANTIMON, short, default_pool())
    assert problems == ["the deck has 39 cards; it must have exactly 40"]


def test_mantimon_main_deck_holds_no_energy_cards() -> None:
    deck = replace_cards(starter("ember-rush"), "m1-110", "energy-fire")
    problems = deck_problems(MANTIMON, deck, default_pool())
    assert len(problems) == 1
    assert "energy" in problems[0]


@pytest.mark.parametrize("count", [19, 21, 0])
def test_mantimon_energy_deck_has_exactly_twenty(count: int) -> None:
    deck = starter("ember-rush")
    deck = DeckList(cards=deck.cards, energy=("energy-fire",) * count)
    problems = deck_problems(MANTIMON, deck, default_pool())
    assert problems == [f"the energy deck has {count} cards; it must have exactly 20"]


def test_mantimon_energy_deck_holds_basic_energy_only() -> None:
    deck = starter("ember-rush")
    deck = DeckList(cards=deck.cards, energy=("energy-fire",) * 19 + ("m1-001",))
    problems = deck_problems(MANTIMON, deck, default_pool())
    assert len(problems) == 1
    assert "basic energy" in problems[0]


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_at_most_four_copies_by_name(preset: str) -> None:
    deck = starter(STARTERS[preset][0])  # four Cindercub (m1-001), three Blazefang
    assert deck_problems(PRESET[preset], deck, default_pool()) == []
    five = replace_cards(deck, "m1-110", "m1-001")
    problems = deck_problems(PRESET[preset], five, default_pool())
    assert problems == ["5 copies of 'Cindercub'; at most 4 are allowed"]


def test_copies_are_counted_by_name_not_by_id() -> None:
    pool = pool_with(
        {
            "id": "t-cub",
            "kind": "creature",
            "name": "Cindercub",
            "type": "fire",
            "hp": 70,
            "attacks": [{"name": "Nip", "cost": ["fire"], "damage": 10}],
        }
    )
    deck = replace_cards(starter("ember-rush"), "m1-110", "t-cub")  # 4 + 1 Cindercub
    problems = deck_problems(MANTIMON, deck, pool)
    assert problems == ["5 copies of 'Cindercub'; at most 4 are allowed"]


def test_classic_basic_energy_is_unlimited() -> None:
    deck = starter("ember-rush-classic")
    assert deck.cards.count("energy-fire") == 20
    assert deck_problems(CLASSIC, deck, default_pool()) == []


SPECIAL_ENERGY = {
    "id": "t-double",
    "kind": "energy",
    "name": "Double Energy",
    "energy_type": "colorless",
    "basic": False,
}


def test_classic_special_energy_is_limited_to_four() -> None:
    pool = pool_with(SPECIAL_ENERGY)
    four = replace_cards(starter("ember-rush-classic"), "energy-fire", "t-double", 4)
    assert deck_problems(CLASSIC, four, pool) == []
    five = replace_cards(starter("ember-rush-classic"), "energy-fire", "t-double", 5)
    assert deck_problems(CLASSIC, five, pool) == [
        "5 copies of 'Double Energy'; at most 4 are allowed"
    ]


def test_mantimon_energy_deck_refuses_special_energy() -> None:
    pool = pool_with(SPECIAL_ENERGY)
    deck = starter("ember-rush")
    deck = DeckList(cards=deck.cards, energy=("energy-fire",) * 19 + ("t-double",))
    problems = deck_problems(MANTIMON, deck, pool)
    assert len(problems) == 1
    assert "Double Energy" in problems[0]


def test_classic_has_no_separate_energy_deck() -> None:
    deck = starter("ember-rush-classic")
    deck = DeckList(cards=deck.cards, energy=("energy-fire",) * 20)
    problems = deck_problems(CLASSIC, deck, default_pool())
    assert len(problems) == 1
    assert "energy deck" in problems[0]


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_a_deck_needs_a_basic_creature(preset: str) -> None:
    deck = starter(STARTERS[preset][0])
    basics = default_pool().basics
    # Replace every basic with trainers the list does not use, at most 3 copies each.
    fillers = iter(["m1-112", "m1-111", "m1-113", "m1-106", "m1-134", "m1-131"] * 3)
    cards = tuple(next(fillers) if c in basics else c for c in deck.cards)
    deck = DeckList(cards=cards, energy=deck.energy)
    problems = deck_problems(PRESET[preset], deck, default_pool())
    assert problems == ["the deck needs at least one basic creature"]


def test_unknown_cards_are_reported() -> None:
    deck = replace_cards(starter("ember-rush"), "m1-110", "m9-999")
    assert deck_problems(MANTIMON, deck, default_pool()) == ["unknown card id(s): m9-999"]


def test_every_problem_is_listed() -> None:
    deck = DeckList(cards=("m1-110",) * 5, energy=())
    problems = deck_problems(MANTIMON, deck, default_pool())
    assert len(problems) == 4, problems  # size, copies, no basic, energy deck size


def test_deck_size_comes_from_the_rules() -> None:
    rules = RulesConfig(deck_size=39)
    deck = starter("ember-rush")
    short = DeckList(cards=deck.cards[:-1], energy=deck.energy)
    assert deck_problems(rules, short, default_pool()) == []
    assert deck_problems(rules, deck, default_pool()) != []


def test_new_game_refuses_an_illegal_deck_naming_the_player() -> None:
    good = starter("ember-rush")
    bad = DeckList(cards=good.cards[:-1], energy=good.energy)
    with pytest.raises(DeckError) as info:
        new_game(MANTIMON, [good, bad], ("ana", "bo"), 1)
    assert isinstance(info.value, ValueError)
    assert info.value.problems == ["bo: the deck has 39 cards; it must have exactly 40"]
    with pytest.raises(DeckError):
        new_game(CLASSIC, [good, good], ("ana", "bo"), 1)
