"""RULES.md "Hidden information": a card that says "reveal it" shows the found card to both
players and the log names it; otherwise a card taken from a deck stays private to its owner.

Covers Scout Map, Growth Charm and Breeder Tamsin (and any card of the pool whose text
reveals what it finds) against Pathfinder Oda, which does not reveal: the opponent's view,
a spectator's view and the narration (event texts), and how long a revealed card stays known
(while it stays in the hand; not after it is shuffled back into the deck).
"""

from __future__ import annotations

import re

import pytest

from mantimon.cards import CreatureCard, TrainerCard
from mantimon.engine import PlayCreatureAction, PlayTrainerAction, Transition, default_pool
from mantimon.engine.view import render_events, view_json
from tests.invariants import hidden_from
from tests.scenario import Scenario

SCOUT_MAP, GROWTH_CHARM, BREEDER_TAMSIN, PATHFINDER = "m1-103", "m1-117", "m1-125", "m1-113"
RESEARCHER_IVO = "m1-111"
CINDERCUB, BLAZEFANG, DRIZZLET, TONIC_BERRY = "m1-001", "m1-002", "m1-010", "m1-100"


def _board() -> tuple[Scenario, dict[str, str]]:
    """Ana (to play) and Bo each have an Active; Ana's deck holds one of each card below."""
    s = Scenario()
    s.active(0, CINDERCUB)
    s.active(1, DRIZZLET)
    ids = [TONIC_BERRY, CINDERCUB, BLAZEFANG, DRIZZLET, "m1-110"]
    return s, dict(zip(ids, s.deck(0, *ids), strict=True))


def _search(s: Scenario, trainer: str, *picks: str) -> Transition:
    s.act(0, PlayTrainerAction(card_id=s.hand(0, trainer)[0]))
    return s.choose(0, *picks)


def _search_event_texts(s: Scenario, seat: int | None) -> list[str]:
    return [e.text for e in s.view(seat).events if e.kind == "search"]


def _says_reveal(text: str) -> bool:
    return re.search(r"\breveal", text, re.IGNORECASE) is not None


def _texts_and_effects() -> list[tuple[str, str, tuple[object, ...]]]:
    """(card id, text, effects) of every trainer, ability and attack of the pool."""
    out: list[tuple[str, str, tuple[object, ...]]] = []
    for card in default_pool():
        if isinstance(card, TrainerCard):
            out.append((card.id, card.text, card.effects))
        elif isinstance(card, CreatureCard):
            if card.ability is not None:
                out.append((card.id, card.ability.text, card.ability.effects))
            out.extend((card.id, a.text, a.effects) for a in card.attacks)
    return out


def test_a_search_reveals_exactly_when_its_card_text_says_so() -> None:
    """The data agrees with the printed text, for every card of the pool."""
    revealing: set[str] = set()
    for card_id, text, effects in _texts_and_effects():
        searches = [e for e in effects if getattr(e, "effect", None) == "search_deck"]
        for spec in searches:
            assert spec.params.reveal == _says_reveal(text), (card_id, text)  # type: ignore[attr-defined]
            if spec.params.reveal:  # type: ignore[attr-defined]
                revealing.add(card_id)
        if not searches:
            assert not _says_reveal(text), f"{card_id} says reveal but does not search: {text}"
    assert {SCOUT_MAP, GROWTH_CHARM, BREEDER_TAMSIN} <= revealing
    assert PATHFINDER not in revealing


