"""The rules of seats before a game is dealt: who may take, cancel or wait on a game, and
when an invitation has expired; and when a game's record may be published.

What lives here: pure functions of game records (and a given ``now``) that return a
``SeatRefusal`` (HTTP status, error code, text) or None; REST raises what they return, so
no error code of a game rule is chosen in the shell. What must not: storage calls (the
shell reads the records and answers races, e.g. a seat taken meanwhile, by asking again
here), HTTP types, or rules of a dealt game (``live``).
"""

from __future__ import annotations

from dataclasses import dataclass

from mantimon.storage import GameRecord

CLOSED = {
    "cancelled": ("game_cancelled", "the player who made this game cancelled it"),
    "expired": ("invite_expired", "this invitation expired: nobody took the seat in time"),
}


@dataclass(frozen=True, slots=True)
class SeatRefusal:
    status: int
    code: str
    text: str


def not_found(game_id: str) -> SeatRefusal:
    return SeatRefusal(404, "game_not_found", f"no game '{game_id}'")


def expired(game: GameRecord, now: float, expiry_seconds: float) -> bool:
    """An invitation still waiting after ``expiry_seconds`` is closed as expired."""
    return game.status == "waiting" and now - game.created_at >= expiry_seconds


def closed(game: GameRecord) -> SeatRefusal | None:
    """410 for a game that ended before it started (cancelled or expired)."""
    if game.status == "finished" and len(game.seats) < 2:
        code, text = CLOSED.get(game.end_reason or "", CLOSED["cancelled"])
        return SeatRefusal(410, code, text)
    return None


def _full() -> SeatRefusal:
    return SeatRefusal(409, "game_full", "both seats of this game are taken")


def join(game: GameRecord, user_id: str) -> SeatRefusal | None:
    """Why ``user_id`` may not take the free seat of ``game`` (as it stands now)."""
    refused = closed(game)
    if refused is not None:
        return refused
    if any(s.user_id == user_id for s in game.seats):
        return SeatRefusal(409, "already_in_game", "you already hold a seat in this game")
    if game.status != "waiting" or len(game.seats) >= 2:
        return _full()
    return None


def seat_lost(game: GameRecord | None) -> SeatRefusal:
    """The seat could not be taken after all (storage found the game no longer waiting):
    closed meanwhile, or taken by someone else first."""
    return (closed(game) if game is not None else None) or _full()


def cancel(game: GameRecord, user_id: str) -> SeatRefusal | None:
    """Why ``user_id`` may not cancel ``game`` (its creator may, while it waits)."""
    if not game.seats or game.seats[0].user_id != user_id:
        text = "only the player who made this game can cancel it"
        return SeatRefusal(403, "not_game_creator", text)
    refused = closed(game)
    if refused is not None:
        return refused
    if game.status == "finished":
        return SeatRefusal(409, "game_ended", "the game is over")
    if game.status != "waiting":
        return SeatRefusal(409, "game_started", "the game has started: resign it instead")
    return None


def room(live_games: int, most: int) -> SeatRefusal | None:
    """A user holds at most ``most`` seats in waiting or active games (a place in the
    quick-match queue counts as one)."""
    if live_games >= most:
        text = f"you already play {live_games} games (at most {most}); finish or resign one first"
        return SeatRefusal(409, "too_many_games", text)
    return None


def unknown_bot(name: str, known: list[str]) -> SeatRefusal:
    return SeatRefusal(422, "unknown_bot", f"unknown bot '{name}' (known: {', '.join(known)})")


def replay(game: GameRecord) -> SeatRefusal | None:
    """A game's full record (every action, what each seat was sent) is published once it
    has ended, never while its hidden information still matters."""
    if game.status != "finished":
        return SeatRefusal(409, "game_not_finished", "replays are published once a game has ended")
    return None
