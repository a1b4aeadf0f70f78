"""A tournament's finished games on disk, so a run of hours survives being stopped.

What lives here: the ledger file (JSON lines: a header naming the code that decided the
games, then one line per finished game, written and synced as each game ends), the
fingerprint of that code (bots, engine, cards), and reading a ledger back as finished
games keyed by their job. What must not: playing games, statistics or the report.

Run the same ``mantimon tournament ... --save FILE`` again after a stop and only the games
missing from FILE are played. Games from other code could mix two different bots into one
table, so a ledger whose fingerprint differs from the code now installed is ``unverified``:
its games stand only for the pairs whose sampled games replay the same today (the
tournament command replays them and calls ``keep``); a change that makes any bot play
differently changes nearly every game it is in, so a few replays tell.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

import mantimon
from mantimon.bots.tournament import GameJob, GameResult

FORMAT = 1
# The packages whose code and data decide a game's moves and outcome.
DECIDING = ("bots", "engine", "cards")


class LedgerError(ValueError):
    """A ledger that cannot be continued (other code, or a damaged line before the end)."""


def code_fingerprint() -> str:
    """A hash of every file of the packages that decide games (``DECIDING``): equal
    fingerprints mean the same bots playing by the same rules with the same cards."""
    root = Path(mantimon.__file__).parent
    digest = hashlib.sha256()
    for package in DECIDING:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _micros(xs: tuple[float, ...]) -> list[int]:
    return [round(x * 1e6) for x in xs]


def _seconds(xs: list[int]) -> tuple[float, ...]:
    return tuple(x / 1e6 for x in xs)


def encode(r: GameResult) -> bytes:
    """One game as a ledger line (times in whole microseconds)."""
    j = r.job
    return orjson.dumps(
        {
            "job": [j.preset, j.a, j.b, j.deck_1, j.deck_2, j.seed, j.a_first],
            "winner": r.winner,
            "reason": r.reason,
            "turns": r.turns,
            "times_a": _micros(r.times_a),
            "times_b": _micros(r.times_b),
            "cpu_a": _micros(r.cpu_a),
            "cpu_b": _micros(r.cpu_b),
            "digest": r.digest,
        }
    )


def decode(line: bytes) -> GameResult:
    d: dict[str, Any] = orjson.loads(line)
    return GameResult(
        GameJob(*d["job"]),
        d["winner"],
        d["reason"],
        d["turns"],
        _seconds(d["times_a"]),
        _seconds(d["times_b"]),
        _seconds(d["cpu_a"]),
        _seconds(d["cpu_b"]),
        d.get("digest", ""),
    )


def parse(path: Path, lines: list[bytes]) -> tuple[str, dict[GameJob, GameResult], bool]:
    """A ledger's ``lines``: (the fingerprint in its header, its games by job, whether the
    last line was cut short by a stop mid-write: that line is left out)."""
    try:
        code = str(orjson.loads(lines[0])["code"])
    except (IndexError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise LedgerError(f"{path} is not a tournament ledger") from exc
    games: dict[GameJob, GameResult] = {}
    for n, line in enumerate(lines[1:], start=2):
        try:
            result = decode(line)
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            if n < len(lines):
                raise LedgerError(f"{path}, line {n}: not a game ({exc})") from exc
            return code, games, True
        if result.job in games:
            raise LedgerError(f"{path}, line {n}: a game already on an earlier line")
        games[result.job] = result
    return code, games, False


def read_games(path: Path) -> list[GameResult]:
    """The games of the ledger at ``path``, read only (for comparing ledgers)."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise LedgerError(f"{path}: {exc.strerror}") from exc
    return list(parse(path, lines)[1].values())


class Ledger:
    """An open ledger: the games it already holds (``done``) and ``add`` for new ones.
    ``written_by``: the fingerprint in its header; ``unverified`` when that is not the
    code's now (``keep`` the games that replay the same before adding any)."""

    def __init__(self, path: Path, fingerprint: str | None = None) -> None:
        """Open (or start) the ledger at ``path``. A last line cut short by a stop
        mid-write is dropped (its game is played again)."""
        self.path = path
        self.fingerprint = fingerprint or code_fingerprint()
        self.written_by = self.fingerprint
        self.done: dict[GameJob, GameResult] = {}
        self.dropped = False  # a last line cut short was dropped
        text = path.read_bytes() if path.exists() else b""
        lines = text.splitlines()
        if not lines:
            self._rewrite([])
        elif self._load(lines) or not text.endswith(b"\n"):
            # Cut short: written again without the cut line (or with the newline the last
            # line lacked), so that the next game starts a line of its own.
            self._rewrite(lines[1 : 1 + len(self.done)])
        self._file: IO[bytes] | None = None  # opened by the first ``add``

    def _load(self, lines: list[bytes]) -> bool:
        """Read the games of ``lines`` into ``done``; True if the last line was cut short."""
        self.written_by, self.done, self.dropped = parse(self.path, lines)
        return self.dropped

    def _rewrite(self, lines: Iterable[bytes]) -> None:
        """Write the header and ``lines`` to a new file and put it in place atomically."""
        header = orjson.dumps({"ledger": FORMAT, "code": self.fingerprint})
        temporary = self.path.with_name(self.path.name + ".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as f:
            f.write(b"\n".join([header, *lines]) + b"\n")
            f.flush()
            os.fsync(f.fileno())
        temporary.replace(self.path)

    @property
    def unverified(self) -> bool:
        return self.written_by != self.fingerprint

    def keep(self, results: Iterable[GameResult]) -> None:
        """Hold only ``results`` (the games that replayed the same), under the code's
        fingerprint now: the file is written again, atomically."""
        self.close()
        self.done = {r.job: r for r in results}
        self.written_by = self.fingerprint
        self._rewrite([encode(r) for r in self.done.values()])

    def add(self, result: GameResult) -> None:
        """Record a finished game, on disk before this returns."""
        if self.unverified:
            raise LedgerError(f"{self.path}: keep the games that replay the same first")
        if self._file is None:
            self._file = self.path.open("ab")
        self._file.write(encode(result) + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.done[result.job] = result

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
