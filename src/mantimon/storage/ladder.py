"""What a ranked result does to the two players' stored ratings, the same for every adapter.

What lives here: ``fresh`` (the rating a player starts the ladder with), ``score_of`` and
``apply_ranked`` (the two players' stored ratings and a finished game's ``RankedResult`` ->
their ratings after it and the two history rows). Adapters call ``apply_ranked`` inside the
transaction that records the game's end, after checking the game was not rated before
(docs/LADDER.md "Exactly once"). What must not: reading or writing rows (each adapter does
its own) or the rating arithmetic (``glicko2``).
"""

from __future__ import annotations

from mantimon.storage import glicko2
from mantimon.storage.ports import RankedResult, RatingChange, RatingRecord


def fresh(user_id: str, now: float) -> RatingRecord:
    """A player's rating before their first ranked game (Glicko-2's 1500 / 350 / 0.06)."""
    return RatingRecord(
        user_id, glicko2.START_RATING, glicko2.START_RD, glicko2.START_VOLATILITY, 0, now
    )


def score_of(result: RankedResult, user_id: str) -> float:
    """1 for the winner, 0 for the loser (a resignation or a timeout loses), 0.5 each for a
    draw."""
    if result.winner_id is None:
        return 0.5
    return 1.0 if result.winner_id == user_id else 0.0


def apply_ranked(
    first: RatingRecord, second: RatingRecord, result: RankedResult
) -> tuple[tuple[RatingRecord, RatingRecord], tuple[RatingChange, RatingChange]]:
    """Both players' ratings after ``result`` (a Glicko-2 rating period of one game, each
    rated against the other's rating from before it) and their history rows, in the order
    given."""
    a = glicko2.Rating(first.rating, first.rd, first.volatility)
    b = glicko2.Rating(second.rating, second.rd, second.volatility)
    records: list[RatingRecord] = []
    changes: list[RatingChange] = []
    for me, own, other, theirs in ((first, a, second, b), (second, b, first, a)):
        score = score_of(result, me.user_id)
        after = glicko2.update(own, [glicko2.Result(theirs, score)])
        records.append(
            RatingRecord(
                me.user_id, after.rating, after.rd, after.volatility, me.games + 1, result.at
            )
        )
        changes.append(
            RatingChange(
                me.user_id,
                result.game_id,
                other.user_id,
                score,
                me.rating,
                after.rating,
                after.rd,
                result.at,
            )
        )
    return (records[0], records[1]), (changes[0], changes[1])
