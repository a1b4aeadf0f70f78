"""Sampled worlds agree with the view they were sampled from and are playable engine states.

For real states at many points of seeded games (both presets, every starter in both seats),
``determinize(view_for(state, me))`` must give a state ``det`` with
``view_for(det, me) == view_for(state, me)`` in every field but ``events`` (the sampled
world has no log: what a log showed is either still on the board or gone), compared as
whole models, so the legal actions, the pending promotion, hands, counts, creatures with
their energy, tools, conditions, markers' kinds and "played this turn", discards, energy
zones, the stadium and the score all agree. Then the world is played to its end with
random legal moves: the engine must accept it as a state.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from mantimon.bots.determinize import NotDeterminizable, can_determinize, determinize
from mantimon.engine import (
    Phase,
    VisibleGameState,
    apply_action,
    default_pool,
    legal_for_seat,
    view_for,
    waiting_for,
)
from tests.bots._games import decision_points


def _without_events(view: VisibleGameState) -> dict[str, object]:
    data = view.model_dump()
    del data["events"]
    return data


def _play_out(state: object, rng: random.Random) -> None:
    from mantimon.engine import GameState

    assert isinstance(state, GameState)
    for _ in range(5000):
        if state.over:
            return
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        apply_action(state, state.players[seat].id, rng.choice(legal_for_seat(state, seat)))
    raise AssertionError("the sampled world did not end")


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_sampled_worlds_show_the_same_view_and_play_to_the_end(preset: str) -> None:
    pool = default_pool()
    checked = 0
    for state, seat in decision_points(preset, seed=11, every=3):
        pid = state.players[seat].id
        view = view_for(state, pid)
        if not can_determinize(view):
            continue
        det = determinize(view, pool, random.Random(checked))
        assert _without_events(view_for(det, pid)) == _without_events(view), (preset, checked)
        seen = {r.uid for p in view.players for r in (p.hand or [])}
        assert not any(uid.startswith("?") for uid in seen)
        if checked % 4 == 0:
            _play_out(det, random.Random(checked))
        checked += 1
    assert checked > 100


def test_hidden_cards_come_from_the_fitting_starter_list() -> None:
    """With starter decks, each side of a sampled world holds exactly one starter list of
    the preset (seen cards plus the rest of a list they fit)."""
    pool = default_pool()
    lists = [
        sorted((Counter(d.cards) + Counter(d.energy)).elements())
        for d in pool.starters.values()
        if d.preset == "mantimon"
    ]
    checked = 0
    for state, seat in decision_points("mantimon", seed=3, every=7):
        view = view_for(state, state.players[seat].id)
        if not can_determinize(view):
            continue
        det = determinize(view, pool, random.Random(checked))
        for s in (0, 1):
            assert sorted(det.card_of[u] for u in _all_cards(det, s)) in lists
        checked += 1
    assert checked > 20


def _all_cards(state: object, seat: int) -> list[str]:
    from mantimon.engine import GameState

    assert isinstance(state, GameState)
    p = state.players[seat]
    out = [*p.deck, *p.hand, *p.discard, *p.prizes, *p.energy_deck, *p.energy_zone]
    out += p.energy_discard
    for c in p.in_play():
        out += [c.uid, *c.below, *c.energy, *([c.tool] if c.tool else [])]
    if state.stadium is not None and state.stadium_owner == seat:
        out.append(state.stadium)
    return out


def test_setup_and_effect_choices_are_not_sampled() -> None:
    for state, seat in decision_points("mantimon", seed=5, every=1):
        if state.phase is Phase.SETUP:
            view = view_for(state, state.players[seat].id)
            assert not can_determinize(view)
            with pytest.raises(NotDeterminizable):
                determinize(view, default_pool(), random.Random(0))
            return
    pytest.fail("no setup decision")