@pytest.mark.parametrize(
    ("trainer", "picks"),
    [
        (SCOUT_MAP, [CINDERCUB]),
        (GROWTH_CHARM, [BLAZEFANG]),
        (BREEDER_TAMSIN, [CINDERCUB, DRIZZLET]),
    ],
)
def test_a_revealed_card_is_named_to_the_opponent_a_spectator_and_in_the_log(
    trainer: str, picks: list[str]
) -> None:
    s, deck = _board()
    found = [deck[c] for c in picks]
    t = _search(s, trainer, *found)
    assert s.player(0).hand == found
    names = [s.pool[c].name for c in picks]
    for seat in (0, 1, None):
        (event,) = [e for e in s.view(seat).events if e.kind == "search"]
        assert [c.card_id for c in event.cards if c] == picks, seat
        assert [c.uid for c in event.cards if c] == found, seat
        assert all(name in event.text for name in names), (seat, event.text)
        assert "reveal" in event.text
    # The narration of the step itself (``mantimon demo``, a spectator's action result).
    narrated = [e["text"] for e in render_events(s.state, t.events, None) if e["kind"] == "search"]
    assert len(narrated) == 1 and all(name in narrated[0] for name in names)
    # The found cards are known to everyone while they stay in the hand.
    for seat in (1, None):
        assert not set(found) & hidden_from(s.state, seat)
        ana = s.view(seat).players[0]
        assert ana.hand is None and [c.uid for c in ana.revealed] == found
        assert all(uid in view_json(s.state, s.view(seat).viewer).decode() for uid in found)


def test_a_card_that_does_not_say_reveal_keeps_the_found_card_private() -> None:
    s, deck = _board()
    t = _search(s, PATHFINDER, deck[CINDERCUB])
    assert s.player(0).hand == [deck[CINDERCUB]]
    (mine,) = [e for e in s.view(0).events if e.kind == "search"]
    assert [c.card_id for c in mine.cards if c] == [CINDERCUB]
    for seat in (1, None):
        assert s.view(seat).players[0].revealed == []
        (event,) = [e for e in s.view(seat).events if e.kind == "search"]
        assert event.cards == [] and event.data == {"count": 1, "to": "hand"}
        assert "Cindercub" not in event.text
        assert deck[CINDERCUB] not in view_json(s.state, s.view(seat).viewer).decode()
    narrated = [e["text"] for e in render_events(s.state, t.events, None)]
    assert not any("Cindercub" in text for text in narrated), narrated


def test_a_revealed_card_stays_named_across_turns_while_it_stays_in_the_hand() -> None:
    s, deck = _board()
    s.deck(1, "m1-050", "m1-050", "m1-050")
    _search(s, SCOUT_MAP, deck[DRIZZLET])
    s.end_turn(0)
    s.end_turn(1)  # Ana's next turn: she drew a card, the revealed one is still in hand
    assert deck[DRIZZLET] in s.player(0).hand
    for seat in (1, None):
        assert any("Drizzlet" in text for text in _search_event_texts(s, seat))
        assert [c.name for c in s.view(seat).players[0].revealed] == ["Drizzlet"]


def test_a_revealed_card_shuffled_back_into_the_deck_is_unknown_again() -> None:
    s, deck = _board()
    _search(s, SCOUT_MAP, deck[DRIZZLET])
    # Researcher Ivo: the hand (the revealed Drizzlet too) goes back into the deck, then 5
    # cards are drawn; whichever of them is the Drizzlet again is not known to Bo.
    s.act(0, PlayTrainerAction(card_id=s.hand(0, RESEARCHER_IVO)[0]))
    assert s.player(0).revealed == []
    for seat in (1, None):
        assert deck[DRIZZLET] in hidden_from(s.state, seat)
        assert deck[DRIZZLET] not in view_json(s.state, s.view(seat).viewer).decode()
        assert not any("Drizzlet" in text for text in _search_event_texts(s, seat))
        assert s.view(seat).players[0].revealed == []


def test_a_revealed_card_played_from_the_hand_is_no_longer_kept_as_revealed() -> None:
    s, deck = _board()
    _search(s, SCOUT_MAP, deck[DRIZZLET])
    assert s.player(0).revealed == [deck[DRIZZLET]]
    s.act(0, PlayCreatureAction(card_id=deck[DRIZZLET]))
    assert s.player(0).revealed == []
    assert [c.uid for c in s.player(0).bench] == [deck[DRIZZLET]]
    assert s.view(1).players[0].revealed == []
