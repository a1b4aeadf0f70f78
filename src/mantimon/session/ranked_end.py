"""A ranked game's result, as the step that ends the game stores it.

What lives here: ``ranked_result`` (a finished match -> the ``RankedResult`` its ending
commit carries, or None for an unranked game). The store rates both players in that same
transaction, once (docs/LADDER.md "Exactly once"). What must not: the rating arithmetic
(``storage.glicko2``, applied by the store) or I/O.
"""

from __future__ import annotations

from mantimon.session.match import Match
from mantimon.storage import RankedResult


def ranked_result(match: Match, now: float) -> RankedResult | None:
    """The result a finished ranked game (``settings["ranked"]``, set by the ranked quick
    match) rates, or None. The winner is the engine's: a resignation or a timeout is a
    loss for the player who resigned or ran out of time; no winner is a draw."""
    state = match.state
    seats = match.game.seats
    if not match.game.settings.get("ranked") or state is None or not state.over:
        return None
    if len(seats) != 2 or seats[0].user_id == seats[1].user_id:
        return None
    winner = state.players[state.winner].id if state.winner is not None else None
    return RankedResult(match.id, (seats[0].user_id, seats[1].user_id), winner, now)
