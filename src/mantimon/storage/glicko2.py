"""Glicko-2 ratings: the standard algorithm of Glickman's paper, as pure arithmetic.

What lives here: ``Rating`` (rating, RD, volatility on the Glicko scale), the system's
constants (a new player is 1500 / 350 / 0.06, tau 0.5) and ``update`` (a player's rating
and the results of one rating period -> the rating after it), step for step as in
"Example of the Glicko-2 system" (Glickman, 2013; steps 1-8, the volatility by the Illinois
algorithm of step 5). The ladder's rating period is one game (docs/LADDER.md), so a ranked
game calls ``update`` once for each player with the other's rating from before the game.
What must not: storage, clocks or I/O (``storage.ladder`` applies it to stored ratings).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

START_RATING = 1500.0
START_RD = 350.0
START_VOLATILITY = 0.06
TAU = 0.5  # how much the volatility may change in a period (the paper: 0.3 to 1.2)
SCALE = 173.7178  # Glicko-2 scale: mu = (r - 1500) / SCALE
EPSILON = 0.000001  # convergence tolerance of the volatility iteration


@dataclass(frozen=True, slots=True)
class Rating:
    rating: float = START_RATING
    rd: float = START_RD
    volatility: float = START_VOLATILITY


@dataclass(frozen=True, slots=True)
class Result:
    """One game of the period: the opponent's rating before it, and the score (1 win,
    0.5 draw, 0 loss)."""

    opponent: Rating
    score: float


def _g(phi: float) -> float:
    return 1 / math.sqrt(1 + 3 * phi * phi / (math.pi * math.pi))


def _expected(mu: float, mu_j: float, phi_j: float) -> float:
    return 1 / (1 + math.exp(-_g(phi_j) * (mu - mu_j)))


def update(player: Rating, results: Sequence[Result], tau: float = TAU) -> Rating:
    """``player``'s rating after a period with ``results``. A period without games only
    widens the RD (step 6 of the paper)."""
    mu = (player.rating - START_RATING) / SCALE
    phi = player.rd / SCALE
    sigma = player.volatility
    if not results:
        phi_star = math.sqrt(phi * phi + sigma * sigma)
        return Rating(player.rating, phi_star * SCALE, sigma)
    # Step 3 (v) and step 4 (delta).
    inv_v = 0.0
    total = 0.0
    for r in results:
        mu_j = (r.opponent.rating - START_RATING) / SCALE
        phi_j = r.opponent.rd / SCALE
        g, e = _g(phi_j), _expected(mu, mu_j, phi_j)
        inv_v += g * g * e * (1 - e)
        total += g * (r.score - e)
    v = 1 / inv_v
    delta = v * total
    sigma_new = _volatility(delta, phi, v, sigma, tau)
    # Steps 6-8.
    phi_star = math.sqrt(phi * phi + sigma_new * sigma_new)
    phi_new = 1 / math.sqrt(1 / (phi_star * phi_star) + 1 / v)
    mu_new = mu + phi_new * phi_new * total
    return Rating(mu_new * SCALE + START_RATING, phi_new * SCALE, sigma_new)


def _volatility(delta: float, phi: float, v: float, sigma: float, tau: float) -> float:
    """Step 5: the new volatility, the root of f by the Illinois (regula falsi) method."""
    a = math.log(sigma * sigma)

    def f(x: float) -> float:
        ex = math.exp(x)
        top = ex * (delta * delta - phi * phi - v - ex)
        bottom = 2 * (phi * phi + v + ex) ** 2
        return top / bottom - (x - a) / (tau * tau)

    big_a = a
    if delta * delta > phi * phi + v:
        big_b = math.log(delta * delta - phi * phi - v)
    else:
        k = 1
        while f(a - k * tau) < 0:
            k += 1
        big_b = a - k * tau
    f_a, f_b = f(big_a), f(big_b)
    while abs(big_b - big_a) > EPSILON:
        big_c = big_a + (big_a - big_b) * f_a / (f_b - f_a)
        f_c = f(big_c)
        if f_c * f_b <= 0:
            big_a, f_a = big_b, f_b
        else:
            f_a /= 2
        big_b, f_b = big_c, f_c
    return math.exp(big_a / 2)


def expected_score(player: Rating, opponent: Rating) -> float:
    """The chance ``player`` beats ``opponent`` (draws as half), by the model."""
    mu = (player.rating - START_RATING) / SCALE
    return _expected(mu, (opponent.rating - START_RATING) / SCALE, opponent.rd / SCALE)
