"""The ladder's rows on SQL: ratings, rating history, and rating a ranked game.

What lives here: functions of a SQLAlchemy ``Connection`` that ``SqlStore`` runs in its
transactions (``rate`` inside the one that records a ranked game's end). What must not: the
rating rules (``storage.ladder`` applies them) or transactions of its own.
"""

from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, RowMapping

from mantimon.storage.ladder import apply_ranked, fresh
from mantimon.storage.ports import LadderEntry, RankedResult, RatingChange, RatingRecord
from mantimon.storage.sql.schema import rating_history, ratings, users


def _record(row: RowMapping) -> RatingRecord:
    return RatingRecord(
        row["user_id"], row["rating"], row["rd"], row["volatility"], row["games"], row["updated_at"]
    )


def read(conn: Connection, user_id: str) -> RatingRecord | None:
    row = conn.execute(sa.select(ratings).where(ratings.c.user_id == user_id)).mappings().first()
    return None if row is None else _record(row)


def rate(conn: Connection, result: RankedResult) -> None:
    """Apply ``result`` once: a game with a row in ``rating_history`` is skipped. Both
    players' rows are created if new, then locked in user id order (PostgreSQL; SQLite has
    one writer) so two games ending at once for one player apply one after the other."""
    h = rating_history.c
    done = conn.execute(
        sa.select(sa.literal(1)).where(
            h.game_id == result.game_id, h.user_id.in_(list(result.players))
        )
    ).first()
    if done is not None:
        return
    pg = conn.dialect.name == "postgresql"
    starting = [_row(fresh(u, result.at)) for u in sorted(set(result.players))]
    insert = (postgresql if pg else sqlite).insert(ratings)
    conn.execute(insert.on_conflict_do_nothing(index_elements=["user_id"]), starting)
    stmt = (
        sa.select(ratings)
        .where(ratings.c.user_id.in_(list(result.players)))
        .order_by(ratings.c.user_id)
    )
    if pg:
        stmt = stmt.with_for_update()
    found = {r["user_id"]: _record(r) for r in conn.execute(stmt).mappings()}
    one, two = result.players
    records, changes = apply_ranked(found[one], found[two], result)
    update = (
        sa.update(ratings)
        .where(ratings.c.user_id == sa.bindparam("key"))
        .values(
            rating=sa.bindparam("rating"),
            rd=sa.bindparam("rd"),
            volatility=sa.bindparam("volatility"),
            games=sa.bindparam("games"),
            updated_at=sa.bindparam("updated_at"),
        )
    )
    conn.execute(update, [{**_row(r), "key": r.user_id} for r in records])
    conn.execute(rating_history.insert(), [asdict(c) for c in changes])


def _row(r: RatingRecord) -> dict[str, object]:
    """A rating's row: the record's fields are the table's columns."""
    return asdict(r)


def ladder(conn: Connection, limit: int, offset: int) -> tuple[int, list[LadderEntry]]:
    total = conn.execute(sa.select(sa.func.count()).select_from(ratings)).scalar_one()
    r = ratings.c
    stmt = (
        sa.select(ratings, sa.func.coalesce(users.c.name, r.user_id).label("name"))
        .select_from(ratings.outerjoin(users, users.c.id == r.user_id))
        .order_by(r.rating.desc(), r.games.desc(), r.user_id)
        .limit(limit)
        .offset(offset)
    )
    rows = conn.execute(stmt).mappings().all()
    return int(total), [
        LadderEntry(offset + i + 1, str(row["name"]), _record(row)) for i, row in enumerate(rows)
    ]


def history(conn: Connection, user_id: str, limit: int) -> list[RatingChange]:
    h = rating_history.c
    rows = (
        conn.execute(
            sa.select(rating_history)
            .where(h.user_id == user_id)
            .order_by(h.at.desc(), h.game_id.desc())
            .limit(limit)
        )
        .mappings()
        .all()
    )
    return [
        RatingChange(
            r["user_id"],
            r["game_id"],
            r["opponent_id"],
            r["score"],
            r["before"],
            r["after"],
            r["rd_after"],
            r["at"],
        )
        for r in reversed(rows)
    ]
