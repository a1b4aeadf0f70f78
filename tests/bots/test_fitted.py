"""The evaluation fitted to game outcomes (``bots/fitted.py``) and the search settings that
use it.

The features are differences between the two sides, so the model's chances for the two
seats of one position add up to one; finished games score exactly; the weights are one per
feature. The experimental settings (``fitted``, ``careful_reply``, ``anchor_z``) keep the
search fair and deterministic: the same hidden-twin check as ``test_fairness`` on fewer
points, since each decision costs more.
"""

from __future__ import annotations

import random

import pytest

from mantimon.bots import GreedyBot
from mantimon.bots.fitted import NAMES, WEIGHTS, features, win_chance
from mantimon.bots.search import HardBot
from mantimon.bots.selfplay import play_game
from mantimon.engine import PRESETS, Phase, default_pool, view_for
from tests.bots._games import decision_points, starter_pairs
from tests.invariants import hidden_twin


def test_one_weight_per_feature() -> None:
    assert len(WEIGHTS) == len(NAMES) == len(set(NAMES))


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_the_two_seats_chances_add_up_to_one(preset: str) -> None:
    checked = 0
    for state, _ in decision_points(preset, seed=31, every=5):
        if state.phase is Phase.SETUP:
            continue
        f0, f1 = features(state, 0), features(state, 1)
        assert len(f0) == len(NAMES)
        assert f0 == pytest.approx([-x for x in f1])
        assert win_chance(state, 0) + win_chance(state, 1) == pytest.approx(1.0)
        checked += 1
    assert checked >= 50


def test_a_finished_game_scores_its_result() -> None:
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in starter_pairs("mantimon")[0]]
    state = play_game(PRESETS["mantimon"], decks, [GreedyBot(pool), GreedyBot(pool)], 3).state
    assert state.over
    if state.winner is None:
        assert win_chance(state, 0) == win_chance(state, 1) == 0.5
    else:
        assert win_chance(state, state.winner) == 1.0
        assert win_chance(state, 1 - state.winner) == 0.0


def _experimental() -> HardBot:
    bot = HardBot()
    bot.fitted = True
    bot.careful_reply = True
    bot.horizon = 1
    bot.anchor_bonus = 0.0
    bot.anchor_z = 2.0
    bot.budget = 24
    return bot


def test_the_experimental_settings_decide_the_same_whatever_is_hidden() -> None:
    bot = _experimental()
    compared = 0
    for state, seat in decision_points("mantimon", seed=23, every=30):
        if state.phase is Phase.SETUP:
            continue
        pid = state.players[seat].id
        twin = hidden_twin(state, seat, random.Random(compared))
        real_view, twin_view = view_for(state, pid), view_for(twin, pid)
        assert real_view == twin_view
        if len(real_view.legal_actions) <= 2:
            continue
        a = bot.choose(real_view, random.Random(compared))
        b = bot.choose(twin_view, random.Random(compared))
        assert a == b, compared
        assert _experimental().choose(real_view, random.Random(compared)) == a
        compared += 1
    assert compared >= 10
    assert bot.anchored > 0
