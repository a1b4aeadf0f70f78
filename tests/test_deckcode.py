"""Deck codes in Python (``mantimon.cards.deckcode``): every starter goes through a code and
back, the order of the cards does not change the code, and bad codes are refused with a
sentence. That the browser makes the very same codes is tests/web/test_deck_code.py's."""

from __future__ import annotations

import pytest

from mantimon.cards.deckcode import PREFIX, DeckCodeError, decode_deck, encode_deck
from mantimon.engine import default_pool


def test_every_starter_goes_through_a_code_and_back() -> None:
    starters = default_pool().starters.values()
    assert {d.preset for d in starters} == {"mantimon", "classic"}
    for deck in starters:
        code = encode_deck(deck.preset, deck.cards, deck.energy)
        assert code.startswith(PREFIX) and len(code) < 130, code
        back = decode_deck(f"  {code[:9]}\n{code[9:]} ")
        expected = (deck.preset, dict(deck.cards), dict(deck.energy))
        assert (back.preset, back.cards, back.energy) == expected


def test_lists_and_maps_in_any_order_give_one_code() -> None:
    ids = ["m2-001"] * 4 + ["energy-fire"] * 12 + ["x-odd", "m1-050", "m1-050", "plain"]
    as_map = {"plain": 1, "m1-050": 2, "x-odd": 1, "energy-fire": 12, "m2-001": 4}
    code = encode_deck("classic", ids)
    assert code == encode_deck("classic", as_map)
    assert decode_deck(code).cards == as_map


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "Paste a deck code first."),
        ("hello", "That is not a deck code"),
        ("mtd7.AAAA", "newer version"),
        ("mtd1.ab$d", "characters a deck code never has"),
        ("mtd1.AA", "cut short"),
        ("mtd1." + "A" * 3000, "far too long"),
    ],
)
def test_bad_codes_are_refused_with_a_reason(code: str, reason: str) -> None:
    with pytest.raises(DeckCodeError, match=reason):
        decode_deck(code)


def test_a_changed_or_cut_code_is_refused() -> None:
    good = encode_deck("mantimon", {"m1-050": 4}, {"energy-fire": 20})
    changed = good[:-3] + ("A" if good[-3] != "A" else "B") + good[-2:]
    with pytest.raises(DeckCodeError, match="damaged"):
        decode_deck(changed)
    with pytest.raises(DeckCodeError):
        decode_deck(good[:-6])


def test_what_no_code_can_hold_is_refused() -> None:
    with pytest.raises(DeckCodeError, match=r"1\.\.99"):
        encode_deck("mantimon", {"m1-050": 100})
    with pytest.raises(DeckCodeError, match="Unknown rules"):
        encode_deck("chess", {"m1-050": 1})
