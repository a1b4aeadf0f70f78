"""The rules of a rematch between two people: who may offer one, what an answer changes, and
what each player is told.

What lives here: ``Rematch`` (the offers and refusals after one finished game), pure
functions that change it or return a ``SeatRefusal`` (the shell raises what they return),
and ``status``: the state as one of the two players sees it. What must not: storage,
HTTP, the clock (``now`` is an argument), or dealing the new game (the shell deals it
through the usual game creation once ``ready`` says both accepted).

Why in memory and not in the game's record: an offer lives for the minutes two people
look at a result screen; a lost offer (a restart) costs one click to make again. A game
against a bot keeps its instant rematch (a new game at once), so it has no ``Rematch``.

A player who leaves the result screen says so (``leave``); one whose page stopped asking
for ``AWAY_SECONDS`` (a closed tab, a lost connection) is shown as away, which the other
player is told, but is not final: they may come back and accept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from mantimon.session.seats import SeatRefusal
from mantimon.storage import GameRecord

Answer = Literal["accept", "decline", "leave"]
AWAY_SECONDS = 12.0  # a page asks every ~2 s while it shows the result
KEEP_SECONDS = 3600.0  # an offer nobody settled is forgotten after this


@dataclass
class Rematch:
    game_id: str
    players: tuple[str, str]
    ended_at: float
    accepted: list[str] = field(default_factory=list)
    declined_by: str | None = None
    left_by: str | None = None
    seen: dict[str, float] = field(default_factory=dict)
    next_game: str | None = None


def allowed(game: GameRecord, user_id: str) -> SeatRefusal | None:
    """Why ``user_id`` may not offer or answer a rematch of ``game``: it must have ended
    after being played by two people, and ``user_id`` must have held one of its seats."""
    if len(game.seats) == 2 and all(s.user_id != user_id for s in game.seats):
        return SeatRefusal(403, "not_in_game", "only the two players of a game can rematch it")
    if game.status != "finished":
        return SeatRefusal(409, "game_not_finished", "a rematch is offered once the game is over")
    if len(game.seats) < 2:
        return SeatRefusal(409, "no_rematch", "this game was never played")
    if any(s.kind != "human" for s in game.seats) or game.settings.get("campaign"):
        return SeatRefusal(409, "no_rematch", "a game against a bot is replayed as a new game")
    return None


def opened(game: GameRecord) -> Rematch:
    """The rematch of a finished two-person game before anyone offered one."""
    first, second = game.seats
    return Rematch(game.id, (first.user_id, second.user_id), game.updated_at)


def answer(r: Rematch, user_id: str, said: Answer, now: float) -> SeatRefusal | None:
    """Apply ``user_id``'s answer. Saying the same again changes nothing (the page may
    send it twice); a declined or abandoned rematch stays so, and one that started cannot
    be declined any more."""
    r.seen[user_id] = now
    if said == "accept":
        if r.declined_by is not None or r.left_by is not None:
            return SeatRefusal(409, "rematch_declined", _ended_text(r, user_id))
        if user_id not in r.accepted:
            r.accepted.append(user_id)
        return None
    if r.next_game is not None:
        return SeatRefusal(409, "rematch_started", "the rematch has started")
    if r.declined_by is None and r.left_by is None:
        if said == "decline":
            r.declined_by = user_id
        else:
            r.left_by = user_id
    return None


def withdraw(r: Rematch, user_id: str) -> None:
    """Take back ``user_id``'s acceptance (the new game could not be dealt)."""
    if user_id in r.accepted:
        r.accepted.remove(user_id)


def ready(r: Rematch) -> bool:
    """Both players accepted and the new game is not dealt yet."""
    return r.next_game is None and set(r.accepted) == set(r.players)


def seen(r: Rematch, user_id: str, now: float) -> None:
    r.seen[user_id] = now


def away(r: Rematch, user_id: str, now: float) -> bool:
    """Whether ``user_id``'s page has stopped asking (never asked: since the game ended)."""
    return now - r.seen.get(user_id, r.ended_at) > AWAY_SECONDS


def stale(r: Rematch, now: float) -> bool:
    return now - max([r.ended_at, *r.seen.values()]) > KEEP_SECONDS


def _ended_text(r: Rematch, user_id: str) -> str:
    if r.declined_by is not None:
        who = "you" if r.declined_by == user_id else "your opponent"
        return f"{who} declined the rematch"
    who = "you" if r.left_by == user_id else "your opponent"
    return f"{who} left: no rematch"


def status(r: Rematch, user_id: str, now: float) -> dict[str, Any]:
    """The rematch as ``user_id`` sees it. ``status``: ``started`` (``next_game`` names
    the new game), ``declined``/``left`` (``by`` says who), ``offered`` (``user_id``
    accepted, the other not yet), ``invited`` (the other offered), or ``open``;
    ``opponent_away``: the other player's page has stopped asking."""
    other = r.players[1] if r.players[0] == user_id else r.players[0]
    by: str | None = None
    if r.next_game is not None:
        state = "started"
    elif r.declined_by is not None:
        state, by = "declined", r.declined_by
    elif r.left_by is not None:
        state, by = "left", r.left_by
    elif user_id in r.accepted:
        state = "offered"
    elif other in r.accepted:
        state = "invited"
    else:
        state = "open"
    return {
        "game_id": r.game_id,
        "status": state,
        "by": by,
        "accepted": list(r.accepted),
        "opponent_id": other,
        "opponent_away": away(r, other, now),
        "next_game": r.next_game,
    }
