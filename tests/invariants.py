"""Invariants every game state must satisfy, written independently of the engine's own
visibility code so the property tests can catch it out; and ``hidden_twin``, a state that
differs from a given one only in what one player cannot see."""

from __future__ import annotations

import random
import re
from collections import Counter

from mantimon.engine import GameState, Phase


def zones(state: GameState) -> Counter[str]:
    """Every card instance in every zone, counted (each must appear exactly once)."""
    seen: Counter[str] = Counter()
    for p in state.players:
        for pile in (
            p.deck,
            p.hand,
            p.discard,
            p.prizes,
            p.energy_deck,
            p.energy_zone,
            p.energy_discard,
        ):
            seen.update(pile)
        for c in p.in_play():
            seen[c.uid] += 1
            seen.update(c.below)
            seen.update(c.energy)
            if c.tool is not None:
                seen[c.tool] += 1
    if state.stadium is not None:
        seen[state.stadium] += 1
    return seen


def assert_conserved(state: GameState) -> None:
    counts = zones(state)
    doubled = sorted(uid for uid, n in counts.items() if n != 1)
    missing = sorted(set(state.card_of) - set(counts))
    unknown = sorted(set(counts) - set(state.card_of))
    assert not doubled and not missing and not unknown, (doubled, missing, unknown)
    for p in state.players:  # a revealed card is known only while it stays in the hand
        assert set(p.revealed) <= set(p.hand), (p.id, p.revealed, p.hand)


def hidden_from(state: GameState, viewer: int | None) -> set[str]:
    """Instance ids ``viewer`` (None: a spectator) must never be shown right now."""
    hidden: set[str] = set()
    for seat, p in enumerate(state.players):
        hidden.update(p.deck, p.prizes, p.energy_deck)
        if seat != viewer:  # but cards of the hand a card revealed to both players
            hidden.update(u for u in p.hand if u not in p.revealed)
            if state.phase is Phase.SETUP:  # face-down setup placements
                for c in p.in_play():
                    hidden.add(c.uid)
    if viewer is not None:
        for q in state.pending:
            if q.seat == viewer:
                hidden.difference_update(q.options)
    return hidden


_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def assert_no_leak(state: GameState, viewer: int | None, view_json: str) -> None:
    """No hidden instance id appears as any JSON string (key or value) of the view."""
    strings = set(_JSON_STRING.findall(view_json))
    leaked = sorted(hidden_from(state, viewer) & strings)
    assert not leaked, f"viewer {viewer} sees hidden cards {leaked}"
    assert str(state.rng) not in view_json, "the RNG state leaked into a view"


def hidden_twin(state: GameState, viewer: int, rng: random.Random) -> GameState:
    """A copy of ``state`` that ``viewer`` cannot tell from it: the cards ``viewer`` cannot
    see (``hidden_from``) are moved among the places the view shows only as counts and
    given each other's identities, and the RNG state is new.

    Per owner: the hidden cards of hand (the opponent's only), deck and prizes trade
    places, and so do those of the energy deck; then the hidden main cards trade card
    identities, the energy deck's among themselves, and face-down setup creatures with
    each other and with hidden basic creatures (so a board stays creatures).
    """
    hidden = hidden_from(state, viewer)
    twin = state.clone()
    twin.card_of = card_of = dict(state.card_of)
    twin.rng = rng.getrandbits(64)
    basics = state.pool.basics
    for seat, p in enumerate(twin.players):
        main = [p.deck, p.prizes] + ([p.hand] if seat != viewer else [])
        for piles in (main, [p.energy_deck]):
            slots = [(pile, i) for pile in piles for i, uid in enumerate(pile) if uid in hidden]
            uids = [pile[i] for pile, i in slots]
            rng.shuffle(uids)
            for (pile, i), uid in zip(slots, uids, strict=True):
                pile[i] = uid
        cards = [uid for pile in main for uid in pile if uid in hidden]
        _trade_identities(card_of, cards, rng)
        _trade_identities(card_of, [u for u in p.energy_deck if u in hidden], rng)
        placed = [c.uid for c in p.in_play() if c.uid in hidden]
        if placed:
            _trade_identities(card_of, placed + [u for u in cards if card_of[u] in basics], rng)
            for c in p.in_play():
                c.card = card_of[c.uid]
    return twin


def _trade_identities(card_of: dict[str, str], uids: list[str], rng: random.Random) -> None:
    cards = [card_of[uid] for uid in uids]
    rng.shuffle(cards)
    card_of.update(zip(uids, cards, strict=True))
