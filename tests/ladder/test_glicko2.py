"""Glicko-2 against the worked example of Glickman's paper ("Example of the Glicko-2
system"): a 1500 / 200 / 0.06 player beats a 1400 / 30 player and loses to 1550 / 100 and
1700 / 300 in one period (tau 0.5) -> 1464.06 / 151.52 / 0.05999."""

from __future__ import annotations

import pytest

from mantimon.storage.glicko2 import Rating, Result, expected_score, update

PLAYER = Rating(1500, 200, 0.06)
PERIOD = [
    Result(Rating(1400, 30), 1.0),
    Result(Rating(1550, 100), 0.0),
    Result(Rating(1700, 300), 0.0),
]


def test_the_papers_worked_example() -> None:
    after = update(PLAYER, PERIOD)
    assert after.rating == pytest.approx(1464.06, abs=0.01)
    assert after.rd == pytest.approx(151.52, abs=0.01)
    assert after.volatility == pytest.approx(0.05999, abs=0.00001)


def test_a_period_without_games_only_widens_the_deviation() -> None:
    after = update(PLAYER, [])
    assert after.rating == 1500
    assert after.volatility == 0.06
    assert after.rd == pytest.approx((200**2 + (0.06 * 173.7178) ** 2) ** 0.5)


def test_one_game_moves_the_two_new_players_symmetrically() -> None:
    new = Rating()
    winner = update(new, [Result(new, 1.0)])
    loser = update(new, [Result(new, 0.0)])
    drawn = update(new, [Result(new, 0.5)])
    assert winner.rating > 1500 > loser.rating
    assert winner.rating - 1500 == pytest.approx(1500 - loser.rating)
    assert drawn.rating == pytest.approx(1500)
    # A new player's first game is worth a lot (RD 350), and narrows the deviation.
    assert 150 < winner.rating - 1500 < 200
    assert winner.rd < 350


def test_an_upset_moves_more_than_an_expected_win() -> None:
    strong, weak = Rating(1800, 80), Rating(1400, 80)
    assert expected_score(strong, weak) > 0.85
    expected = update(strong, [Result(weak, 1.0)]).rating - 1800
    upset = update(weak, [Result(strong, 1.0)]).rating - 1400
    assert 0 < expected < upset
