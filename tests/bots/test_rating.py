"""Match statistics: Wilson intervals against known values, Elo fits that recover known
ratings from synthetic results, bootstrap intervals that cover them."""

from __future__ import annotations

import random

import pytest

from mantimon.bots.rating import (
    PairRecord,
    elo_table,
    expected_score,
    fit_elo,
    paired_scores,
    wilson,
)


@pytest.mark.parametrize(
    ("wins", "n", "low", "high"),
    [
        (50, 100, 0.4038, 0.5962),
        (85, 100, 0.7672, 0.9069),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (340, 400, 0.8121, 0.8818),
    ],
)
def test_wilson_interval_known_values(wins: int, n: int, low: float, high: float) -> None:
    got = wilson(wins, n)
    assert got == pytest.approx((low, high), abs=5e-4)


def test_wilson_interval_without_games_is_everything() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def _synthetic(true: dict[str, float], games: int, seed: int) -> list[PairRecord]:
    rng = random.Random(seed)
    names = list(true)
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            p = expected_score(true[a], true[b])
            wins = sum(rng.random() < p for _ in range(games))
            out.append(PairRecord(a, b, wins, games - wins, 0))
    return out


def test_elo_fit_recovers_known_ratings() -> None:
    true = {"w": 0.0, "x": 150.0, "y": 300.0, "z": 450.0}
    fitted = fit_elo(list(true), _synthetic(true, 4000, seed=3), anchor="w")
    assert fitted["w"] == 0.0
    for name, rating in true.items():
        assert fitted[name] == pytest.approx(rating, abs=25), (name, fitted)


def test_elo_fit_from_exact_shares_is_exact_and_anchor_shifts_only() -> None:
    # Shares exactly as the model predicts (many games): the fit returns the ratings.
    true = {"a": 0.0, "b": 200.0}
    n = 100_000
    wins_b = round(n * expected_score(200, 0))
    records = [PairRecord("a", "b", n - wins_b, wins_b, 0)]
    fitted = fit_elo(["a", "b"], records, anchor="a")
    assert fitted["b"] == pytest.approx(200, abs=2)
    shifted = fit_elo(["a", "b"], records, anchor="b", anchor_rating=1500)
    assert shifted["b"] == 1500
    assert shifted["b"] - shifted["a"] == pytest.approx(fitted["b"] - fitted["a"])
    assert true["a"] == fitted["a"]


def test_a_clean_sweep_gives_a_large_but_finite_gap_and_draws_count_half() -> None:
    sweep = fit_elo(["a", "b"], [PairRecord("a", "b", 100, 0, 0)], anchor="b")
    assert 500 < sweep["a"] < 2000
    even = fit_elo(["a", "b"], [PairRecord("a", "b", 10, 10, 30)], anchor="b")
    assert even["a"] == pytest.approx(0, abs=1e-6)


def test_bootstrap_intervals_cover_the_truth_and_are_reproducible() -> None:
    true = {"w": 0.0, "x": 200.0, "y": 400.0}
    records = _synthetic(true, 400, seed=11)
    table = elo_table(list(true), records, anchor="w", rounds=100, seed=0)
    assert [r.name for r in table] == ["y", "x", "w"]
    for r in table:
        assert r.low <= r.elo <= r.high
        assert r.low - 10 <= true[r.name] <= r.high + 10, r
    assert table == elo_table(list(true), records, anchor="w", rounds=100, seed=0)


def test_paired_scores_known_values() -> None:
    p = paired_scores([1, 0, 1, 0], [1, 1, 1, 0])
    assert (p.deals, p.first, p.second, p.difference) == (4, 0.5, 0.75, 0.25)
    assert (p.low, p.high) == pytest.approx((0.25 - 0.49, 0.25 + 0.49))
    assert p.gain == pytest.approx((1 / 3 + 1 / 4) / (1 / 4))


def test_paired_scores_of_one_bot_with_itself_differ_by_nothing() -> None:
    p = paired_scores([1, 0.5, 0], [1, 0.5, 0])
    assert (p.difference, p.low, p.high) == (0.0, 0.0, 0.0)
    assert p.gain == float("inf")


def test_paired_scores_refuse_unpaired_or_too_few_deals() -> None:
    with pytest.raises(ValueError, match="deal by deal"):
        paired_scores([1, 0], [1])
    with pytest.raises(ValueError, match="two deals"):
        paired_scores([1], [0])


def test_paired_interval_covers_the_true_difference_and_pairing_narrows_it() -> None:
    """Synthetic deals that favour one side (as decks and seats do): each bot wins a deal
    with its own chance plus the deal's lean. The interval holds the true difference in
    about 95% of experiments, and pairing is worth more than one game per game."""
    rng = random.Random(5)
    covered, gains = 0, []
    for _ in range(400):
        first, second = [], []
        for _ in range(150):
            lean = rng.choice((-0.3, 0.0, 0.3))
            first.append(float(rng.random() < 0.50 + lean))
            second.append(float(rng.random() < 0.55 + lean))
        p = paired_scores(first, second)
        covered += p.low <= 0.05 <= p.high
        gains.append(p.gain)
    assert 0.92 <= covered / 400 <= 0.98
    assert min(gains) > 1.0
