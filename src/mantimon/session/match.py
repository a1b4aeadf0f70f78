"""One live game held by the authority: the record, the engine state and the live extras.

What lives here: ``Match`` (seats, engine state, event id counter, clocks, presence,
idempotency results seen by this process) and how a match is rebuilt from storage: the
action log is the truth, the snapshot only a shortcut; a game that cannot be rebuilt is
marked ``unplayable`` instead of failing its loader. What must not: I/O (the loader takes
records already read) or message handling (``authority``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mantimon.cards import DeckList
from mantimon.engine import (
    ACTION_ADAPTER,
    GameEndReason,
    GameState,
    RulesConfig,
    apply_action,
    forfeit,
    new_game,
    state_from_json,
)
from mantimon.session.clocks import Clock
from mantimon.storage import GameRecord, LoggedAction, Snapshot

VIEWERS = ("seat0", "seat1")
SPECTATOR = "spectator"
DEFAULT_TURN_SECONDS = 90.0
GRACE_SECONDS = 60.0


@dataclass(slots=True)
class Presence:
    """A player's connection state as their opponent is told it."""

    sockets: int = 0
    status: str = "disconnected"  # connected | reconnecting | disconnected
    grace_until: float | None = None


RESULTS_KEPT = 32
"""Answers to a game's latest message ids kept in memory. A resent message is almost always
one of the last few; an older id's answer is read back from storage (it was stored with
its step). Keeping every answer held ~650 bytes of text per action (mean of a seeded
game, 129 actions) for the game's life; an id alone is ~150."""


@dataclass(slots=True)
class Match:
    game: GameRecord
    state: GameState | None = None
    seq: int = 0  # actions in the log
    event_id: int = 0  # last event id used
    clocks: list[Clock] = field(default_factory=lambda: [Clock(), Clock()])
    # (user id, message id) -> the answer, for the latest ``RESULTS_KEPT`` of them
    results: dict[tuple[str, str], str] = field(default_factory=dict)
    answered: set[tuple[str, str]] = field(default_factory=set)  # answers only stored
    from_store: bool = False  # responses from before this process may be in storage
    presence: dict[str, Presence] = field(default_factory=dict)
    spectators: int = 0
    # Why the stored game could not be rebuilt (``load``); ``state`` is then None.
    unplayable: str | None = None

    @property
    def id(self) -> str:
        return self.game.id

    def remember(self, user_id: str, message_id: str, text: str) -> None:
        """Keep the answer to a message id; the oldest kept answer leaves memory (its id
        stays known, so a resend asks storage instead of being applied again)."""
        results = self.results
        results[(user_id, message_id)] = text
        if len(results) > RESULTS_KEPT:
            oldest = next(iter(results))
            del results[oldest]
            self.answered.add(oldest)

    @property
    def player_ids(self) -> list[str]:
        return [s.user_id for s in self.game.seats]

    @property
    def timed(self) -> bool:
        """False for a game without a turn clock: ``turn_seconds`` stored as None (a bot
        game unless its player asked for a clock). Nothing in it is decided by a timer, not
        even the setup; a game stored without the setting has the default clock."""
        return self.game.settings.get("turn_seconds", DEFAULT_TURN_SECONDS) is not None

    @property
    def turn_seconds(self) -> float:
        value = self.game.settings.get("turn_seconds")
        return float(DEFAULT_TURN_SECONDS if value is None else value)

    @property
    def grace_seconds(self) -> float:
        return float(self.game.settings.get("grace_seconds", GRACE_SECONDS))

    def seat_of(self, user_id: str) -> int | None:
        for seat, s in enumerate(self.game.seats):
            if s.user_id == user_id:
                return seat
        return None

    def opponent_of(self, user_id: str) -> str | None:
        seat = self.seat_of(user_id)
        if seat is None or len(self.game.seats) < 2:
            return None
        return self.game.seats[1 - seat].user_id

    @property
    def closed(self) -> bool:
        """Ended before it was dealt: an invite cancelled by its creator, or expired."""
        return self.state is None and self.game.status == "finished" and self.unplayable is None

    @property
    def over(self) -> bool:
        if self.state is None:  # closed, or a finished game that could not be rebuilt
            return self.game.status == "finished"
        return self.state.over

    def timers_json(self) -> dict[str, object]:
        return {"clocks": [c.to_json() for c in self.clocks]}


def closed_text(reason: str | None) -> str:
    """What a player is told about a game that ended before it started (``Match.closed``)."""
    if reason == "expired":
        return "this game never started: its invitation expired before anyone took the seat"
    return "this game never started: the player who made it cancelled it"


UNPLAYABLE_TEXT = (
    "this game cannot be continued: the server could not rebuild it from its stored record"
    " (it was stored by another version of the server); it is kept as it was"
)
"""What a player of an ``unplayable`` game is told (the details go to the server log)."""


def rules_of(game: GameRecord) -> RulesConfig:
    return RulesConfig.model_validate(game.rules)


def decks_of(game: GameRecord) -> list[DeckList]:
    return [DeckList(cards=s.cards, energy=s.energy) for s in game.seats]


def start_state(game: GameRecord) -> GameState:
    """The engine state of a freshly filled game (before any action)."""
    return new_game(rules_of(game), decks_of(game), [s.user_id for s in game.seats], game.seed)


def replay_entry(state: GameState, entry: LoggedAction) -> None:
    """Re-apply one action-log entry (the log is the source of truth)."""
    if entry.kind == "forfeit":
        forfeit(state, entry.player_id, GameEndReason(entry.payload.get("reason", "timeout")))
    else:
        apply_action(state, entry.player_id, ACTION_ADAPTER.validate_python(entry.payload))


def load(
    game: GameRecord,
    log: list[LoggedAction],
    since: float = 0.0,
    snapshot: Snapshot | None = None,
) -> Match:
    """Rebuild a match from its record and action log (entries after ``snapshot``, or all).

    ``log`` must hold every entry after ``snapshot.seq`` when a snapshot is given, else the
    whole log. ``since``: when the loading process started; a game created later has no
    stored responses this process has not seen, so idempotency checks skip storage.
    A game this version cannot rebuild comes back with ``unplayable`` set and no state.
    """
    match = Match(
        game, seq=game.last_seq, event_id=game.last_event_id, from_store=game.created_at < since
    )
    clocks = game.timers.get("clocks") if isinstance(game.timers, dict) else None
    if isinstance(clocks, list) and len(clocks) == 2:
        match.clocks = [Clock.from_json(c) for c in clocks]
    if len(game.seats) < 2 or (game.last_event_id == 0 and not log and snapshot is None):
        return match  # waiting, or filled but not dealt yet (``authority.start`` deals it)
    step = "the deal"
    try:
        if snapshot is not None and snapshot.seq <= game.last_seq:
            step = f"the snapshot after action {snapshot.seq}"
            state = state_from_json(snapshot.state)
            start = snapshot.seq
        else:
            state = start_state(game)
            start = 0
        for entry in log:
            if entry.seq > start:
                step = f"action {entry.seq} ({entry.kind} by {entry.player_id})"
                replay_entry(state, entry)
    except Exception as error:
        # Whatever the engine of this version cannot rebuild (an action it refuses, a card
        # or rule it does not know) must not stop the server or any other game. The game
        # is left exactly as stored, with no state: nothing acts on it and nothing is
        # written for it, and its players are told why (``UNPLAYABLE_TEXT``). A state
        # rebuilt only up to the failing entry is not the game's state, so none is kept.
        match.unplayable = f"{step} could not be replayed: {type(error).__name__}: {error}"
        return match
    match.state = state
    return match
