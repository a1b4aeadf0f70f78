"""Deck balance: every starter deck against every other, bot against bot, as a matrix.

What lives here: the pairings of a set of decks, playing one pairing (seats alternate game
by game, so each deck goes first about half the time), and the result as a win-rate matrix
with the first player's win rate, plus its markdown table. What must not: printing, files
or plotting (the ``mantimon balance`` command does those), or anything a bot could not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from mantimon.bots.base import make_bot
from mantimon.bots.selfplay import play_game
from mantimon.cards import DeckList
from mantimon.engine import PRESETS, RulesConfig, default_pool

PLAYERS = ("p1", "p2")


@dataclass(frozen=True, slots=True)
class PairingResult:
    """``games`` games of deck ``a`` against deck ``b``; draws count half for each."""

    a: str
    b: str
    games: int
    wins_a: int
    wins_b: int
    draws: int
    first_player_wins: int
    turns: int

    @property
    def rate_a(self) -> float:
        """Deck ``a``'s share of the games (a draw is half a win)."""
        return (self.wins_a + self.draws / 2) / self.games if self.games else 0.5


@dataclass(frozen=True, slots=True)
class PairingJob:
    """Everything one worker needs to play one pairing (picklable, for process pools)."""

    rules: RulesConfig
    a: str
    b: str
    decks: tuple[DeckList, DeckList]
    games: int
    seed: int
    bot: str = "greedy"


def play_pairing(job: PairingJob) -> PairingResult:
    """Play ``job.games`` games; deck ``a`` sits in seat 1 in even games, seat 2 in odd ones.

    Who goes first is the engine's coin flip, so the first player is counted separately.
    """
    bots = [make_bot(job.bot), make_bot(job.bot)]
    wins_a = wins_b = draws = first = turns = 0
    for g in range(job.games):
        swap = g % 2 == 1
        decks = [job.decks[1], job.decks[0]] if swap else list(job.decks)
        record = play_game(job.rules, decks, bots, job.seed + g, player_ids=PLAYERS)
        turns += record.turns
        a_id = PLAYERS[1] if swap else PLAYERS[0]
        if record.winner is None:
            draws += 1
        elif record.winner == a_id:
            wins_a += 1
        else:
            wins_b += 1
        state = record.state
        if record.winner is not None and record.winner == state.players[state.first].id:
            first += 1
    return PairingResult(job.a, job.b, job.games, wins_a, wins_b, draws, first, turns)


@dataclass(slots=True)
class BalanceReport:
    """The win-rate matrix of ``decks`` (row deck's share against the column deck)."""

    preset: str
    decks: list[str]
    games_per_pairing: int
    bot: str
    results: list[PairingResult] = field(default_factory=list)

    def rate(self, row: str, col: str) -> float | None:
        """The row deck's share of its games against the column deck (None on the diagonal)."""
        for r in self.results:
            if (r.a, r.b) == (row, col):
                return r.rate_a
            if (r.a, r.b) == (col, row):
                return 1.0 - r.rate_a
        return None

    def matrix(self) -> list[list[float | None]]:
        return [[self.rate(r, c) for c in self.decks] for r in self.decks]

    @property
    def games(self) -> int:
        return sum(r.games for r in self.results)

    @property
    def draws(self) -> int:
        return sum(r.draws for r in self.results)

    @property
    def first_player_rate(self) -> float:
        """The first player's share of all games (a draw counts as half)."""
        if not self.games:
            return 0.5
        first = sum(r.first_player_wins for r in self.results)
        return (first + self.draws / 2) / self.games

    def overall(self, deck: str) -> float:
        """A deck's share of all its games."""
        rates = [x for x in (self.rate(deck, other) for other in self.decks) if x is not None]
        return sum(rates) / len(rates) if rates else 0.5

    def out_of_band(self, low: float, high: float) -> list[tuple[str, str, float]]:
        """Pairings whose rate lies outside ``[low, high]`` (each unordered pair once)."""
        return [(r.a, r.b, r.rate_a) for r in self.results if not low <= r.rate_a <= high]

    def markdown(self) -> str:
        """The matrix as a markdown table: row deck's win rate against the column deck."""
        head = "| row vs column | " + " | ".join(self.decks) + " | overall |"
        sep = "|---" * (len(self.decks) + 2) + "|"
        lines = [head, sep]
        for row in self.decks:
            cells = [
                "—" if x is None else f"{100 * x:.1f}%"
                for x in (self.rate(row, col) for col in self.decks)
            ]
            lines.append(
                f"| **{row}** | " + " | ".join(cells) + f" | {100 * self.overall(row):.1f}% |"
            )
        return "\n".join(lines)


Mapper = Callable[
    [Callable[[PairingJob], PairingResult], Iterable[PairingJob]], Iterable[PairingResult]
]


def pairings(decks: Sequence[str]) -> list[tuple[str, str]]:
    """Every unordered pair of distinct decks, in the order given."""
    return list(combinations(decks, 2))


def jobs(
    rules: RulesConfig, decks: Sequence[str], games: int, seed: int = 0, bot: str = "greedy"
) -> list[PairingJob]:
    """One job per pairing of starter decks (by id); pairing ``i`` uses seeds from
    ``seed + i * games``."""
    starters = default_pool().starters
    return [
        PairingJob(
            rules,
            a,
            b,
            (starters[a].decklist(), starters[b].decklist()),
            games,
            seed + i * games,
            bot,
        )
        for i, (a, b) in enumerate(pairings(decks))
    ]


def run_balance(
    preset: str,
    decks: Sequence[str],
    games: int,
    seed: int = 0,
    bot: str = "greedy",
    mapper: Mapper = map,
) -> BalanceReport:
    """Play every pairing of ``decks`` (starter ids, ``games`` games each) under the named
    preset and return the matrix.

    ``mapper`` runs the pairings (``map`` here; a process pool's ``map`` in the CLI).
    """
    report = BalanceReport(preset, list(decks), games, bot)
    report.results.extend(mapper(play_pairing, jobs(PRESETS[preset], decks, games, seed, bot)))
    return report
