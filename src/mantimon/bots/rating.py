"""Statistics of bot matches: Wilson intervals, Elo ratings by maximum likelihood, bootstrap.

What lives here: pure arithmetic over counts of results. A win rate gets a Wilson score
interval (sound near 0% and 100%, where the normal approximation is not); ratings come from
the Bradley-Terry model on the Elo scale (P(i beats j) = 1 / (1 + 10^((Rj - Ri) / 400)))
fitted by maximum likelihood, with one virtual draw per pair that met so a clean sweep
gives a large but finite gap; their intervals come from resampling each pair's games with a
fixed seed. A draw counts half a win everywhere. What must not: playing games, files or
printing (``tournament`` and the CLI do those).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ELO_SCALE = 400 / math.log(10)
# Virtual draws added to every pair that met (keeps a 100% record finite).
PRIOR_DRAWS = 1.0


def wilson(successes: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``successes / n`` (95% for z = 1.96)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class PairRecord:
    """The games between bots ``a`` and ``b``: ``a``'s wins, ``b``'s wins and the draws."""

    a: str
    b: str
    wins_a: int
    wins_b: int
    draws: int

    @property
    def games(self) -> int:
        return self.wins_a + self.wins_b + self.draws

    @property
    def score_a(self) -> float:
        """``a``'s points: a win 1, a draw 1/2."""
        return self.wins_a + self.draws / 2


def fit_elo(
    names: Sequence[str],
    records: Sequence[PairRecord],
    anchor: str | None = None,
    anchor_rating: float = 0.0,
    iterations: int = 3000,
) -> dict[str, float]:
    """Elo ratings maximising the likelihood of ``records`` (Bradley-Terry, minorise-
    maximise updates); ``anchor`` (default: the first name) gets ``anchor_rating``."""
    index = {n: i for i, n in enumerate(names)}
    k = len(names)
    games = [[0.0] * k for _ in range(k)]
    score = [0.0] * k
    for r in records:
        i, j = index[r.a], index[r.b]
        n = r.games + PRIOR_DRAWS
        games[i][j] += n
        games[j][i] += n
        score[i] += r.score_a + PRIOR_DRAWS / 2
        score[j] += r.wins_b + r.draws / 2 + PRIOR_DRAWS / 2
    strength = [1.0] * k
    for _ in range(iterations):
        moved = 0.0
        for i in range(k):
            denom = sum(games[i][j] / (strength[i] + strength[j]) for j in range(k) if j != i)
            if denom <= 0 or score[i] <= 0:
                continue
            new = score[i] / denom
            moved = max(moved, abs(math.log(new / strength[i])))
            strength[i] = new
        # Normalise (the model fixes ratings only up to a shift).
        mean = math.exp(sum(math.log(s) for s in strength) / k)
        strength = [s / mean for s in strength]
        if moved < 1e-10:
            break
    ratings = [ELO_SCALE * math.log(s) for s in strength]
    ref = ratings[index[anchor]] if anchor is not None else ratings[0]
    return {n: ratings[index[n]] - ref + anchor_rating for n in names}


def _resample(record: PairRecord, rng: random.Random) -> PairRecord:
    """The same number of games drawn with replacement from this pair's games."""
    n = record.games
    cuts = (record.wins_a / n, (record.wins_a + record.wins_b) / n) if n else (0.0, 0.0)
    wa = wb = d = 0
    for _ in range(n):
        x = rng.random()
        if x < cuts[0]:
            wa += 1
        elif x < cuts[1]:
            wb += 1
        else:
            d += 1
    return PairRecord(record.a, record.b, wa, wb, d)


@dataclass(frozen=True, slots=True)
class Rating:
    name: str
    elo: float
    low: float
    high: float


def elo_table(
    names: Sequence[str],
    records: Sequence[PairRecord],
    anchor: str | None = None,
    anchor_rating: float = 0.0,
    rounds: int = 200,
    seed: int = 0,
) -> list[Rating]:
    """Ratings with 95% bootstrap intervals (games resampled within each pair, ``rounds``
    times, from ``seed``), best first."""
    point = fit_elo(names, records, anchor, anchor_rating)
    rng = random.Random(seed)
    samples: Mapping[str, list[float]] = {n: [] for n in names}
    for _ in range(rounds):
        fitted = fit_elo(
            names, [_resample(r, rng) for r in records], anchor, anchor_rating, iterations=400
        )
        for n in names:
            samples[n].append(fitted[n])
    out = []
    for n in names:
        xs = sorted(samples[n])
        low = xs[int(0.025 * (len(xs) - 1))] if xs else point[n]
        high = xs[math.ceil(0.975 * (len(xs) - 1))] if xs else point[n]
        out.append(Rating(n, point[n], low, high))
    return sorted(out, key=lambda r: -r.elo)


def expected_score(elo_a: float, elo_b: float) -> float:
    """The share of points ``a`` should take from ``b`` under the Elo model."""
    return 1 / (1 + 10 ** ((elo_b - elo_a) / 400))


@dataclass(frozen=True, slots=True)
class Paired:
    """Two bots' scores on the same deals against the same opponent (``paired_scores``)."""

    deals: int
    first: float  # the first bot's share of the points over those deals
    second: float
    difference: float  # second minus first
    low: float  # the difference's 95% interval
    high: float
    # How many times more deals two unpaired samples would need for the same interval:
    # the variance of the difference of independent shares over that of the paired one.
    gain: float


def paired_scores(first: Sequence[float], second: Sequence[float], z: float = 1.96) -> Paired:
    """Compare two bots from their scores (1, 1/2, 0) on the same deals, in the same order.

    Why paired: a deal (the decks, the seats, the seed) decides much of a game, so the two
    bots' results on one deal go together; the difference per deal varies less than two
    independent shares do, and the interval of its mean is narrower for the same games.
    The interval is the normal one of a mean (sound for the tens of deals and more this
    is used on); the difference of scores in [0, 1] is bounded, so it is also clamped."""
    n = len(first)
    if n != len(second):
        raise ValueError(f"{n} scores against {len(second)}: pair them deal by deal")
    if n < 2:
        raise ValueError("at least two deals are needed for an interval")
    diffs = [b - a for a, b in zip(first, second, strict=True)]
    mean = sum(diffs) / n
    var = sum((d - mean) ** 2 for d in diffs) / (n - 1)
    half = z * math.sqrt(var / n)
    share_a, share_b = sum(first) / n, sum(second) / n
    var_a = sum((x - share_a) ** 2 for x in first) / (n - 1)
    var_b = sum((x - share_b) ** 2 for x in second) / (n - 1)
    gain = (var_a + var_b) / var if var > 0 else math.inf
    return Paired(n, share_a, share_b, mean, max(-1.0, mean - half), min(1.0, mean + half), gain)
