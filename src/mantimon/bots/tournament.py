"""Bot against bot over every starter pairing, with mirrored deals, timed decisions.

What lives here: the schedule of a match (every ordered pair of a preset's starter decks,
mirrors included, with seeds spread evenly; each deal is played twice with the bots swapped,
so both bots meet the same shuffles and coin flips from the same seat), playing one game in
a worker process (bots are built there by name; every ``choose`` is timed), and adding the
results up per match and per deck pairing. What must not: statistics (``rating``), files,
printing or plotting (the CLI's ``tournament`` and ``selfplay`` commands do those).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from mantimon.bots.base import Bot
from mantimon.bots.rating import PairRecord, wilson
from mantimon.bots.selfplay import play_game
from mantimon.bots.spec import bot_from_spec
from mantimon.cards import DeckList
from mantimon.engine import PRESETS, Action, VisibleGameState, default_pool

PLAYERS = ("p1", "p2")


def starter_ids(preset: str) -> list[str]:
    """The starter decks of a preset, by id, sorted."""
    return sorted(d.id for d in default_pool().starters.values() if d.preset == preset)


@cache
def _decklist(deck_id: str) -> DeckList:
    return default_pool().starters[deck_id].decklist()


@dataclass(frozen=True, slots=True)
class GameJob:
    """One game: bot ``a`` against bot ``b``; ``a_first`` seats ``a`` in seat 1 with
    ``deck_1`` (else ``b`` sits there with it). Picklable, for process pools."""

    preset: str
    a: str
    b: str
    deck_1: str
    deck_2: str
    seed: int
    a_first: bool


@dataclass(frozen=True, slots=True)
class GameResult:
    job: GameJob
    winner: str | None  # "a", "b" or None for a draw
    reason: str
    turns: int
    # Seconds per ``choose`` call, per bot ("a", "b"): wall clock, and the CPU time of the
    # thread (what the decision costs, without the waits of a shared machine).
    times_a: tuple[float, ...]
    times_b: tuple[float, ...]
    cpu_a: tuple[float, ...] = ()
    cpu_b: tuple[float, ...] = ()
    # The game's actions, hashed: two plays of a job by the same bots give the same digest
    # (a ledger checks code that changed by replaying some of its games). "" if unknown.
    digest: str = ""

    def same_game(self, other: GameResult) -> bool:
        """Whether ``other`` played out as this game did (by digest where both have one)."""
        if (self.winner, self.reason, self.turns) != (other.winner, other.reason, other.turns):
            return False
        return not (self.digest and other.digest) or self.digest == other.digest

    @property
    def decks(self) -> tuple[str, str]:
        """(bot a's deck, bot b's deck)."""
        j = self.job
        return (j.deck_1, j.deck_2) if j.a_first else (j.deck_2, j.deck_1)


class Timed:
    """Wraps a bot and records how long each of its decisions takes."""

    def __init__(self, inner: Bot) -> None:
        self.inner = inner
        self.name = inner.name
        self.description = inner.description
        self.times: list[float] = []
        self.cpu: list[float] = []

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        cpu, start = time.thread_time(), time.perf_counter()
        action = self.inner.choose(view, rng)
        self.times.append(time.perf_counter() - start)
        self.cpu.append(time.thread_time() - cpu)
        return action


@cache
def _bot(name: str) -> Bot:
    """One bot per name (or spec, ``bots.spec``) per process (bots keep no state between
    decisions)."""
    return bot_from_spec(name)


def play_job(job: GameJob) -> GameResult:
    """Play ``job`` (in whatever process runs it)."""
    a, b = Timed(_bot(job.a)), Timed(_bot(job.b))
    seats: list[Bot] = [a, b] if job.a_first else [b, a]
    decks = [_decklist(job.deck_1), _decklist(job.deck_2)]
    record = play_game(PRESETS[job.preset], decks, seats, job.seed, player_ids=PLAYERS)
    winner = None
    if record.winner is not None:
        a_seat = PLAYERS[0] if job.a_first else PLAYERS[1]
        winner = "a" if record.winner == a_seat else "b"
    return GameResult(
        job,
        winner,
        record.reason,
        record.turns,
        tuple(a.times),
        tuple(b.times),
        tuple(a.cpu),
        tuple(b.cpu),
        digest(record.actions),
    )


def digest(actions: Iterable[tuple[str, Action]]) -> str:
    """A short hash of a game's actions in order (who played what)."""
    h = hashlib.sha256()
    for who, action in actions:
        h.update(who.encode() + action.model_dump_json().encode() + b"\n")
    return h.hexdigest()[:16]


def schedule(
    preset: str, a: str, b: str, games: int, seed: int = 0, decks: Sequence[str] | None = None
) -> list[GameJob]:
    """``games`` games (rounded up to even) of ``a`` against ``b``: deals go round the
    ordered deck pairings in turn, each deal played twice with the bots swapped."""
    ids = list(decks or starter_ids(preset))
    pairings = [(x, y) for x in ids for y in ids]
    deals = (games + 1) // 2
    out = []
    for d in range(deals):
        x, y = pairings[d % len(pairings)]
        out.append(GameJob(preset, a, b, x, y, seed + d, True))
        out.append(GameJob(preset, a, b, x, y, seed + d, False))
    return out


Mapper = Callable[[Callable[[GameJob], GameResult], Iterable[GameJob]], Iterable[GameResult]]


