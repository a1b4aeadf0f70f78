"""The ranked ladder, public: the leaderboard and each player's rating history.

``GET /api/ladder`` pages through the rated players, highest rating first;
``GET /api/users/{user_id}/ratings`` is one player's rating and the change each of their
ranked games made. Neither needs signing in (docs/LADDER.md). Ratings are written only by
the step that ends a ranked game (``storage.ladder``); nothing here changes them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mantimon.server.rest.common import ApiError, ServicesDep
from mantimon.storage import RatingChange, RatingRecord

router = APIRouter(tags=["ladder"])


def rating_json(r: RatingRecord) -> dict[str, Any]:
    return {
        "rating": round(r.rating, 1),
        "rd": round(r.rd, 1),
        "volatility": round(r.volatility, 6),
        "games": r.games,
        "updated_at": r.updated_at,
    }


def change_json(c: RatingChange) -> dict[str, Any]:
    return {
        "game_id": c.game_id,
        "opponent_id": c.opponent_id,
        "score": c.score,
        "before": round(c.before, 1),
        "after": round(c.after, 1),
        "rd_after": round(c.rd_after, 1),
        "at": c.at,
    }


@router.get("/api/ladder")
async def leaderboard(
    svc: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """The leaderboard: rank, name, Glicko-2 rating, RD and games, highest rating first."""
    total, entries = await svc.store.ladder(limit, offset)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "players": [
            {"rank": e.rank, "user_id": e.rating.user_id, "name": e.name, **rating_json(e.rating)}
            for e in entries
        ],
    }


@router.get("/api/users/{user_id}/ratings")
async def ratings(
    user_id: str, svc: ServicesDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> dict[str, Any]:
    """A player's ladder rating (null before their first ranked game) and their rating
    history, oldest first."""
    user = await svc.store.get_user(user_id) if len(user_id) <= 64 else None
    if user is None:
        raise ApiError(404, "user_not_found", f"no user '{user_id[:64]}'")
    record = await svc.store.rating(user_id)
    history = await svc.store.rating_history(user_id, limit)
    return {
        "user_id": user.id,
        "name": user.name,
        "rating": rating_json(record) if record is not None else None,
        "history": [change_json(c) for c in history],
    }
