"""Games, seats, decks and logged actions as rows, and rows back as the port's records.

What lives here: the conversions ``SqlStore`` uses on both sides of a query (a record to the
row ``insert`` takes, a selected row to its record). What must not: queries or
transactions (``store``), the commit path (``commit_rows``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Row

from mantimon.storage.ports import DeckRecord, GameRecord, LoggedAction, SeatRecord

if TYPE_CHECKING:  # SQLAlchemy 2.1 rows are variadic generics
    AnyRow = Row[*tuple[Any, ...]]


def seat_json(seat: SeatRecord) -> dict[str, Any]:
    return {
        "user_id": seat.user_id,
        "name": seat.name,
        "cards": list(seat.cards),
        "energy": list(seat.energy),
        "kind": seat.kind,
        "bot": seat.bot,
    }


def seat(data: dict[str, Any]) -> SeatRecord:
    return SeatRecord(
        user_id=data["user_id"],
        name=data["name"],
        cards=tuple(data["cards"]),
        energy=tuple(data["energy"]),
        kind=data.get("kind", "human"),
        bot=data.get("bot"),
    )


def seat_users(seats: Sequence[SeatRecord]) -> dict[str, str | None]:
    return {
        "seat0_user_id": seats[0].user_id if len(seats) > 0 else None,
        "seat1_user_id": seats[1].user_id if len(seats) > 1 else None,
    }


def game_row(game: GameRecord) -> dict[str, Any]:
    return {
        "id": game.id,
        "status": game.status,
        "preset": game.preset,
        "rules": game.rules,
        "seed": str(game.seed),
        "seats": [seat_json(s) for s in game.seats],
        **seat_users(game.seats),
        "settings": game.settings,
        "timers": game.timers,
        "winner_id": game.winner_id,
        "end_reason": game.end_reason,
        "last_seq": game.last_seq,
        "last_event_id": game.last_event_id,
        "started_at": game.started_at,
        "created_at": game.created_at,
        "updated_at": game.updated_at,
    }


def game(row: AnyRow) -> GameRecord:
    return GameRecord(
        id=row.id,
        status=row.status,
        preset=row.preset,
        rules=row.rules,
        seed=int(row.seed),
        seats=tuple(seat(s) for s in row.seats),
        created_at=row.created_at,
        updated_at=row.updated_at,
        settings=row.settings,
        winner_id=row.winner_id,
        end_reason=row.end_reason,
        last_seq=row.last_seq,
        last_event_id=row.last_event_id,
        timers=row.timers,
        started_at=row.started_at,
    )


def deck_row(deck: DeckRecord) -> dict[str, Any]:
    return {
        "id": deck.id,
        "owner_id": deck.owner_id,
        "name": deck.name,
        "preset": deck.preset,
        "cards": list(deck.cards),
        "energy": list(deck.energy),
        "created_at": deck.created_at,
        "updated_at": deck.updated_at,
    }


def deck(row: AnyRow) -> DeckRecord:
    return DeckRecord(
        id=row.id,
        owner_id=row.owner_id,
        name=row.name,
        preset=row.preset,
        cards=tuple(row.cards),
        energy=tuple(row.energy),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def action(row: AnyRow) -> LoggedAction:
    return LoggedAction(
        game_id=row.game_id,
        seq=row.seq,
        player_id=row.player_id,
        kind=row.kind,
        payload=row.payload,
        at=row.at,
        by=row.chosen_by,
        event_id=row.event_id,
    )
