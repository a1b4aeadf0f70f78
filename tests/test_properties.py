"""Property tests over many random games, both presets, starter and random decks.

For every game: no exception, every card conserved across zones after every step, no
hidden card instance (opponent's hand, any deck, prizes, energy deck, face-down setup)
in any view's JSON for a viewer who may not see it, the game ends, the JSON round trip
holds, and replaying the recorded actions rebuilds the identical final state.
500+ games per run: 2 presets x 2 deck modes x ``max_examples``; starter games pair two
of the five starter decks, random decks draw from the whole pool.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantimon.cards import DeckList
from mantimon.engine import (
    PRESETS,
    Action,
    GameState,
    Transition,
    default_pool,
    replay,
    state_from_json,
    state_to_json,
)
from mantimon.engine.view import view_json
from tests.invariants import assert_conserved, assert_no_leak
from tests.randomgames import PLAYERS, play_random, random_deck

# The five starter decks; each starter game plays a pair of them drawn from the seed.
STARTER_IDS = ("ember-rush", "tidal-mind", "verdant-surge", "dream-veil", "storm-front")
STARTERS = {
    "mantimon": STARTER_IDS,
    "classic": tuple(f"{d}-classic" for d in STARTER_IDS),
}
GAMES_PER_CASE = 130  # x 4 cases = 520 games per run


def _decks(preset: str, mode: str, seed: int) -> list[DeckList]:
    pool = default_pool()
    rng = random.Random(seed)
    if mode == "starter":
        a, b = rng.sample(STARTERS[preset], 2)
        return [pool.starters[a].decklist(), pool.starters[b].decklist()]
    return [random_deck(rng, PRESETS[preset]), random_deck(rng, PRESETS[preset])]


def _check_game(preset: str, mode: str, seed: int, view_every: int) -> None:
    rules = PRESETS[preset]
    decks = _decks(preset, mode, seed)
    steps = 0

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        nonlocal steps
        steps += 1
        assert_conserved(state)
        if steps % view_every == 0 or state.over:
            for viewer in (0, 1, None):
                vid = PLAYERS[viewer] if viewer is not None else None
                assert_no_leak(state, viewer, view_json(state, vid).decode())

    played = play_random(rules, decks, seed, observe)
    final = played.state
    assert final.over and final.end_reason is not None
    assert state_from_json(state_to_json(final)) == final
    rebuilt = replay(rules, decks, PLAYERS, seed, played.actions)
    assert rebuilt == final
    assert state_to_json(rebuilt) == state_to_json(final)


@pytest.mark.parametrize("mode", ["starter", "random"])
@pytest.mark.parametrize("preset", ["mantimon", "classic"])
@settings(max_examples=GAMES_PER_CASE, deadline=None, derandomize=False)
@given(seed=st.integers(min_value=0, max_value=2**63))
def test_random_games_keep_every_invariant(preset: str, mode: str, seed: int) -> None:
    _check_game(preset, mode, seed, view_every=3)


@given(seed=st.integers(min_value=0, max_value=2**63))
@settings(max_examples=25, deadline=None)
def test_every_step_of_a_game_hides_what_it_must(seed: int) -> None:
    """The strict version: every view after every step, for both players and a spectator."""
    _check_game("mantimon", "starter", seed, view_every=1)


def test_mid_game_states_round_trip_through_json() -> None:
    rng = random.Random(7)
    states: list[GameState] = []

    def keep(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        if rng.random() < 0.05:
            states.append(state.clone())

    for seed in range(10):
        play_random(
            PRESETS["classic" if seed % 2 else "mantimon"],
            _decks("mantimon" if seed % 2 == 0 else "classic", "starter", seed),
            seed,
            keep,
        )
    assert len(states) > 20
    for s in states:
        again = state_from_json(state_to_json(s))
        assert again == s
        assert again.clone() == s


def test_the_invariant_checks_can_fail() -> None:
    """The checkers above must catch a leak, a lost card and a duplicated card."""
    pool = default_pool()
    decks = [pool.starters["ember-rush"].decklist(), pool.starters["tidal-mind"].decklist()]
    from mantimon.engine import new_game

    state = new_game(PRESETS["mantimon"], decks, PLAYERS, 3)
    secret = state.players[1].hand[0]
    view = view_json(state, PLAYERS[0]).decode()
    assert_no_leak(state, 0, view)
    with pytest.raises(AssertionError, match="hidden cards"):
        assert_no_leak(state, 0, view.replace('"viewer"', f'"{secret}"'))
    with pytest.raises(AssertionError, match="RNG"):
        assert_no_leak(state, 0, view + str(state.rng))
    assert_conserved(state)
    state.players[0].hand.append(state.players[0].deck[0])
    with pytest.raises(AssertionError):
        assert_conserved(state)
    state.players[0].hand.pop()
    state.players[0].deck.pop()
    with pytest.raises(AssertionError):
        assert_conserved(state)


def test_starter_games_meet_every_starter_deck() -> None:
    """Over a few dozen seeds the starter mode deals every one of the five starters (of the
    preset's own variant) and never the same deck to both seats."""
    pool = default_pool()
    for preset in ("mantimon", "classic"):
        by_list = {d.decklist(): d.id for d in pool.starters.values() if d.preset == preset}
        seen = set()
        for seed in range(40):
            a, b = (by_list[d] for d in _decks(preset, "starter", seed))
            assert a != b
            seen.update((a, b))
        assert seen == set(STARTERS[preset]) and len(seen) == 5
