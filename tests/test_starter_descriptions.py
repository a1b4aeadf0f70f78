"""A starter deck's description promises only cards its list holds.

A new player reads the description on the start page before picking a deck; one that
named a card the list does not hold ("Shellguard holds the line" in a deck without
Shellguard) sent them looking for a card that never comes. Every card name of the whole
pool that appears in a description (as whole words) must be a card of that deck.
"""

from __future__ import annotations

import re

import pytest

from mantimon.cards import CardPool
from mantimon.engine import default_pool

POOL = default_pool()


def named_cards(text: str, pool: CardPool) -> set[str]:
    """The names of the pool's cards that ``text`` mentions as whole words."""
    return {c.name for c in pool if re.search(rf"(?<!\w){re.escape(c.name)}(?!\w)", text)}


def deck_names(deck_id: str, pool: CardPool) -> set[str]:
    deck = pool.starters[deck_id]
    return {pool[card_id].name for card_id in (*deck.cards, *deck.energy)}


def test_the_check_sees_a_card_the_deck_does_not_hold() -> None:
    tidal = deck_names("tidal-mind", POOL)
    said = named_cards("Frostkit freezes while Shellguard holds the line.", POOL)
    assert said == {"Frostkit", "Shellguard"}
    assert said - tidal == {"Shellguard"}


@pytest.mark.parametrize("deck_id", sorted(POOL.starters))
def test_a_description_names_only_cards_of_its_deck(deck_id: str) -> None:
    deck = POOL.starters[deck_id]
    assert deck.description, f"{deck_id} has no description"
    missing = named_cards(deck.description, POOL) - deck_names(deck_id, POOL)
    assert not missing, f"{deck.name} promises cards its list does not hold: {sorted(missing)}"


@pytest.mark.parametrize("deck_id", sorted(d for d in POOL.starters if d.endswith("-classic")))
def test_a_classic_list_is_its_base_deck_plus_energy(deck_id: str) -> None:
    """The classic descriptions say "the same 40 cards plus 20 <type> energy"."""
    classic = POOL.starters[deck_id]
    base = POOL.starters[deck_id.removesuffix("-classic")]
    extra = {k: v - base.cards.get(k, 0) for k, v in classic.cards.items()}
    assert {k: v for k, v in extra.items() if v} == dict.fromkeys(base.energy, 20)
    assert sum(base.cards.values()) == 40
