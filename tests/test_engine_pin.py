"""The engine's behaviour is pinned: random games give what main gave when the fixture was
written (legal lists and their order, chosen actions, events, final state, views), played
straight through and through clones and JSON round trips. See ``tests/enginepin.py``."""

from __future__ import annotations

import json
import random

import pytest

from mantimon.engine import apply_action, legal_actions, state_from_json, state_to_json
from mantimon.engine.legal import legal_for_seat, waiting_for
from tests.enginepin import DECKS, FIXTURE, IDS, SEEDS, VIEW_SEEDS, game_digest

EXPECTED: dict[str, dict[str, object]] = json.loads(FIXTURE.read_text())


@pytest.mark.parametrize("preset", sorted(DECKS))
def test_random_games_match_the_pinned_digests(preset: str) -> None:
    for seed in SEEDS:
        got = game_digest(preset, seed, views=seed in VIEW_SEEDS)
        assert got == EXPECTED[f"{preset}/{seed}"], f"{preset} seed {seed}"


@pytest.mark.parametrize("preset", sorted(DECKS))
@pytest.mark.parametrize("hops", [1, 4])
def test_clones_and_json_round_trips_play_the_same_game(preset: str, hops: int) -> None:
    for seed in range(0, 30, 3):
        want = dict(EXPECTED[f"{preset}/{seed}"])
        want.pop("views", None)
        assert game_digest(preset, seed, hops=hops) == want, f"{preset} seed {seed}"


def test_a_clone_played_on_never_changes_the_original() -> None:
    """Play a clone ahead; the original's legal lists stay what a fresh copy computes."""
    from tests.enginepin import new_state

    for seed in range(6):
        state = new_state("mantimon", seed)
        rng = random.Random(seed)
        for step in range(400):
            if state.over:
                break
            seats = waiting_for(state)
            seat = seats[0] if len(seats) == 1 else rng.choice(seats)
            options = legal_for_seat(state, seat)
            if step % 9 == 0:
                ahead = state.clone()
                for _ in range(12):
                    if ahead.over:
                        break
                    s = waiting_for(ahead)[0]
                    apply_action(ahead, IDS[s], rng.choice(legal_for_seat(ahead, s)))
                fresh = state_from_json(state_to_json(state), state.pool)
                for s in (0, 1):
                    assert legal_actions(state, IDS[s]) == legal_actions(fresh, IDS[s])
                assert legal_for_seat(state, seat) == options
            apply_action(state, IDS[seat], rng.choice(options))