@dataclass(slots=True)
class Match:
    """All games of bot ``a`` against bot ``b``."""

    a: str
    b: str
    results: list[GameResult] = field(default_factory=list)

    @property
    def record(self) -> PairRecord:
        wa = sum(r.winner == "a" for r in self.results)
        wb = sum(r.winner == "b" for r in self.results)
        return PairRecord(self.a, self.b, wa, wb, len(self.results) - wa - wb)

    def rate(self) -> tuple[float, float, float]:
        """``a``'s score share (draws half) and its 95% Wilson interval."""
        r = self.record
        low, high = wilson(r.score_a, r.games)
        return (r.score_a / r.games if r.games else 0.5), low, high

    def by_pairing(self) -> dict[tuple[str, str], PairRecord]:
        """Results per (a's deck, b's deck)."""
        groups: dict[tuple[str, str], list[GameResult]] = defaultdict(list)
        for r in self.results:
            groups[r.decks].append(r)
        out = {}
        for key, rs in sorted(groups.items()):
            wa = sum(r.winner == "a" for r in rs)
            wb = sum(r.winner == "b" for r in rs)
            out[key] = PairRecord(key[0], key[1], wa, wb, len(rs) - wa - wb)
        return out

    def times(self, who: str, cpu: bool = False) -> list[float]:
        """Seconds per decision of bot ``who`` (wall clock, or CPU time with ``cpu``)."""
        out: list[float] = []
        for r in self.results:
            if who == self.a:
                out.extend(r.cpu_a if cpu else r.times_a)
            else:
                out.extend(r.cpu_b if cpu else r.times_b)
        return out


def play_match(
    preset: str,
    a: str,
    b: str,
    games: int,
    seed: int = 0,
    mapper: Mapper = map,
    decks: Sequence[str] | None = None,
    done: Mapping[GameJob, GameResult] | None = None,
    on_result: Callable[[GameResult], None] | None = None,
) -> Match:
    """Play a match; ``mapper`` runs the games (``map``, or a process pool's ``imap``).
    Games already in ``done`` are taken from it, not played; ``on_result`` hears of each
    game played, as it ends (a ledger on disk keeps them)."""
    bot_from_spec(a), bot_from_spec(b)  # unknown names fail here, before any worker starts
    return _play_jobs(a, b, schedule(preset, a, b, games, seed, decks), mapper, done, on_result)


def _play_jobs(
    a: str,
    b: str,
    jobs: list[GameJob],
    mapper: Mapper,
    done: Mapping[GameJob, GameResult] | None,
    on_result: Callable[[GameResult], None] | None,
) -> Match:
    done = done or {}
    played: dict[GameJob, GameResult] = {}
    for r in mapper(play_job, [j for j in jobs if j not in done]):
        played[r.job] = r
        if on_result is not None:
            on_result(r)
    return Match(a, b, [done[j] if j in done else played[j] for j in jobs])


def percentile(xs: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``xs`` by the nearest rank (0 for no data)."""
    if not xs:
        return 0.0
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def table_jobs(
    preset: str, bots: Sequence[str], games: int, seed: int = 0, reach: int | None = None
) -> list[tuple[tuple[str, str], list[GameJob]]]:
    """Each pair of ``table_pairs(bots, reach)`` with its games: pair ``k`` starts at seed
    ``seed + k * games``."""
    return [
        ((a, b), schedule(preset, a, b, games, seed + k * games))
        for k, (a, b) in enumerate(table_pairs(bots, reach))
    ]


def table_pairs(bots: Sequence[str], reach: int | None = None) -> list[tuple[str, str]]:
    """The pairs of a table: each bot against the next ``reach`` bots of the list (None:
    every other bot, a round robin). With the bots in order of strength, a small reach is a
    ladder: each level meets its neighbours, which is what the ratings need to be tied
    together, and the slowest bots play a few matches instead of one against everyone."""
    return [
        (a, b)
        for i, a in enumerate(bots)
        for b in bots[i + 1 : None if reach is None else i + 1 + reach]
    ]


@dataclass(slots=True)
class Table:
    """Every pair of ``table_pairs(bots, reach)`` played a match."""

    preset: str
    bots: list[str]
    games: int
    matches: list[Match] = field(default_factory=list)
    reach: int | None = None

    def records(self) -> list[PairRecord]:
        return [m.record for m in self.matches]

    def times(self, bot: str, cpu: bool = False) -> list[float]:
        out: list[float] = []
        for m in self.matches:
            if bot in (m.a, m.b):
                out.extend(m.times(bot, cpu))
        return out


def run_table(
    preset: str,
    bots: Sequence[str],
    games: int,
    seed: int = 0,
    mapper: Mapper = map,
    on_match: Callable[[Match], None] | None = None,
    reach: int | None = None,
    done: Mapping[GameJob, GameResult] | None = None,
    on_result: Callable[[GameResult], None] | None = None,
) -> Table:
    """Every pair of ``table_jobs(...)`` plays its games; ``done`` and ``on_result`` as for
    ``play_match``."""
    for name in bots:
        bot_from_spec(name)
    table = Table(preset, list(bots), games, reach=reach)
    for (a, b), jobs in table_jobs(preset, bots, games, seed, reach):
        match = _play_jobs(a, b, jobs, mapper, done, on_result)
        table.matches.append(match)
        if on_match is not None:
            on_match(match)
    return table
